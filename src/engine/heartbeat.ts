// The lease heartbeat: while a job runs, its lease is extended so that no other worker takes it over. A job
// whose lease could not be extended has been taken (its lease expired, say while this process was paused):
// its signal is aborted, since another worker may be running it now.
import { extendLease } from '../store/jobs.js';
import type { Db } from '../store/db.js';
import type { Clock } from './clock.js';
import type { RunningJob } from './running-job.js';

export interface HeartbeatOptions {
  readonly db: Db;
  readonly workerId: string;
  readonly leaseMs: number;
  /** false: never (tests of a dead worker). */
  readonly intervalMs: number | false;
  readonly clock: Clock;
  /** The jobs this worker runs now. */
  readonly jobs: () => Iterable<RunningJob>;
  /** Leases extended: the ids still held. */
  readonly extended: (jobIds: readonly number[]) => void;
  readonly report: (err: unknown) => void;
}

export class Heartbeat {
  readonly #options: HeartbeatOptions;
  #active = false;
  #beating = false;
  #timer: NodeJS.Timeout | undefined;

  constructor(options: HeartbeatOptions) {
    this.#options = options;
  }

  start(): void {
    this.#active = true;
    if (this.#options.intervalMs === false) return;
    this.#timer = setInterval(() => void this.#beat(), this.#options.intervalMs);
    this.#timer.unref();
  }

  stop(): void {
    this.#active = false;
    clearInterval(this.#timer);
  }

  async #beat(): Promise<void> {
    if (this.#beating || !this.#active) return;
    const entries = [...this.#options.jobs()].filter((e) => !e.settling && !e.abandoned);
    if (entries.length === 0) return;
    const { db, workerId, leaseMs, clock } = this.#options;
    this.#beating = true;
    try {
      const kept = new Set(
        await extendLease(db, { ids: entries.map((e) => e.job.id), workerId, leaseMs, now: clock.now() }),
      );
      this.#options.extended([...kept]);
      for (const entry of entries) {
        if (kept.has(entry.job.id) || entry.settling) continue;
        entry.leaseLost = true;
        entry.controller.abort(new Error('the job’s lease was lost'));
      }
    } catch (err) {
      this.#options.report(err);
    } finally {
      this.#beating = false;
    }
  }
}
