// Running a $batch: requests in order, each counted and admitted by the service protection limit on its own
// (as Dataverse counts them). A change set commits or fails as one: its requests run in one transaction, `$n`
// names the row request n created (in URLs and in `@odata.bind`), and on the first failure everything it did is
// rolled back and its answer is that failure alone. Outside change sets the batch stops at the first failure
// unless `Prefer: odata.continue-on-error`. The batch itself answers 200 with a multipart/mixed body whose parts
// are the answers (`--batchresponse_…`, change sets as `--changesetresponse_…` with their Content-IDs).
import { randomUUID } from 'node:crypto';
import { STATUS_CODES } from 'node:http';
import type { DataverseContext } from './context.js';
import { DvHttpError, payloadError } from './dv-errors.js';
import { parseBatch, type BatchRequest } from './batch-parse.js';
import type { LookupRef } from './metadata-types.js';
import { readPrefer } from './render.js';
import { dispatch } from './router.js';
import type { ApiAnswer } from './router-types.js';
import type { UserAccount } from './security.js';
import type { Writes } from './writes.js';

export interface BatchContext {
  readonly ctx: DataverseContext;
  readonly writes: Writes;
  readonly user: UserAccount;
  /** Counts one inner request and applies the service protection limit (throws the 429). */
  readonly admit: () => void;
}

function errorAnswer(error: unknown): ApiAnswer {
  if (error instanceof DvHttpError)
    return { status: error.status, headers: error.headers, body: error.body() };
  throw error;
}

function run(b: BatchContext, request: BatchRequest, refs: Map<string, LookupRef>): ApiAnswer {
  try {
    b.admit();
    let url = request.url
      .replace(/^https?:\/\/[^/]+/, '')
      .replace(/^\/?api\/data\/v\d+\.\d+\//, '')
      .replace(/^\//, '');
    const ref = /^\$(\d+)/.exec(url);
    if (ref) {
      const row = refs.get(ref[1] as string);
      if (!row)
        throw payloadError(
          `The Content-ID reference '$${ref[1]}' does not name an earlier request of this change set.`,
        );
      const entity = [...b.ctx.tables.values()].find((t) => t.logicalName === row.entity);
      url = `${entity?.setName ?? row.entity}(${row.id})${url.slice(ref[0].length)}`;
    }
    if (url.split('?')[0] === '$batch') throw payloadError('A batch cannot contain another batch.');
    const at = url.indexOf('?');
    const path = at < 0 ? url : url.slice(0, at);
    let body: unknown = undefined;
    if (request.body !== '') {
      try {
        body = JSON.parse(request.body);
      } catch {
        throw payloadError('The body of a request in the batch is not valid JSON.');
      }
    }
    const segments = path.split('/').map((s) => decodeURIComponent(s));
    return dispatch(b.ctx, b.writes, {
      method: request.method,
      segments: segments.length === 1 && segments[0] === '' ? [''] : segments,
      query: new URLSearchParams(at < 0 ? '' : url.slice(at + 1)),
      headers: request.headers,
      body,
      user: b.user,
      refs: (reference) => refs.get(reference.slice(1)),
    });
  } catch (error) {
    return errorAnswer(error);
  }
}

function renderAnswer(answer: ApiAnswer, contentId?: string): string {
  const lines = ['Content-Type: application/http', 'Content-Transfer-Encoding: binary'];
  if (contentId !== undefined) lines.push(`Content-ID: ${contentId}`);
  lines.push('', `HTTP/1.1 ${answer.status} ${STATUS_CODES[answer.status] ?? ''}`);
  if (answer.body !== undefined) lines.push('Content-Type: application/json; odata.metadata=minimal');
  lines.push('OData-Version: 4.0');
  for (const [name, value] of Object.entries(answer.headers ?? {})) lines.push(`${name}: ${value}`);
  lines.push('', answer.body === undefined ? '' : JSON.stringify(answer.body));
  return lines.join('\r\n');
}

class ChangeSetFailed extends Error {
  constructor(readonly answer: ApiAnswer) {
    super('change set failed');
  }
}

export function runBatch(
  b: BatchContext,
  text: string,
  contentType: string | undefined,
  prefer: string | undefined,
) {
  const items = parseBatch(text, contentType);
  const continueOnError = readPrefer(prefer).continueOnError;
  const boundary = `batchresponse_${randomUUID()}`;
  const parts: string[] = [];
  for (const item of items) {
    let failed = false;
    if (item.kind === 'request') {
      const answer = run(b, item.request, new Map());
      parts.push(renderAnswer(answer));
      failed = answer.status >= 400;
    } else {
      const refs = new Map<string, LookupRef>();
      try {
        const answers = b.ctx.store.atomically(() =>
          item.requests.map((request) => {
            const answer = run(b, request, refs);
            if (answer.status >= 400) throw new ChangeSetFailed(answer);
            if (request.contentId !== undefined && answer.created)
              refs.set(request.contentId, answer.created);
            return renderAnswer(answer, request.contentId);
          }),
        );
        const inner = `changesetresponse_${randomUUID()}`;
        parts.push(
          [
            `Content-Type: multipart/mixed; boundary=${inner}`,
            '',
            ...answers.map((a) => `--${inner}\r\n${a}`),
            `--${inner}--`,
          ].join('\r\n'),
        );
      } catch (error) {
        if (!(error instanceof ChangeSetFailed)) throw error;
        parts.push(renderAnswer(error.answer));
        failed = true;
      }
    }
    if (failed && !continueOnError) break;
  }
  const body = `${parts.map((p) => `--${boundary}\r\n${p}`).join('\r\n')}\r\n--${boundary}--\r\n`;
  return { contentType: `multipart/mixed; boundary=${boundary}`, body };
}
