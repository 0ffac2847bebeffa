// A job this worker has claimed and not yet let go of. The claim loop, the heartbeat, settling and stop() each
// mark what they did to it here, because each must know what the others did: a heartbeat must not call a
// settling job lost, a job aborted by stop() was interrupted rather than failed, and one stop() gave up on
// must have nothing more written for it.
import type { Job } from '../store/jobs.js';

export interface RunningJob {
  readonly job: Job;
  readonly controller: AbortController;
  /** Its outcome is being written; a heartbeat that misses it is not a lost lease. */
  settling: boolean;
  /** Aborted by stop(): a throw now means "interrupted", not a failure. */
  interrupted: boolean;
  leaseLost: boolean;
  /** stop() gave up on it: nothing more is written for it. */
  abandoned: boolean;
  done: Promise<void>;
}

export function runningJob(job: Job): RunningJob {
  return {
    job,
    controller: new AbortController(),
    settling: false,
    interrupted: false,
    leaseLost: false,
    abandoned: false,
    done: Promise.resolve(),
  };
}
