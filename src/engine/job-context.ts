// What a handler is given to do its work with. Follow-up jobs it queues inherit its trigger and correlation id
// unless given, so a chain of jobs started by one event reads as one story in the runs.
import type { Logger } from '../logger.js';
import type { Db } from '../store/db.js';
import type { JobInput } from '../store/jobs.js';
import type { Clock } from './clock.js';
import { enqueueCoalesced } from './coalesce.js';
import { enqueueJobs } from './enqueue.js';
import type { JobContext } from './handler.js';
import type { RunRecorder } from './run-recorder.js';
import type { RunningJob } from './running-job.js';
import type { WakeBus } from './wake.js';

export interface JobContextOptions {
  readonly db: Db;
  readonly clock: Clock;
  /** Follow-ups wake this process's workers at once. */
  readonly bus: WakeBus;
}

export function jobContext(
  options: JobContextOptions,
  entry: RunningJob,
  payload: unknown,
  recorder: RunRecorder,
  logger: Logger,
): JobContext<unknown> {
  const { db, clock, bus } = options;
  const { job } = entry;
  // Read when a follow-up is queued: the handler may have renamed its correlation id by then.
  const inherited = {
    trigger: job.trigger ?? undefined,
    get correlationId() {
      return recorder.correlationId;
    },
  };
  return {
    job,
    payload,
    attempt: job.attempts,
    signal: entry.controller.signal,
    logger,
    run: recorder,
    now: () => clock.now(),
    enqueue: async (inputs) => {
      const list = isList(inputs) ? inputs : [inputs];
      const withDefaults = list.map((i): JobInput => ({
        ...i,
        trigger: i.trigger ?? inherited.trigger,
        correlationId: i.correlationId ?? inherited.correlationId,
      }));
      return (await enqueueJobs(db, withDefaults, { now: clock.now(), wake: bus })).jobs;
    },
    enqueueCoalesced: (input) =>
      enqueueCoalesced(db, {
        ...input,
        trigger: input.trigger ?? inherited.trigger,
        correlationId: input.correlationId ?? inherited.correlationId,
        now: clock.now(),
        wake: bus,
      }),
  };
}

function isList(value: JobInput | readonly JobInput[]): value is readonly JobInput[] {
  return Array.isArray(value);
}
