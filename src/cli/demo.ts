// `cosell demo` (what `npm start` runs): see src/demo/run-demo.ts. With --until-synced it runs no simulated
// users and exits once every sample record has reached a final state; --json then prints one summary.
import { InvalidArgumentError } from 'commander';
import { defaultDemoOptions, runDemo } from '../demo/run-demo.js';
import { createOutput } from './output.js';
import { countParser } from './args.js';
import { runCommand, type Cli } from './runtime.js';
import { untilSignal } from './signals.js';
import { CrmSystem } from '../store/schema.js';
import { syncSummary } from '../store/summary.js';
import { runDoctor } from '../doctor/index.js';
import { webhookPath } from '../http/webhook-receiver.js';
import { printReport } from './doctor.js';

interface DemoFlags {
  referrals: number;
  accounts: number;
  crm: CrmSystem;
  port?: number;
  interval: number;
  tick: number;
  exitAfter?: number;
  untilSynced?: boolean;
  json?: boolean;
  doctor?: boolean;
}

export function registerDemo({ program, locale, tr }: Cli): void {
  const count = countParser(tr);
  program
    .command('demo')
    .description(tr('cli.cmd.demo'))
    .option('--crm <crm>', tr('cli.opt.crm'), crmParser, 'salesforce')
    .option('--referrals <count>', tr('cli.opt.referrals'), count, defaultDemoOptions.referrals)
    .option('--accounts <count>', tr('cli.opt.accounts'), count, defaultDemoOptions.accounts)
    .option('--port <port>', tr('cli.opt.receiverPort'), count)
    .option('--interval <ms>', tr('cli.opt.interval'), count, defaultDemoOptions.intervalMs)
    .option('--tick <ms>', tr('cli.opt.tick'), count, defaultDemoOptions.tickMs)
    .option('--exit-after <runs>', tr('cli.opt.exitAfter'), count)
    .option('--until-synced', tr('cli.opt.untilSynced'))
    .option('--json', tr('cli.opt.demoJson'))
    .option('--doctor', tr('cli.opt.demoDoctor'))
    .action((options: DemoFlags) =>
      runCommand(locale(), async ({ config, logger, out }) => {
        // Listen for Ctrl+C before starting anything: a signal during start-up then stops the demo
        // cleanly once it is up, instead of killing the process with the store open.
        const stopAfter = new AbortController();
        const stopped = untilSignal(stopAfter.signal);
        // With --json, stdout carries the summary alone; progress goes nowhere.
        const progress = options.json ? createOutput(out.locale, () => undefined) : out;
        const demo = await runDemo(config, logger, progress, {
          ...defaultDemoOptions,
          crm: options.crm,
          referrals: options.referrals,
          accounts: options.accounts,
          port: options.port ?? config.receiver.port,
          portFallback: options.port === undefined,
          intervalMs: options.interval,
          tickMs: options.tick,
          activity: options.untilSynced !== true && options.doctor !== true,
        });
        if (options.untilSynced || options.doctor) {
          void demo.untilSynced().then(
            () => stopAfter.abort(),
            (error: unknown) => {
              process.exitCode = out.fail(error);
              stopAfter.abort();
            },
          );
        }
        if (options.exitAfter !== undefined) {
          const target = options.exitAfter;
          const check = setInterval(() => {
            void syncSummary(demo.db).then((s) => {
              if ((s.runsByStatus['succeeded'] ?? 0) >= target) stopAfter.abort();
            });
          }, 200);
          stopAfter.signal.addEventListener('abort', () => clearInterval(check), { once: true });
        }
        await stopped;
        const report =
          options.doctor === true
            ? await runDoctor({
                config: demo.config,
                db: demo.db,
                logger,
                receiverUrl: `${demo.receiverUrl}${webhookPath}`,
                partnerCenter: () => Promise.resolve(demo.partnerCenter),
                crm: () => Promise.resolve(demo.crmAdapter),
              })
            : undefined;
        const summary = options.json && report === undefined ? await demo.summary() : undefined;
        progress.say('cli.demo.stopping');
        await demo.stop();
        progress.say('cli.demo.stopped');
        if (summary !== undefined) process.stdout.write(`${JSON.stringify(summary)}\n`);
        if (report !== undefined) {
          printReport(out, report, options.json === true);
          process.exitCode ??= report.exitCode;
        }
      }),
    );
}

function crmParser(value: string): CrmSystem {
  if (value === CrmSystem.salesforce || value === CrmSystem.dynamics) return value;
  throw new InvalidArgumentError(`${CrmSystem.salesforce}, ${CrmSystem.dynamics}`);
}
