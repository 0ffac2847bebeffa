// The Dataverse change feed: change tracking with delta links (design, "Outbound"; learn: "Use change
// tracking to synchronize data"). A GET with `Prefer: odata.track-changes` answers the rows and ends in an
// `@odata.deltaLink`; following that link later answers exactly the rows changed since (current values, in
// version order) and a new delta link. Unlike a modification stamp there is no equal-second hazard: versions
// are unique and the server keeps the place.
//
// The cursor holds two links: opportunities, and the Microsoft solution table (a solution added or removed
// changes no column of its opportunity, so its own feed reports the opportunity as changed). A link is a
// next link while an answer is being paged (`odata.maxpagesize` = the page limit), else a delta link. Both
// queries travel in one $batch: an idle poll is one round trip. The cursor only ever moves to links the
// server gave for this one, so it moves forward; it is stored only after the page's work landed.
// `more` is true while an answer is being paged, and also after a page that delivered changes: rows may have
// changed while it was read, and only an empty answer at the delta link says the feed is drained.
// Dataverse cannot filter a tracked query, so the co-sell scope (Sync with Partner Center on, or a referral)
// is applied here, as the Salesforce feed applies it in SOQL. Not reported: deleted rows (`$deletedEntity`
// carries only the id; a deleted solution cannot name its opportunity).
import { z } from 'zod';
import type { ChangePage, CrmOpportunity } from '../adapter.js';
import { CosellError } from '../../errors.js';
import { maxPageSize, withQuery, type DvPage } from './client.js';
import { opportunitySelect } from './columns.js';
import { distinct, readOpportunitiesById, solutionRowSchema, withSolutions, type ReadDeps } from './reads.js';
import { DvDeltaRowSchema, DvOpportunitySchema, type DvOpportunity } from './wire.js';

const CursorSchema = z.object({
  v: z.literal(1),
  /** Opportunities: next or delta link; absent before the first answer of a cursorSince cursor. */
  o: z.string().optional(),
  /** Microsoft solutions: next or delta link. */
  s: z.string().optional(),
  /** cursorSince: while the first (full) answer is read, only rows changed at or after this count. */
  since: z.string().optional(),
});
export type DvChangeCursor = z.infer<typeof CursorSchema>;

const prefix = 'dv1.';
const track = 'odata.track-changes';

export function encodeCursor(cursor: DvChangeCursor): string {
  return prefix + Buffer.from(JSON.stringify(cursor), 'utf8').toString('base64url');
}

export function decodeCursor(text: string): DvChangeCursor {
  let json: unknown;
  try {
    json = text.startsWith(prefix)
      ? JSON.parse(Buffer.from(text.slice(prefix.length), 'base64url').toString('utf8'))
      : undefined;
  } catch {
    json = undefined;
  }
  const parsed = CursorSchema.safeParse(json);
  if (!parsed.success) {
    throw new CosellError('REQUEST_INVALID', { reason: 'the Dynamics 365 change cursor is not readable' });
  }
  return parsed.data;
}

const isDeleted = (row: Record<string, unknown>) => {
  const context = row['@odata.context'];
  return row['reason'] === 'deleted' || (typeof context === 'string' && context.endsWith('$deletedEntity'));
};

function queries(deps: ReadDeps) {
  const c = deps.columns;
  return {
    opportunities: withQuery('opportunities', { $select: opportunitySelect(c) }),
    solutions: withQuery(c.solutionSet, {
      $select: `${c.solutionKey},${c.solutionId},_${c.solutionOpportunity}_value`,
    }),
  };
}

/** Follows the full answers of tracked queries to their delta links, discarding the rows ("from now"). */
async function deltaLinksNow(deps: ReadDeps, paths: readonly string[]): Promise<string[]> {
  const pages = await deps.client.batchGet(
    paths.map((path) => ({ path, prefer: track })),
    DvDeltaRowSchema,
  );
  return Promise.all(
    pages.map(async (first) => {
      let page: DvPage<unknown> = first;
      for (let n = 0; page.deltaLink === undefined; n++) {
        if (page.nextLink === undefined || n > 10_000) throw deps.client.missing('a delta link');
        [page] = (await deps.client.batchGet(
          [{ path: page.nextLink, prefer: track }],
          DvDeltaRowSchema,
          maxPageSize,
        )) as [DvPage<unknown>];
      }
      return page.deltaLink;
    }),
  );
}

export function cursorSince(since: Date): string {
  return encodeCursor({ v: 1, since: since.toISOString() });
}

export async function changedOpportunities(
  deps: ReadDeps,
  cursorText: string | undefined,
  limit: number,
): Promise<ChangePage> {
  if (!Number.isInteger(limit) || limit < 1) throw new RangeError('limit must be a positive whole number');
  const q = queries(deps);
  if (cursorText === undefined) {
    const [o, s] = await deltaLinksNow(deps, [q.opportunities, q.solutions]);
    return { opportunities: [], cursor: encodeCursor({ v: 1, o, s }), more: false };
  }
  const cursor = decodeCursor(cursorText);
  const s = cursor.s ?? (await deltaLinksNow(deps, [q.solutions]))[0];
  const [oPage, sPage] = await deps.client.batchGet(
    [
      { path: cursor.o ?? q.opportunities, prefer: track },
      { path: s ?? q.solutions, prefer: track },
    ],
    z.looseObject({}),
    limit,
  );
  if (!oPage || !sPage) throw deps.client.missing('a change-tracking query');
  const inScope = (o: { syncWithPartnerCenter: boolean; referralId?: string | undefined }) =>
    o.syncWithPartnerCenter || o.referralId !== undefined;
  const sinceMs = cursor.since === undefined ? undefined : Date.parse(cursor.since);

  const rows: DvOpportunity[] = oPage.value
    .filter((r) => !isDeleted(r))
    .map((r) => DvOpportunitySchema.parse(r))
    .filter((r) => sinceMs === undefined || Date.parse(r.modifiedon ?? '') >= sinceMs);
  const changed = (await withSolutions(deps, rows)).filter(inScope);
  const seen = new Set(rows.map((r) => r.opportunityid.toLowerCase()));
  const lookup = `_${deps.columns.solutionOpportunity}_value`;
  const viaSolutions = distinct(
    sPage.value
      .filter((r) => !isDeleted(r))
      .map((r) => solutionRowSchema(deps.columns).parse(r)[lookup])
      .filter((id): id is string => typeof id === 'string')
      .map((id) => id.toLowerCase())
      .filter((id) => !seen.has(id)),
  );
  // The solution page moves on only when all it names fit in this page; else it is read again next time.
  const solutionsFit = rows.length + viaSolutions.length <= limit;
  let extra: CrmOpportunity[] = [];
  if (solutionsFit && viaSolutions.length > 0)
    extra = (await readOpportunitiesById(deps, viaSolutions)).filter(inScope);

  const oNext = oPage.nextLink ?? oPage.deltaLink;
  const sNext = solutionsFit ? (sPage.nextLink ?? sPage.deltaLink) : s;
  if (oNext === undefined || sNext === undefined) throw deps.client.missing('a next or delta link');
  // cursorSince filters only its first, full answer; once at a delta link every change counts.
  const stillFull = cursor.since !== undefined && oPage.deltaLink === undefined;
  const delivered = rows.length + viaSolutions.length > 0;
  return {
    opportunities: [...changed, ...extra],
    cursor: encodeCursor({ v: 1, o: oNext, s: sNext, ...(stillFull ? { since: cursor.since } : {}) }),
    more: oPage.nextLink !== undefined || sPage.nextLink !== undefined || !solutionsFit || delivered,
  };
}
