// The worker: claims due jobs, runs each with its handler, and settles the job and writes its run in one
// transaction. It knows nothing of Partner Center or CRMs: flows plug in as handlers.
//
// When it looks for work and how it claims: see claim-loop.ts. Stopping: see stop.ts.
import { randomBytes } from 'node:crypto';
import { EventEmitter } from 'node:events';
import os from 'node:os';
import { createLogger, type Logger } from '../logger.js';
import type { Db } from '../store/db.js';
import type { Job } from '../store/jobs.js';
import { handlerFor, runAttempt, unknownKindOutcome, type AttemptOptions } from './attempt.js';
import { ClaimLoop } from './claim-loop.js';
import { defaultBackoff, defaultLoopBackoff, type BackoffPolicy } from './backoff.js';
import { systemClock, type Clock } from './clock.js';
import type { HandlerRegistry } from './handler.js';
import { DueTimers } from './due-timers.js';
import { Heartbeat } from './heartbeat.js';
import { codedError, type Outcome } from './outcome.js';
import type { RunRecorder } from './run-recorder.js';
import { runningJob, type RunningJob } from './running-job.js';
import { settleJob, type SettleOptions } from './settle.js';
import { finishInFlight } from './stop.js';
import { WakeBus } from './wake.js';
import { announceSettled, type WorkerEvents } from './worker-events.js';

export type { JobEvent, WorkerEvents } from './worker-events.js';

export interface WorkerOptions {
  readonly db: Db;
  readonly handlers: HandlerRegistry;
  /** Default hostname:pid:random; it is what a lease is held by. */
  readonly workerId?: string | undefined;
  /** Jobs running at once; default 4. */
  readonly concurrency?: number | undefined;
  /** Most jobs taken in one claim; default: concurrency. */
  readonly batchSize?: number | undefined;
  /** Default 60 s. */
  readonly leaseMs?: number | undefined;
  /** How often leases of running jobs are extended; default leaseMs / 3. false: never (tests of a dead worker). */
  readonly heartbeatMs?: number | false | undefined;
  /** The fallback poll; default 1 s. Wakes make it rare on the hot path. */
  readonly pollIntervalMs?: number | undefined;
  /** Retry delays for 'backoff' errors; attempts are capped by the job's maxAttempts. */
  readonly backoff?: BackoffPolicy | undefined;
  /** Delays between tries of the worker's own loop when the store fails. */
  readonly loopBackoff?: BackoffPolicy | undefined;
  /** A job of a kind with no handler here is put back for this long (a newer worker may know it); default 60 s. */
  readonly unknownKindDeferMs?: number | undefined;
  readonly clock?: Clock | undefined;
  readonly logger?: Logger | undefined;
  /** This process's wake bus; default a private one (then only timers, the poll and wake() wake it). */
  readonly wake?: WakeBus | undefined;
  /** For jitter; default Math.random. */
  readonly random?: (() => number) | undefined;
}

export interface StopOptions {
  /** How long jobs in flight may take before their signal is aborted; default 30 s. */
  readonly deadlineMs?: number | undefined;
  /** How long an aborted handler may take to give up before it is abandoned; default 1 s. */
  readonly abortGraceMs?: number | undefined;
}

export class Worker extends EventEmitter<WorkerEvents> {
  readonly workerId: string;
  readonly #db: Db;
  readonly #handlers: HandlerRegistry;
  readonly #concurrency: number;
  readonly #batchSize: number;
  readonly #leaseMs: number;
  readonly #heartbeatMs: number | false;
  readonly #pollIntervalMs: number;
  readonly #backoff: BackoffPolicy;
  readonly #loopBackoff: BackoffPolicy;
  readonly #unknownKindDeferMs: number;
  readonly #clock: Clock;
  readonly #logger: Logger;
  readonly #bus: WakeBus;
  readonly #random: () => number;

  #state: 'new' | 'running' | 'stopping' | 'stopped' = 'new';
  #stopping: Promise<void> | undefined;
  readonly #running = new Map<number, RunningJob>();
  readonly #loop: ClaimLoop;
  readonly #heartbeat: Heartbeat;
  readonly #settleOptions: SettleOptions;
  readonly #attemptOptions: AttemptOptions;
  readonly #due: DueTimers;
  #unsubscribe: (() => void) | undefined;

