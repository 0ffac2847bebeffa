// The one door every Partner Center call passes through (design rule 8, requirement P1):
// - meters each HTTP attempt against the daily budget (per account, per UTC day) before sending it;
// - retries 429/503 honouring Retry-After, and 5xx/network failures with jittered backoff;
// - on 401 refreshes the token once and repeats the call;
// - maps Partner Center error bodies to catalogue codes;
// - never puts a token in a log line or an error.
import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import { CosellError, type ErrorCode } from '../errors.js';
import { describeCause, parseJson, summariseIssues } from '../http-client/response.js';
import { abortableSleep, backoffMs, parseRetryAfter } from '../http-client/retry.js';
import { redactSecrets, type Logger } from '../logger.js';
import { PcErrorBodySchema } from './wire.js';
import { sendJson } from '../http-client/send.js';

// Shared with the other systems' request functions; re-exported for existing importers.
export { backoffMs, parseRetryAfter };

/** Issues access tokens for a Partner Center resource; `refresh` forces a new one (after a 401). */
export interface TokenSource {
  readonly identity: string;
  accessToken(resource: string, options?: { refresh?: boolean }): Promise<string>;
}

/** Reserves budget for one call; throws PC_BUDGET_EXHAUSTED when the day's cap is reached. */
export interface BudgetMeter {
  consume(calls: number): Promise<void>;
}

export interface RequestPolicy {
  maxRetries: number;
  /** Longest Retry-After we sleep through in-process; longer waits go back to the caller (the queue defers). */
  maxInlineWaitMs: number;
  baseBackoffMs: number;
}

export const defaultRequestPolicy: RequestPolicy = {
  maxRetries: 4,
  maxInlineWaitMs: 30_000,
  baseBackoffMs: 250,
};

export interface RequestContext {
  tokens: TokenSource;
  budget: BudgetMeter;
  logger: Logger;
  policy: RequestPolicy;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  random?: () => number;
  /** Called after every HTTP attempt, for run steps and metrics. */
  onCall?: (call: CallRecord) => void;
}

export interface CallRecord {
  method: string;
  path: string;
  status: number | 'network-error';
  attempt: number;
  durationMs: number;
  clientRequestId: string;
}

export interface PcRequest<S extends z.ZodType> {
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  url: string;
  /** The resource the token is for (Referrals API and webhook API differ). */
  resource: string;
  body?: unknown;
  headers?: Record<string, string>;
  /** Schema of a 2xx JSON body; omit for bodiless answers (204). */
  schema?: S;
  signal?: AbortSignal;
  /** Describes the subject for 404 messages, e.g. { resource: 'referral', id }. */
  subject?: { resource: string; id: string };
}

export interface PcResponse<T> {
  status: number;
  body: T;
  headers: Headers;
}

