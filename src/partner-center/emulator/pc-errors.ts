// Partner Center's error body and codes (error-codes.md, remote-apis §1 "Errors and limits"):
// `{"error":{"code","message","target"?}}` on every failing API answer, including faults the emulator injects.

export const PcErrorCode = {
  accessDenied: 'accessDenied',
  generalException: 'generalException',
  invalidRequest: 'invalidRequest',
  itemNotFound: 'itemNotFound',
  preconditionFailed: 'preconditionFailed',
  resourceModified: 'resourceModified',
  serviceNotAvailable: 'serviceNotAvailable',
  unauthenticated: 'unauthenticated',
} as const;
export type PcErrorCode = (typeof PcErrorCode)[keyof typeof PcErrorCode];

export interface PcErrorBody {
  error: { code: PcErrorCode; message: string; target?: string };
}

/** Thrown by handlers; the server's error handler turns it into the status, headers and error body. */
export class PcHttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: PcErrorCode,
    message: string,
    readonly target?: string,
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(message);
    this.name = 'PcHttpError';
  }

  body(): PcErrorBody {
    return {
      error: {
        code: this.code,
        message: this.message,
        ...(this.target === undefined ? {} : { target: this.target }),
      },
    };
  }
}

export const invalidRequest = (message: string, target?: string): PcHttpError =>
  new PcHttpError(400, PcErrorCode.invalidRequest, message, target);

export const notFound = (message: string, target?: string): PcHttpError =>
  new PcHttpError(404, PcErrorCode.itemNotFound, message, target);

/** Errors of the /_emulator control surface: plain `{error:{code,message}}` with the given status. */
export class ControlError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'ControlError';
  }
}

/**
 * Runs one item of a bulk control call: a refusal names the item (`referrals[3]: …`, target under it), so the
 * caller knows which of many was refused.
 */
export function atIndex<T>(label: string, fn: () => T): T {
  try {
    return fn();
  } catch (error) {
    if (error instanceof PcHttpError) {
      throw new PcHttpError(
        error.status,
        error.code,
        `${label}: ${error.message}`,
        error.target === undefined ? label : `${label}.${error.target}`,
        error.headers,
      );
    }
    if (error instanceof ControlError) throw new ControlError(error.status, `${label}: ${error.message}`);
    throw error;
  }
}
