// What a handler's result or error means for its job and its run. Errors carry their retry class as data
// (src/errors.ts); the worker only reads it.
import { randomBytes } from 'node:crypto';
import { isCosellError, isErrorCode, messageKey, type ErrorParams } from '../errors.js';
import { redactSecrets } from '../logger.js';

/** What the store keeps as a job's lastError and a run's error: never a secret, never a stack. */
export interface CodedError {
  readonly code: string;
  readonly message: string;
  readonly params: ErrorParams;
}

/** A handler resolves with nothing (done), or says so explicitly. */
export type JobResult =
  void | undefined | { readonly defer: Date; readonly reason: string } | { readonly skipped: string };

export type Outcome =
  | { readonly kind: 'complete'; readonly skipped?: string | undefined }
  /** Not a failure, no attempt spent: a budget, a rate limit or a shutdown says "not now". */
  | { readonly kind: 'defer'; readonly until: Date; readonly reason: CodedError }
  /** A failed attempt; retried at retryAt while attempts remain. */
  | { readonly kind: 'retry'; readonly retryAt: Date; readonly error: CodedError }
  /** Failed for good: retrying cannot help. */
  | { readonly kind: 'fail'; readonly error: CodedError };

const maxMessageLength = 500;

export function outcomeOfResult(result: JobResult, now: Date): Outcome {
  if (result !== undefined && 'defer' in result) {
    const reason = {
      code: result.reason,
      message: `deferred until ${result.defer.toISOString()}`,
      params: {},
    };
    return { kind: 'defer', until: result.defer < now ? now : result.defer, reason };
  }
  if (result !== undefined && 'skipped' in result) return { kind: 'complete', skipped: result.skipped };
  return { kind: 'complete' };
}

export interface ErrorPolicy {
  readonly now: Date;
  /** When a retryable error should be tried again (the worker's backoff for this attempt). */
  readonly retryAt: () => Date;
}

/**
 * The coded form of any error: a CosellError keeps its code and params (which never hold a secret); anything
 * else becomes INTERNAL with a redacted message and a reference that finds it in the log.
 */
export function codedError(err: unknown): { readonly error: CodedError; readonly reference?: string } {
  if (isCosellError(err)) {
    return { error: { code: err.code, message: clip(redactSecrets(err.message)), params: err.params } };
  }
  const reference = referenceOf(err);
  const text = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
  return {
    error: { code: 'INTERNAL', message: clip(redactSecrets(text)), params: { reference } },
    reference,
  };
}

/**
 * 'after' defers until the error's retryAfterMs (no attempt spent); 'backoff' retries per the policy; 'never'
 * and anything that is not a CosellError fail for good.
 */
export function outcomeOfError(err: unknown, policy: ErrorPolicy): Outcome {
  const { error } = codedError(err);
  if (!isCosellError(err)) return { kind: 'fail', error };
  switch (err.retry) {
    case 'after': {
      const until =
        err.retryAfterMs !== undefined ? new Date(policy.now.getTime() + err.retryAfterMs) : policy.retryAt();
      return { kind: 'defer', until, reason: error };
    }
    case 'backoff':
      return { kind: 'retry', retryAt: policy.retryAt(), error };
    case 'never':
      return { kind: 'fail', error };
  }
}

// One reference per error object: a step and the worker describing the same throw must agree on it.
const references = new WeakMap<object, string>();

function referenceOf(err: unknown): string {
  if (typeof err !== 'object' || err === null) return randomBytes(4).toString('hex');
  let reference = references.get(err);
  if (reference === undefined) {
    reference = randomBytes(4).toString('hex');
    references.set(err, reference);
  }
  return reference;
}

/** The i18n key of what a person should do about the error, when the code is in the catalogue. */
export function guidanceKey(code: string): string | undefined {
  return isErrorCode(code) ? `${messageKey(code)}.fix` : undefined;
}

function clip(text: string): string {
  return text.length > maxMessageLength ? `${text.slice(0, maxMessageLength)}…` : text;
}
