// Dataverse Web API calls, on top of the one request door (request.ts): single requests, collections
// followed across next links, and $batch (batch.ts) with its answers matched to what was sent. Knows URLs
// and wire shapes, not the co-sell meaning of anything (mapping.ts, the adapter).
import type { z } from 'zod';
import { CosellError } from '../../errors.js';
import { summariseIssues } from '../../http-client/response.js';
import { parseRetryAfter } from '../../http-client/retry.js';
import {
  alignAnswers,
  decodeBatch,
  encodeBatch,
  requestCount,
  type BatchAnswer,
  type BatchItem,
  type BatchResponse,
} from './batch.js';
import { dynamicsName, mapDataverseFailure } from './error-map.js';
import { dvRequest, failureOf, type DvRequestContext } from './request.js';
import { dvCollection, DvWhoAmISchema } from './wire.js';

export const webApiVersion = 'v9.2';

/** One page of a collection answer. */
export interface DvPage<T> {
  readonly value: T[];
  readonly nextLink: string | undefined;
  readonly deltaLink: string | undefined;
}
/** Dataverse's limit of requests in one $batch. */
export const maxBatchRequests = 1000;
/** Rows per page Dataverse answers at most (and without `Prefer: odata.maxpagesize`). */
export const maxPageSize = 5000;

/**
 * A path with OData query options, each value percent-encoded: a `+` in an e-mail would otherwise read as a
 * space, and a $batch request line must not contain one.
 */
export function withQuery(path: string, options: Readonly<Record<string, string | undefined>>): string {
  const query = Object.entries(options)
    .filter((entry): entry is [string, string] => entry[1] !== undefined)
    .map(([name, value]) => `${name}=${encodeURIComponent(value)}`)
    .join('&');
  return query === '' ? path : `${path}?${query}`;
}

/** An OData string literal: quotes doubled. */
export const odataString = (value: string): string => `'${value.replace(/'/g, "''")}'`;

export class DataverseClient {
  readonly apiUrl: string;

  constructor(
    private readonly ctx: DvRequestContext,
    environmentUrl: string,
  ) {
    this.apiUrl = `${new URL(environmentUrl).origin}/api/data/${webApiVersion}`;
  }

  get identity(): string {
    return this.ctx.tokens.identity;
  }

  /** `accounts(…)` → the absolute URL under the Web API root. */
  url(path: string): string {
    return /^https?:/.test(path) ? path : `${this.apiUrl}/${path.replace(/^\//, '')}`;
  }

  async get<S extends z.ZodType>(
    path: string,
    schema: S,
    options: { subject?: { object: string; id: string }; headers?: Record<string, string> } = {},
  ): Promise<z.infer<S>> {
    const answer = await dvRequest(this.ctx, {
      method: 'GET',
      url: this.url(path),
      schema,
      ...(options.subject ? { subject: options.subject } : {}),
      ...(options.headers ? { headers: options.headers } : {}),
    });
    return answer.body as z.infer<S>;
  }

  /** Every row of a query, following `@odata.nextLink` (pages of up to 5,000). */
  async getAll<S extends z.ZodType>(path: string, row: S): Promise<z.infer<S>[]> {
    const schema = dvCollection(row);
    const rows: z.infer<S>[] = [];
    let next: string | undefined = this.url(path);
    for (let pages = 0; next !== undefined; pages++) {
      if (pages > 1000) throw new Error('too many pages');
      const page: z.infer<typeof schema> = await this.get(next, schema);
      rows.push(...(page.value as z.infer<S>[]));
      next = page['@odata.nextLink'];
    }
    return rows;
  }

  async whoAmI(): Promise<z.infer<typeof DvWhoAmISchema>> {
    return this.get('WhoAmI', DvWhoAmISchema);
  }

  async send(request: {
    method: 'POST' | 'PATCH' | 'DELETE';
    path: string;
    body?: unknown;
    headers?: Record<string, string>;
    subject?: { object: string; id: string };
  }): Promise<{ status: number; headers: Headers; text: string }> {
    const answer = await dvRequest(this.ctx, {
      method: request.method,
      url: this.url(request.path),
      ...(request.body === undefined ? {} : { body: request.body }),
      ...(request.headers ? { headers: request.headers } : {}),
      ...(request.subject ? { subject: request.subject } : {}),
    });
    return answer;
  }

