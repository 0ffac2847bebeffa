// One JSON request on the wire, for the metered request doors of every remote system (Partner Center,
// Salesforce): the body is serialised and labelled JSON unless the caller set another content type.
export interface JsonRequest {
  readonly method: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: unknown;
  readonly signal?: AbortSignal | undefined;
}

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
    ...(request.signal ? { signal: request.signal } : {}),
  });
}
