// `cosell emulate partner-center`: the Partner Center emulator alone, for trying the product, other
// processes' tests, and benchmarks. Control endpoints live under /_emulator/.
import { InvalidArgumentError } from 'commander';
import { loadSeedFile, startPartnerCenterEmulator } from '../partner-center/emulator/index.js';
import { runCommand, type Cli } from './runtime.js';
import { untilSignal } from './signals.js';

/** Parses a whole number option; the refusal text is the catalogue's, in the help language. */
export function countParser(tr: Cli['tr']): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError(tr('cli.arg.wholeNumber'));
    return n;
  };
}

export function registerEmulate({ program, locale, tr }: Cli): void {
  const count = countParser(tr);
  const emulate = program.command('emulate').description(tr('cli.cmd.emulate'));
  emulate
    .command('partner-center')
    .description(tr('cli.cmd.emulatePartnerCenter'))
    .option('--port <port>', tr('cli.opt.port'), count, 0)
    .option('--host <host>', tr('cli.opt.host'), '127.0.0.1')
    .option('--seed <file>', tr('cli.opt.seed'))
    .option('--generate <count>', tr('cli.opt.generate'), count, 0)
    .option('--random-seed <n>', tr('cli.opt.randomSeed'), count, 1)
    .action((options: { port: number; host: string; seed?: string; generate: number; randomSeed: number }) =>
      runCommand(locale(), async ({ out }) => {
        const stopped = untilSignal();
        const emulator = await startPartnerCenterEmulator({
          port: options.port,
          host: options.host,
          generate: options.generate,
          randomSeed: options.randomSeed,
          ...(options.seed ? { seed: await loadSeedFile(options.seed) } : {}),
        });
        out.say('cli.emulator.listening', { url: emulator.url, count: emulator.listReferrals().length });
        out.say('cli.emulator.certificate', { url: emulator.certificateUrl });
        out.say('cli.emulator.stop');
        await stopped;
        await emulator.close();
      }),
    );
}
