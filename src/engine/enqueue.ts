// Queueing jobs from the engine's side: the store insert, then a wake, so no worker waits for its poll.
import type { Queryable } from '../store/db.js';
import { enqueue, type Job, type JobInput } from '../store/jobs.js';
import { announceJobs, type WakeBus } from './wake.js';

export interface EnqueueOptions {
  readonly now: Date;
  /** This process's bus; other processes hear a NOTIFY (PostgreSQL). */
  readonly wake?: WakeBus | undefined;
}

/** Queues jobs in one statement and wakes workers for the earliest of them. */
export async function enqueueJobs(
  db: Queryable,
  inputs: readonly JobInput[],
  options: EnqueueOptions,
): Promise<{ jobs: Job[]; duplicates: number }> {
  const result = await enqueue(db, inputs, options.now);
  const first = earliest(result.jobs);
  if (first !== undefined) await announceJobs(db, dueHint(first, options.now), options.wake);
  return result;
}

/** undefined means "due now", the common case, which needs no timer. */
export function dueHint(runAt: Date, now: Date): Date | undefined {
  return runAt.getTime() > now.getTime() ? runAt : undefined;
}

function earliest(jobs: readonly Job[]): Date | undefined {
  let min: Date | undefined;
  for (const j of jobs) if (min === undefined || j.runAt < min) min = j.runAt;
  return min;
}
