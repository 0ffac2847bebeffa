// Dataverse failures as catalogue errors. One function serves a whole HTTP answer and an answer inside a
// $batch, so the same cause always gets the same code wherever it shows up. Dataverse's error body is
// `{"error":{"code":"0x…","message":"…"}}` (learn: web-api-client-errors); the hexadecimal code says more
// than the status where both are known (a duplicate alternate key and a stale row version are both 412).
import { CosellError } from '../../errors.js';
import { redactSecrets } from '../../logger.js';

/** How Dynamics 365 is named in messages; `cosell connect dynamics` uses the lower-case id. */
export const dynamicsName = 'Dynamics 365';
export const dynamicsSystem = 'dynamics' as const;

/** Dataverse's codes that decide the mapping (the emulator's dv-errors.ts uses the same). */
export const DvCode = {
  notFound: '0x80040217',
  duplicateKey: '0x80040237',
  staleVersion: '0x80060882',
  privilege: '0x80040220',
  /** Service protection: requests, execution time and concurrent requests. */
  requestLimit: '0x80072322',
  executionTime: '0x80072321',
  concurrency: '0x80072326',
} as const;

/** When a 429 carries no Retry-After (Dataverse always sends one; a proxy might not). */
export const throttleDeferMs = 30_000;

export interface DvFailure {
  readonly status: number;
  /** Dataverse's code (`0x…`), or `HTTP_<status>` when the body had none. */
  readonly code: string;
  readonly message: string;
  readonly retryAfterMs?: number | undefined;
}

export interface DvFailureContext {
  /** Who we act as (the application user's client id, or the signed-in user), named in access errors. */
  readonly identity: string;
  /** The row the call was about, for not-found, duplicate and conflict messages. */
  readonly subject?: { readonly object: string; readonly id: string } | undefined;
}

/** Tokens never reach a message: bearer tokens, JWT-shaped strings and refresh tokens are scrubbed. */
export function redactDataverse(text: string): string {
  return redactSecrets(
    text
      .replace(/\beyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_.-]+/g, '[redacted-token]')
      .replace(/\b0\.A[A-Za-z0-9_-]{20,}/g, '[redacted-token]'),
  );
}

export function mapDataverseFailure(failure: DvFailure, ctx: DvFailureContext): CosellError {
  const { status, code } = failure;
  const system = dynamicsName;
  const detail = redactDataverse(`${code}: ${failure.message}`.slice(0, 1000));
  const object = ctx.subject?.object ?? 'record';
  const id = ctx.subject?.id ?? '';

  if (status === 429 || code === DvCode.requestLimit || code === DvCode.concurrency) {
    return new CosellError(
      'CRM_THROTTLED',
      { system },
      { retryAfterMs: failure.retryAfterMs ?? throttleDeferMs, detail },
    );
  }
  if (status === 401) {
    // Only reached after the one token refresh: the credentials themselves are no longer accepted.
    return new CosellError(
      'AUTH_REFRESH_FAILED',
      { system: dynamicsSystem, identity: ctx.identity },
      { detail },
    );
  }
  if (status === 403 || code === DvCode.privilege) {
    return new CosellError(
      'CRM_ACCESS_DENIED',
      { system, identity: ctx.identity, reason: detail },
      { detail },
    );
  }
  // A publisher-prefixed column, key or table the environment does not have: the co-sell schema is missing.
  if (
    (status === 400 || status === 404) &&
    (/(property named|for the segment) '[a-z][a-z0-9]{1,7}_[a-z0-9]+'/.test(failure.message) ||
      /not defined as an alternate key/.test(failure.message))
  ) {
    return new CosellError('CRM_SCHEMA_MISSING', { system, reason: detail }, { detail });
  }
  if (code === DvCode.duplicateKey) {
    return new CosellError('CRM_DUPLICATE', { system, object, key: id || detail }, { detail });
  }
  if (status === 404 || code === DvCode.notFound) {
    return new CosellError('CRM_NOT_FOUND', { system, object, id }, { detail });
  }
  if (status === 412 || status === 409 || code === DvCode.staleVersion) {
    return new CosellError('CRM_CONFLICT', { system, object, id }, { detail });
  }
  if (status >= 500) {
    return new CosellError('CRM_UNAVAILABLE', { system, status }, { detail });
  }
  return new CosellError('CRM_REQUEST_INVALID', { system, reason: detail }, { detail });
}
