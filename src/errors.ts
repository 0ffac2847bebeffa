import type { en } from './i18n/en.js';

// The closed error catalogue: every code once, with its HTTP status, retry class and message key.
// Texts live in src/i18n (en, nl-NL, zh-CN); docs/errors.md has a row per code. A test keeps all three in step.

/**
 * How a caller may react to an error:
 * - never: retrying cannot help (bad input, missing role); a person must act.
 * - backoff: transient; retry with jittered exponential backoff.
 * - after: retry after a known moment (Retry-After, the next budget window, a job put back until it is due).
 */
export const RetryClass = { never: 'never', backoff: 'backoff', after: 'after' } as const;
export type RetryClass = (typeof RetryClass)[keyof typeof RetryClass];

interface ErrorDef {
  readonly status: number;
  readonly retry: RetryClass;
}

export const errorCatalogue = {
  // configuration and start-up
  CONFIG_INVALID: { status: 500, retry: 'never' },
  PORT_IN_USE: { status: 500, retry: 'never' },
  ROLE_NEEDS_POSTGRES: { status: 500, retry: 'never' },
  ROLE_UNKNOWN: { status: 500, retry: 'never' },
  INIT_FILE_EXISTS: { status: 500, retry: 'never' },
  STORE_UNREACHABLE: { status: 503, retry: 'backoff' },
  STORE_LOCKED: { status: 503, retry: 'never' },
  MIGRATION_FAILED: { status: 500, retry: 'never' },
  SECRETS_KEY_INVALID: { status: 500, retry: 'never' },
  SECRET_UNREADABLE: { status: 500, retry: 'never' },

  // webhook receiver: bad input is refused and nothing is stored
  WEBHOOK_SIGNATURE_MISSING: { status: 401, retry: 'never' },
  WEBHOOK_SIGNATURE_INVALID: { status: 401, retry: 'never' },
  WEBHOOK_ALGORITHM_UNSUPPORTED: { status: 400, retry: 'never' },
  WEBHOOK_CERT_HOST_NOT_ALLOWED: { status: 401, retry: 'never' },
  WEBHOOK_CERT_UNAVAILABLE: { status: 401, retry: 'backoff' },
  WEBHOOK_CERT_INVALID: { status: 401, retry: 'never' },
  WEBHOOK_BODY_TOO_LARGE: { status: 413, retry: 'never' },
  WEBHOOK_BODY_MALFORMED: { status: 400, retry: 'never' },
  WEBHOOK_CONTENT_TYPE: { status: 415, retry: 'never' },
  WEBHOOK_EVENT_UNKNOWN: { status: 400, retry: 'never' },
  WEBHOOK_REGISTRATION_FAILED: { status: 502, retry: 'backoff' },
  WEBHOOK_VALIDATION_FAILED: { status: 502, retry: 'backoff' },

  // Partner Center API, mapped from its error body and status
  PC_ACCESS_DENIED: { status: 403, retry: 'never' },
  PC_UNAUTHENTICATED: { status: 401, retry: 'never' },
  PC_NOT_FOUND: { status: 404, retry: 'never' },
  PC_INVALID_REQUEST: { status: 400, retry: 'never' },
  PC_PRECONDITION_FAILED: { status: 412, retry: 'backoff' },
  PC_THROTTLED: { status: 429, retry: 'after' },
  PC_UNAVAILABLE: { status: 503, retry: 'after' },
  PC_SERVER_ERROR: { status: 502, retry: 'backoff' },
  PC_RESPONSE_INVALID: { status: 502, retry: 'never' },
  PC_BUDGET_EXHAUSTED: { status: 429, retry: 'after' },
  NETWORK_ERROR: { status: 502, retry: 'backoff' },

  // CRM APIs (Salesforce, Dataverse), mapped from their error bodies; {{system}} names which
  CRM_ACCESS_DENIED: { status: 403, retry: 'never' },
  CRM_DAILY_LIMIT: { status: 429, retry: 'after' },
  CRM_THROTTLED: { status: 429, retry: 'after' },
  CRM_UNAVAILABLE: { status: 503, retry: 'backoff' },
  CRM_REQUEST_INVALID: { status: 400, retry: 'never' },
  CRM_NOT_FOUND: { status: 404, retry: 'never' },
  CRM_CONFLICT: { status: 412, retry: 'backoff' },
  CRM_DUPLICATE: { status: 409, retry: 'never' },
  CRM_RESPONSE_INVALID: { status: 502, retry: 'never' },
  CRM_SCHEMA_MISSING: { status: 409, retry: 'never' },

  // sign-in and connections
  AUTH_NOT_CONNECTED: { status: 409, retry: 'never' },
  AUTH_REFRESH_FAILED: { status: 401, retry: 'never' },
  AUTH_DEVICE_CODE_EXPIRED: { status: 401, retry: 'never' },
  AUTH_DEVICE_CODE_DECLINED: { status: 401, retry: 'never' },
  AUTH_ROLE_MISSING: { status: 403, retry: 'never' },
  AUTH_SIGN_IN_FAILED: { status: 401, retry: 'never' },
  AUTH_CONNECTED_APP_REFUSED: { status: 401, retry: 'never' },
  AUTH_REFRESH_TOKEN_REFUSED: { status: 401, retry: 'never' },
  AUTH_REFRESH_TOKEN_MISSING: { status: 400, retry: 'never' },

  // data rules (R2, R3, R6, R7, P4): results on a record, never retried until the data changes
  VALIDATION_SOLUTION_MISSING: { status: 422, retry: 'never' },
  VALIDATION_COUNTRY_INVALID: { status: 422, retry: 'never' },
  VALIDATION_CONTACT_MISSING: { status: 422, retry: 'never' },
  VALIDATION_DEAL_VALUE_MISSING: { status: 422, retry: 'never' },
  VALIDATION_CLOSE_DATE_MISSING: { status: 422, retry: 'never' },
  VALIDATION_CURRENCY_INVALID: { status: 422, retry: 'never' },
  VALIDATION_CURRENCY_NOT_ENABLED: { status: 422, retry: 'never' },
  STATUS_TRANSITION_INVALID: { status: 422, retry: 'never' },
  REFERRAL_PAYLOAD_INVALID: { status: 422, retry: 'never' },

  // flows (C3)
  FLOW_NEEDED: { status: 409, retry: 'never' },

  // job engine: a job goes back to the queue without spending an attempt, so both retry 'after'
  WORKER_STOPPED: { status: 503, retry: 'after' },
  JOB_KIND_UNKNOWN: { status: 501, retry: 'after' },
  // run history (R1, R4)
  RUN_NOT_FOUND: { status: 404, retry: 'never' },
  RUN_NOT_FAILED: { status: 409, retry: 'never' },
  RUN_NOT_RESUBMITTABLE: { status: 409, retry: 'never' },

  // first sync (cosell plan, cosell backfill)
  PLAN_NOT_FOUND: { status: 404, retry: 'never' },
  PLAN_INVALID: { status: 400, retry: 'never' },
  BACKFILL_RUNNING: { status: 409, retry: 'never' },
  BACKFILL_NOT_CONFIRMED: { status: 400, retry: 'never' },

  // the console and its API (issue 6)
  CONSOLE_UNAUTHENTICATED: { status: 401, retry: 'never' },
  CONSOLE_FORBIDDEN: { status: 403, retry: 'never' },
  CSRF_INVALID: { status: 403, retry: 'never' },
  LOGIN_THROTTLED: { status: 429, retry: 'after' },
  USER_EXISTS: { status: 409, retry: 'never' },
  USER_NOT_FOUND: { status: 404, retry: 'never' },
  PASSWORD_TOO_SHORT: { status: 400, retry: 'never' },
  DOCTOR_UNAVAILABLE: { status: 501, retry: 'never' },

  // generic
  REQUEST_INVALID: { status: 400, retry: 'never' },
  NOT_FOUND: { status: 404, retry: 'never' },
  INTERNAL: { status: 500, retry: 'backoff' },
} as const satisfies Record<string, ErrorDef>;

