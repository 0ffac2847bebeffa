// One JSON request on the wire, for the metered request doors of every remote system (Partner Center,
// Salesforce): the body is serialised and labelled JSON unless the caller set another content type. Every
// request has a deadline: a connection that never answers must not hold a job (or every job sharing a
// batched call) until the lease runs out; the doors treat the timeout like any network failure.
export interface JsonRequest {
  readonly method: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: unknown;
  readonly signal?: AbortSignal | undefined;
  /** Default `requestTimeoutMs`. */
  readonly timeoutMs?: number | undefined;
}

/** How long one request may take, answer body included, before it is abandoned. */
export const requestTimeoutMs = 60_000;

export function sendJson(url: string | URL, request: JsonRequest): Promise<Response> {
  const headers: Record<string, string> = { ...request.headers };
  let body: string | undefined;
  if (request.body !== undefined) {
    body = JSON.stringify(request.body);
    headers['content-type'] ??= 'application/json';
  }
  return fetch(url, {
    method: request.method,
    headers,
    ...(body === undefined ? {} : { body }),
    signal: withDeadline(request.signal, request.timeoutMs ?? requestTimeoutMs),
  });
}

/** The caller's signal, also aborted when the request's deadline passes. */
export function withDeadline(signal: AbortSignal | undefined, timeoutMs: number): AbortSignal {
  const deadline = AbortSignal.timeout(timeoutMs);
  return signal === undefined ? deadline : AbortSignal.any([signal, deadline]);
}
