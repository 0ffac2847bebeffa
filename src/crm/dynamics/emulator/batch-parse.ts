// Reading a $batch body (OData 4.0 §11.7, multipart/mixed): parts of `Content-Type: application/http`, each an
// HTTP request (request line, headers, body), and change sets (a nested multipart/mixed) whose requests carry a
// `Content-ID`. Line ends may be CRLF or LF. Request URLs may be absolute (`http://host/api/data/v9.2/accounts`),
// absolute paths, relative to the service root (`accounts`), or start with a change set's `$<Content-ID>`.
import { DvErrorCode, DvHttpError } from './dv-errors.js';

export interface BatchRequest {
  readonly method: string;
  /** The URL as written: resolved against the service root (and Content-IDs) when run. */
  readonly url: string;
  /** Header names in lower case. */
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
  readonly contentId: string | undefined;
}

export type BatchItem =
  | { readonly kind: 'request'; readonly request: BatchRequest }
  | { readonly kind: 'changeset'; readonly requests: readonly BatchRequest[] };

/** Dataverse's limit on requests in one $batch. */
export const maxBatchRequests = 1000;

const batchError = (message: string) => new DvHttpError(400, DvErrorCode.batch, message);

export function boundaryOf(contentType: string | undefined): string | undefined {
  const m = /boundary=("?)([^";,]+)\1/i.exec(contentType ?? '');
  return m?.[2];
}

/** Splits a multipart body into its parts (without the delimiter lines). */
function splitParts(text: string, boundary: string): string[] {
  const delimiter = `--${boundary}`;
  const lines = text.split(/\r?\n/);
  const parts: string[][] = [];
  let current: string[] | undefined;
  let closed = false;
  for (const line of lines) {
    const trimmed = line.trimEnd();
    if (trimmed === `${delimiter}--`) {
      if (current) parts.push(current);
      current = undefined;
      closed = true;
      break;
    }
    if (trimmed === delimiter) {
      if (current) parts.push(current);
      current = [];
      continue;
    }
    current?.push(line);
  }
  if (!closed) throw batchError(`The batch body has no closing delimiter '${delimiter}--'.`);
  return parts.map((p) => p.join('\r\n'));
}

/** Headers up to the first blank line, and the rest. */
function headersAndRest(text: string): { headers: Record<string, string>; rest: string } {
  const lines = text.split(/\r\n/);
  while (lines[0]?.trim() === '') lines.shift();
  const headers: Record<string, string> = {};
  let i = 0;
  for (; i < lines.length; i++) {
    const line = lines[i] as string;
    if (line.trim() === '') break;
    const colon = line.indexOf(':');
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return { headers, rest: lines.slice(i + 1).join('\r\n') };
}

function parseHttpPart(part: string): BatchRequest {
  const mime = headersAndRest(part);
  if (!/^application\/http/i.test(mime.headers['content-type'] ?? '')) {
    throw batchError("Each part of a batch must have 'Content-Type: application/http' or be a change set.");
  }
  const lines = mime.rest.split(/\r\n/);
  while (lines[0]?.trim() === '') lines.shift();
  const requestLine = /^([A-Z]+)\s+(\S+)(?:\s+HTTP\/\d\.\d)?\s*$/.exec(lines.shift() ?? '');
  if (!requestLine)
    throw batchError('A batch part does not start with an HTTP request line (METHOD URL HTTP/1.1).');
  const inner = headersAndRest(lines.join('\r\n'));
  return {
    method: requestLine[1] as string,
    url: requestLine[2] as string,
    headers: inner.headers,
    body: inner.rest.trim(),
    contentId: mime.headers['content-id'] ?? inner.headers['content-id'],
  };
}

export function parseBatch(text: string, contentType: string | undefined): BatchItem[] {
  const boundary = boundaryOf(contentType);
  if (!/^multipart\/mixed/i.test(contentType ?? '') || !boundary) {
    throw batchError("A $batch request needs 'Content-Type: multipart/mixed;boundary=…'.");
  }
  const items: BatchItem[] = [];
  let count = 0;
  for (const part of splitParts(text, boundary)) {
    const { headers, rest } = headersAndRest(part);
    const changeSetBoundary = /^multipart\/mixed/i.test(headers['content-type'] ?? '')
      ? boundaryOf(headers['content-type'])
      : undefined;
    if (changeSetBoundary) {
      const requests = splitParts(rest, changeSetBoundary).map(parseHttpPart);
      for (const r of requests) {
        if (r.method === 'GET') throw batchError('A change set cannot contain GET requests.');
      }
      count += requests.length;
      items.push({ kind: 'changeset', requests });
    } else {
      count++;
      items.push({ kind: 'request', request: parseHttpPart(part) });
    }
    if (count > maxBatchRequests) {
      throw batchError(`The number of requests in the batch exceeds the limit of ${maxBatchRequests}.`);
    }
  }
  return items;
}
