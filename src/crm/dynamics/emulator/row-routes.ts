// One table's rows: create (POST to the set: 204 with `OData-EntityId`, or 201 with the row under
// `Prefer: return=representation`), retrieve (by primary or alternate key, with $select and $expand), update
// and upsert (PATCH: updates a row that exists, creates one that does not; `If-Match: *` forbids the create
// (404), `If-None-Match: *` forbids the update (412), `If-Match: W/"<version>"` must name the current version
// (412 0x80060882)), and delete (If-Match honoured too).
import { apiRoot, type DataverseContext } from './context.js';
import { deleteRow } from './deletes.js';
import { DvErrorCode, DvHttpError, payloadError } from './dv-errors.js';
import { findRow, idOf, keyText, parseKey, requireRow, type RowKey } from './keys.js';
import type { EntityDef } from './metadata-types.js';
import { parseQuery } from './odata-query.js';
import { contextUrl, readPrefer, renderRow } from './render.js';
import type { ApiAnswer, ApiRequest } from './router-types.js';
import { Privilege } from './security.js';
import type { Row } from './store.js';
import { etagOf, type Writes } from './writes.js';

function objectBody(body: unknown, entity: EntityDef): Record<string, unknown> {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw payloadError(`The request body for '${entity.setName}' must be a JSON object.`);
  }
  return body as Record<string, unknown>;
}

const preconditionFailed = () =>
  new DvHttpError(
    412,
    DvErrorCode.preconditionFailed,
    "The version of the existing record doesn't match the RowVersion property provided.",
  );

/** `If-Match: W/"n"` (or a list) must name the row's current version; `*` only needs the row to exist. */
function checkIfMatch(header: string | undefined, row: Row): void {
  if (header === undefined || header.trim() === '*') return;
  const tags = header.split(',').map((t) => t.trim());
  if (!tags.includes(etagOf(row)) && !tags.includes(etagOf(row).slice(2))) throw preconditionFailed();
}

function entityIdHeaders(ctx: DataverseContext, entity: EntityDef, row: Row): Record<string, string> {
  const url = `${apiRoot(ctx)}/${entity.setName}(${idOf(entity, row)})`;
  return { 'OData-EntityId': url, Location: url };
}

/** A write's answer: 204 with the row's URL, or its representation with `Prefer: return=representation`. */
function written(
  ctx: DataverseContext,
  entity: EntityDef,
  request: ApiRequest,
  row: Row,
  createdStatus: 201 | 200,
): ApiAnswer {
  const headers = { ...entityIdHeaders(ctx, entity, row), ETag: etagOf(row) };
  const created = { id: idOf(entity, row), entity: entity.logicalName };
  if (!readPrefer(request.headers['prefer']).returnRepresentation) return { status: 204, headers, created };
  const query = parseQuery(entity, request.query, ctx.tables);
  return {
    status: createdStatus,
    headers: { ...headers, 'Preference-Applied': 'return=representation' },
    body: {
      '@odata.context': contextUrl(apiRoot(ctx), entity, query.select, '/$entity'),
      ...renderRow(ctx, entity, row, query.select, query.expand),
    },
    created,
  };
}

export function createRow(
  ctx: DataverseContext,
  writes: Writes,
  entity: EntityDef,
  request: ApiRequest,
): ApiAnswer {
  const row = writes.create(
    entity,
    objectBody(request.body, entity),
    request.user,
    request.refs ? { refs: request.refs } : {},
  );
  return written(ctx, entity, request, row, 201);
}

export function retrieveRow(
  ctx: DataverseContext,
  entity: EntityDef,
  key: RowKey,
  request: ApiRequest,
): ApiAnswer {
  ctx.directory.require(request.user, Privilege.read, entity.logicalName);
  const query = parseQuery(entity, request.query, ctx.tables);
  for (const item of query.expand)
    ctx.directory.require(request.user, Privilege.read, item.navigation.target);
  const row = requireRow(ctx.store, entity, key);
  const ifNoneMatch = request.headers['if-none-match'];
  if (
    ifNoneMatch !== undefined &&
    ifNoneMatch
      .split(',')
      .map((t) => t.trim())
      .includes(etagOf(row))
  ) {
    return { status: 304, headers: { ETag: etagOf(row) } };
  }
  const prefs = readPrefer(request.headers['prefer']);
  return {
    status: 200,
    headers: { ETag: etagOf(row) },
    body: {
      '@odata.context': contextUrl(apiRoot(ctx), entity, query.select, '/$entity'),
      ...renderRow(ctx, entity, row, query.select, query.expand, prefs),
    },
  };
}

export function patchRow(
  ctx: DataverseContext,
  writes: Writes,
  entity: EntityDef,
  key: RowKey,
  request: ApiRequest,
): ApiAnswer {
  const body = objectBody(request.body, entity);
  const existing = findRow(ctx.store, entity, key);
  const ifMatch = request.headers['if-match'];
  const ifNoneMatch = request.headers['if-none-match'];
  const options = request.refs ? { refs: request.refs } : {};
  if (existing) {
    if (ifNoneMatch?.trim() === '*') {
      throw new DvHttpError(412, DvErrorCode.duplicate, 'A record with matching key values already exists.');
    }
    checkIfMatch(ifMatch, existing);
    return written(ctx, entity, request, writes.update(entity, existing, body, request.user, options), 200);
  }
  if (ifMatch !== undefined)
    throw new DvHttpError(
      404,
      DvErrorCode.notFound,
      `${entity.logicalName} With Id = ${keyText(key)} Does Not Exist`,
    );
  // Upsert: the key's values become the new row's.
  const keyColumns = key.kind === 'id' ? { [entity.primaryId]: key.id } : key.values;
  for (const [column, value] of Object.entries(keyColumns)) {
    if (column in body && body[column] !== value)
      throw payloadError(`The value of '${column}' in the body differs from the key in the URL.`);
  }
  return written(
    ctx,
    entity,
    request,
    writes.create(entity, { ...body, ...keyColumns }, request.user, options),
    201,
  );
}

export function deleteByKey(
  ctx: DataverseContext,
  writes: Writes,
  entity: EntityDef,
  key: RowKey,
  request: ApiRequest,
): ApiAnswer {
  const row = requireRow(ctx.store, entity, key);
  checkIfMatch(request.headers['if-match'], row);
  deleteRow(ctx, writes, entity, row, request.user);
  return { status: 204 };
}

export { parseKey };
