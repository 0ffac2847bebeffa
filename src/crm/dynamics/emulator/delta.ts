// Change tracking: `Prefer: odata.track-changes` on a collection GET answers every row plus an
// `@odata.deltaLink` whose `$deltatoken` is `<row version>!<date>` (Dataverse's form, e.g. `919042!08/22/2017 08:10:44`).
// Following it answers the rows created or changed since (current values) and, for rows deleted since,
// `{"@odata.context": "<root>/$metadata#<set>/$deletedEntity", "id": …, "reason": "deleted"}`, then a new delta
// link. Only $select goes with change tracking ($filter, $orderby, $top and $expand are refused, as Dataverse
// refuses them); rows and deletions come in version order. With `Prefer: odata.maxpagesize` an answer is paged:
// `@odata.nextLink` pages by version within the versions the first page saw, and the last page has the delta link,
// so a row changed while a client pages shows up once, in the next delta.
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
  const root = apiRoot(ctx);
  const cookie = query.skipToken === undefined ? undefined : readDeltaCookie(query.skipToken);
  let since = cookie?.since ?? 0;
  if (!cookie && query.deltaToken !== undefined) {
    const m = tokenPattern.exec(query.deltaToken);
    if (!m) throw queryError(`The delta token '${query.deltaToken}' is not valid.`);
    since = Number(m[1]);
  }
  const following = cookie ? cookie.following : query.deltaToken !== undefined;
  // Every page of one answer covers the same versions: (since, upTo], upTo fixed by the first page.
  const upTo = cookie?.upTo ?? ctx.store.currentVersion;
  const after = cookie?.after ?? since;
  const entries: { version: number; render: () => Record<string, unknown> }[] = ctx.store
    .list(entity.logicalName)
    .map((row) => ({
      version: Number(row['versionnumber']),
      render: () => renderRow(ctx, entity, row, query.select, [], prefs),
    }));
  if (following) {
    for (const { id, version } of ctx.store.deletedSince(entity.logicalName, since)) {
      entries.push({
        version,
        render: () => ({
          '@odata.context': `${root}/$metadata#${entity.setName}/$deletedEntity`,
          id,
          reason: 'deleted',
        }),
      });
    }
  }
  const pending = entries
    .filter((e) => e.version > after && e.version <= upTo)
    .sort((a, b) => a.version - b.version);
  const pageSize = Math.min(prefs.maxPageSize ?? ctx.settings.maxPageSize, ctx.settings.maxPageSize);
  const page = pending.slice(0, pageSize);
  const params = new URLSearchParams();
  if (query.select) params.set('$select', request.query.get('$select') ?? '');
  const body: Record<string, unknown> = {
    '@odata.context': contextUrl(root, entity, query.select, following ? '/$delta' : ''),
    value: page.map((e) => e.render()),
  };
  if (pending.length > page.length) {
    const last = page.at(-1)?.version ?? after;
    params.set(
      '$skiptoken',
      `<cookie pagenumber="${(cookie?.page ?? 1) + 1}" since="${since}" upto="${upTo}" after="${last}" following="${following}" />`,
    );
    body['@odata.nextLink'] = `${root}/${entity.setName}?${odataQueryString(params)}`;
  } else {
    params.set('$deltatoken', formatToken(upTo, ctx.clock.now()));
    body['@odata.deltaLink'] = `${root}/${entity.setName}?${odataQueryString(params)}`;
  }
  return { status: 200, headers: { 'Preference-Applied': 'odata.track-changes' }, body };
}

const cookiePattern =
  /^<cookie pagenumber="(\d+)" since="(\d+)" upto="(\d+)" after="(\d+)" following="(true|false)" \/>$/;

/** The paging cookie of a delta answer's next page, or undefined for a query's cookie. */
export function readDeltaCookie(token: string) {
  const m = cookiePattern.exec(token);
  if (!m) return undefined;
  return {
    page: Number(m[1]),
    since: Number(m[2]),
    upTo: Number(m[3]),
    after: Number(m[4]),
    following: m[5] === 'true',
  };
}
