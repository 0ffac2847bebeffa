// Salesforce's error shapes. REST answers every failure with an array `[{message, errorCode, fields?}]`;
// sObject Collections report per-record errors as `{statusCode, message, fields}`; the OAuth endpoints answer
// `{error, error_description}`. Handlers throw these classes; server.ts turns them into the wire shape.

/** The error codes the emulator answers with (all of them real Salesforce codes). */
export const SfErrorCode = {
  allOrNoneRolledBack: 'ALL_OR_NONE_OPERATION_ROLLED_BACK',
  duplicateDeveloperName: 'DUPLICATE_DEVELOPER_NAME',
  duplicateValue: 'DUPLICATE_VALUE',
  entityIsDeleted: 'ENTITY_IS_DELETED',
  exceededIdLimit: 'EXCEEDED_ID_LIMIT',
  fieldIntegrity: 'FIELD_INTEGRITY_EXCEPTION',
  insufficientAccess: 'INSUFFICIENT_ACCESS_OR_READONLY',
  invalidEmail: 'INVALID_EMAIL_ADDRESS',
  invalidField: 'INVALID_FIELD',
  invalidFieldForInsertUpdate: 'INVALID_FIELD_FOR_INSERT_UPDATE',
  invalidQueryFilterOperator: 'INVALID_QUERY_FILTER_OPERATOR',
  invalidQueryLocator: 'INVALID_QUERY_LOCATOR',
  invalidReplicationDate: 'INVALID_REPLICATION_DATE',
  invalidSession: 'INVALID_SESSION_ID',
  invalidType: 'INVALID_TYPE',
  invalidTypeForOperation: 'INVALID_TYPE_FOR_OPERATION',
  jsonParser: 'JSON_PARSER_ERROR',
  limitExceeded: 'LIMIT_EXCEEDED',
  malformedId: 'MALFORMED_ID',
  malformedQuery: 'MALFORMED_QUERY',
  methodNotAllowed: 'METHOD_NOT_ALLOWED',
  missingArgument: 'MISSING_ARGUMENT',
  notFound: 'NOT_FOUND',
  numberOutsideRange: 'NUMBER_OUTSIDE_VALID_RANGE',
  processingHalted: 'PROCESSING_HALTED',
  requestLimitExceeded: 'REQUEST_LIMIT_EXCEEDED',
  requiredFieldMissing: 'REQUIRED_FIELD_MISSING',
  serverUnavailable: 'SERVER_UNAVAILABLE',
  stringTooLong: 'STRING_TOO_LONG',
  unknownException: 'UNKNOWN_EXCEPTION',
  unsupportedMediaType: 'UNSUPPORTED_MEDIA_TYPE',
} as const;
export type SfErrorCode = (typeof SfErrorCode)[keyof typeof SfErrorCode];

/** One element of Salesforce's REST error array. */
export interface SfError {
  readonly message: string;
  readonly errorCode: string;
  readonly fields?: readonly string[];
}

/** A REST failure: the status, the error array and extra headers (e.g. Allow on 405). */
export class SfHttpError extends Error {
  constructor(
    readonly status: number,
    readonly errors: readonly SfError[],
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(errors.map((e) => `${e.errorCode}: ${e.message}`).join('; '));
    this.name = 'SfHttpError';
  }

  /** The errors as an sObject Collections / composite per-record result reports them. */
  recordErrors(): RecordError[] {
    return this.errors.map((e) => ({
      statusCode: e.errorCode,
      message: e.message,
      fields: [...(e.fields ?? [])],
    }));
  }
}

export interface RecordError {
  readonly statusCode: string;
  readonly message: string;
  readonly fields: readonly string[];
}

export function sfError(
  status: number,
  errorCode: SfErrorCode,
  message: string,
  fields?: readonly string[],
): SfHttpError {
  return new SfHttpError(status, [{ message, errorCode, ...(fields === undefined ? {} : { fields }) }]);
}

export const badRequest = (errorCode: SfErrorCode, message: string, fields?: readonly string[]) =>
  sfError(400, errorCode, message, fields);

/** The body Salesforce sends for an unknown resource or record. */
export const notFound = (message = 'The requested resource does not exist'): SfHttpError =>
  sfError(404, SfErrorCode.notFound, message);

/** Errors of the OAuth endpoints (`/services/oauth2/*`): `{error, error_description}`, status 400 unless given. */
export class OAuthError extends Error {
  constructor(
    readonly error: string,
    readonly description: string,
    readonly status = 400,
  ) {
    super(`${error}: ${description}`);
    this.name = 'OAuthError';
  }

  body(): { error: string; error_description: string } {
    return { error: this.error, error_description: this.description };
  }
}

/** Errors of the /_emulator control surface: `{error: {code: 'emulatorControl', message, errors?}}`. */
export class ControlError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly errors?: readonly SfError[],
  ) {
    super(message);
    this.name = 'ControlError';
  }
}
