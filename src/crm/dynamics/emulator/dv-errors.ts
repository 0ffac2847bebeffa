// Dataverse's error body, `{"error":{"code":"0x…","message":"…"}}` (web-api-client-errors), the codes the
// emulator answers with, and the errors of its control surface. Codes are Dataverse's own where the docs or
// well-known answers name them; the comment on each says what it means there.

export const DvErrorCode = {
  /** The row does not exist ("… With Id = … Does Not Exist"). */
  notFound: '0x80040217',
  /** A row with the same alternate key values exists. */
  duplicate: '0x80040237',
  /** If-Match/If-None-Match failed: the row version differs, or the row exists. */
  preconditionFailed: '0x80060882',
  /** OData URL or query errors: unknown property, syntax, unsupported option. */
  odataQuery: '0x80060888',
  /** The request body cannot be read as the table's row (unknown property, wrong type, bad bind). */
  payload: '0x80048d19',
  /** An argument is wrong for the operation (bad state, bad status, wrong message parameters). */
  invalidArgument: '0x80040203',
  /** Text longer than the column's maximum length. */
  stringTooLong: '0x80044331',
  /** The calling user lacks a privilege. */
  privilege: '0x80040220',
  /** Service protection: number of requests in the window. */
  requestLimit: '0x80072322',
  /** Service protection: concurrent requests (what the `throttle` fault knob answers). */
  concurrencyLimit: '0x80072326',
  /** An unexpected server error (the `errorRate` fault knob's 500). */
  unexpected: '0x80040216',
  /** The service is unavailable (the `errorRate` fault knob's 503). */
  unavailable: '0x80044183',
  /** A $batch body that cannot be read, or with too many requests. */
  batch: '0x8006088a',
  /** The resource (entity set, function, action) does not exist. */
  resourceNotFound: '0x8006088a',
  /** Method not allowed on this resource. */
  methodNotAllowed: '0x80060888',
} as const;
export type DvErrorCode = (typeof DvErrorCode)[keyof typeof DvErrorCode];

export interface DvErrorBody {
  readonly error: { readonly code: string; readonly message: string };
}

/** An answer other than success, in Dataverse's error shape. */
export class DvHttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(message);
  }

  body(): DvErrorBody {
    return { error: { code: this.code, message: this.message } };
  }
}

export const badRequest = (code: string, message: string) => new DvHttpError(400, code, message);
export const queryError = (message: string) => new DvHttpError(400, DvErrorCode.odataQuery, message);
export const payloadError = (message: string) => new DvHttpError(400, DvErrorCode.payload, message);
export const rowNotFound = (entity: string, id: string) =>
  new DvHttpError(404, DvErrorCode.notFound, `${entity} With Id = ${id} Does Not Exist`);
export const resourceNotFound = (what: string) =>
  new DvHttpError(404, DvErrorCode.resourceNotFound, `Resource not found for the segment '${what}'.`);

/** A refused /_emulator call (or handle call), answered as `{error: {code: 'emulatorControl', message}}`. */
export class ControlError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}
