// Typed Salesforce REST calls (spec: remote-apis.md §4) on top of the one metered door, request.ts:
// SOQL with paging, composite, sObject Collections, single records, identity and limits. Only this module
// (through request.ts) speaks HTTP to Salesforce.
import type { z } from 'zod';
import { CosellError } from '../../errors.js';
import { summariseIssues } from '../../http-client/response.js';
import { mapSalesforceFailure, salesforceName } from './error-map.js';
import {
  sfRequest,
  type ApiUsage,
  type SalesforceSession,
  type SfRequest,
  type SfRequestContext,
} from './request.js';
import {
  SfCollectionResultSchema,
  SfCompositeResponseSchema,
  SfErrorArraySchema,
  SfLimitsSchema,
  SfQueryResult,
  SfUserInfoSchema,
  type SfCollectionResult,
  type SfLimits,
  type SfSubresponse,
  type SfUserInfo,
} from './wire.js';

/** The API version we speak; the emulator serves v50.0 to v66.0, upsert's `created` needs 46.0 or later. */
export const defaultApiVersion = '60.0';
/** Salesforce's limits: composite subrequests per call, records per collection call. */
export const maxCompositeSubrequests = 25;
export const maxCompositeQueries = 5;
export const maxCollectionRecords = 200;

export interface CompositeSubrequest {
  readonly method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  /** Full data path, `/services/data/vXX.X/…` (build it with `client.dataPath`). */
  readonly url: string;
  /** Letters, digits and `_`; later subrequests use `@{referenceId.field}`. */
  readonly referenceId: string;
  readonly body?: unknown;
}

export interface RecordWrite {
  /** The sObject, e.g. 'Opportunity'. */
  readonly type: string;
  readonly fields: Readonly<Record<string, unknown>>;
}

export interface QueryOptions {
  /** `Sforce-Query-Options: batchSize` (Salesforce clamps to 200..2,000). */
  readonly batchSize?: number;
  readonly signal?: AbortSignal;
}

export class SalesforceClient {
  constructor(
    private readonly ctx: SfRequestContext,
    readonly apiVersion: string = defaultApiVersion,
  ) {}

  get identity(): string {
    return this.ctx.tokens.identity;
  }

  /** Salesforce's own count of the org's calls, from the last answer's Sforce-Limit-Info. */
  get apiUsage(): ApiUsage | undefined {
    return this.ctx.usage.last;
  }

  /** The current session (org id and user id without a call, once signed in). */
  session(): Promise<SalesforceSession> {
    return this.ctx.tokens.session();
  }

  /** `/services/data/vXX.X/<rest>`. */
  dataPath(rest: string): string {
    return `/services/data/v${this.apiVersion}/${rest}`;
  }

  /** `/services/data/vXX.X/query?q=…`, also usable as a composite subrequest url. */
  queryPath(soql: string): string {
    return this.dataPath(`query?q=${encodeURIComponent(soql)}`);
  }

  request<S extends z.ZodType>(req: SfRequest<S>): ReturnType<typeof sfRequest<S>> {
    return sfRequest(this.ctx, req);
  }

  /** One array per batch, following `nextRecordsUrl` until done; never more than one batch in memory. */
  async *query<S extends z.ZodType>(
    soql: string,
    record: S,
    options: QueryOptions = {},
  ): AsyncGenerator<z.infer<S>[]> {
    yield* this.pages(this.queryPath(soql), record, options);
  }

  /** Batches from a query path or a `nextRecordsUrl` (e.g. one a composite query subrequest returned). */
  async *pages<S extends z.ZodType>(
    path: string,
    record: S,
    options: QueryOptions = {},
  ): AsyncGenerator<z.infer<S>[]> {
    const schema = SfQueryResult(record);
    let next: string | undefined = path;
    while (next !== undefined) {
      const res: { body: unknown } = await this.request({
        method: 'GET',
        path: next,
        schema,
        ...(options.batchSize === undefined
          ? {}
          : { headers: { 'sforce-query-options': `batchSize=${options.batchSize}` } }),
        ...(options.signal ? { signal: options.signal } : {}),
      });
      const body = required(res.body) as SfQueryResult<z.infer<S>>;
      yield body.records;
      next = body.done ? undefined : body.nextRecordsUrl;
    }
  }

  /** Every record of a query (for results known to be small). */
  async queryAll<S extends z.ZodType>(
    soql: string,
    record: S,
    options: QueryOptions = {},
  ): Promise<z.infer<S>[]> {
    const out: z.infer<S>[] = [];
    for await (const batch of this.query(soql, record, options)) out.push(...batch);
    return out;
  }

