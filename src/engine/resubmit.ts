// R1/R4: a failed run can be resubmitted, one or in bulk. The run keeps the job it executed (kind, lane,
// payload), so resubmitting queues that job again, with trigger 'resubmit' and the run's correlation id.
// It is a coalesced enqueue that keeps the waiting job's payload: when the record already has a job
// waiting, that job will read the record anyway and nothing more is queued.
import { CosellError } from '../errors.js';
import type { Queryable } from '../store/db.js';
import { insertCoalesced, type Job } from '../store/jobs.js';
import { failedRunJobs, getRun, type FailedRunFilter } from '../store/runs.js';
import { RunStatus, RunTrigger } from '../store/schema.js';
import { dueHint } from './enqueue.js';
import { announceJobs, type WakeBus } from './wake.js';

export interface ResubmitOptions {
  readonly now: Date;
  readonly wake?: WakeBus | undefined;
}

export interface Resubmitted {
  /** The failed run whose job was queued again. */
  readonly runId: number;
  readonly job: Job;
  /** A job for the record was already waiting and stands for this one. */
  readonly coalesced: boolean;
}

/**
 * Queues the failed run's job again. RUN_NOT_FOUND for an unknown run, RUN_NOT_FAILED for one that did not
 * fail, RUN_NOT_RESUBMITTABLE for one that no job started.
 */
export async function resubmitRun(
  db: Queryable,
  runId: number,
  options: ResubmitOptions,
): Promise<Resubmitted> {
  const run = await getRun(db, runId);
  if (run === undefined) throw new CosellError('RUN_NOT_FOUND', { id: runId });
  if (run.status !== RunStatus.failed) {
    throw new CosellError('RUN_NOT_FAILED', { id: runId, status: run.status });
  }
  if (run.jobKind === null || run.jobLaneKey === null) {
    throw new CosellError('RUN_NOT_RESUBMITTABLE', { id: runId });
  }
  const [result] = await requeue(
    db,
    [
      {
        id: run.id,
        jobKind: run.jobKind,
        jobLaneKey: run.jobLaneKey,
        jobPayload: run.jobPayload,
        correlationId: run.correlationId,
      },
    ],
    options,
  );
  if (result === undefined) throw new Error('resubmit queued nothing');
  return result;
}

/** Queues again the jobs of the failed runs matching `filter`, once per record (the newest failed run). */
export async function resubmitRuns(
  db: Queryable,
  filter: FailedRunFilter,
  options: ResubmitOptions,
): Promise<Resubmitted[]> {
  return requeue(db, await failedRunJobs(db, filter), options);
}

interface RunJobRow {
  readonly id: number;
  readonly jobKind: string;
  readonly jobLaneKey: string;
  readonly jobPayload: unknown;
  readonly correlationId: string | null;
}

async function requeue(
  db: Queryable,
  rows: readonly RunJobRow[],
  options: ResubmitOptions,
): Promise<Resubmitted[]> {
  if (rows.length === 0) return [];
  const queued = await insertCoalesced(
    db,
    rows.map((r) => ({
      kind: r.jobKind,
      laneKey: r.jobLaneKey,
      payload: r.jobPayload,
      runAt: options.now,
      trigger: RunTrigger.resubmit,
      correlationId: r.correlationId ?? undefined,
    })),
    options.now,
    'keep',
  );
  if (queued.some((q) => q.inserted)) await announceJobs(db, dueHint(options.now, options.now), options.wake);
  // One row per (kind, lane) went in, so each job that came back names its run.
  const runOf = new Map(rows.map((r) => [laneOf(r.jobKind, r.jobLaneKey), r.id]));
  return queued.map((q) => {
    const runId = runOf.get(laneOf(q.job.kind, q.job.laneKey));
    if (runId === undefined) throw new Error('resubmit returned a job no run asked for');
    return { runId, job: q.job, coalesced: !q.inserted };
  });
}

function laneOf(kind: string, laneKey: string): string {
  return JSON.stringify([kind, laneKey]);
}
