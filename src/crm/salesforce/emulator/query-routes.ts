// Query and QueryAll (GET ?q=SOQL) and their next batches (GET query/<locator>-<offset>). QueryAll also
// returns deleted records (IsDeleted = true, still in the recycle bin).
import type { SalesforceContext } from './context.js';
import { batchSizeFrom } from './query-cursors.js';
import type { ApiRequest, ApiResponse, RouteDef } from './rest-router.js';
import { badRequest, SfErrorCode } from './sf-errors.js';
import { executeQuery } from './soql-execute.js';
import { parseSoql } from './soql-parser.js';
import { compileQuery } from './soql-resolve.js';

/** Salesforce's limit on the length of a SOQL statement. */
const maxSoqlLength = 100_000;

export function runSoql(ctx: SalesforceContext, request: ApiRequest, all: boolean): ApiResponse {
  const soql = request.query.get('q');
  if (soql === null || soql.trim() === '') {
    throw badRequest(SfErrorCode.malformedQuery, 'A query string has to be specified');
  }
  if (soql.length > maxSoqlLength) {
    throw badRequest(
      SfErrorCode.malformedQuery,
      `Query is too long: ${soql.length} characters, at most ${maxSoqlLength}`,
    );
  }
  const compiled = compileQuery(ctx.schema, parseSoql(soql), ctx.clock.now().getTime());
  const rows = executeQuery(ctx.store, compiled, { includeDeleted: all, version: request.version });
  const batch = batchSizeFrom(request.headers['sforce-query-options'], ctx.settings.pageSize);
  return {
    status: 200,
    body: ctx.cursors.first(
      rows.records,
      rows.totalSize,
      batch,
      request.user.id,
      request.version,
      all ? 'queryAll' : 'query',
    ),
  };
}

function nextBatch(ctx: SalesforceContext, request: ApiRequest, locator: string, all: boolean): ApiResponse {
  const header = request.headers['sforce-query-options'];
  const batch = header === undefined ? undefined : batchSizeFrom(header, ctx.settings.pageSize);
  return {
    status: 200,
    body: ctx.cursors.next(locator, request.user.id, request.version, all ? 'queryAll' : 'query', batch),
  };
}

export function queryRoutes(ctx: SalesforceContext): RouteDef[] {
  return [
    { path: 'query', methods: { GET: (r) => runSoql(ctx, r, false) } },
    { path: 'queryAll', methods: { GET: (r) => runSoql(ctx, r, true) } },
    { path: 'query/:locator', methods: { GET: (r, [locator = '']) => nextBatch(ctx, r, locator, false) } },
    { path: 'queryAll/:locator', methods: { GET: (r, [locator = '']) => nextBatch(ctx, r, locator, true) } },
  ];
}
