// The one door every Salesforce call passes through (design rule 8; the Partner Center twin is
// src/partner-center/request.ts). Per HTTP attempt it:
// - counts the call into our budget table (per org, per UTC day) before sending it, and into the current run;
// - reads `Sforce-Limit-Info: api-usage=N/M` from every answer, errors included, and keeps the last reading;
// - refreshes the session once on 401 (INVALID_SESSION_ID) and repeats the call;
// - retries 5xx, network failures and the concurrent-request limit with jittered backoff, but only when
//   sending the request again cannot apply it twice (`replayable`);
// - maps Salesforce's error arrays to catalogue codes (error-map.ts) and zod-parses every 2xx body;
// - never puts a token in a log line or an error.
// Only this module and token-grant.ts speak HTTP to Salesforce; client.ts builds on this one.
import type { z } from 'zod';
import { currentRun } from '../../engine/run-recorder.js';
import { CosellError, type ErrorCode } from '../../errors.js';
import { describeCause, parseJson, summariseIssues } from '../../http-client/response.js';
import { abortableSleep, backoffMs, parseRetryAfter } from '../../http-client/retry.js';
import type { Logger } from '../../logger.js';
import { mapSalesforceFailure, redactSalesforce, salesforceName, salesforceSystem } from './error-map.js';
import { SfErrorArraySchema } from './wire.js';
import { sendJson } from '../../http-client/send.js';

/** A signed-in session: where to send calls, as whom, in which org. */
export interface SalesforceSession {
  readonly accessToken: string;
  readonly instanceUrl: string;
  readonly orgId: string;
  readonly userId: string;
}

/** Sessions for one identity; `refresh` forces a new one (after a 401). */
export interface SalesforceTokenSource {
  /** The username we act as; named in access errors, never a secret. */
  readonly identity: string;
  session(options?: { refresh?: boolean }): Promise<SalesforceSession>;
}

/** Reserves budget for calls against an org; throws CRM_DAILY_LIMIT when our own cap is reached. */
export interface SfBudgetMeter {
  consume(orgId: string, calls: number): Promise<void>;
}

export interface SfRequestPolicy {
  maxRetries: number;
  /** Longest wait spent in-process before a retry; longer ones go back to the caller (the queue defers). */
  maxInlineWaitMs: number;
  baseBackoffMs: number;
}

export const defaultSfRequestPolicy: SfRequestPolicy = {
  maxRetries: 4,
  maxInlineWaitMs: 30_000,
  baseBackoffMs: 250,
};

/** Salesforce's own count of the org's API calls in its rolling 24 hours, as last reported. */
export interface ApiUsage {
  readonly used: number;
  readonly max: number;
  readonly at: Date;
}

export interface SfCallRecord {
  method: string;
  path: string;
  status: number | 'network-error';
  attempt: number;
  durationMs: number;
}

export interface SfRequestContext {
  tokens: SalesforceTokenSource;
  budget: SfBudgetMeter;
  logger: Logger;
  policy: SfRequestPolicy;
  /** Where the last `Sforce-Limit-Info` reading is kept (shared by every call of one client). */
  usage: { last: ApiUsage | undefined };
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  random?: () => number;
  now?: () => number;
  onCall?: (call: SfCallRecord) => void;
}

export interface SfRequest<S extends z.ZodType> {
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  /** Path on the instance, starting `/services/` (so a `nextRecordsUrl` can be used as it comes). */
  path: string;
  body?: unknown;
  headers?: Record<string, string>;
  /** Schema of a 2xx JSON body; omit for bodiless answers (204). */
  schema?: S;
  signal?: AbortSignal;
  /** The record the call is about, for not-found, duplicate and conflict messages. */
  subject?: { object: string; id: string };
  /**
   * Whether sending it again after a failure that may have reached Salesforce (5xx, a dropped connection)
   * is harmless. Defaults to true except for POST: a composite or collection create that half-happened must
   * not be repeated blindly; its caller looks again and writes what is still missing.
   */
  replayable?: boolean;
}

export interface SfResponse<T> {
  status: number;
  body: T;
  headers: Headers;
}

/** Codes that the same request, sent again a little later, can get past. */
const transient: ReadonlySet<ErrorCode> = new Set(['CRM_UNAVAILABLE', 'CRM_THROTTLED', 'NETWORK_ERROR']);
/** Of those, the ones Salesforce answers before doing anything, so even a non-replayable request may repeat. */
const refusedBeforeWork: ReadonlySet<ErrorCode> = new Set(['CRM_THROTTLED']);