  constructor(options: WorkerOptions) {
    super();
    this.#db = options.db;
    this.#handlers = options.handlers;
    this.workerId = options.workerId ?? `${os.hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
    this.#concurrency = Math.max(1, options.concurrency ?? 4);
    this.#batchSize = Math.max(1, options.batchSize ?? this.#concurrency);
    this.#leaseMs = options.leaseMs ?? 60_000;
    this.#heartbeatMs =
      options.heartbeatMs === false
        ? false
        : (options.heartbeatMs ?? Math.max(1, Math.floor(this.#leaseMs / 3)));
    this.#pollIntervalMs = options.pollIntervalMs ?? 1_000;
    this.#backoff = options.backoff ?? defaultBackoff;
    this.#loopBackoff = options.loopBackoff ?? defaultLoopBackoff;
    this.#unknownKindDeferMs = options.unknownKindDeferMs ?? 60_000;
    this.#clock = options.clock ?? systemClock;
    this.#logger = (options.logger ?? createLogger({ level: 'silent' })).child({ workerId: this.workerId });
    this.#bus = options.wake ?? new WakeBus();
    this.#random = options.random ?? Math.random;
    this.#loop = new ClaimLoop({
      db: this.#db,
      workerId: this.workerId,
      concurrency: this.#concurrency,
      batchSize: this.#batchSize,
      leaseMs: this.#leaseMs,
      pollIntervalMs: this.#pollIntervalMs,
      loopBackoff: this.#loopBackoff,
      random: this.#random,
      clock: this.#clock,
      logger: this.#logger,
      inFlight: () => this.#running.size,
      launch: (job) => this.#launch(job),
      idle: () => this.emit('idle'),
      report: (err) => this.#report(err),
    });
    this.#due = new DueTimers(this.#clock, () => this.#loop.kick());
    this.#attemptOptions = {
      db: this.#db,
      clock: this.#clock,
      bus: this.#bus,
      logger: this.#logger,
      backoff: this.#backoff,
      random: this.#random,
    };
    this.#settleOptions = {
      db: this.#db,
      workerId: this.workerId,
      clock: this.#clock,
      backoff: this.#backoff,
      random: this.#random,
      report: (err) => this.#report(err),
    };
    this.#heartbeat = new Heartbeat({
      db: this.#db,
      workerId: this.workerId,
      leaseMs: this.#leaseMs,
      intervalMs: this.#heartbeatMs,
      clock: this.#clock,
      jobs: () => this.#running.values(),
      extended: (jobIds) => this.emit('heartbeat', jobIds),
      report: (err) => this.#report(err),
    });
  }

  /** Jobs running now. */
  get inFlight(): number {
    return this.#running.size;
  }

  start(): void {
    if (this.#state === 'running' || this.#state === 'stopping') return;
    this.#state = 'running';
    this.#stopping = undefined;
    this.#unsubscribe = this.#bus.onWake((runAt) => this.#onWake(runAt));
    this.#loop.start();
    this.#heartbeat.start();
  }

  /** Look for due work now (a test that moved its clock, a CLI command). */
  wake(): void {
    this.#loop.kick();
  }

  /** Starts the worker if needed and resolves at the next 'idle': nothing due, nothing running. */
  runUntilIdle(): Promise<void> {
    const idle = new Promise<void>((resolve) => this.once('idle', () => resolve()));
    if (this.#state === 'running') this.#loop.kick();
    else this.start();
    return idle;
  }

  /** Processes jobs until none is due, then returns to the state it was in (stopped, unless started). */
  async drain(): Promise<void> {
    const wasRunning = this.#state === 'running';
    await this.runUntilIdle();
    if (!wasRunning) await this.stop();
  }

  stop(options: StopOptions = {}): Promise<void> {
    if (this.#state === 'new' || this.#state === 'stopped') {
      this.#state = 'stopped';
      return Promise.resolve();
    }
    this.#stopping ??= this.#shutdown(options.deadlineMs ?? 30_000, options.abortGraceMs ?? 1_000);
    return this.#stopping;
  }

  async #shutdown(deadlineMs: number, abortGraceMs: number): Promise<void> {
    this.#state = 'stopping';
    this.#unsubscribe?.();
    const claiming = this.#loop.stop();
    this.#due.clear();
    // A claim in flight puts back what it took.
    await claiming;
    await finishInFlight(this.#running, deadlineMs, abortGraceMs, this.#logger);
    this.#heartbeat.stop();
    this.#running.clear();
    this.#state = 'stopped';
  }

  #onWake(runAt: Date | undefined): void {
    if (runAt === undefined) this.#loop.kick();
    else this.#armDue(runAt);
  }

  #launch(job: Job): void {
    const entry = runningJob(job);
    this.#running.set(job.id, entry);
    this.emit('job:claimed', job);
    entry.done = this.#execute(entry)
      .catch((err: unknown) => this.#report(err))
      .finally(() => {
        if (this.#running.get(job.id) === entry) this.#running.delete(job.id);
        this.#loop.kick();
      });
  }

  async #execute(entry: RunningJob): Promise<void> {
    const { job } = entry;
    const handler = handlerFor(this.#handlers, job.kind);
    if (handler === undefined) {
      await this.#settle(
        entry,
        unknownKindOutcome(job, this.#clock.now(), this.#unknownKindDeferMs),
        undefined,
      );
      return;
    }
    const { outcome, run } = await runAttempt(this.#attemptOptions, entry, handler);
    if (entry.abandoned) return;
    if (entry.leaseLost) {
      // Another worker may be running it now; its run is the one that counts.
      this.emit('job:lost', { job, runId: undefined });
      return;
    }
    await this.#settle(entry, outcome, run);
  }

  async #settle(entry: RunningJob, outcome: Outcome, recorder: RunRecorder | undefined): Promise<void> {
    const settled = await settleJob(this.#settleOptions, entry, outcome, recorder);
    if (settled === undefined) return;
    announceSettled(this, this.#logger, (at) => this.#armDue(at), entry.job, settled);
  }

  #armDue(at: Date): void {
    if (this.#state === 'running') this.#due.arm(at);
  }

  #report(err: unknown): void {
    const error = err instanceof Error ? err : new Error(String(err));
    // An 'error' event with no listener would throw out of the loop; the loop must not end.
    if (this.listenerCount('error') > 0) {
      this.emit('error', error);
      return;
    }
    const { error: coded, reference } = codedError(err);
    this.#logger.error({ code: coded.code, message: coded.message, reference }, 'worker loop error');
  }
}
