// `cosell backfill`: applies a stored plan, phase by phase (links, creates in the CRM, shares to Partner
// Center, what is left alone), then runs the follow-up syncs. One process applies a plan at a time (a
// claim on the plan, renewed while it runs and taken over at once from a process of this host that has
// ended). Cut short anyhow (Ctrl-C, SIGKILL, a daily budget), it resumes at the first item not done.
import os from 'node:os';
import { CosellError } from '../errors.js';
import { isAlive } from '../store/lock-file.js';
import { FlowName } from '../flows/registry.js';
import type { ConnectorDeps } from '../service/connector.js';
import {
  claimPlanRunner,
  countPlanItems,
  countUnfinished,
  getPlan,
  releasePlanRunner,
  renewPlanRunner,
} from '../store/plans.js';
import type { CorrelatedJobs } from '../store/jobs.js';
import { PlanAction, PlanStatus, type PlanItemStatus as ItemStatus } from '../store/schema.js';
import { applyCreatePage } from './apply-creates.js';
import { applyLinkPage } from './apply-links.js';
import { applyNotePage } from './apply-notes.js';
import { applySharePage } from './apply-shares.js';
import type { ApplyContext } from './context.js';
import { walkPages, type Halt } from './pages.js';
import { runFollowUps } from './run-follow-ups.js';

export interface BackfillOptions {
  readonly signal?: AbortSignal | undefined;
  /** Items per page (one run, one transaction); default 250. */
  readonly pageSize?: number | undefined;
  /** Partner Center write-backs in flight at once; default 16. */
  readonly writeBackConcurrency?: number | undefined;
  /** Items finished so far and the total when the walk started. */
  readonly onProgress?: ((done: number, total: number) => void) | undefined;
  readonly onFollowUps?: ((jobs: CorrelatedJobs) => void) | undefined;
}

export interface BackfillReport {
  readonly planId: string;
  /** finished: nothing left; halted: a limit or Ctrl-C stopped it (resumable). */
  readonly outcome: 'finished' | 'halted';
  readonly halt?: Halt | undefined;
  /** Items per action and status after this run. */
  readonly items: readonly { action: PlanAction; status: ItemStatus; n: number }[];
  readonly followUps: CorrelatedJobs | undefined;
  /** Items this process finished, and how long it took. */
  readonly applied: number;
  readonly elapsedMs: number;
}

const leaseMs = 60_000;

export function runnerName(): string {
  return `${os.hostname()}:${process.pid}`;
}

/** A holder on this host whose process has ended can be taken over at once (no lease to wait out). */
function endedOnThisHost(holder: string): boolean {
  const at = holder.lastIndexOf(':');
  if (holder.slice(0, at) !== os.hostname()) return false;
  const pid = Number(holder.slice(at + 1));
  return Number.isInteger(pid) && pid > 0 && !isAlive(pid);
}

export async function applyPlan(
  deps: ConnectorDeps,
  planId: string,
  options: BackfillOptions = {},
): Promise<BackfillReport> {
  const { db } = deps;
  const now = deps.now ?? (() => new Date());
  const started = Date.now();
  const plan = await getPlan(db, planId);
  if (plan === undefined) throw new CosellError('PLAN_NOT_FOUND', { plan: planId });
  if (plan.crmSystem !== deps.crm.capabilities.system) {
    throw new CosellError('PLAN_INVALID', { plan: planId, reason: `it was made for ${plan.crmSystem}` });
  }
  if (plan.status === PlanStatus.superseded) {
    throw new CosellError('PLAN_INVALID', { plan: planId, reason: 'a newer plan replaced it' });
  }
  const runner = runnerName();
  const claim = await claimPlanRunner(db, planId, runner, now(), leaseMs, endedOnThisHost);
  if (!claim.ok) {
    throw new CosellError('BACKFILL_RUNNING', {
      plan: planId,
      runner: claim.runner,
      until: claim.until.toISOString(),
    });
  }
  const heartbeat = setInterval(() => {
    void renewPlanRunner(db, planId, runner, new Date(now().getTime() + leaseMs)).catch((error: unknown) =>
      deps.logger.warn({ err: error }, 'backfill claim not renewed'),
    );
  }, leaseMs / 3);
  heartbeat.unref();

  let finished = false;
  try {
    const total = await countUnfinished(db, planId);
    let done = 0;
    options.onProgress?.(0, total);
    const ctx: ApplyContext = {
      db,
      partnerCenter: deps.partnerCenter,
      crm: deps.crm,
      planId,
      now,
      signal: options.signal,
      writeBackConcurrency: options.writeBackConcurrency ?? 16,
    };
    const walk = (actions: readonly PlanAction[], flow: string) => ({
      db,
      planId,
      actions,
      pageSize: options.pageSize ?? 250,
      flow,
      now,
      signal: options.signal,
      onPage: (n: number) => {
        done += n;
        options.onProgress?.(done, total);
      },
    });
    const phases = [
      () =>
        walkPages(walk([PlanAction.link, PlanAction.propose], FlowName.partnerCenterToCrm), (page, run) =>
          applyLinkPage(ctx, page, run),
        ),
      () =>
        walkPages(walk([PlanAction.createInCrm], FlowName.partnerCenterToCrm), (page, run) =>
          applyCreatePage(ctx, page, run),
        ),
      () =>
        walkPages(walk([PlanAction.createInPartnerCenter], FlowName.crmToPartnerCenter), (page) =>
          applySharePage(ctx, page),
        ),
      () =>
        walkPages(walk([PlanAction.skip, PlanAction.flag], FlowName.partnerCenterToCrm), (page, run) =>
          applyNotePage(ctx, page, run),
        ),
    ];
    let halt: Halt | undefined;
    for (const phase of phases) {
      halt = await phase();
      if (halt !== undefined) break;
    }
    const followUps =
      halt === undefined
        ? await runFollowUps(deps, planId, { signal: options.signal, onPoll: options.onFollowUps })
        : undefined;
    if (halt === undefined && options.signal?.aborted === true) halt = { kind: 'interrupted' };
    finished = halt === undefined && (await countUnfinished(db, planId)) === 0;
    return {
      planId,
      outcome: finished ? 'finished' : 'halted',
      ...(halt !== undefined ? { halt } : {}),
      items: (await countPlanItems(db, planId)).map(({ action, status, n }) => ({ action, status, n })),
      followUps,
      applied: done,
      elapsedMs: Date.now() - started,
    };
  } finally {
    clearInterval(heartbeat);
    await releasePlanRunner(db, planId, runner, now(), finished);
  }
}
