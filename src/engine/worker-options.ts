// How a worker is configured, and the defaults it fills in.
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import { createLogger, type Logger } from '../logger.js';
import type { Db } from '../store/db.js';
import { defaultBackoff, defaultLoopBackoff, type BackoffPolicy } from './backoff.js';
import { systemClock, type Clock } from './clock.js';
import type { HandlerRegistry } from './handler.js';
import { WakeBus } from './wake.js';

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

/** WorkerOptions with every default filled in; the worker's parts each take what they need of it. */
export interface WorkerSettings {
  readonly db: Db;
  readonly handlers: HandlerRegistry;
  readonly workerId: string;
  readonly concurrency: number;
  readonly batchSize: number;
  readonly leaseMs: number;
  readonly heartbeatMs: number | false;
  readonly pollIntervalMs: number;
  readonly backoff: BackoffPolicy;
  readonly loopBackoff: BackoffPolicy;
  readonly unknownKindDeferMs: number;
  readonly clock: Clock;
  /** Names the worker in every line. */
  readonly logger: Logger;
  readonly bus: WakeBus;
  readonly random: () => number;
}

export function workerSettings(options: WorkerOptions): WorkerSettings {
  const workerId = options.workerId ?? `${os.hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
  const concurrency = Math.max(1, options.concurrency ?? 4);
  const leaseMs = options.leaseMs ?? 60_000;
  return {
    db: options.db,
    handlers: options.handlers,
    workerId,
    concurrency,
    batchSize: Math.max(1, options.batchSize ?? concurrency),
    leaseMs,
    heartbeatMs:
      options.heartbeatMs === false ? false : (options.heartbeatMs ?? Math.max(1, Math.floor(leaseMs / 3))),
    pollIntervalMs: options.pollIntervalMs ?? 1_000,
    backoff: options.backoff ?? defaultBackoff,
    loopBackoff: options.loopBackoff ?? defaultLoopBackoff,
    unknownKindDeferMs: options.unknownKindDeferMs ?? 60_000,
    clock: options.clock ?? systemClock,
    logger: (options.logger ?? createLogger({ level: 'silent' })).child({ workerId }),
    bus: options.wake ?? new WakeBus(),
    random: options.random ?? Math.random,
  };
}
