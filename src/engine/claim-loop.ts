// The claim loop: claims due jobs (one statement per batch, at most one per lane) while slots are free, and
// hands each to the worker to run.
//
// When it looks for work: at start, when woken (an enqueue in this process, a NOTIFY from another), when a job
// the worker ran settles (the lane's next job may be due now), at a due time the worker was told of (a retry,
// a deferral, a coalescing window), and on a fallback poll. A failing store never ends the loop: it reports
// the error and tries again with backoff.
import { performance } from 'node:perf_hooks';
import type { Logger } from '../logger.js';
import type { Db } from '../store/db.js';
import { claim, defer, failExpired, type Job } from '../store/jobs.js';
import { backoffDelayMs, type BackoffPolicy } from './backoff.js';
import type { Clock } from './clock.js';
import { stoppedReason } from './stop.js';

export interface ClaimLoopOptions {
  readonly db: Db;
  readonly workerId: string;
  readonly concurrency: number;
  readonly batchSize: number;
  readonly leaseMs: number;
  readonly pollIntervalMs: number;
  readonly loopBackoff: BackoffPolicy;
  readonly random: () => number;
  readonly clock: Clock;
  readonly logger: Logger;
  /** Jobs the worker runs now. */
  readonly inFlight: () => number;
  readonly launch: (job: Job) => void;
  /** Nothing was due and nothing runs. */
  readonly idle: () => void;
  readonly report: (err: unknown) => void;
}

export class ClaimLoop {
  readonly #options: ClaimLoopOptions;
  #active = false;
  #pumping = false;
  #pending = false;
  #pumpDone: Promise<void> = Promise.resolve();
  #sweepDue = false;
  #failures = 0;
  #blockedUntil = 0;
  #retryTimer: NodeJS.Timeout | undefined;
  #pollTimer: NodeJS.Timeout | undefined;

  constructor(options: ClaimLoopOptions) {
    this.#options = options;
  }

  start(): void {
    this.#active = true;
    this.#blockedUntil = 0;
    this.#failures = 0;
    this.#pollTimer = setInterval(() => {
      this.#sweepDue = true;
      this.kick();
    }, this.#options.pollIntervalMs);
    this.#sweepDue = true;
    this.kick();
  }

  /** No new claims. Resolves when a claim in flight is over; what it took has been put back. */
  stop(): Promise<void> {
    this.#active = false;
    clearInterval(this.#pollTimer);
    clearTimeout(this.#retryTimer);
    return this.#pumpDone;
  }

  /** Looks for due work now, unless the loop is already looking (it then looks again) or backing off. */
  kick(): void {
    if (!this.#active || performance.now() < this.#blockedUntil) return;
    if (this.#pumping) {
      this.#pending = true;
      return;
    }
    this.#pumping = true;
    // An event listener that throws must not become an unhandled rejection.
    this.#pumpDone = this.#pump().catch((err: unknown) => this.#options.report(err));
  }

  async #pump(): Promise<void> {
    const { concurrency, batchSize, inFlight } = this.#options;
    try {
      do {
        this.#pending = false;
        if (!this.#active) return;
        const free = concurrency - inFlight();
        // A settling job kicks again when a slot frees.
        if (free <= 0) return;
        const limit = Math.min(free, batchSize);
        let jobs: Job[];
        try {
          jobs = await this.#claim(limit);
        } catch (err) {
          this.#failed(err);
          return;
        }
        this.#failures = 0;
        if (!this.#active) {
          await this.#putBack(jobs);
          return;
        }
        for (const job of jobs) this.#options.launch(job);
        if (jobs.length === limit) this.#pending = true;
        else if (jobs.length === 0 && inFlight() === 0 && !this.#pending) this.#options.idle();
      } while (this.#pending);
    } finally {
      this.#pumping = false;
    }
  }

  async #claim(limit: number): Promise<Job[]> {
    const { db, workerId, leaseMs, clock, logger } = this.#options;
    const now = clock.now();
    // On the poll's beat only: a sweep per claim would cost a statement on the hot path.
    if (this.#sweepDue) {
      this.#sweepDue = false;
      const expired = await failExpired(db, now);
      if (expired.length > 0)
        logger.warn({ jobIds: expired }, 'jobs failed: lease expired on the last attempt');
    }
    return claim(db, { workerId, limit, leaseMs, now });
  }

  #failed(err: unknown): void {
    this.#failures++;
    const delay = Math.max(
      1,
      backoffDelayMs(this.#options.loopBackoff, this.#failures, this.#options.random),
    );
    this.#blockedUntil = performance.now() + delay;
    clearTimeout(this.#retryTimer);
    this.#retryTimer = setTimeout(() => {
      this.#blockedUntil = 0;
      this.kick();
    }, delay);
    this.#options.report(err);
  }

  /** Jobs claimed while stop() began go straight back, without spending an attempt. */
  async #putBack(jobs: readonly Job[]): Promise<void> {
    const { db, workerId, clock } = this.#options;
    const now = clock.now();
    const reason = stoppedReason('the worker stopped before the job started');
    try {
      await Promise.all(jobs.map((j) => defer(db, { id: j.id, workerId, until: now, reason, now })));
    } catch (err) {
      this.#options.report(err);
    }
  }
}
