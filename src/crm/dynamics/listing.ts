// The first sync's read of every opportunity (CrmAdapter.listOpportunities): any state, with or without Sync
// with Partner Center, in primary-key order, page by page. One GET per page carries all a first sync matches
// on, through $expand: the account (name, postal code, country), the currency (its ISO code, so no currency
// table read is needed) and the Microsoft solutions (the collection-valued navigation property of the
// solution lookup's relationship). Keyset paging (`opportunityid gt <last>`, `$orderby=opportunityid`, `$top`):
// Dataverse has no $skip. SQL Server orders GUIDs its own way, not as their text sorts, but the filter and the
// ordering compare the same way, so each row comes exactly once.
import { z } from 'zod';
import type { OpportunityListPage, OpportunityListing } from '../adapter.js';
import { CosellError } from '../../errors.js';
import { maxPageSize, withQuery } from './client.js';
import { opportunitySelect } from './columns.js';
import { toCrmOpportunity } from './mapping.js';
import { solutionRowSchema, solutionsByOpportunity, type ReadDeps } from './reads.js';
import { dvCollection, DvOpportunitySchema } from './wire.js';

const text = z.string().nullable().optional();
const ListedSchema = DvOpportunitySchema.extend({
  parentaccountid: z
    .looseObject({
      accountid: z.string(),
      name: text,
      address1_postalcode: text,
      address1_country: text,
    })
    .nullish(),
  transactioncurrencyid: z.looseObject({ isocurrencycode: text }).nullish(),
});
type Listed = z.infer<typeof ListedSchema>;

const prefix = 'dvl1.';
const guidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** The cursor after a page: the last opportunityid delivered. */
export const encodeListCursor = (lastId: string): string => `${prefix}${lastId.toLowerCase()}`;

export function decodeListCursor(value: string): string {
  const id = value.startsWith(prefix) ? value.slice(prefix.length) : '';
  if (!guidPattern.test(id)) {
    throw new CosellError('REQUEST_INVALID', { reason: 'the Dynamics 365 listing cursor is not readable' });
  }
  return id;
}

/** The query of one page: every opportunity after `afterId` (all from the start), with what it expands. */
export function listingPath(deps: ReadDeps, afterId: string | undefined, size: number): string {
  const c = deps.columns;
  return withQuery('opportunities', {
    $select: opportunitySelect(c),
    $filter: afterId === undefined ? undefined : `opportunityid gt ${afterId}`,
    $orderby: 'opportunityid asc',
    $top: String(size),
    $expand: [
      'parentaccountid($select=accountid,name,address1_postalcode,address1_country)',
      'transactioncurrencyid($select=isocurrencycode)',
      `${c.solutionRelationship}($select=${c.solutionKey},${c.solutionId},_${c.solutionOpportunity}_value;$orderby=createdon asc)`,
    ].join(','),
  });
}

/** A row's solution rows; an expansion Dataverse paged (`<name>@odata.nextLink`) is read to its end. */
async function solutionRows(
  deps: ReadDeps,
  row: Record<string, unknown>,
): Promise<Record<string, unknown>[]> {
  const c = deps.columns;
  const schema = solutionRowSchema(c);
  const rows: Record<string, unknown>[] = z.array(schema).parse(row[c.solutionRelationship] ?? []);
  const next = row[`${c.solutionRelationship}@odata.nextLink`];
  if (typeof next === 'string') rows.push(...(await deps.client.getAll(next, schema)));
  return rows;
}

function accountOf(row: Listed): OpportunityListing['account'] {
  const account = row.parentaccountid;
  if (!account) return undefined;
  const opt = (value: string | null | undefined) => (value === null || value === '' ? undefined : value);
  return {
    id: account.accountid.toLowerCase(),
    name: account.name ?? '',
    postalCode: opt(account.address1_postalcode),
    country: opt(account.address1_country),
  };
}

export async function listOpportunities(
  deps: ReadDeps,
  after: string | undefined,
  limit: number,
): Promise<OpportunityListPage> {
  if (!Number.isInteger(limit) || limit < 1) throw new RangeError('limit must be a positive whole number');
  const size = Math.min(limit, maxPageSize);
  const afterId = after === undefined ? undefined : decodeListCursor(after);
  const page = await deps.client.get(listingPath(deps, afterId, size), dvCollection(z.looseObject({})));
  const rows = page.value.map((raw) => ({ raw, row: ListedSchema.parse(raw) }));
  // The currency codes came with the rows; the currency table, when already read, covers any other.
  const codes = new Map(
    rows.flatMap(({ row }) => {
      const id = row._transactioncurrencyid_value;
      const code = row.transactioncurrencyid?.isocurrencycode;
      return id && code ? [[id.toLowerCase(), code.toUpperCase()] as const] : [];
    }),
  );
  const ctx = {
    columns: deps.columns,
    stages: deps.stages,
    currencyCode: (id: string | null | undefined) =>
      id ? (codes.get(id.toLowerCase()) ?? deps.currencies.codeOf(id)) : undefined,
  };
  const opportunities: OpportunityListing[] = [];
  for (const { raw, row } of rows) {
    const solutions = solutionsByOpportunity(deps.columns, await solutionRows(deps, raw));
    const ids = solutions.get(row.opportunityid.toLowerCase()) ?? [];
    opportunities.push({ ...toCrmOpportunity(row, ids, ctx), account: accountOf(row) });
  }
  const last = rows.at(-1);
  // A full page may be the last one: the next call then answers an empty page and no cursor.
  return {
    opportunities,
    next: rows.length === size && last ? encodeListCursor(last.row.opportunityid) : undefined,
  };
}