export async function pcRequest<S extends z.ZodType>(
  ctx: RequestContext,
  req: PcRequest<S>,
): Promise<PcResponse<z.infer<S> | undefined>> {
  const sleep = ctx.sleep ?? abortableSleep;
  const random = ctx.random ?? Math.random;
  const path = new URL(req.url).pathname;
  let refreshed = false;

  for (let attempt = 1; ; attempt++) {
    await ctx.budget.consume(1);
    const token = await ctx.tokens.accessToken(req.resource);
    const clientRequestId = randomUUID();
    const headers: Record<string, string> = {
      accept: 'application/json',
      authorization: `Bearer ${token}`,
      'client-request-id': clientRequestId,
      'ms-correlationid': clientRequestId,
      ...req.headers,
    };

    const started = performance.now();
    let response: Response;
    try {
      response = await sendJson(req.url, { method: req.method, headers, body: req.body, signal: req.signal });
    } catch (cause) {
      if (req.signal?.aborted) throw cause;
      ctx.onCall?.({
        method: req.method,
        path,
        status: 'network-error',
        attempt,
        durationMs: performance.now() - started,
        clientRequestId,
      });
      const error = new CosellError(
        'NETWORK_ERROR',
        { host: new URL(req.url).host, reason: redactSecrets(describeCause(cause)) },
        { cause },
      );
      if (attempt > ctx.policy.maxRetries) throw error;
      await sleep(backoffMs(ctx.policy.baseBackoffMs, attempt, random), req.signal);
      continue;
    }
    const durationMs = performance.now() - started;
    ctx.onCall?.({ method: req.method, path, status: response.status, attempt, durationMs, clientRequestId });

    if (response.ok) {
      const text = await response.text();
      if (!req.schema || text.length === 0)
        return { status: response.status, body: undefined, headers: response.headers };
      const parsed = req.schema.safeParse(parseJson(text));
      if (!parsed.success) {
        throw new CosellError('PC_RESPONSE_INVALID', { reason: summariseIssues(parsed.error) });
      }
      return { status: response.status, body: parsed.data, headers: response.headers };
    }

    const errorText = await response.text();
    const pcError = PcErrorBodySchema.safeParse(parseJson(errorText));
    const remoteCode = pcError.success ? pcError.data.error.code : undefined;
    const remoteMessage = pcError.success ? (pcError.data.error.message ?? '') : errorText.slice(0, 200);

    if (response.status === 401 && !refreshed) {
      // One refresh per call: a second 401 means the identity itself is no longer accepted.
      refreshed = true;
      await ctx.tokens.accessToken(req.resource, { refresh: true });
      attempt--; // the refresh retry is not a failure attempt, but it is metered like any call
      continue;
    }

    const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'));
    const error = mapError(
      response.status,
      remoteCode,
      remoteMessage,
      ctx.tokens.identity,
      req,
      retryAfterMs,
    );
    ctx.logger.debug(
      { status: response.status, code: error.code, remoteCode, path, attempt, clientRequestId },
      'partner center call failed',
    );
    if (!repeatable.has(error.code) || attempt > ctx.policy.maxRetries) throw error;
    const waitMs =
      error.retry === 'after' && retryAfterMs !== undefined
        ? retryAfterMs
        : backoffMs(ctx.policy.baseBackoffMs, attempt, random);
    // A long Retry-After is handed to the queue (which defers the job) instead of holding a worker.
    if (waitMs > ctx.policy.maxInlineWaitMs) throw error;
    await sleep(waitMs, req.signal);
  }
}

/**
 * Failures that the same request, sent again, can get past. A 412 is retryable too, but only by the
 * caller: it must read the referral again first (its retry class says so); repeating the stale If-Match
 * here would only spend budget.
 */
const repeatable: ReadonlySet<ErrorCode> = new Set(['PC_THROTTLED', 'PC_UNAVAILABLE', 'PC_SERVER_ERROR']);

function mapError(
  status: number,
  remoteCode: string | undefined,
  message: string,
  identity: string,
  req: PcRequest<z.ZodType>,
  retryAfterMs: number | undefined,
): CosellError {
  const reason = redactSecrets(message || remoteCode || String(status));
  const opts = retryAfterMs === undefined ? {} : { retryAfterMs };
  const code: ErrorCode =
    status === 429
      ? 'PC_THROTTLED'
      : status === 503 || remoteCode === 'serviceNotAvailable'
        ? 'PC_UNAVAILABLE'
        : status === 403 || remoteCode === 'accessDenied'
          ? 'PC_ACCESS_DENIED'
          : status === 401 || remoteCode === 'unauthenticated'
            ? 'PC_UNAUTHENTICATED'
            : status === 404 || remoteCode === 'itemNotFound'
              ? 'PC_NOT_FOUND'
              : status === 412 || remoteCode === 'preconditionFailed' || remoteCode === 'resourceModified'
                ? 'PC_PRECONDITION_FAILED'
                : status >= 500
                  ? 'PC_SERVER_ERROR'
                  : 'PC_INVALID_REQUEST';
  switch (code) {
    case 'PC_ACCESS_DENIED':
      return new CosellError(code, { identity, reason }, opts);
    case 'PC_NOT_FOUND':
      return new CosellError(
        code,
        { resource: req.subject?.resource ?? 'resource', id: req.subject?.id ?? '' },
        opts,
      );
    case 'PC_PRECONDITION_FAILED':
      return new CosellError(code, { id: req.subject?.id ?? '' }, opts);
    case 'PC_SERVER_ERROR':
      return new CosellError(code, { status }, opts);
    case 'PC_INVALID_REQUEST':
      return new CosellError(code, { reason }, opts);
    default:
      return new CosellError(code, {}, opts);
  }
}
