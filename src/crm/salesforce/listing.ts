// The first sync's read of every opportunity (CrmAdapter.listOpportunities): any stage, with or without Sync
// with Partner Center, in Id order, page by page. One SOQL query per page carries all a first sync matches
// on: the opportunity's fields, its account's name, postal code and country (parent relationship fields) and
// its Microsoft solutions (a parent-child subquery on the lookup's child relationship), so a page costs one
// API call. Keyset paging (`Id > last ORDER BY Id LIMIT n`), not OFFSET: SOQL refuses OFFSET beyond 2,000 and
// an offset re-reads every row it skips. A semi-join cannot stand in for the subquery: SOQL allows neither
// ORDER BY nor LIMIT inside one, so it could not name "the solutions of this page".
import { z } from 'zod';
import type { OpportunityListPage, OpportunityListing } from '../adapter.js';
import { CosellError } from '../../errors.js';
import type { SalesforceClient } from './client.js';
import { opportunityColumns, solutionRelationshipName, toCrmOpportunity } from './mapping.js';
import type { OrgFacts } from './org.js';
import { solutionColumns, solutionsByOpportunity } from './reads.js';
import { quote } from './soql.js';
import { SfOpportunitySchema, SfQueryResult, SfSolutionSchema, type SfSolution } from './wire.js';

/** Salesforce's largest query batch: a bigger page would come back in several batches, one call each. */
export const maxListPage = 2000;

const solutions = `${solutionRelationshipName}__r`;
const accountColumns = ['Account.Name', 'Account.BillingPostalCode', 'Account.BillingCountry'];

const text = z.string().nullish();
const ListedSchema = SfOpportunitySchema.extend({
  Account: z.looseObject({ Name: text, BillingPostalCode: text, BillingCountry: text }).nullish(),
  [solutions]: SfQueryResult(SfSolutionSchema).nullish(),
});
type Listed = z.infer<typeof ListedSchema>;

const prefix = 'sfl1.';
const idPattern = /^[0-9A-Za-z]{15}(?:[0-9A-Za-z]{3})?$/;

/** The cursor after a page: the last Id delivered. */
export const encodeListCursor = (lastId: string): string => `${prefix}${lastId}`;

export function decodeListCursor(text: string): string {
  const id = text.startsWith(prefix) ? text.slice(prefix.length) : '';
  if (!idPattern.test(id)) {
    throw new CosellError('REQUEST_INVALID', { reason: 'the Salesforce listing cursor is not readable' });
  }
  return id;
}

/** The SOQL of one page: every opportunity after `afterId` (all from the start), with account and solutions. */
export function listingQuery(multiCurrency: boolean, afterId: string | undefined, size: number): string {
  const columns = [
    ...opportunityColumns(multiCurrency),
    ...accountColumns,
    `(SELECT ${solutionColumns} FROM ${solutions} ORDER BY CreatedDate, Id)`,
  ].join(', ');
  const where = afterId === undefined ? '' : ` WHERE Id > ${quote(afterId)}`;
  return `SELECT ${columns} FROM Opportunity${where} ORDER BY Id LIMIT ${size}`;
}

/** A record's solution rows; a child result Salesforce paged (done: false) is read to its end. */
async function solutionRows(client: SalesforceClient, row: Listed): Promise<SfSolution[]> {
  const result = row[solutions];
  if (!result) return [];
  const rows: SfSolution[] = [...result.records];
  if (!result.done && result.nextRecordsUrl !== undefined) {
    for await (const batch of client.pages(result.nextRecordsUrl, SfSolutionSchema)) rows.push(...batch);
  }
  return rows;
}

function accountOf(row: Listed): OpportunityListing['account'] {
  const opt = (value: string | null | undefined) => (value === null || value === '' ? undefined : value);
  if (!row.AccountId || !row.Account) return undefined;
  return {
    id: row.AccountId,
    name: row.Account.Name ?? '',
    postalCode: opt(row.Account.BillingPostalCode),
    country: opt(row.Account.BillingCountry),
  };
}

export async function listOpportunities(
  client: SalesforceClient,
  org: OrgFacts,
  after: string | undefined,
  limit: number,
): Promise<OpportunityListPage> {
  if (!Number.isInteger(limit) || limit < 1) throw new RangeError('limit must be a positive whole number');
  const size = Math.min(limit, maxListPage);
  const afterId = after === undefined ? undefined : decodeListCursor(after);
  const multiCurrency = await org.multiCurrency();
  const rows = await client.queryAll(listingQuery(multiCurrency, afterId, size), ListedSchema);
  const opportunities: OpportunityListing[] = [];
  for (const row of rows) {
    const ids = solutionsByOpportunity(await solutionRows(client, row)).get(row.Id) ?? [];
    opportunities.push({ ...toCrmOpportunity(row, ids, multiCurrency), account: accountOf(row) });
  }
  const last = rows.at(-1);
  // A full page may be the last one: the next call then answers an empty page and no cursor.
  return { opportunities, next: rows.length === size && last ? encodeListCursor(last.Id) : undefined };
}
