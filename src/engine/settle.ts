// Settling a job: writing its outcome. With a run, the run row, its steps, its audit entries and the job's new
// state go in one transaction, so a job is never done without its run and a run never shows work the job
// does not reflect. Only the worker holding the job may settle it; when it no longer does, the run is still
// written (its effects happened) and the caller hears the job was lost.
import type { Db, Queryable } from '../store/db.js';
import { complete, completeMany, defer, fail, type Job } from '../store/jobs.js';
import { RunStatus, type JobStatus } from '../store/schema.js';
import { backoffDelayMs, type BackoffPolicy } from './backoff.js';
import type { Clock } from './clock.js';
import { codedError, type Outcome } from './outcome.js';
import { writeRun, writeRuns, type RunOutcome, type RunRecorder } from './run-recorder.js';
import type { RunningJob } from './running-job.js';

export interface SettleOptions {
  readonly db: Db;
  readonly workerId: string;
  readonly clock: Clock;
  readonly backoff: BackoffPolicy;
  readonly random: () => number;
  readonly report: (err: unknown) => void;
}

export interface Settled {
  /** What was written: the handler's outcome, or a retry when its run could not be written. */
  readonly outcome: Outcome;
  /** The job's new state; undefined when this worker no longer held it. */
  readonly status: JobStatus | undefined;
  readonly runId: number | undefined;
}

export interface SettleItem {
  readonly entry: RunningJob;
  readonly outcome: Outcome;
  readonly recorder: RunRecorder | undefined;
}

/**
 * Group commit: jobs that finished while an earlier settle was being written are settled together, all
 * their runs, steps and audit entries and the completed jobs in a handful of statements and one transaction
 * (each job's run still commits with its job's new state). If that transaction fails, each job is settled
 * on its own, so one bad row costs no other job its run.
 */
export async function settleJobs(
  options: SettleOptions,
  items: readonly SettleItem[],
): Promise<(Settled | undefined)[]> {
  if (items.length <= 1) {
    return Promise.all(items.map((i) => settleJob(options, i.entry, i.outcome, i.recorder)));
  }
  const { db, workerId, clock } = options;
  const now = clock.now();
  for (const item of items) item.entry.settling = true;
  try {
    return await db.transaction(async (tx) => {
      const recorded = items.flatMap((item) =>
        item.recorder === undefined
          ? []
          : [{ item, record: item.recorder.finish(runOutcome(item.outcome), now) }],
      );
      const runIds = await writeRuns(
        tx,
        recorded.map((r) => r.record),
      );
      const runIdOf = new Map(recorded.map((r, n) => [r.item, runIds[n]]));
      const completing = items.filter((i) => i.outcome.kind === 'complete').map((i) => i.entry.job.id);
      const completed = await completeMany(tx, { ids: completing, workerId, now });
      const settled: Settled[] = [];
      for (const item of items) {
        const status =
          item.outcome.kind === 'complete'
            ? completed.has(item.entry.job.id)
              ? 'done'
              : undefined
            : await applyOutcome(tx, workerId, item.entry.job, item.outcome, now);
        settled.push({ outcome: item.outcome, status, runId: runIdOf.get(item) });
      }
      return settled;
    });
  } catch (err) {
    options.report(err);
    const one: (Settled | undefined)[] = [];
    for (const i of items) one.push(await settleJob(options, i.entry, i.outcome, i.recorder));
    return one;
  }
}

/** Undefined when nothing could be written (reported); the job stays leased until its lease expires. */
export async function settleJob(
  options: SettleOptions,
  entry: RunningJob,
  outcome: Outcome,
  recorder: RunRecorder | undefined,
): Promise<Settled | undefined> {
  entry.settling = true;
  const { db, workerId, clock } = options;
  const { job } = entry;
  const now = clock.now();
  try {
    if (recorder === undefined) {
      return { outcome, status: await applyOutcome(db, workerId, job, outcome, now), runId: undefined };
    }
    const record = recorder.finish(runOutcome(outcome), now);
    return await db.transaction(async (tx) => {
      const runId = await writeRun(tx, record);
      return { outcome, runId, status: await applyOutcome(tx, workerId, job, outcome, now) };
    });
  } catch (err) {
    options.report(err);
    if (recorder === undefined) return undefined;
    return retryUnrecorded(options, job, err, now);
  }
}

/**
 * The run could not be written (nothing of it was). The attempt counts as failed so the job runs again and its
 * rerun is recorded, rather than completing a job nobody can see the run of.
 */
async function retryUnrecorded(
  options: SettleOptions,
  job: Job,
  err: unknown,
  now: Date,
): Promise<Settled | undefined> {
  const cause = codedError(err);
  const outcome: Outcome = {
    kind: 'retry',
    retryAt: new Date(now.getTime() + backoffDelayMs(options.backoff, job.attempts, options.random)),
    error: {
      code: 'INTERNAL',
      message: `the run could not be recorded: ${cause.error.message}`,
      params: { reference: cause.reference ?? cause.error.code },
    },
  };
  try {
    return {
      outcome,
      status: await applyOutcome(options.db, options.workerId, job, outcome, now),
      runId: undefined,
    };
  } catch (again) {
    options.report(again);
    return undefined;
  }
}

/** Writes the job's new state; undefined when this worker no longer holds the job. */
export async function applyOutcome(
  q: Queryable,
  workerId: string,
  job: Job,
  outcome: Outcome,
  now: Date,
): Promise<JobStatus | undefined> {
  const owned = { id: job.id, workerId, now };
  switch (outcome.kind) {
    case 'complete':
      return (await complete(q, owned)) ? 'done' : undefined;
    case 'defer':
      return (await defer(q, { ...owned, until: outcome.until, reason: outcome.reason }))
        ? 'deferred'
        : undefined;
    case 'retry':
      return fail(q, { ...owned, error: outcome.error, retryAt: outcome.retryAt });
    case 'fail':
      return fail(q, { ...owned, error: outcome.error });
  }
}

function runOutcome(outcome: Outcome): RunOutcome {
  switch (outcome.kind) {
    case 'complete':
      return outcome.skipped !== undefined
        ? { status: RunStatus.skipped, reason: outcome.skipped }
        : { status: RunStatus.succeeded };
    case 'defer':
      return { status: RunStatus.deferred, reason: outcome.reason, until: outcome.until };
    case 'retry':
    case 'fail':
      return { status: RunStatus.failed, error: outcome.error };
  }
}
