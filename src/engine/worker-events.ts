// What a worker tells its listeners, and which event a settled job's outcome is.
import type { EventEmitter } from 'node:events';
import type { Logger } from '../logger.js';
import type { Job } from '../store/jobs.js';
import type { CodedError } from './outcome.js';
import type { Settled } from './settle.js';

export interface JobEvent {
  readonly job: Job;
  /** The run written with the job's outcome; undefined for handlers that record no run. */
  readonly runId: number | undefined;
}

export type WorkerEvents = {
  'job:claimed': [job: Job];
  'job:done': [event: JobEvent & { readonly skipped: string | undefined }];
  /** Put back without spending an attempt: a budget, a rate limit, an explicit deferral, a shutdown. */
  'job:deferred': [event: JobEvent & { readonly until: Date; readonly reason: CodedError }];
  /** A failed attempt that will be retried at retryAt. */
  'job:retry': [event: JobEvent & { readonly retryAt: Date; readonly error: CodedError }];
  /** Failed for good. */
  'job:failed': [event: JobEvent & { readonly error: CodedError }];
  /** This worker no longer held the job when it finished (its lease expired and was taken over). */
  'job:lost': [event: JobEvent];
  /** Leases extended: the ids still held. */
  heartbeat: [jobIds: readonly number[]];
  /** No job was due and none is running. */
  idle: [];
  /** The loop's own trouble (store unreachable, a settle that failed); the worker keeps going. */
  error: [error: Error];
};

/**
 * Emits the event of a settled job. A job put back or retried is due again at a known time: `armDue` is
 * told of it, so this worker claims it then rather than at its next poll.
 */
export function announceSettled(
  events: EventEmitter<WorkerEvents>,
  logger: Logger,
  armDue: (at: Date) => void,
  job: Job,
  { outcome, status, runId }: Settled,
): void {
  if (status === undefined) {
    logger.warn({ jobId: job.id }, 'job lost: its lease expired and another worker took it');
    events.emit('job:lost', { job, runId });
  } else if (status === 'done') {
    events.emit('job:done', {
      job,
      runId,
      skipped: outcome.kind === 'complete' ? outcome.skipped : undefined,
    });
  } else if (outcome.kind === 'defer') {
    armDue(outcome.until);
    events.emit('job:deferred', { job, runId, until: outcome.until, reason: outcome.reason });
  } else if (status === 'queued' && outcome.kind === 'retry') {
    armDue(outcome.retryAt);
    events.emit('job:retry', { job, runId, retryAt: outcome.retryAt, error: outcome.error });
  } else if (outcome.kind === 'retry' || outcome.kind === 'fail') {
    events.emit('job:failed', { job, runId, error: outcome.error });
  }
}
