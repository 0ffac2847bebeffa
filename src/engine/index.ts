// The engine's public surface: the generic queue machinery flows plug into as job handlers.
export { backoffDelayMs, defaultBackoff, defaultLoopBackoff, type BackoffPolicy } from './backoff.js';
export { ManualClock, systemClock, type Clock } from './clock.js';
export { enqueueCoalesced, type CoalesceInput } from './coalesce.js';
export { enqueueJobs, type EnqueueOptions } from './enqueue.js';
export { defineHandler, type HandlerRegistry, type JobContext, type JobHandler } from './handler.js';
export { codedError, guidanceKey, type CodedError, type JobResult, type Outcome } from './outcome.js';
export { resubmitRun, resubmitRuns, type ResubmitOptions, type Resubmitted } from './resubmit.js';
export {
  currentRun,
  flushRun,
  RunRecorder,
  writeRun,
  type AuditNote,
  type RunOutcome,
  type RunRecord,
  type RunRecorderInit,
  type StepControl,
} from './run-recorder.js';
export { announceJobs, listenForJobs, WakeBus } from './wake.js';
export { Worker, type JobEvent, type StopOptions, type WorkerEvents, type WorkerOptions } from './worker.js';
