// The $batch wire format (OData 4.0 §11.7; learn: execute-batch-operations-using-web-api), both ways. A batch is
// multipart/mixed: each part one HTTP request, or a change set (a nested multipart/mixed) whose requests
// commit or fail together and may name each other's new rows as `$<Content-ID>`. The answer mirrors it:
// per request part one HTTP answer; per change set either its answers (with their Content-IDs) or, when it
// failed and was rolled back, the one failure. Pure: no I/O.
import { randomUUID } from 'node:crypto';
import { parseJson } from '../../http-client/response.js';

export interface BatchRequest {
  readonly method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  /** Absolute URL, or `$<Content-ID>` (optionally with a path after it) inside a change set. */
  readonly url: string;
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
  /** Set for requests inside a change set; unique in the batch. */
  readonly contentId?: string | undefined;
}

export type BatchItem =
  | { readonly kind: 'request'; readonly request: BatchRequest }
  | { readonly kind: 'changeset'; readonly requests: readonly BatchRequest[] };

export interface BatchResponse {
  readonly status: number;
  /** Header names in lower case. */
  readonly headers: Readonly<Record<string, string>>;
  readonly body: unknown;
  readonly contentId: string | undefined;
}

/** Per item of the batch, in order; missing when Dataverse stopped before it. */
export type BatchAnswer =
  | { readonly kind: 'request'; readonly response: BatchResponse }
  | { readonly kind: 'changeset'; readonly responses: readonly BatchResponse[] }
  | { readonly kind: 'changeset-failed'; readonly response: BatchResponse };

/** Requests the batch carries (Dataverse's limit is 1,000 inside one $batch). */
export const requestCount = (items: readonly BatchItem[]): number =>
  items.reduce((n, item) => n + (item.kind === 'request' ? 1 : item.requests.length), 0);

function httpPart(request: BatchRequest): string {
  const lines = ['Content-Type: application/http', 'Content-Transfer-Encoding: binary'];
  if (request.contentId !== undefined) lines.push(`Content-ID: ${request.contentId}`);
  lines.push('', `${request.method} ${request.url} HTTP/1.1`);
  if (request.body !== undefined) lines.push('Content-Type: application/json; type=entry');
  lines.push('Accept: application/json');
  for (const [name, value] of Object.entries(request.headers ?? {})) lines.push(`${name}: ${value}`);
  lines.push('', request.body === undefined ? '' : JSON.stringify(request.body));
  return lines.join('\r\n');
}

export function encodeBatch(items: readonly BatchItem[]): { contentType: string; body: string } {
  const boundary = `batch_${randomUUID()}`;
  const parts = items.map((item) => {
    if (item.kind === 'request') return httpPart(item.request);
    const inner = `changeset_${randomUUID()}`;
    return [
      `Content-Type: multipart/mixed; boundary=${inner}`,
      '',
      ...item.requests.map((r) => `--${inner}\r\n${httpPart(r)}`),
      `--${inner}--`,
    ].join('\r\n');
  });
  const body = `${parts.map((p) => `--${boundary}\r\n${p}`).join('\r\n')}\r\n--${boundary}--\r\n`;
  return { contentType: `multipart/mixed; boundary=${boundary}`, body };
}

export function boundaryOf(contentType: string | null | undefined): string | undefined {
  return /boundary=("?)([^";,]+)\1/i.exec(contentType ?? '')?.[2];
}

/** The parts of a multipart body, without their delimiter lines. */
function splitParts(text: string, boundary: string): string[] {
  const parts: string[][] = [];
  let current: string[] | undefined;
  for (const line of text.split(/\r?\n/)) {
    const trimmed = line.trimEnd();
    if (trimmed === `--${boundary}--`) break;
    if (trimmed === `--${boundary}`) {
      if (current) parts.push(current);
      current = [];
      continue;
    }
    current?.push(line);
  }
  if (current) parts.push(current);
  return parts.map((p) => p.join('\n'));
}

/** Headers up to the first blank line, and the rest; `leadingBlanks` skips blank lines before the headers. */
function headersAndRest(
  text: string,
  leadingBlanks = true,
): { headers: Record<string, string>; rest: string } {
  const lines = text.split('\n');
  while (leadingBlanks && lines.length > 0 && lines[0]?.trim() === '') lines.shift();
  const headers: Record<string, string> = {};
  let i = 0;
  for (; i < lines.length; i++) {
    const line = lines[i] ?? '';
    if (line.trim() === '') break;
    const colon = line.indexOf(':');
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return { headers, rest: lines.slice(i + 1).join('\n') };
}

function parseResponsePart(part: string): BatchResponse {
  const mime = headersAndRest(part);
  const lines = mime.rest.split('\n');
  while (lines.length > 0 && lines[0]?.trim() === '') lines.shift();
  const status = Number(/^HTTP\/\d\.\d\s+(\d{3})/.exec(lines.shift() ?? '')?.[1] ?? 0);
  // The answer may have no headers at all: a blank line right after the status line starts its body.
  const inner = headersAndRest(lines.join('\n'), false);
  const text = inner.rest.trim();
  return {
    status,
    headers: inner.headers,
    body: text === '' ? undefined : parseJson(text),
    contentId: mime.headers['content-id'] ?? inner.headers['content-id'],
  };
}

/** The answers of a $batch, one per item that Dataverse answered. */
export function decodeBatch(text: string, contentType: string | null): BatchAnswer[] {
  const boundary = boundaryOf(contentType);
  if (boundary === undefined) return [];
  return splitParts(text, boundary).map((part): BatchAnswer => {
    const { headers, rest } = headersAndRest(part);
    const inner = /^multipart\/mixed/i.test(headers['content-type'] ?? '')
      ? boundaryOf(headers['content-type'])
      : undefined;
    if (inner === undefined) {
      const response = parseResponsePart(part);
      return { kind: 'request', response };
    }
    return { kind: 'changeset', responses: splitParts(rest, inner).map(parseResponsePart) };
  });
}

/** Matches answers to items: a change set answered by one failure is `changeset-failed`. */
export function alignAnswers(
  items: readonly BatchItem[],
  answers: readonly BatchAnswer[],
): (BatchAnswer | undefined)[] {
  return items.map((item, i) => {
    const answer = answers[i];
    if (answer === undefined || item.kind === 'request') return answer;
    if (answer.kind === 'request') {
      // A change set that succeeded answers in a nested multipart even for one request; a bare answer
      // in its place is its failure (2xx cannot happen there, but is read as a failure too: nothing landed).
      return { kind: 'changeset-failed', response: answer.response };
    }
    // Some servers wrap the one failure of a rolled-back change set in a change set answer of its own.
    const failure = answer.kind === 'changeset' ? answer.responses.find((r) => r.status >= 400) : undefined;
    return failure ? { kind: 'changeset-failed', response: failure } : answer;
  });
}
