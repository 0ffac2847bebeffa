// `cosell demo` (what `npm start` runs): see src/demo/run-demo.ts.
import type { Command } from 'commander';
import { defaultDemoOptions, runDemo } from '../demo/run-demo.js';
import { parseCount } from './emulate.js';
import { runCommand } from './runtime.js';
import { untilSignal } from './signals.js';

export function registerDemo(program: Command, locale: () => string | undefined): void {
  program
    .command('demo')
    .description('Emulator, store, receiver and sample referrals: the Partner Center side end to end.')
    .option('--referrals <count>', 'sample referrals to start with', parseCount, defaultDemoOptions.referrals)
    .option('--port <port>', 'receiver port (0: any free port; default COSELL_PORT)', parseCount)
    .option(
      '--interval <ms>',
      'time between simulated Partner Center edits',
      parseCount,
      defaultDemoOptions.intervalMs,
    )
    .option('--tick <ms>', 'time between status lines', parseCount, defaultDemoOptions.tickMs)
    .option(
      '--exit-after <events>',
      'stop after this many referrals were fetched (for scripted runs)',
      parseCount,
    )
    .action(
      (options: { referrals: number; port?: number; interval: number; tick: number; exitAfter?: number }) =>
        runCommand(locale(), async ({ config, logger, out }) => {
          const demo = await runDemo(config, logger, out, {
            ...defaultDemoOptions,
            referrals: options.referrals,
            port: options.port ?? config.receiver.port,
            intervalMs: options.interval,
            tickMs: options.tick,
          });
          const stopAfter = new AbortController();
          if (options.exitAfter !== undefined) {
            const target = options.exitAfter;
            const check = setInterval(() => {
              if (demo.stats.fetched >= target) stopAfter.abort();
            }, 200);
            stopAfter.signal.addEventListener('abort', () => clearInterval(check), { once: true });
          }
          await untilSignal(stopAfter.signal);
          out.say('cli.demo.stopping');
          await demo.stop();
          out.say('cli.demo.stopped');
        }),
    );
}
