// The one door every Dataverse Web API request passes through (design rule 8; the Salesforce twin is
// src/crm/salesforce/request.ts). Per HTTP attempt it:
// - counts the request into our budget table (per environment, per UTC day) before sending it: a $batch as
//   Dataverse counts it, once plus once per request inside; and into the current run;
// - refreshes the token once on 401 and repeats the request;
// - on 429 (service protection) waits Retry-After in-process when it is short, else gives the caller
//   CRM_THROTTLED with that time (retry class 'after': the job defers, nothing is lost); and holds every
//   other request of the same client until then too (ServiceProtectionPause): Dataverse refuses the user's
//   requests until Retry-After has passed, so sending them earlier only collects more 429s;
// - retries 5xx and network failures with jittered backoff, but only when sending the request again cannot
//   apply it twice (`replayable`);
// - maps Dataverse's OData error body to catalogue codes (error-map.ts) and zod-parses every 2xx JSON body;
// - never puts a token in a log line or an error.
// Only this module and auth.ts speak HTTP to Dataverse; client.ts builds on this one.
import { requestTimeoutMs, withDeadline } from '../../http-client/send.js';
import type { z } from 'zod';
import { currentRun } from '../../engine/run-recorder.js';
import { CosellError, type ErrorCode } from '../../errors.js';
import { describeCause, parseJson, summariseIssues } from '../../http-client/response.js';
import { abortableSleep, backoffMs, parseRetryAfter } from '../../http-client/retry.js';
import type { Logger } from '../../logger.js';
import type { DataverseTokenSource } from './auth.js';
import type { DvBudgetMeter } from './budget.js';
import { dynamicsName, dynamicsSystem, mapDataverseFailure, redactDataverse } from './error-map.js';
import { DvErrorBodySchema } from './wire.js';

export interface DvRequestPolicy {
  maxRetries: number;
  /** Longest wait spent in-process before a retry; longer ones go back to the caller (the queue defers). */
  maxInlineWaitMs: number;
  baseBackoffMs: number;
}

export const defaultDvRequestPolicy: DvRequestPolicy = {
  maxRetries: 4,
  maxInlineWaitMs: 30_000,
  baseBackoffMs: 250,
};

/**
 * Service protection's pause, shared by every request of one client (one identity on one environment). A 429
 * (a whole request's, or one inside a $batch) holds it until its Retry-After has passed; a request due to
 * start before then waits out a short pause in-process and gives a long one back as CRM_THROTTLED, so it is
 * never sent early (learn: "Service protection API limits", "Retry operations").
 */
export class ServiceProtectionPause {
  #until = 0;

  /** Epoch ms (on the client's clock) before which no request is sent. */
  get until(): number {
    return this.#until;
  }

