// The follow-up syncs of a plan (queued by its pages under the plan's correlation id) run here, in this
// process, by a worker with every flow's handler, until none is due any more. Work that must wait (a retry's
// backoff, a budget window) stays queued for the running service, and the report says how much.
import { Worker } from '../engine/worker.js';
import { flowHandlers, type ConnectorDeps } from '../service/connector.js';
import { DbKind } from '../store/db.js';
import { correlatedJobs, expireLeases, type CorrelatedJobs } from '../store/jobs.js';

/** How long a retry may be away and still be waited for here rather than left to the service. */
const waitForRetriesMs = 30_000;
const pollMs = 250;

export async function runFollowUps(
  deps: ConnectorDeps,
  planId: string,
  options: {
    readonly signal?: AbortSignal | undefined;
    readonly onPoll?: ((jobs: CorrelatedJobs) => void) | undefined;
  } = {},
): Promise<CorrelatedJobs> {
  const now = deps.now ?? (() => new Date());
  const horizon = () => new Date(now().getTime() + waitForRetriesMs);
  let state = await correlatedJobs(deps.db, planId, horizon());
  if (state.pending === 0) return state;
  // The embedded store belongs to this process: a job leased by an ended one (a killed backfill) is free.
  if (deps.db.kind === DbKind.pglite) await expireLeases(deps.db, now());
  const worker = new Worker({
    db: deps.db,
    handlers: flowHandlers(deps),
    concurrency: deps.config.sync.workers,
    leaseMs: deps.config.sync.leaseMs,
    logger: deps.logger,
    ...(deps.wake !== undefined ? { wake: deps.wake } : {}),
  });
  worker.on('error', (error) => deps.logger.warn({ err: error }, 'worker loop error'));
  worker.start();
  try {
    while (state.pending > 0 && options.signal?.aborted !== true) {
      await new Promise((resolve) => setTimeout(resolve, pollMs));
      state = await correlatedJobs(deps.db, planId, horizon());
      options.onPoll?.(state);
    }
  } finally {
    await worker.stop({ deadlineMs: 10_000 });
  }
  return correlatedJobs(deps.db, planId, now());
}
