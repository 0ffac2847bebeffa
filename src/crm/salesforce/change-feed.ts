// The Salesforce change feed: polling SystemModstamp (design, "Outbound"; remote-apis.md §4 "Polling").
//
// The hazard: SystemModstamp has whole-second precision, so many records share one stamp, and a record may
// be written in a second we have already read from. A cursor of "the last stamp" alone either repeats that
// second's records (with >=) or drops the ones written later in it (with >). So the cursor keeps the stamp
// of the last record delivered *and* the ids already delivered in that second; the next page asks for
// `SystemModstamp > t OR (SystemModstamp = t AND Id NOT IN (those ids))`, ordered by stamp then id. Records
// sharing a second are neither missed nor repeated, across pages and across later writes in that second.
// If one second holds more than `maxIdsInCursor` records (a data load), the cursor falls back to keyset
// order within it (`Id > last id`), which is exact for paging and misses only records written into that
// already-read second afterwards.
// What no stamp can show: a second change to a record inside the very second it was read is the same
// (id, stamp) as the first. It is seen with the record's next change; Salesforce's getUpdated has the same
// blind spot.
// The feed covers co-sell opportunities only (Sync with Partner Center on, or linked to a referral); other
// deals never concern Partner Center and would only spend API calls.
//
// Microsoft solutions live in their own object: adding or removing one does not touch the opportunity's
// SystemModstamp. So each poll also asks for solutions changed since the cursor's own solution stamp (`st`)
// and reports their opportunities as changed. Both stamp queries travel in one composite call (an idle poll
// costs one API call); the changed opportunities are then read with their solutions in one more.
import { z } from 'zod';
import type { ChangePage } from '../adapter.js';
import { CosellError } from '../../errors.js';
import type { SalesforceClient } from './client.js';
import type { OrgFacts } from './org.js';
import { readOpportunities } from './reads.js';
import { distinct, inList, isoFromSalesforce, quote, soqlDateTime } from './soql.js';
import { SfStampSchema } from './wire.js';

export const changeScope = '(Sync_with_Partner_Center__c = true OR Referral_Identifier__c != null)';
/** Ids of one second kept in the cursor before it falls back to keyset order (keeps the SOQL short). */
export const maxIdsInCursor = 200;

const CursorSchema = z.object({
  v: z.literal(1),
  /** ISO stamp of the last record delivered. */
  t: z.string(),
  /** Ids delivered with stamp `t`. */
  ids: z.array(z.string()).optional(),
  /** Keyset fallback: every record of second `t` up to this id was delivered. */
  after: z.string().optional(),
  /** ISO stamp of the last Microsoft solution change seen; absent: `t`. */
  st: z.string().optional(),
  /** Solution record ids delivered with stamp `st` (the same second is not delivered twice). */
  sids: z.array(z.string()).optional(),
});
export type ChangeCursor = z.infer<typeof CursorSchema>;

const prefix = 'sf1.';

export function encodeCursor(cursor: ChangeCursor): string {
  return prefix + Buffer.from(JSON.stringify(cursor), 'utf8').toString('base64url');
}

export function decodeCursor(text: string): ChangeCursor {
  const parsed = text.startsWith(prefix)
    ? CursorSchema.safeParse(parseBase64Json(text.slice(prefix.length)))
    : undefined;
  if (!parsed?.success) {
    throw new CosellError('REQUEST_INVALID', { reason: 'the Salesforce change cursor is not readable' });
  }
  return parsed.data;
}

function parseBase64Json(text: string): unknown {
  try {
    return JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as unknown;
  } catch {
    return undefined;
  }
}

/** The WHERE condition for "after this cursor". */
export function afterCondition(cursor: ChangeCursor): string {
  const t = soqlDateTime(cursor.t);
  if (cursor.after !== undefined) {
    return `(SystemModstamp > ${t} OR (SystemModstamp = ${t} AND Id > ${quote(cursor.after)}))`;
  }
  if (!cursor.ids || cursor.ids.length === 0) return `SystemModstamp >= ${t}`;
  return `(SystemModstamp > ${t} OR (SystemModstamp = ${t} AND Id NOT IN ${inList(cursor.ids)}))`;
}

/** The cursor after delivering `page` (ordered by stamp, then id) from `cursor`. */
export function advance(cursor: ChangeCursor, page: readonly { id: string; stamp: string }[]): ChangeCursor {
  const last = page[page.length - 1];
  if (!last) return cursor;
  const inLastSecond = page.filter((r) => r.stamp === last.stamp).map((r) => r.id);
  const sameSecond = last.stamp === cursor.t;
  if (sameSecond && cursor.after !== undefined) return { v: 1, t: last.stamp, after: last.id };
  const ids = sameSecond ? [...(cursor.ids ?? []), ...inLastSecond] : inLastSecond;
  if (ids.length > maxIdsInCursor) return { v: 1, t: last.stamp, after: last.id };
  return { v: 1, t: last.stamp, ids };
}