  /**
   * One $batch; the answers matched to the items (undefined where Dataverse answered nothing). Sent with
   * `odata.continue-on-error`, so a failing item does not stop the ones after it. A batch that writes is
   * never repeated blindly (`replayable` false): its change sets may have committed.
   */
  async batch(
    items: readonly BatchItem[],
    options: { replayable: boolean },
  ): Promise<(BatchAnswer | undefined)[]> {
    if (items.length === 0) return [];
    const requests = requestCount(items);
    if (requests > maxBatchRequests)
      throw new RangeError(`a $batch holds at most ${maxBatchRequests} requests`);
    const encoded = encodeBatch(items);
    const answer = await dvRequest(this.ctx, {
      method: 'POST',
      url: this.url('$batch'),
      encoded: { contentType: encoded.contentType, text: encoded.body },
      headers: { prefer: 'odata.continue-on-error' },
      requests: 1 + requests,
      replayable: options.replayable,
    });
    return alignAnswers(items, decodeBatch(answer.text, answer.headers.get('content-type')));
  }

  /**
   * GETs in one $batch (one round trip; Dataverse still counts each): every answer parsed as a collection
   * page, the first failure thrown. `prefer` adds to the page size preference (e.g. odata.track-changes).
   */
  async batchGet<S extends z.ZodType>(
    queries: readonly { readonly path: string; readonly prefer?: string }[],
    row: S,
    pageSize = maxPageSize,
  ): Promise<DvPage<z.infer<S>>[]> {
    const schema = dvCollection(row);
    const answers = await this.batch(
      queries.map((q) => ({
        kind: 'request' as const,
        request: {
          method: 'GET' as const,
          url: this.url(q.path),
          headers: { prefer: [q.prefer, `odata.maxpagesize=${pageSize}`].filter(Boolean).join(',') },
        },
      })),
      { replayable: true },
    );
    return answers.map((answer) => {
      if (answer?.kind !== 'request') throw this.missing('a query in a batch');
      if (answer.response.status >= 400) throw this.failure(answer.response);
      const parsed = schema.safeParse(answer.response.body);
      if (!parsed.success) {
        throw new CosellError('CRM_RESPONSE_INVALID', {
          system: dynamicsName,
          reason: summariseIssues(parsed.error),
        });
      }
      return {
        value: parsed.data.value,
        nextLink: parsed.data['@odata.nextLink'],
        deltaLink: parsed.data['@odata.deltaLink'],
      };
    });
  }

  /**
   * The catalogue error of a failed answer inside a $batch. A 429 there holds the client's other requests
   * until its Retry-After, as one answering a whole request does (request.ts).
   */
  failure(response: BatchResponse, subject?: { object: string; id: string }): CosellError {
    const { code, message } = failureOf(response.status, response.body);
    const now = this.ctx.now ?? Date.now;
    const error = mapDataverseFailure(
      {
        status: response.status,
        code,
        message,
        retryAfterMs: parseRetryAfter(response.headers['retry-after'] ?? null, now),
      },
      { identity: this.identity, subject },
    );
    if (error.code === 'CRM_THROTTLED' && error.retryAfterMs !== undefined)
      this.ctx.pause?.hold(now() + error.retryAfterMs);
    return error;
  }

  missing(what: string): CosellError {
    return new CosellError('CRM_RESPONSE_INVALID', {
      system: dynamicsName,
      reason: `no answer for ${what}`,
    });
  }
}

/** The id at the end of an `OData-EntityId` header (`…/opportunities(<guid>)`). */
export function entityIdOf(headers: Readonly<Record<string, string>>): string | undefined {
  return /\(([0-9a-fA-F-]{36})\)\s*$/.exec(headers['odata-entityid'] ?? '')?.[1]?.toLowerCase();
}
