// Design rule 6: several changes to one record inside a short window become one job. The job reads the
// record's latest state when it runs, so the changes themselves need not travel with it.
import type { Queryable } from '../store/db.js';
import { insertCoalesced, type Job } from '../store/jobs.js';
import type { RunTrigger } from '../store/schema.js';
import { dueHint } from './enqueue.js';
import { announceJobs, type WakeBus } from './wake.js';

export interface CoalesceInput {
  readonly kind: string;
  /** The record: one waiting job per (kind, lane). */
  readonly laneKey: string;
  /**
   * Merged key by key into the waiting job's payload, later values winning (`onWaiting: 'merge'`, the
   * default; `changedAt`, an ISO instant from `Date#toISOString`, keeps the later instant), or dropped
   * (`'keep'`). Keep it small: an id and perhaps a hint; the job reads the record.
   */
  readonly payload?: Readonly<Record<string, unknown>> | undefined;
  /** How long the first change waits for others; later changes do not extend it (bounded delay). */
  readonly windowMs: number;
  readonly now: Date;
  readonly onWaiting?: 'merge' | 'keep' | undefined;
  readonly trigger?: RunTrigger | undefined;
  readonly correlationId?: string | undefined;
  readonly maxAttempts?: number | undefined;
  readonly wake?: WakeBus | undefined;
}

/**
 * If a job of this kind for this lane is waiting and has not started, it absorbs the change; otherwise a job
 * is queued for now + windowMs. A job that is already running does not absorb it (it may have read the
 * record before the change), so the change gets a new job that the lane runs after it. Race-free between
 * concurrent callers on PostgreSQL (one INSERT ... ON CONFLICT against a partial unique index).
 */
export async function enqueueCoalesced(
  db: Queryable,
  input: CoalesceInput,
): Promise<{ job: Job; coalesced: boolean }> {
  const [row] = await enqueueCoalescedMany(db, [input], input);
  if (row === undefined) throw new Error('coalesced insert returned no row');
  return row;
}

/**
 * enqueueCoalesced for many records at once (an inbox page): one statement, one wake; results in input
 * order. Inputs must name distinct (kind, lane) pairs; `onWaiting` applies to all of them.
 */
export async function enqueueCoalescedMany(
  db: Queryable,
  inputs: readonly Omit<CoalesceInput, 'now' | 'wake' | 'onWaiting'>[],
  options: Pick<CoalesceInput, 'now' | 'wake' | 'onWaiting'>,
): Promise<{ job: Job; coalesced: boolean }[]> {
  const { now } = options;
  const rows = await insertCoalesced(
    db,
    inputs.map((input) => ({
      kind: input.kind,
      laneKey: input.laneKey,
      payload: input.payload,
      runAt: new Date(now.getTime() + Math.max(0, input.windowMs)),
      trigger: input.trigger,
      correlationId: input.correlationId,
      maxAttempts: input.maxAttempts,
    })),
    now,
    options.onWaiting,
  );
  // A new job needs a wake (with its due time, for a timer). An absorbed one already had one, unless it is
  // due now and a claimer skipped it while this statement held its row lock. One wake, for the earliest.
  const announce = rows.filter((row) => row.inserted || row.job.runAt <= now);
  if (announce.length > 0) {
    const first = announce.reduce((a, b) => (b.job.runAt < a.job.runAt ? b : a));
    await announceJobs(db, dueHint(first.job.runAt, now), options.wake);
  }
  // Matched by (kind, lane), unique among the inputs, rather than trusting RETURNING's order.
  const byKey = new Map(rows.map((row) => [`${row.job.kind}\n${row.job.laneKey}`, row]));
  return inputs.map((input) => {
    const row = byKey.get(`${input.kind}\n${input.laneKey}`);
    if (row === undefined) throw new Error(`coalesced insert returned no row for ${input.laneKey}`);
    return { job: row.job, coalesced: !row.inserted };
  });
}