/** "From now": just after the newest co-sell change, so only later changes are delivered. */
async function startCursor(client: SalesforceClient): Promise<ChangeCursor> {
  const rows = await client.queryAll(
    `SELECT Id, SystemModstamp FROM Opportunity WHERE ${changeScope} ORDER BY SystemModstamp DESC, Id DESC LIMIT ${maxIdsInCursor}`,
    SfStampSchema,
  );
  const newest = rows[0];
  // Salesforce's clock, not ours: the newest stamp it wrote, so clock skew cannot open a gap.
  if (!newest) return { v: 1, t: new Date(0).toISOString(), ids: [] };
  const t = isoFromSalesforce(newest.SystemModstamp);
  const ids = rows.filter((r) => isoFromSalesforce(r.SystemModstamp) === t).map((r) => r.Id);
  return ids.length >= maxIdsInCursor ? { v: 1, t, after: newest.Id } : { v: 1, t, ids };
}

const SolutionStampSchema = z.looseObject({
  Id: z.string(),
  Opportunity__c: z.string().nullable(),
  SystemModstamp: z.string(),
});

/** Solution changes after (st, sids): later seconds, or st's second minus the records already delivered. */
function solutionsAfter(st: string, sids: readonly string[] | undefined): string {
  const t = soqlDateTime(st);
  if (sids === undefined || sids.length === 0) return `SystemModstamp >= ${t}`;
  return `(SystemModstamp > ${t} OR (SystemModstamp = ${t} AND Id NOT IN ${inList(sids)}))`;
}

export async function changedOpportunities(
  client: SalesforceClient,
  org: OrgFacts,
  cursorText: string | undefined,
  limit: number,
): Promise<ChangePage> {
  if (!Number.isInteger(limit) || limit < 1) throw new RangeError('limit must be a positive whole number');
  if (cursorText === undefined) {
    return { opportunities: [], cursor: encodeCursor(await startCursor(client)), more: false };
  }
  const cursor = decodeCursor(cursorText);
  const solutionsSince = cursor.st ?? cursor.t;
  const [stamps, solutionStamps] = await client.composite(
    [
      {
        method: 'GET',
        url: client.queryPath(
          `SELECT Id, SystemModstamp FROM Opportunity WHERE ${changeScope} AND ${afterCondition(cursor)} ORDER BY SystemModstamp ASC, Id ASC LIMIT ${limit + 1}`,
        ),
        referenceId: 'opportunities',
      },
      {
        method: 'GET',
        url: client.queryPath(
          `SELECT Id, Opportunity__c, SystemModstamp FROM Microsoft_Solution__c WHERE ${solutionsAfter(solutionsSince, cursor.st === undefined ? undefined : cursor.sids)} ORDER BY SystemModstamp ASC, Id ASC LIMIT ${limit}`,
        ),
        referenceId: 'solutions',
      },
    ],
    { allOrNone: false, replayable: true },
  );
  const rows = stamps ? await client.rowsOf(stamps, SfStampSchema) : [];
  const solutionRows = solutionStamps ? await client.rowsOf(solutionStamps, SolutionStampSchema) : [];
  const page = rows.slice(0, limit);
  const ids = distinct([
    ...page.map((r) => r.Id),
    ...solutionRows.map((r) => r.Opportunity__c).filter((id): id is string => id !== null),
  ]);
  const read =
    ids.length === 0
      ? []
      : await readOpportunities(
          client,
          org,
          `Id IN ${inList(ids)} AND ${changeScope}`,
          `Opportunity__c IN ${inList(ids)}`,
        );
  // Oldest change first: the stamp order of the page, then opportunities whose solutions changed.
  const order = new Map(ids.map((id, index) => [id, index]));
  const opportunities = read.sort((a, b) => (order.get(a.id) ?? 0) - (order.get(b.id) ?? 0));
  const solutionCursor = advance(
    { v: 1, t: solutionsSince, ids: cursor.st === undefined ? [] : (cursor.sids ?? []) },
    solutionRows.map((r) => ({ id: r.Id, stamp: isoFromSalesforce(r.SystemModstamp) })),
  );
  const next = advance(
    cursor,
    page.map((r) => ({ id: r.Id, stamp: isoFromSalesforce(r.SystemModstamp) })),
  );
  return {
    opportunities,
    cursor: encodeCursor({ ...next, st: solutionCursor.t, sids: solutionCursor.ids ?? [] }),
    more: rows.length > limit || solutionRows.length >= limit,
  };
}
