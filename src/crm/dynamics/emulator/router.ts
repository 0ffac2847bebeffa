// The synchronous dispatcher behind /api/data/v9.2/, shared by plain HTTP requests and the requests inside a
// $batch: the service document, WhoAmI, the Win/Lose actions, entity sets, rows by key, a user's roles and
// single columns (`accounts(<id>)/name`). A known path with another method answers 405; an unknown one 404.
import { closeOpportunity, userRoles, whoAmI } from './actions.js';
import { apiRoot, tableBySet, type DataverseContext } from './context.js';
import { DvErrorCode, DvHttpError, resourceNotFound } from './dv-errors.js';
import { splitKeySegment } from './keys.js';
import { resolveProperty } from './odata-filter.js';
import { queryCollection } from './query-routes.js';
import { metadataDispatch } from './metadata-routes.js';
import type { ApiAnswer, ApiRequest } from './router-types.js';
import { createRow, deleteByKey, parseKey, patchRow, retrieveRow } from './row-routes.js';
import { Privilege } from './security.js';
import { propertyName } from './render.js';
import { idOf, requireRow } from './keys.js';
import type { Writes } from './writes.js';

const notAllowed = (method: string, allow: string) =>
  new DvHttpError(
    405,
    DvErrorCode.methodNotAllowed,
    `The HTTP method '${method}' is not allowed for this resource.`,
    { Allow: allow },
  );

function only(request: ApiRequest, allow: string): void {
  if (!allow.split(', ').includes(request.method)) throw notAllowed(request.method, allow);
}

export function dispatch(ctx: DataverseContext, writes: Writes, request: ApiRequest): ApiAnswer {
  const [first = '', second, ...rest] = request.segments;
  if (rest.length > 0) throw resourceNotFound(request.segments.join('/'));
  const operation = first.replace(/^Microsoft\.Dynamics\.CRM\./, '').replace(/\(\)$/, '');
  if (first === '') {
    only(request, 'GET');
    const value = [...ctx.tables.values()].map((t) => ({
      name: t.setName,
      kind: 'EntitySet',
      url: t.setName,
    }));
    return { status: 200, body: { '@odata.context': `${apiRoot(ctx)}/$metadata`, value } };
  }
  if (operation === 'WhoAmI' && second === undefined) {
    only(request, 'GET');
    return whoAmI(ctx, request.user);
  }
  if ((operation === 'WinOpportunity' || operation === 'LoseOpportunity') && second === undefined) {
    only(request, 'POST');
    return closeOpportunity(ctx, writes, operation === 'WinOpportunity', request);
  }
  const metadata = metadataDispatch(ctx, request);
  if (metadata) return metadata;
  const split = splitKeySegment(first);
  if (!split) {
    const entity = tableBySet(ctx, first);
    if (second !== undefined) throw resourceNotFound(`${first}/${second}`);
    only(request, 'GET, POST');
    return request.method === 'GET'
      ? queryCollection(ctx, entity, request)
      : createRow(ctx, writes, entity, request);
  }
  const entity = tableBySet(ctx, split.set);
  if (second === 'systemuserroles_association' && entity.logicalName === 'systemuser') {
    only(request, 'GET');
    return userRoles(ctx, split.keyText, request);
  }
  const key = parseKey(entity, split.keyText);
  if (second !== undefined) {
    // A single column's value: GET accounts(<id>)/name.
    const column = resolveProperty(entity, second) ?? entity.columns.get(second);
    if (!column) throw resourceNotFound(second);
    only(request, 'GET');
    ctx.directory.require(request.user, Privilege.read, entity.logicalName);
    const row = requireRow(ctx.store, entity, key);
    const value = row[column.name] ?? null;
    return {
      status: value === null ? 204 : 200,
      ...(value === null
        ? {}
        : {
            body: {
              '@odata.context': `${apiRoot(ctx)}/$metadata#${entity.setName}(${idOf(entity, row)})/${propertyName(column)}`,
              value: typeof value === 'object' ? value.id : value,
            },
          }),
    };
  }
  only(request, 'GET, PATCH, DELETE');
  if (request.method === 'GET') return retrieveRow(ctx, entity, key, request);
  if (request.method === 'PATCH') return patchRow(ctx, writes, entity, key, request);
  return deleteByKey(ctx, writes, entity, key, request);
}
