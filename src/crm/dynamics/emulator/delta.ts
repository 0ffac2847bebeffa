// Change tracking: `Prefer: odata.track-changes` on a collection GET answers every row plus an
// `@odata.deltaLink` whose `$deltatoken` is `<row version>!<date>` (Dataverse's form, e.g. `919042!08/22/2017 08:10:44`).
// Following it answers the rows created or changed since (current values) and, for rows deleted since,
// `{"@odata.context": "<root>/$metadata#<set>/$deletedEntity", "id": …, "reason": "deleted"}`, then a new delta
// link. Only $select goes with change tracking ($filter, $orderby, $top and $expand are refused, as Dataverse
// refuses them); rows come in version order, all in one page (no paging of delta answers here).
import { apiRoot, odataQueryString, type DataverseContext } from './context.js';
import { queryError } from './dv-errors.js';
import type { EntityDef } from './metadata-types.js';
import type { ParsedQuery } from './odata-query.js';
import { contextUrl, renderRow, type Preferences } from './render.js';
import type { ApiAnswer, ApiRequest } from './router-types.js';

const tokenPattern = /^(\d+)!\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}:\d{2}$/;

function formatToken(version: number, at: Date): string {
  const iso = at.toISOString();
  return `${version}!${iso.slice(5, 7)}/${iso.slice(8, 10)}/${iso.slice(0, 4)} ${iso.slice(11, 19)}`;
}

export function deltaAnswer(
  ctx: DataverseContext,
  entity: EntityDef,
  request: ApiRequest,
  query: ParsedQuery,
  prefs: Preferences,
): ApiAnswer {
  if (
    query.filter ||
    query.orderBy.length > 0 ||
    query.top !== undefined ||
    query.expand.length > 0 ||
    query.count
  ) {
    throw queryError(
      'Change tracking supports $select only; $filter, $orderby, $top, $expand and $count cannot be used with it.',
    );
  }
  let since = 0;
  if (query.deltaToken !== undefined) {
    const m = tokenPattern.exec(query.deltaToken);
    if (!m) throw queryError(`The delta token '${query.deltaToken}' is not valid.`);
    since = Number(m[1]);
  }
  // The version the next delta link starts from: everything up to now is in this answer.
  const upTo = ctx.store.currentVersion;
  const root = apiRoot(ctx);
  const changed = ctx.store
    .list(entity.logicalName)
    .filter((row) => Number(row['versionnumber']) > since)
    .sort((a, b) => Number(a['versionnumber']) - Number(b['versionnumber']));
  const value: Record<string, unknown>[] = changed.map((row) =>
    renderRow(ctx, entity, row, query.select, [], prefs),
  );
  if (query.deltaToken !== undefined) {
    for (const { id } of ctx.store.deletedSince(entity.logicalName, since)) {
      value.push({
        '@odata.context': `${root}/$metadata#${entity.setName}/$deletedEntity`,
        id,
        reason: 'deleted',
      });
    }
  }
  const params = new URLSearchParams();
  if (query.select) params.set('$select', request.query.get('$select') ?? '');
  params.set('$deltatoken', formatToken(upTo, ctx.clock.now()));
  return {
    status: 200,
    headers: { 'Preference-Applied': 'odata.track-changes' },
    body: {
      '@odata.context': contextUrl(
        root,
        entity,
        query.select,
        query.deltaToken === undefined ? '' : '/$delta',
      ),
      value,
      '@odata.deltaLink': `${root}/${entity.setName}?${odataQueryString(params)}`,
    },
  };
}
