// The worker: claims due jobs, runs each with its handler, and settles the job and writes its run in one
// transaction. It knows nothing of Partner Center or CRMs: flows plug in as handlers.
//
// When it looks for work and how it claims: see claim-loop.ts. Stopping: see stop.ts.
import { EventEmitter } from 'node:events';
import type { Job } from '../store/jobs.js';
import { handlerFor, runAttempt, unknownKindOutcome } from './attempt.js';
import { ClaimLoop } from './claim-loop.js';
import { DueTimers } from './due-timers.js';
import { Heartbeat } from './heartbeat.js';
import { codedError, type Outcome } from './outcome.js';
import type { RunRecorder } from './run-recorder.js';
import { runningJob, type RunningJob } from './running-job.js';
import { Gatherer } from './gather.js';
import { settleJobs, type SettleItem, type Settled } from './settle.js';
import { finishInFlight } from './stop.js';
import { announceSettled, type WorkerEvents } from './worker-events.js';
import {
  workerSettings,
  type StopOptions,
  type WorkerOptions,
  type WorkerSettings,
} from './worker-options.js';

export type { JobEvent, WorkerEvents } from './worker-events.js';
export type { StopOptions, WorkerOptions } from './worker-options.js';

/** Most jobs settled in one transaction. */
const settleBatch = 64;

export class Worker extends EventEmitter<WorkerEvents> {
  readonly workerId: string;
  readonly #settings: WorkerSettings;
  readonly #running = new Map<number, RunningJob>();
  readonly #loop: ClaimLoop;
  readonly #heartbeat: Heartbeat;
  readonly #due: DueTimers;
  /** Jobs that finish while a settle is being written are settled together next (group commit). */
  readonly #settles: Gatherer<SettleItem, Settled | undefined>;
  #state: 'new' | 'running' | 'stopping' | 'stopped' = 'new';
  #stopping: Promise<void> | undefined;
  #unsubscribe: (() => void) | undefined;

  constructor(options: WorkerOptions) {
    super();
    const settings = workerSettings(options);
    const report = (err: unknown): void => this.#report(err);
    this.#settings = settings;
    this.workerId = settings.workerId;
    this.#loop = new ClaimLoop({
      ...settings,
      inFlight: () => this.#running.size,
      launch: (job) => this.#launch(job),
      idle: () => this.emit('idle'),
      report,
    });
    this.#heartbeat = new Heartbeat({
      ...settings,
      intervalMs: settings.heartbeatMs,
      jobs: () => this.#running.values(),
      extended: (jobIds) => this.emit('heartbeat', jobIds),
      report,
    });
    this.#due = new DueTimers(settings.clock, () => this.#loop.kick());
    const settleOptions = { ...settings, report };
    this.#settles = new Gatherer((items) => settleJobs(settleOptions, items), { maxBatch: settleBatch });
  }

  /** Jobs running now. */
  get inFlight(): number {
    return this.#running.size;
  }

  start(): void {
    if (this.#state === 'running' || this.#state === 'stopping') return;
    this.#state = 'running';
    this.#stopping = undefined;
    this.#unsubscribe = this.#settings.bus.onWake((runAt) => this.#onWake(runAt));
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
    await finishInFlight(this.#running, deadlineMs, abortGraceMs, this.#settings.logger);
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
    const { handlers, clock, unknownKindDeferMs } = this.#settings;
    const handler = handlerFor(handlers, job.kind);
    if (handler === undefined) {
      await this.#settle(entry, unknownKindOutcome(job.kind, clock.now(), unknownKindDeferMs), undefined);
      return;
    }
    const { outcome, run } = await runAttempt(this.#settings, entry, handler);
    if (entry.abandoned) return;
    if (entry.leaseLost) {
      // Another worker may be running it now; its run is the one that counts.
      this.emit('job:lost', { job, runId: undefined });
      return;
    }
    await this.#settle(entry, outcome, run);
  }

  async #settle(entry: RunningJob, outcome: Outcome, run: RunRecorder | undefined): Promise<void> {
    const settled = await this.#settles.submit({ entry, outcome, recorder: run });
    if (settled === undefined) return;
    announceSettled(this, this.#settings.logger, (at) => this.#armDue(at), entry.job, settled);
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
    this.#settings.logger.error({ code: coded.code, message: coded.message, reference }, 'worker loop error');
  }
}
