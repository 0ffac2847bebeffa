// sObject resources: describeGlobal, basic information, describe, create, rows (GET with ?fields=, PATCH,
// DELETE), rows by external id (GET, upsert PATCH with ?updateOnly=true, DELETE), and the replication feeds
// (updated, deleted).
import type { SalesforceContext } from './context.js';
import { describeGlobal, describeObject, objectSummary } from './describe.js';
import { fieldList, recordUrl, renderRecord } from './render.js';
import { deletedRecords, updatedIds } from './replication.js';
import type { ApiRequest, ApiResponse, RouteDef } from './rest-router.js';
import { MultipleMatches } from './dml.js';
import { notFound } from './sf-errors.js';
import { WriteSource } from './store.js';

const saved = (id: string, version: string, object: string): ApiResponse => ({
  status: 201,
  body: { id, success: true, errors: [] },
  headers: { Location: recordUrl(version, object, id) },
});

export function sobjectRoutes(ctx: SalesforceContext): RouteDef[] {
  const { dml } = ctx;
  const read = (request: ApiRequest, objectName: string, idText: string): ApiResponse => {
    const object = dml.objectForUrl(objectName);
    const record = dml.record(object, idText, 'read');
    const fields = fieldList(ctx.schema, object, request.query.get('fields') ?? undefined);
    return { status: 200, body: renderRecord(object, record, request.version, fields) };
  };
  return [
    {
      path: 'sobjects',
      methods: { GET: (r) => ({ status: 200, body: describeGlobal(ctx.schema, r.version) }) },
    },
    {
      path: 'sobjects/:object',
      methods: {
        GET: (r, [name = '']) => ({
          status: 200,
          body: { objectDescribe: objectSummary(dml.objectForUrl(name), r.version), recentItems: [] },
        }),
        POST: (r, [name = '']) => {
          const object = dml.objectForUrl(name);
          const record = dml.create(object.name, r.body, r.user, WriteSource.api);
          return saved(String(record['Id']), r.version, object.name);
        },
      },
    },
    {
      path: 'sobjects/:object/describe',
      methods: {
        GET: (r, [name = '']) => ({
          status: 200,
          body: describeObject(ctx.schema, dml.objectForUrl(name), r.version, ctx.activeCurrencies()),
        }),
      },
    },
    {
      path: 'sobjects/:object/updated',
      methods: {
        GET: (r, [name = '']) => ({ status: 200, body: updatedIds(ctx, dml.objectForUrl(name), r) }),
      },
    },
    {
      path: 'sobjects/:object/deleted',
      methods: {
        GET: (r, [name = '']) => ({ status: 200, body: deletedRecords(ctx, dml.objectForUrl(name), r) }),
      },
    },
    {
      path: 'sobjects/:object/:id',
      methods: {
        GET: (r, [name = '', id = '']) => read(r, name, id),
        PATCH: (r, [name = '', id = '']) => {
          dml.update(dml.objectForUrl(name).name, id, r.body, r.user, WriteSource.api);
          return { status: 204 };
        },
        DELETE: (r, [name = '', id = '']) => {
          dml.delete(dml.objectForUrl(name).name, id, r.user, WriteSource.api);
          return { status: 204 };
        },
      },
    },
    {
      path: 'sobjects/:object/:field/:value',
      methods: {
        GET: (r, [name = '', field = '', value = '']) => {
          const object = dml.objectForUrl(name);
          const matches = dml.findByExternalId(object, field, value);
          if (matches.length > 1) throw new MultipleMatches(matches.map((m) => String(m['Id'])));
          const match = matches[0];
          if (!match) throw notFound();
          return read(r, object.name, String(match['Id']));
        },
        PATCH: (r, [name = '', field = '', value = '']) => {
          const object = dml.objectForUrl(name);
          const { record, created } = dml.upsert(object.name, field, value, r.body, r.user, WriteSource.api, {
            updateOnly: r.query.get('updateOnly') === 'true',
          });
          const id = String(record['Id']);
          const body = { id, success: true, errors: [], created };
          return created
            ? { status: 201, body, headers: { Location: recordUrl(r.version, object.name, id) } }
            : { status: 200, body };
        },
        DELETE: (r, [name = '', field = '', value = '']) => {
          const object = dml.objectForUrl(name);
          const matches = dml.findByExternalId(object, field, value);
          if (matches.length > 1) throw new MultipleMatches(matches.map((m) => String(m['Id'])));
          const match = matches[0];
          if (!match) throw notFound();
          dml.delete(object.name, String(match['Id']), r.user, WriteSource.api);
          return { status: 204 };
        },
      },
    },
  ];
}
