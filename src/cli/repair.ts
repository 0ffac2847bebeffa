// `cosell repair` (C1): proves the stored connections, registers the webhooks again (overwrite) with a
// validation event, and switches every flow on in dependency order. Idempotent: run it as often as needed.
import { repair } from '../doctor/index.js';
import { runCommand, withStore, type Cli } from './runtime.js';

export function registerRepair({ program, locale, tr }: Cli): void {
  program
    .command('repair')
    .description(tr('cli.cmd.repair'))
    .option('--url <url>', tr('cli.opt.receiverUrl'))
    .option('--json', tr('cli.opt.doctorJson'))
    .action((flags: { url?: string; json?: boolean }) =>
      runCommand(locale(), async (runtime) => {
        const { config, logger, out } = runtime;
        await withStore(runtime, async (db) => {
          const results = await repair({ config, db, logger, receiverUrl: flags.url });
          if (flags.json === true) out.json(results);
          else
            for (const r of results)
              out.line(`${r.ok ? '✓' : '✗'} ${out.text(r.message.key, r.message.params)}`);
          if (results.some((r) => !r.ok)) process.exitCode = 2;
        });
      }),
    );
}
