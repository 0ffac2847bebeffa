// `cosell emulate partner-center`: the Partner Center emulator alone, for trying the product, other
// processes' tests, and benchmarks. Control endpoints live under /_emulator/.
import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import { loadSeedFile, startPartnerCenterEmulator } from '../partner-center/emulator/index.js';
import { runCommand } from './runtime.js';
import { untilSignal } from './signals.js';

export function parseCount(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError('expected a whole number ≥ 0');
  return n;
}

export function registerEmulate(program: Command, locale: () => string | undefined): void {
  const emulate = program.command('emulate').description('Run an emulator of a remote system on loopback.');
  emulate
    .command('partner-center')
    .description('Partner Center Referrals API, webhooks and sign-in endpoints.')
    .option('--port <port>', 'port to listen on (0: any free port)', parseCount, 0)
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .option('--seed <file>', 'JSON file with referrals to start with')
    .option('--generate <count>', 'number of realistic referrals to generate', parseCount, 0)
    .option('--random-seed <n>', 'seed for generated data and faults', parseCount, 1)
    .action((options: { port: number; host: string; seed?: string; generate: number; randomSeed: number }) =>
      runCommand(locale(), async ({ out }) => {
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
        await untilSignal();
        await emulator.close();
      }),
    );
}
