// The reasons the engine itself puts a job back with are catalogue errors, so a job's lastError and its run
// carry a code people can look up and guidance in their language.
import { describe, expect, it } from 'vitest';
import { errorCatalogue } from '../errors.js';
import { handlerFor, unknownKindOutcome } from './attempt.js';
import { guidanceKey } from './outcome.js';
import { stoppedReason } from './stop.js';

const now = new Date('2026-03-01T12:00:00Z');

describe("the engine's own reasons", () => {
  it('WORKER_STOPPED: put back without an attempt, with guidance', () => {
    const reason = stoppedReason('the worker stopped before the job started');
    expect(reason).toEqual({
      code: 'WORKER_STOPPED',
      message: 'WORKER_STOPPED: the worker stopped before the job started',
      params: {},
    });
    expect(errorCatalogue.WORKER_STOPPED.retry).toBe('after');
    expect(guidanceKey(reason.code)).toBe('errors.WORKER_STOPPED.fix');
  });

  it('JOB_KIND_UNKNOWN: deferred for the given time, naming the kind', () => {
    const outcome = unknownKindOutcome('from-the-future', now, 60_000);
    expect(outcome).toEqual({
      kind: 'defer',
      until: new Date(now.getTime() + 60_000),
      reason: {
        code: 'JOB_KIND_UNKNOWN',
        message: 'JOB_KIND_UNKNOWN: no handler for job kind from-the-future',
        params: { kind: 'from-the-future' },
      },
    });
    expect(errorCatalogue.JOB_KIND_UNKNOWN.retry).toBe('after');
    expect(guidanceKey('JOB_KIND_UNKNOWN')).toBe('errors.JOB_KIND_UNKNOWN.fix');
  });

  it('a job kind named like an Object.prototype member has no handler', () => {
    expect(handlerFor({}, 'constructor')).toBeUndefined();
    expect(handlerFor({}, 'toString')).toBeUndefined();
  });
});