  /**
   * POST /composite: up to 25 subrequests as one API call, each answered with its own status. `replayable`
   * says whether the whole request may be sent again after an unclear failure (true for read-only ones).
   */
  async composite(
    subrequests: readonly CompositeSubrequest[],
    options: { allOrNone: boolean; replayable?: boolean; signal?: AbortSignal },
  ): Promise<SfSubresponse[]> {
    if (subrequests.length === 0) return [];
    if (subrequests.length > maxCompositeSubrequests) {
      throw new RangeError(`a composite request takes at most ${maxCompositeSubrequests} subrequests`);
    }
    const res = await this.request({
      method: 'POST',
      path: this.dataPath('composite'),
      body: { allOrNone: options.allOrNone, compositeRequest: subrequests },
      schema: SfCompositeResponseSchema,
      replayable: options.replayable ?? false,
      ...(options.signal ? { signal: options.signal } : {}),
    });
    const answers = required(res.body).compositeResponse;
    const byRef = new Map(answers.map((a) => [a.referenceId, a]));
    return subrequests.map((s) => {
      const answer = byRef.get(s.referenceId);
      if (!answer) {
        throw new CosellError('CRM_RESPONSE_INVALID', {
          system: salesforceName,
          reason: `the composite answer has no result for ${s.referenceId}`,
        });
      }
      return answer;
    });
  }

  /** The rows of a query run as a composite subrequest, following its `nextRecordsUrl` if it has one. */
  async rowsOf<S extends z.ZodType>(answer: SfSubresponse, record: S): Promise<z.infer<S>[]> {
    if (answer.httpStatusCode >= 300) throw this.failureOf(answer);
    const parsed = SfQueryResult(record).safeParse(answer.body);
    if (!parsed.success) {
      throw new CosellError('CRM_RESPONSE_INVALID', {
        system: salesforceName,
        reason: `${answer.referenceId}: ${summariseIssues(parsed.error)}`,
      });
    }
    const rows = [...(parsed.data.records as z.infer<S>[])];
    if (!parsed.data.done && parsed.data.nextRecordsUrl !== undefined) {
      for await (const batch of this.pages(parsed.data.nextRecordsUrl, record)) rows.push(...batch);
    }
    return rows;
  }

  /** A failed subrequest's error array as a catalogue error. */
  failureOf(answer: SfSubresponse, subject?: { object: string; id: string }): CosellError {
    const errors = SfErrorArraySchema.safeParse(answer.body);
    return mapSalesforceFailure(
      {
        status: answer.httpStatusCode,
        errors: errors.success
          ? errors.data
          : [
              {
                errorCode: `HTTP_${answer.httpStatusCode}`,
                message: JSON.stringify(answer.body).slice(0, 200),
              },
            ],
      },
      { identity: this.identity, subject, usage: this.apiUsage },
    );
  }

  /** sObject Collections create: up to 200 records, one result per record in order. */
  createRecords(
    records: readonly RecordWrite[],
    options: { allOrNone: boolean },
  ): Promise<SfCollectionResult> {
    return this.#collection(
      'POST',
      records.map((r) => ({ attributes: { type: r.type }, ...r.fields })),
      options.allOrNone,
      false,
    );
  }

  /** sObject Collections update: up to 200 records (each with its Id); replayable, the values are absolute. */
  updateRecords(
    records: readonly (RecordWrite & { readonly id: string })[],
    options: { allOrNone: boolean },
  ): Promise<SfCollectionResult> {
    return this.#collection(
      'PATCH',
      records.map((r) => ({ attributes: { type: r.type }, ...r.fields, Id: r.id })),
      options.allOrNone,
      true,
    );
  }

  async #collection(
    method: 'POST' | 'PATCH',
    records: readonly Record<string, unknown>[],
    allOrNone: boolean,
    replayable: boolean,
  ): Promise<SfCollectionResult> {
    if (records.length === 0) return [];
    if (records.length > maxCollectionRecords) {
      throw new RangeError(`a collection request takes at most ${maxCollectionRecords} records`);
    }
    const res = await this.request({
      method,
      path: this.dataPath('composite/sobjects'),
      body: { allOrNone, records },
      schema: SfCollectionResultSchema,
      replayable,
    });
    const results = required(res.body);
    if (results.length !== records.length) {
      throw new CosellError('CRM_RESPONSE_INVALID', {
        system: salesforceName,
        reason: `${results.length} results for ${records.length} records`,
      });
    }
    return results;
  }

  /** One record by id (`fields` limits the answer). */
  async getRecord<S extends z.ZodType>(
    object: string,
    id: string,
    schema: S,
    fields?: readonly string[],
  ): Promise<z.infer<S>> {
    const query = fields && fields.length > 0 ? `?fields=${encodeURIComponent(fields.join(','))}` : '';
    const res = await this.request({
      method: 'GET',
      path: this.dataPath(`sobjects/${encodeURIComponent(object)}/${encodeURIComponent(id)}${query}`),
      schema,
      subject: { object, id },
    });
    return required(res.body);
  }

  /** OpenID userinfo of the signed-in user (not an API call for Salesforce; metered by us all the same). */
  async userinfo(): Promise<SfUserInfo> {
    const res = await this.request({
      method: 'GET',
      path: '/services/oauth2/userinfo',
      schema: SfUserInfoSchema,
    });
    return required(res.body);
  }

  async limits(): Promise<SfLimits> {
    const res = await this.request({ method: 'GET', path: this.dataPath('limits'), schema: SfLimitsSchema });
    return required(res.body);
  }
}

function required<T>(body: T | undefined): T {
  if (body === undefined) {
    throw new CosellError('CRM_RESPONSE_INVALID', { system: salesforceName, reason: 'empty body' });
  }
  return body;
}
