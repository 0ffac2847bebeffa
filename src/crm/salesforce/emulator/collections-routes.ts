// sObject Collections: create (POST), update (PATCH), delete (DELETE ?ids=) and upsert by external id
// (PATCH …/Object/Field) of up to 200 records, and retrieve (GET ?ids=&fields= or POST {ids, fields}).
// The answer is always 200 with one result per record, in order. With allOrNone every record is still
// checked and each failure reported, then everything is rolled back and the records that would have
// succeeded report ALL_OR_NONE_OPERATION_ROLLED_BACK. Inside a composite request with allOrNone, the outer
// flag wins.
import type { SalesforceContext } from './context.js';
import { MultipleMatches } from './dml.js';
import { fieldList, renderRecord } from './render.js';
import { requiredParam, type ApiRequest, type ApiResponse, type RouteDef } from './rest-router.js';
import type { ObjectDef } from './schema-types.js';
import { badRequest, SfErrorCode, SfHttpError, type RecordError } from './sf-errors.js';
import { WriteSource } from './store.js';

export const maxCollectionSize = 200;

interface RecordResult {
  readonly id?: string;
  readonly success: boolean;
  readonly errors: readonly RecordError[];
  readonly created?: boolean;
}

const rolledBack: RecordError = {
  statusCode: SfErrorCode.allOrNoneRolledBack,
  message: 'Record rolled back because not all records were valid and the request was using AllOrNone header',
  fields: [],
};

function tooMany(count: number): SfHttpError {
  return badRequest(
    SfErrorCode.exceededIdLimit,
    `record limit reached. cannot submit more than ${maxCollectionSize} records into this call (got ${count})`,
  );
}

function collectionBody(request: ApiRequest): { allOrNone: boolean; records: unknown[] } {
  const body = request.body as { allOrNone?: unknown; records?: unknown } | null | undefined;
  if (!body || typeof body !== 'object' || !Array.isArray(body.records)) {
    throw badRequest(SfErrorCode.jsonParser, "The request body needs a 'records' array");
  }
  if (body.records.length > maxCollectionSize) throw tooMany(body.records.length);
  return {
    allOrNone: body.allOrNone === true || request.composite?.allOrNone === true,
    records: body.records,
  };
}

const asObject = (value: unknown): Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};

function typeOf(record: unknown): string | undefined {
  const type = asObject(asObject(record)['attributes'])['type'];
  return typeof type === 'string' ? type : undefined;
}

function failure(error: unknown, id: string | undefined, version: string): RecordResult {
  if (error instanceof SfHttpError)
    return { ...(id ? { id } : {}), success: false, errors: error.recordErrors() };
  if (error instanceof MultipleMatches) {
    return {
      success: false,
      errors: [
        {
          statusCode: 'DUPLICATE_EXTERNAL_ID',
          message: `More than 1 record found for external id field: ${error.ids.map((i) => `/services/data/v${version}/sobjects/${i}`).join(', ')}`,
          fields: [],
        },
      ],
    };
  }
  throw error;
}

/** Runs one operation per item; with allOrNone, inside one transaction that any failure rolls back. */
function perRecord<T>(
  ctx: SalesforceContext,
  request: ApiRequest,
  allOrNone: boolean,
  items: readonly T[],
  idOf: (item: T) => string | undefined,
  operation: (item: T) => RecordResult,
): ApiResponse {
  const tx = allOrNone ? ctx.store.begin() : undefined;
  let results: RecordResult[];
  try {
    results = items.map((item) => {
      try {
        return operation(item);
      } catch (error) {
        return failure(error, idOf(item), request.version);
      }
    });
  } catch (error) {
    tx?.rollback();
    throw error;
  }
  if (tx) {
    if (results.every((r) => r.success)) tx.commit();
    else {
      tx.rollback();
      results = results.map((r, i): RecordResult => {
        if (!r.success) return r;
        const id = idOf(items[i] as T);
        return id === undefined
          ? { success: false, errors: [rolledBack] }
          : { id, success: false, errors: [rolledBack] };
      });
    }
  }
  return { status: 200, body: results };
}

/** perRecord over the records of a collection body (`{allOrNone, records}`). */
function perBodyRecord(
  ctx: SalesforceContext,
  request: ApiRequest,
  idOf: (record: unknown) => string | undefined,
  operation: (record: unknown) => RecordResult,
): ApiResponse {
  const { allOrNone, records } = collectionBody(request);
  return perRecord(ctx, request, allOrNone, records, idOf, operation);
}

