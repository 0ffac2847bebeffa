// `cosell backfill`: applies a plan — a saved plan file (--plan), the unfinished one it resumes, or one it
// computes now and shows before asking — with a progress bar (plain lines when not on a terminal). Ctrl-C,
// a crash or a daily budget stop it; running it again resumes where it stopped.
// Exit codes: 0 finished; 1 finished with records that failed (their audit says why); 3 stopped before the
// end (a limit or Ctrl-C: run it again to resume).
import { askYes } from './ask.js';
import { applyPlan, type BackfillReport } from '../backfill/apply.js';
import { loadPlanFile } from '../backfill/plan-file.js';
import { CosellError } from '../errors.js';
import { openCrm } from '../crm/index.js';
import { openPartnerCenter } from '../partner-center/connection.js';
import { unfinishedPlan } from '../store/plans.js';
import { PlanItemStatus } from '../store/schema.js';
import { makePlan, printSummary } from './plan.js';
import type { Output } from './output.js';
import { createProgress } from './progress.js';
import { runCommand, withStore, type Cli } from './runtime.js';

interface BackfillFlags {
  plan?: string;
  acceptFuzzy?: boolean;
  yes?: boolean;
  fresh?: boolean;
  json?: boolean;
  lang?: string;
}

export function registerBackfill({ program, locale, tr }: Cli): void {
  program
    .command('backfill')
    .description(tr('cli.cmd.backfill'))
    .option('--plan <file>', tr('cli.opt.backfillPlan'))
    .option('--accept-fuzzy', tr('cli.opt.acceptFuzzy'))
    .option('--yes', tr('cli.opt.yes'))
    .option('--fresh', tr('cli.opt.backfillFresh'))
    .option('--json', tr('cli.opt.backfillJson'))
    .option('--lang <locale>', tr('cli.opt.lang'))
    .action((flags: BackfillFlags) =>
      runCommand(flags.lang ?? locale(), async (runtime) => {
        const { config, logger, out } = runtime;
        await withStore(runtime, async (db) => {
          const deps = { config, db, logger };
          const partnerCenter = await openPartnerCenter(deps);
          const crm = await openCrm(config.crm, deps);
          const json = flags.json === true;

          let planId: string;
          const unfinished = await unfinishedPlan(db, crm.capabilities.system);
          if (flags.plan !== undefined) {
            planId = await loadPlanFile(db, flags.plan, new Date());
          } else if (unfinished !== undefined && flags.fresh !== true) {
            planId = unfinished.id;
            if (!json) out.say('backfill.resuming', { plan: planId });
          } else {
            const { summary } = await makePlan(runtime, db, flags.acceptFuzzy === true, !json);
            planId = summary.planId;
            if (!json) printSummary(out, summary);
            await confirm(out, flags.yes === true);
          }

          const abort = new AbortController();
          const onSignal = () => {
            if (!json) out.say('backfill.stopping');
            abort.abort();
          };
          process.once('SIGINT', onSignal);
          process.once('SIGTERM', onSignal);
          const progress = createProgress(out, json);
          try {
            const report = await applyPlan({ config, db, logger, partnerCenter, crm }, planId, {
              signal: abort.signal,
              onProgress: (done, total) => progress.update(done, total),
              onFollowUps: (jobs) => progress.followUps(jobs.done + jobs.failed, jobs.pending),
            });
            progress.end();
            if (json) out.json(report);
            else printReport(out, report);
            process.exitCode = exitCodeOf(report);
          } finally {
            process.off('SIGINT', onSignal);
            process.off('SIGTERM', onSignal);
          }
        });
      }),
    );
}

async function confirm(out: Output, yes: boolean): Promise<void> {
  if (yes) return;
  if (!process.stdin.isTTY || !process.stdout.isTTY) {
    throw new CosellError('BACKFILL_NOT_CONFIRMED', { reason: out.text('backfill.notInteractive') });
  }
  if (!(await askYes(out.text('backfill.ask')))) {
    throw new CosellError('BACKFILL_NOT_CONFIRMED', { reason: out.text('backfill.declined') });
  }
}

function exitCodeOf(report: BackfillReport): number {
  if (report.outcome === 'halted') return 3;
  return report.items.some((i) => i.status === PlanItemStatus.failed && i.n > 0) ||
    (report.followUps?.failed ?? 0) > 0
    ? 1
    : 0;
}

function printReport(out: Output, report: BackfillReport): void {
  const count = (status: string) =>
    report.items.filter((i) => i.status === status).reduce((sum, i) => sum + i.n, 0);
  const seconds = report.elapsedMs / 1000;
  out.say('backfill.done', {
    plan: report.planId,
    done: count(PlanItemStatus.done),
    failed: count(PlanItemStatus.failed),
    waiting: count(PlanItemStatus.pending) + count(PlanItemStatus.started) + count(PlanItemStatus.deferred),
    seconds: seconds.toFixed(1),
    rate: seconds > 0 ? Math.round(report.applied / seconds) : report.applied,
  });
  const f = report.followUps;
  if (f !== undefined) {
    out.say('backfill.followUps', { done: f.done, failed: f.failed, waiting: f.waiting + f.pending });
  }
  const halt = report.halt;
  if (halt?.kind === 'limit') {
    out.say('backfill.limit', { code: halt.code, until: halt.until?.toISOString() ?? '?' });
  } else if (halt?.kind === 'interrupted') {
    out.say('backfill.interrupted');
  }
  if (report.outcome === 'finished') out.say('backfill.audit', { plan: report.planId });
}
