// `cosell demo` (what `npm start` runs): see src/demo/run-demo.ts.
import { defaultDemoOptions, runDemo } from '../demo/run-demo.js';
import { countParser } from './args.js';
import { runCommand, type Cli } from './runtime.js';
import { untilSignal } from './signals.js';

export function registerDemo({ program, locale, tr }: Cli): void {
  const count = countParser(tr);
  program
    .command('demo')
    .description(tr('cli.cmd.demo'))
    .option('--referrals <count>', tr('cli.opt.referrals'), count, defaultDemoOptions.referrals)
    .option('--port <port>', tr('cli.opt.receiverPort'), count)
    .option('--interval <ms>', tr('cli.opt.interval'), count, defaultDemoOptions.intervalMs)
    .option('--tick <ms>', tr('cli.opt.tick'), count, defaultDemoOptions.tickMs)
    .option('--exit-after <events>', tr('cli.opt.exitAfter'), count)
    .action(
      (options: { referrals: number; port?: number; interval: number; tick: number; exitAfter?: number }) =>
        runCommand(locale(), async ({ config, logger, out }) => {
          // Listen for Ctrl+C before starting anything: a signal during start-up then stops the demo
          // cleanly once it is up, instead of killing the process with the store open.
          const stopAfter = new AbortController();
          const stopped = untilSignal(stopAfter.signal);
          const demo = await runDemo(config, logger, out, {
            ...defaultDemoOptions,
            referrals: options.referrals,
            port: options.port ?? config.receiver.port,
            portFallback: options.port === undefined,
            intervalMs: options.interval,
            tickMs: options.tick,
          });
          if (options.exitAfter !== undefined) {
            const target = options.exitAfter;
            const check = setInterval(() => {
              if (demo.stats.fetched >= target) stopAfter.abort();
            }, 200);
            stopAfter.signal.addEventListener('abort', () => clearInterval(check), { once: true });
          }
          await stopped;
          out.say('cli.demo.stopping');
          await demo.stop();
          out.say('cli.demo.stopped');
        }),
    );
}
