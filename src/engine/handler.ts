// What a flow plugs into the engine: a handler per job kind, in a registry map (never loaded by name).
import type { Logger } from '../logger.js';
import type { Job, JobInput } from '../store/jobs.js';
import type { CoalesceInput } from './coalesce.js';
import type { JobResult } from './outcome.js';
import type { RunRecorder } from './run-recorder.js';

export interface JobContext<P = unknown> {
  readonly job: Job;
  /** The job's payload, as `parse` returned it. */
  readonly payload: P;
  /** 1 on the first attempt. */
  readonly attempt: number;
  /**
   * Aborted when the worker stops and the deadline has passed, or when the job's lease was lost (another
   * worker may have it now). Pass it to fetch and other waits.
   */
  readonly signal: AbortSignal;
  /** Carries jobId, kind and lane. */
  readonly logger: Logger;
  /** Steps, API calls and audit entries of this run; written when the job settles. */
  readonly run: RunRecorder;
  now(): Date;
  /**
   * Queues follow-up jobs at once (not when this job ends); they inherit this job's trigger and correlation
   * id unless given. Give an idempotencyKey when a rerun of this job must not queue them twice.
   */
  enqueue(inputs: JobInput | readonly JobInput[]): Promise<Job[]>;
  /** enqueueCoalesced, with this worker's clock and wake bus. */
  enqueueCoalesced(input: Omit<CoalesceInput, 'now' | 'wake'>): Promise<{ job: Job; coalesced: boolean }>;
}

export interface JobHandler<P = unknown> {
  /** The flow name its runs are recorded under; default: the job kind. */
  readonly flow?: string;
  /** Default true. False for housekeeping jobs that are not flow runs (no run row, no audit). */
  readonly recordRun?: boolean;
  /** Checks and types the payload. A throw is handled like one from `run`. */
  parse?(payload: unknown): P;
  /**
   * Does the work. Resolve to complete, or with `{ skipped: reason }` / `{ defer: Date, reason }`. Throw a
   * CosellError to say how to retry: 'after' defers (no attempt spent), 'backoff' retries, 'never' fails.
   */
  run(ctx: JobContext<P>): Promise<JobResult> | JobResult;
}

/** kind -> handler. */
export type HandlerRegistry = Readonly<Record<string, JobHandler<unknown>>>;

/** Types a handler's payload from its `parse` in place. */
export function defineHandler<P>(handler: JobHandler<P>): JobHandler<P> {
  return handler;
}