  hold(untilMs: number): void {
    if (untilMs > this.#until) this.#until = untilMs;
  }
}

export interface DvCallRecord {
  method: string;
  path: string;
  status: number | 'network-error';
  attempt: number;
  /** Requests Dataverse counts for it (a $batch: 1 + its requests). */
  requests: number;
  durationMs: number;
}

export interface DvRequestContext {
  readonly tokens: DataverseTokenSource;
  readonly budget: DvBudgetMeter;
  /** The budget key: the environment's host name (known before any call, never a secret). */
  readonly environment: string;
  readonly logger: Logger;
  readonly policy: DvRequestPolicy;
  readonly sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  readonly random?: () => number;
  readonly now?: () => number;
  readonly onCall?: (call: DvCallRecord) => void;
  /** Shared by every request of the client; without one, a 429 holds back only its own request. */
  readonly pause?: ServiceProtectionPause;
}

export interface DvRequest<S extends z.ZodType> {
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  url: string;
  /** A JSON body, or a body already encoded (a $batch). */
  body?: unknown;
  encoded?: { readonly contentType: string; readonly text: string };
  headers?: Record<string, string>;
  /** Schema of a 2xx JSON body; omit for bodiless or non-JSON answers. */
  schema?: S;
  /** The row the request is about, for not-found, duplicate and conflict messages. */
  subject?: { object: string; id: string };
  /** What Dataverse counts for this request (default 1; a $batch: 1 + its requests). */
  requests?: number;
  /** Default true except for POST: a half-applied create or batch must not be repeated blindly. */
  replayable?: boolean;
  signal?: AbortSignal;
}

export interface DvResponse<T> {
  status: number;
  body: T;
  text: string;
  headers: Headers;
}

/** Codes that the same request, sent again a little later, can get past. */
const transient: ReadonlySet<ErrorCode> = new Set(['CRM_UNAVAILABLE', 'CRM_THROTTLED', 'NETWORK_ERROR']);
/** Of those, the ones Dataverse answers before doing anything, so even a non-replayable request may repeat. */
const refusedBeforeWork: ReadonlySet<ErrorCode> = new Set(['CRM_THROTTLED']);

/** Dataverse's error body as code and message (`HTTP_<status>` when the body is not one). */
export function failureOf(status: number, body: unknown, text = ''): { code: string; message: string } {
  const parsed = DvErrorBodySchema.safeParse(body);
  if (parsed.success) {
    return {
      code: parsed.data.error.code ?? `HTTP_${status}`,
      message: parsed.data.error.message ?? '',
    };
  }
  return { code: `HTTP_${status}`, message: text.slice(0, 200) };
}

export async function dvRequest<S extends z.ZodType>(
  ctx: DvRequestContext,
  req: DvRequest<S>,
): Promise<DvResponse<z.infer<S> | undefined>> {
  const sleep = ctx.sleep ?? abortableSleep;
  const random = ctx.random ?? Math.random;
  const now = ctx.now ?? Date.now;
  const replayable = req.replayable ?? req.method !== 'POST';
  const url = new URL(req.url);
  const logPath = url.pathname;
  const requests = req.requests ?? 1;
  let refreshed = false;

  for (let attempt = 1; ; attempt++) {
    const held = (ctx.pause?.until ?? 0) - now();
    if (held > ctx.policy.maxInlineWaitMs) {
      throw new CosellError(
        'CRM_THROTTLED',
        { system: dynamicsName },
        { retryAfterMs: held, detail: 'service protection: waiting for an earlier Retry-After' },
      );
    }
    // Waited once: a pause that moves on meanwhile belongs to a later 429, which that request will report.
    if (held > 0) await sleep(held, req.signal);
    const token = await ctx.tokens.token();
    await ctx.budget.consume(ctx.environment, requests);
    for (let n = 0; n < requests; n++) currentRun()?.countCall(dynamicsSystem);
    const headers: Record<string, string> = {
      accept: 'application/json',
      'odata-version': '4.0',
      'odata-maxversion': '4.0',
      authorization: `Bearer ${token.accessToken}`,
      ...req.headers,
    };
    let body: string | undefined;
    if (req.encoded) {
      headers['content-type'] = req.encoded.contentType;
      body = req.encoded.text;
    } else if (req.body !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(req.body);
    }

    const started = performance.now();
    const record = (status: number | 'network-error') =>
      ctx.onCall?.({
        method: req.method,
        path: logPath,
        status,
        attempt,
        requests,
        durationMs: performance.now() - started,
      });
    let response: Response;
    try {
      response = await fetch(url, {
        method: req.method,
        headers,
        ...(body === undefined ? {} : { body }),
        signal: withDeadline(req.signal, requestTimeoutMs),
      });
    } catch (cause) {
      if (req.signal?.aborted) throw cause;
      record('network-error');
      const error = new CosellError(
        'NETWORK_ERROR',
        { host: url.host, reason: redactDataverse(describeCause(cause)) },
        { cause },
      );
      if (!replayable || attempt > ctx.policy.maxRetries) throw error;
      await sleep(backoffMs(ctx.policy.baseBackoffMs, attempt, random), req.signal);
      continue;
    }
    record(response.status);
    const text = await response.text();
    if (response.ok) {
      if (!req.schema || text.length === 0) {
        return { status: response.status, body: undefined, text, headers: response.headers };
      }
      const parsed = req.schema.safeParse(parseJson(text));
      if (!parsed.success) {
        throw new CosellError('CRM_RESPONSE_INVALID', {
          system: dynamicsName,
          reason: summariseIssues(parsed.error),
        });
      }
      return { status: response.status, body: parsed.data, text, headers: response.headers };
    }

    if (response.status === 401 && !refreshed) {
      // One refresh per request: a second 401 means the credentials themselves are no longer accepted.
      refreshed = true;
      await ctx.tokens.token({ refresh: true });
      attempt--; // the repeat after a refresh is not a failure attempt, but it is metered like any request
      continue;
    }

    const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'), now);
    const failure = failureOf(response.status, parseJson(text), text);
    const error = mapDataverseFailure(
      { status: response.status, ...failure, retryAfterMs },
      { identity: ctx.tokens.identity, subject: req.subject },
    );
    ctx.logger.debug(
      { status: response.status, code: error.code, dvCode: failure.code, path: logPath, attempt },
      'dataverse call failed',
    );
    if (error.code === 'CRM_THROTTLED' && error.retryAfterMs !== undefined)
      ctx.pause?.hold(now() + error.retryAfterMs);
    const mayRepeat = transient.has(error.code) && (replayable || refusedBeforeWork.has(error.code));
    if (!mayRepeat || attempt > ctx.policy.maxRetries) throw error;
    const waitMs = retryAfterMs ?? backoffMs(ctx.policy.baseBackoffMs, attempt, random);
    if (waitMs > ctx.policy.maxInlineWaitMs) throw error;
    await sleep(waitMs, req.signal);
  }
}
