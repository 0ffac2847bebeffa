// Stopping a worker: no new claims; jobs in flight get until the deadline, then their signal is aborted; a job
// whose handler gives up on the abort is put back at once (no attempt spent). A handler that ignores the abort
// is abandoned: its job stays leased and another worker takes it when the lease expires, exactly as if this
// process had crashed.
import { CosellError } from '../errors.js';
import type { Logger } from '../logger.js';
import { codedError, type CodedError } from './outcome.js';
import type { RunningJob } from './running-job.js';

/** Why a job went back to the queue at stop, without spending an attempt. */
export function stoppedReason(detail: string): CodedError {
  return codedError(new CosellError('WORKER_STOPPED', {}, { detail })).error;
}

/**
 * Resolves when every job in `running` has settled or been abandoned. Outcomes being written when the grace
 * ends are waited for: nothing is written after stop() resolves.
 */
export async function finishInFlight(
  running: ReadonlyMap<number, RunningJob>,
  deadlineMs: number,
  abortGraceMs: number,
  logger: Logger,
): Promise<void> {
  if (await settledWithin(inFlight(running), deadlineMs)) return;
  for (const entry of running.values()) {
    entry.interrupted = true;
    entry.controller.abort(new Error('the worker is stopping'));
  }
  if (await settledWithin(inFlight(running), abortGraceMs)) return;
  const writing: Promise<void>[] = [];
  for (const entry of running.values()) {
    if (entry.settling) {
      writing.push(entry.done);
    } else {
      entry.abandoned = true;
      logger.warn({ jobId: entry.job.id }, 'job abandoned at stop; its lease will expire');
    }
  }
  await Promise.all(writing);
}

function inFlight(running: ReadonlyMap<number, RunningJob>): Promise<unknown> {
  return Promise.all([...running.values()].map((e) => e.done));
}

/** True when `promise` settled within `ms`. */
async function settledWithin(promise: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  try {
    return await Promise.race([promise.then(() => true), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