export type ErrorCode = keyof typeof errorCatalogue;
export const errorCodes = Object.keys(errorCatalogue) as ErrorCode[];

/** The i18n key of a code's message; its guidance (what to do) is `${messageKey}.fix`. */
export function messageKey(code: ErrorCode): `errors.${ErrorCode}` {
  return `errors.${code}`;
}

export type ErrorParams = Readonly<Record<string, string | number>>;

/** The `{{name}}` placeholders of a message template, as a union of names. */
type Placeholders<S extends string> = S extends `${string}{{${infer P}}}${infer Rest}`
  ? P | Placeholders<Rest>
  : never;

/**
 * The params a code's message and fix need, read from the English catalogue's literal types: a missing or
 * misspelt param is a compile error, not a "{{reason}}" shown to a user.
 */
export type ParamsOf<C extends ErrorCode> = {
  readonly [K in Placeholders<(typeof en)[`errors.${C}`]> | Placeholders<(typeof en)[`errors.${C}.fix`]>]:
    string | number;
};

type ErrorOptions = { cause?: unknown; retryAfterMs?: number; detail?: string };
type ErrorArgs<C extends ErrorCode> = [keyof ParamsOf<C>] extends [never]
  ? [params?: ParamsOf<C>, options?: ErrorOptions]
  : [params: ParamsOf<C>, options?: ErrorOptions];

/**
 * An error with a catalogue code. `params` fill the message; they must never hold a secret.
 * `retryAfterMs` is set when the remote system (or our budget) says when to come back.
 */
export class CosellError<C extends ErrorCode = ErrorCode> extends Error {
  readonly code: C;
  readonly status: number;
  readonly retry: RetryClass;
  readonly params: ErrorParams;
  readonly retryAfterMs: number | undefined;

  constructor(code: C, ...[params, options = {}]: ErrorArgs<C>) {
    // The English text is rendered lazily by callers that have a locale; the message here is for logs.
    super(options.detail ? `${code}: ${options.detail}` : code, { cause: options.cause });
    this.name = 'CosellError';
    this.code = code;
    this.status = errorCatalogue[code].status;
    this.retry = errorCatalogue[code].retry;
    this.params = params ?? {};
    this.retryAfterMs = options.retryAfterMs;
  }
}

/** Whether a stored code (a run's or an audit entry's) is one of the catalogue's. */
export function isErrorCode(code: string): code is ErrorCode {
  return Object.hasOwn(errorCatalogue, code);
}

export function isCosellError(value: unknown): value is CosellError {
  return value instanceof CosellError;
}
