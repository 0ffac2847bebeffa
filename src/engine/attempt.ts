// One attempt at a job: its handler runs inside its run recorder, and what it returned or threw becomes the
// job's outcome. Whether that outcome is written is the caller's decision (the job may have been lost or
// abandoned meanwhile).
import { CosellError } from '../errors.js';
import { redactSecrets, type Logger } from '../logger.js';
import { RunTrigger } from '../store/schema.js';
import { backoffDelayMs, type BackoffPolicy } from './backoff.js';
import type { HandlerRegistry, JobHandler } from './handler.js';
import { jobContext, type JobContextOptions } from './job-context.js';
import { codedError, outcomeOfError, outcomeOfResult, type Outcome } from './outcome.js';
import { RunRecorder } from './run-recorder.js';
import type { RunningJob } from './running-job.js';
import { stoppedReason } from './stop.js';

export interface AttemptOptions extends JobContextOptions {
  /** The worker's logger; the handler gets a child that names the job. */
  readonly logger: Logger;
  /** Retry delays for 'backoff' errors. */
  readonly backoff: BackoffPolicy;
  readonly random: () => number;
}

export interface Attempt {
  readonly outcome: Outcome;
  /** The run to write with the outcome; undefined for handlers that record none. */
  readonly run: RunRecorder | undefined;
}

/** Own properties only: a job kind such as "constructor" must not find a handler on the prototype. */
export function handlerFor(handlers: HandlerRegistry, kind: string): JobHandler<unknown> | undefined {
  return Object.hasOwn(handlers, kind) ? handlers[kind] : undefined;
}

/** A kind with no handler here goes back for a while, no attempt spent: a newer worker may know it. */
export function unknownKindOutcome(kind: string, now: Date, deferMs: number): Outcome {
  const unknown = new CosellError(
    'JOB_KIND_UNKNOWN',
    { kind },
    { detail: `no handler for job kind ${kind}` },
  );
  return { kind: 'defer', until: new Date(now.getTime() + deferMs), reason: codedError(unknown).error };
}

export async function runAttempt(
  options: AttemptOptions,
  entry: RunningJob,
  handler: JobHandler<unknown>,
): Promise<Attempt> {
  const { clock } = options;
  const { job } = entry;
  // The correlation id ties this job's log lines to the webhook that queued it and to its run's audit entries.
  const logger = options.logger.child({
    jobId: job.id,
    kind: job.kind,
    lane: job.laneKey,
    ...(job.correlationId !== null ? { correlationId: job.correlationId } : {}),
  });
  const recorder = new RunRecorder({
    flow: handler.flow ?? job.kind,
    trigger: job.trigger ?? RunTrigger.manual,
    subject: job.laneKey,
    correlationId: job.correlationId ?? undefined,
    job: { id: job.id, kind: job.kind, laneKey: job.laneKey, payload: job.payload },
    clock,
  });
  const run = handler.recordRun === false ? undefined : recorder;
  try {
    const result = await recorder.within(async () => {
      const payload = handler.parse !== undefined ? handler.parse(job.payload) : job.payload;
      return handler.run(jobContext(options, entry, payload, recorder, logger));
    });
    return { outcome: outcomeOfResult(result, clock.now()), run };
  } catch (err) {
    const now = clock.now();
    if (entry.interrupted) {
      const reason = stoppedReason('the worker stopped before the job finished');
      return { outcome: { kind: 'defer', until: now, reason }, run };
    }
    const outcome = outcomeOfError(err, {
      now,
      retryAt: () => new Date(now.getTime() + backoffDelayMs(options.backoff, job.attempts, options.random)),
    });
    const { error, reference } = codedError(err);
    logger.warn(
      {
        code: error.code,
        reference,
        ...(reference !== undefined && err instanceof Error ? { stack: redactSecrets(err.stack ?? '') } : {}),
      },
      'job attempt failed',
    );
    return { outcome, run };
  }
}
