// Salesforce failures as catalogue errors. One function serves a whole HTTP answer (status + error array),
// a composite subrequest's answer, and a per-record collection error, so the same cause always gets the
// same code wherever it shows up (spec: remote-apis.md §4, "Errors"; design rule 8).
import { CosellError } from '../../errors.js';
import { redactSecrets } from '../../logger.js';

/** How Salesforce is named in messages; `cosell connect salesforce` uses the lower-case id. */
export const salesforceName = 'Salesforce';
export const salesforceSystem = 'salesforce' as const;

/**
 * Salesforce's daily API limit is a rolling 24-hour window, not a calendar day, and its 403 carries no
 * Retry-After: the oldest calls age out continuously. So we defer an hour and try again rather than sleeping
 * until some midnight; a deferral costs one refused call, and work resumes soon after capacity returns.
 */
export const dailyLimitDeferMs = 60 * 60_000;
/** The concurrent-request limit (also 403 REQUEST_LIMIT_EXCEEDED) clears within seconds. */
export const concurrencyDeferMs = 30_000;

export interface SfErrorItem {
  readonly errorCode: string;
  readonly message: string;
  readonly fields?: readonly string[] | undefined;
}

export interface SfFailure {
  /** HTTP status of the answer (a collection record error uses 400). */
  readonly status: number;
  readonly errors: readonly SfErrorItem[];
  readonly retryAfterMs?: number | undefined;
}

export interface FailureContext {
  /** The identity we act as (username), named in access errors. */
  readonly identity: string;
  /** The record the call was about, for not-found, duplicate and conflict messages. */
  readonly subject?: { readonly object: string; readonly id: string } | undefined;
  /** The last `Sforce-Limit-Info` reading, for the daily-limit message. */
  readonly usage?: { readonly used: number; readonly max: number } | undefined;
  readonly now?: () => number;
}

/**
 * Salesforce session ids look like `00D…!AQ…`: the `!` ends the logger's bearer pattern early, so they are
 * scrubbed here first, then everything the logger knows about.
 */
export function redactSalesforce(text: string): string {
  return redactSecrets(text.replace(/\b00D[A-Za-z0-9]{12,15}![A-Za-z0-9._~+/=-]+/g, '[redacted-session]'));
}

const has = (errors: readonly SfErrorItem[], test: (code: string) => boolean) =>
  errors.some((e) => test(e.errorCode));

function describe(errors: readonly SfErrorItem[], status: number): string {
  if (errors.length === 0) return `HTTP ${status}`;
  return redactSalesforce(
    errors
      .map((e) => {
        const fields = e.fields && e.fields.length > 0 ? ` [fields: ${e.fields.join(', ')}]` : '';
        return `${e.errorCode}: ${e.message}${fields}`;
      })
      .join('; '),
  );
}

export function mapSalesforceFailure(failure: SfFailure, ctx: FailureContext): CosellError {
  const { status, errors } = failure;
  const now = ctx.now ?? Date.now;
  const system = salesforceName;
  const detail = describe(errors, status);
  const object = ctx.subject?.object ?? 'record';
  const id = ctx.subject?.id ?? '';

  if (has(errors, (c) => c === 'REQUEST_LIMIT_EXCEEDED')) {
    // Same code for two limits; only the message tells the daily total from the concurrent-request limit.
    const daily = errors.some((e) => /TotalRequests/i.test(e.message));
    if (!daily)
      return new CosellError('CRM_THROTTLED', { system }, { retryAfterMs: concurrencyDeferMs, detail });
    return new CosellError(
      'CRM_DAILY_LIMIT',
      {
        system,
        used: ctx.usage?.used ?? '?',
        limit: ctx.usage?.max ?? '?',
        resumeAt: new Date(now() + dailyLimitDeferMs).toISOString(),
      },
      { retryAfterMs: dailyLimitDeferMs, detail },
    );
  }
  if (status === 429) {
    return new CosellError(
      'CRM_THROTTLED',
      { system },
      { retryAfterMs: failure.retryAfterMs ?? concurrencyDeferMs, detail },
    );
  }
  if (status === 401) {
    // Only reached after the one refresh: the stored sign-in itself is no longer accepted.
    return new CosellError(
      'AUTH_REFRESH_FAILED',
      { system: salesforceSystem, identity: ctx.identity },
      { detail },
    );
  }
  if (has(errors, (c) => c.startsWith('INSUFFICIENT_ACCESS')) || status === 403) {
    return new CosellError(
      'CRM_ACCESS_DENIED',
      { system, identity: ctx.identity, reason: detail },
      { detail },
    );
  }
  if (status === 300 || has(errors, (c) => c === 'DUPLICATE_VALUE' || c === 'DUPLICATE_EXTERNAL_ID')) {
    return new CosellError('CRM_DUPLICATE', { system, object, key: id || detail }, { detail });
  }
  if (status === 404 || has(errors, (c) => c === 'NOT_FOUND' || c === 'ENTITY_IS_DELETED')) {
    return new CosellError('CRM_NOT_FOUND', { system, object, id }, { detail });
  }
  if (status === 409 || status === 412) {
    return new CosellError('CRM_CONFLICT', { system, object, id }, { detail });
  }
  if (status >= 500 || has(errors, (c) => c === 'SERVER_UNAVAILABLE' || c === 'UNKNOWN_EXCEPTION')) {
    return new CosellError('CRM_UNAVAILABLE', { system, status }, { detail });
  }
  // A custom field or object the org does not have: the co-sell schema is not (fully) installed.
  if (has(errors, (c) => c === 'INVALID_FIELD' || c === 'INVALID_TYPE') && /\w__[cr]\b/.test(detail)) {
    return new CosellError('CRM_SCHEMA_MISSING', { system, reason: detail }, { detail });
  }
  return new CosellError('CRM_REQUEST_INVALID', { system, reason: detail }, { detail });
}

/** A per-record error of a collection or composite result, in the REST error shape. */
export function recordErrorItems(
  errors: readonly { statusCode: string; message: string; fields?: readonly string[] | undefined }[],
): SfErrorItem[] {
  return errors.map((e) => ({ errorCode: e.statusCode, message: e.message, fields: e.fields }));
}

/**
 * PROCESSING_HALTED only says that something else failed first (a referenced subrequest, or a rolled-back
 * transaction); the first failure that is not a halt is the cause worth reporting.
 */
export function isHalt(errors: readonly SfErrorItem[]): boolean {
  return errors.length > 0 && errors.every((e) => e.errorCode === 'PROCESSING_HALTED');
}