const recordIdOf = (record: unknown): string | undefined => {
  const o = asObject(record);
  const id = o['id'] ?? o['Id'];
  return typeof id === 'string' ? id : undefined;
};

function retrieve(
  ctx: SalesforceContext,
  request: ApiRequest,
  object: ObjectDef,
  ids: string[],
  fields: string,
) {
  if (ids.length > 2000) throw tooMany(ids.length);
  const list = fieldList(ctx.schema, object, fields);
  return ids.map((id) => {
    try {
      return renderRecord(object, ctx.dml.record(object, id.trim(), 'read'), request.version, list);
    } catch (error) {
      if (error instanceof SfHttpError) return null;
      throw error;
    }
  });
}

export function collectionRoutes(ctx: SalesforceContext): RouteDef[] {
  const { dml } = ctx;
  return [
    {
      path: 'composite/sobjects',
      methods: {
        POST: (r) =>
          perBodyRecord(
            ctx,
            r,
            () => undefined,
            (record) => {
              const created = dml.create(String(typeOf(record)), record, r.user, WriteSource.api);
              return { id: String(created['Id']), success: true, errors: [] };
            },
          ),
        PATCH: (r) =>
          perBodyRecord(ctx, r, recordIdOf, (record) => {
            const id = recordIdOf(record);
            if (!id) throw badRequest(SfErrorCode.missingArgument, 'Id not specified in an update call', []);
            const type = dml.objectForType(typeOf(record));
            const rest = Object.fromEntries(
              Object.entries(asObject(record)).filter(([k]) => k.toLowerCase() !== 'id'),
            );
            const updated = dml.update(type.name, id, rest, r.user, WriteSource.api);
            return { id: String(updated['Id']), success: true, errors: [] };
          }),
        DELETE: (r) => {
          const ids = requiredParam(r, 'ids').split(',').filter(Boolean);
          if (ids.length > maxCollectionSize) throw tooMany(ids.length);
          const allOrNone = r.query.get('allOrNone') === 'true' || r.composite?.allOrNone === true;
          return perRecord(
            ctx,
            r,
            allOrNone,
            ids,
            (id) => id,
            (id) => {
              const object = ctx.schema.objectOfId(id.trim());
              if (!object) throw badRequest(SfErrorCode.malformedId, `malformed id ${id}`, []);
              dml.delete(object.name, id.trim(), r.user, WriteSource.api);
              return { id: id.trim(), success: true, errors: [] };
            },
          );
        },
      },
    },
    {
      path: 'composite/sobjects/:object',
      methods: {
        GET: (r, [name = '']) => ({
          status: 200,
          body: retrieve(
            ctx,
            r,
            dml.objectForUrl(name),
            requiredParam(r, 'ids').split(','),
            requiredParam(r, 'fields'),
          ),
        }),
        POST: (r, [name = '']) => {
          const body = asObject(r.body);
          const ids = body['ids'];
          const fields = body['fields'];
          if (!Array.isArray(ids) || !Array.isArray(fields)) {
            throw badRequest(SfErrorCode.jsonParser, "The request body needs 'ids' and 'fields' arrays");
          }
          return {
            status: 200,
            body: retrieve(ctx, r, dml.objectForUrl(name), ids.map(String), fields.map(String).join(',')),
          };
        },
      },
    },
    {
      path: 'composite/sobjects/:object/:field',
      methods: {
        PATCH: (r, [name = '', fieldName = '']) => {
          const object = dml.objectForUrl(name);
          const field = dml.externalIdField(object, fieldName);
          return perBodyRecord(
            ctx,
            r,
            () => undefined,
            (record) => {
              const type = typeOf(record);
              if (type !== undefined && type.toLowerCase() !== object.name.toLowerCase()) {
                throw badRequest(
                  SfErrorCode.invalidType,
                  `The records must all be of type ${object.name}, not ${type}`,
                  [],
                );
              }
              const input = asObject(record);
              const key = Object.keys(input).find((k) => k.toLowerCase() === field.name.toLowerCase());
              const value = key === undefined ? undefined : input[key];
              if ((typeof value !== 'string' && typeof value !== 'number') || value === '') {
                throw badRequest(SfErrorCode.missingArgument, `${field.name} not specified`, [field.name]);
              }
              const rest = Object.fromEntries(Object.entries(input).filter(([k]) => k !== key));
              const { record: saved, created } = dml.upsert(
                object.name,
                field.name,
                String(value),
                rest,
                r.user,
                WriteSource.api,
              );
              return { id: String(saved['Id']), success: true, errors: [], created };
            },
          );
        },
      },
    },
  ];
}
