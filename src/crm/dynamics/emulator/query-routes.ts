// GET on an entity set: $filter, $orderby, $top, $count, $select, $expand, paging with
// `Prefer: odata.maxpagesize` (default and maximum 5,000) and `@odata.nextLink`, and change tracking (delta.ts).
// The next link carries a `$skiptoken` paging cookie, as Dataverse's does; the emulator's cookie holds the offset
// into the same ordering, so pages are stable while no rows change. With $top there is no next link (Dataverse
// returns none either).
import { apiRoot, odataQueryString, type DataverseContext } from './context.js';
import { queryError } from './dv-errors.js';
import { deltaAnswer, readDeltaCookie } from './delta.js';
import type { EntityDef } from './metadata-types.js';
import { matches, sortRows } from './odata-evaluate.js';
import { parseQuery } from './odata-query.js';
import { contextUrl, readPrefer, renderRow } from './render.js';
import type { ApiAnswer, ApiRequest } from './router-types.js';
import { Privilege } from './security.js';

const cookiePattern = /^<cookie pagenumber="(\d+)" offset="(\d+)" \/>$/;

function readCookie(token: string | undefined): { page: number; offset: number } {
  if (token === undefined) return { page: 1, offset: 0 };
  const m = cookiePattern.exec(token);
  if (!m) throw queryError(`The $skiptoken '${token}' is not valid.`);
  return { page: Number(m[1]), offset: Number(m[2]) };
}

export function queryCollection(ctx: DataverseContext, entity: EntityDef, request: ApiRequest): ApiAnswer {
  ctx.directory.require(request.user, Privilege.read, entity.logicalName);
  const query = parseQuery(entity, request.query, ctx.tables);
  for (const item of query.expand)
    ctx.directory.require(request.user, Privilege.read, item.navigation.target);
  const prefs = readPrefer(request.headers['prefer']);
  // A later page of a delta answer carries its own cookie, whether or not the client repeats the preference.
  const deltaPage = query.skipToken !== undefined && readDeltaCookie(query.skipToken) !== undefined;
  if (query.deltaToken !== undefined || prefs.trackChanges || deltaPage) {
    return deltaAnswer(ctx, entity, request, query, prefs);
  }

  let rows = ctx.store.list(entity.logicalName);
  if (query.filter) rows = rows.filter((row) => query.filter !== undefined && matches(query.filter, row));
  rows = sortRows(rows, query.orderBy);
  const total = rows.length;
  if (query.top !== undefined) rows = rows.slice(0, query.top);

  const pageSize = Math.min(prefs.maxPageSize ?? ctx.settings.maxPageSize, ctx.settings.maxPageSize);
  const { page, offset } = readCookie(query.skipToken);
  const pageRows = rows.slice(offset, offset + pageSize);
  const more = query.top === undefined && offset + pageSize < rows.length;

  const body: Record<string, unknown> = { '@odata.context': contextUrl(apiRoot(ctx), entity, query.select) };
  if (query.count) body['@odata.count'] = total;
  body['value'] = pageRows.map((row) => renderRow(ctx, entity, row, query.select, query.expand, prefs));
  if (more) {
    const params = new URLSearchParams(request.query);
    params.set('$skiptoken', `<cookie pagenumber="${page + 1}" offset="${offset + pageSize}" />`);
    body['@odata.nextLink'] = `${apiRoot(ctx)}/${entity.setName}?${odataQueryString(params)}`;
  }
  const headers: Record<string, string> = {};
  if (prefs.maxPageSize !== undefined) headers['Preference-Applied'] = `odata.maxpagesize=${pageSize}`;
  if (prefs.annotations.length > 0) {
    headers['Preference-Applied'] = [
      headers['Preference-Applied'],
      `odata.include-annotations="${prefs.annotations.join(',')}"`,
    ]
      .filter(Boolean)
      .join(',');
  }
  return { status: 200, headers, body };
}
