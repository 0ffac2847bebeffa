// Waking workers when jobs are queued, so the queue adds no fixed delay on the hot path; the worker's poll
// is only the fallback.
// - In one process: a WakeBus. Enqueue helpers call wake(); the process's workers claim at once.
// - Across processes (PostgreSQL): NOTIFY cosell_jobs on enqueue, LISTEN on a dedicated connection; each
//   notification is passed to the local bus. PGlite is one process, so the bus is all it needs.
// A wake carries the time the new work is due, so a worker can set a timer for a job queued to run later
// (a coalescing window, a deferral) instead of waiting for its next poll.
import { EventEmitter } from 'node:events';
import type { Db, Queryable } from '../store/db.js';
import { jobsChannel, notifyJobs } from '../store/jobs.js';

type WakeEvents = { wake: [runAt: Date | undefined] };

export class WakeBus {
  readonly #emitter = new EventEmitter<WakeEvents>();

  constructor() {
    // Every worker in the process subscribes; that is not a leak.
    this.#emitter.setMaxListeners(0);
  }

  /** Jobs are due at `runAt`, or now when it is omitted. */
  wake(runAt?: Date): void {
    this.#emitter.emit('wake', runAt);
  }

  /** Returns the unsubscribe function. */
  onWake(listener: (runAt: Date | undefined) => void): () => void {
    this.#emitter.on('wake', listener);
    return () => {
      this.#emitter.off('wake', listener);
    };
  }
}

/**
 * Feeds PostgreSQL notifications on the jobs channel into `bus`, so jobs queued by other processes wake this
 * process's workers. Resolves once listening; call the returned function to stop. A no-op on PGlite.
 */
export async function listenForJobs(
  db: Db,
  bus: WakeBus,
  onError?: (err: Error) => void,
): Promise<() => Promise<void>> {
  if (db.listen === undefined) return () => Promise.resolve();
  return db.listen(jobsChannel, (payload) => bus.wake(parseRunAt(payload)), onError);
}

/**
 * Says "jobs are due at runAt" to this process (the bus, at once) and to others (NOTIFY, delivered on commit
 * when `db` is a transaction). Inside a transaction the bus may wake local workers before the jobs are
 * visible; nothing is missed: on PostgreSQL the NOTIFY wakes them again on commit (this process hears its own
 * notifications too), and on PGlite their claim waits for the transaction to end (one connection).
 */
export async function announceJobs(db: Queryable, runAt: Date | undefined, bus?: WakeBus): Promise<void> {
  bus?.wake(runAt);
  await notifyJobs(db, runAt);
}

function parseRunAt(payload: string): Date | undefined {
  const ms = Number(payload);
  return payload === '' || !Number.isFinite(ms) ? undefined : new Date(ms);
}