export async function sfRequest<S extends z.ZodType>(
  ctx: SfRequestContext,
  req: SfRequest<S>,
): Promise<SfResponse<z.infer<S> | undefined>> {
  const sleep = ctx.sleep ?? abortableSleep;
  const random = ctx.random ?? Math.random;
  const now = ctx.now ?? Date.now;
  const replayable = req.replayable ?? req.method !== 'POST';
  const logPath = req.path.split('?')[0] ?? req.path;
  let refreshed = false;

  for (let attempt = 1; ; attempt++) {
    const session = await ctx.tokens.session();
    await ctx.budget.consume(session.orgId, 1);
    currentRun()?.countCall(salesforceSystem);
    const url = new URL(req.path, session.instanceUrl);
    const headers: Record<string, string> = {
      accept: 'application/json',
      authorization: `Bearer ${session.accessToken}`,
      ...req.headers,
    };

    const started = performance.now();
    let response: Response;
    try {
      response = await sendJson(url, { method: req.method, headers, body: req.body, signal: req.signal });
    } catch (cause) {
      if (req.signal?.aborted) throw cause;
      ctx.onCall?.({
        method: req.method,
        path: logPath,
        status: 'network-error',
        attempt,
        durationMs: performance.now() - started,
      });
      const error = new CosellError(
        'NETWORK_ERROR',
        { host: url.host, reason: redactSalesforce(describeCause(cause)) },
        { cause },
      );
      if (!replayable || attempt > ctx.policy.maxRetries) throw error;
      await sleep(backoffMs(ctx.policy.baseBackoffMs, attempt, random), req.signal);
      continue;
    }
    ctx.onCall?.({
      method: req.method,
      path: logPath,
      status: response.status,
      attempt,
      durationMs: performance.now() - started,
    });
    const usage = parseLimitInfo(response.headers.get('sforce-limit-info'), new Date(now()));
    if (usage) ctx.usage.last = usage;

    const text = await response.text();
    if (response.ok) {
      if (!req.schema || text.length === 0) {
        return { status: response.status, body: undefined, headers: response.headers };
      }
      const parsed = req.schema.safeParse(parseJson(text));
      if (!parsed.success) {
        throw new CosellError('CRM_RESPONSE_INVALID', {
          system: salesforceName,
          reason: summariseIssues(parsed.error),
        });
      }
      return { status: response.status, body: parsed.data, headers: response.headers };
    }

    // The identity endpoints answer a dead session with 403 `Bad_OAuth_Token` as text instead of 401.
    const sessionRefused =
      response.status === 401 || (response.status === 403 && text.startsWith('Bad_OAuth_Token'));
    if (sessionRefused && !refreshed) {
      // One refresh per call: a second 401 means the stored sign-in itself is no longer accepted.
      refreshed = true;
      await ctx.tokens.session({ refresh: true });
      attempt--; // the repeat after a refresh is not a failure attempt, but it is metered like any call
      continue;
    }

    const errorArray = SfErrorArraySchema.safeParse(parseJson(text));
    const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'), now);
    const error = mapSalesforceFailure(
      {
        status: response.status,
        errors: errorArray.success
          ? errorArray.data
          : [{ errorCode: `HTTP_${response.status}`, message: text.slice(0, 200) }],
        retryAfterMs,
      },
      {
        identity: ctx.tokens.identity,
        subject: req.subject,
        usage: ctx.usage.last,
        now,
      },
    );
    ctx.logger.debug(
      {
        status: response.status,
        code: error.code,
        sfCode: errorArray.success ? errorArray.data[0]?.errorCode : undefined,
        path: logPath,
        attempt,
      },
      'salesforce call failed',
    );
    const mayRepeat = transient.has(error.code) && (replayable || refusedBeforeWork.has(error.code));
    if (!mayRepeat || attempt > ctx.policy.maxRetries) throw error;
    const waitMs = retryAfterMs ?? backoffMs(ctx.policy.baseBackoffMs, attempt, random);
    if (waitMs > ctx.policy.maxInlineWaitMs) throw error;
    await sleep(waitMs, req.signal);
  }
}

/** `Sforce-Limit-Info: api-usage=18/15000` (other entries such as per-app usage may follow). */
export function parseLimitInfo(header: string | null, at: Date): ApiUsage | undefined {
  const match = header ? /api-usage=(\d+)\/(\d+)/.exec(header) : null;
  if (!match) return undefined;
  return { used: Number(match[1]), max: Number(match[2]), at };
}
