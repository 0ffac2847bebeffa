// Reading opportunities with their Microsoft solutions: the solutions come from a second query on
// Microsoft_Solution__c, both queries in one composite request, so a read costs one API call per chunk of up
// to 200 opportunities. (The first sync's listing, whose ids are not known up front, uses a parent-child
// subquery instead: listing.ts.)
import type { CrmOpportunity } from '../adapter.js';
import type { SalesforceClient } from './client.js';
import { opportunityColumns, toCrmOpportunity } from './mapping.js';
import type { OrgFacts } from './org.js';
import { chunk, distinct } from './soql.js';
import { SfOpportunitySchema, SfSolutionSchema, type SfOpportunity, type SfSolution } from './wire.js';

/** IN-list size: 200 ids keep a query far below Salesforce's 100,000-character SOQL and 16 KB URL limits. */
export const inListChunk = 200;

export const solutionColumns = 'Id, Name, Solution_Id__c, Opportunity__c';

/** Solution ids per opportunity (first seen first, no repeats). */
export function solutionsByOpportunity(rows: readonly SfSolution[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const row of rows) {
    const opp = row.Opportunity__c;
    const id = row.Solution_Id__c;
    if (!opp || !id) continue;
    const list = out.get(opp) ?? [];
    if (!list.includes(id)) list.push(id);
    out.set(opp, list);
  }
  return out;
}

/**
 * Opportunities matching `opportunityWhere` with their solutions (matched by `solutionWhere`, which must
 * select the solutions of exactly those opportunities), in one composite call.
 */
export async function readOpportunities(
  client: SalesforceClient,
  org: OrgFacts,
  opportunityWhere: string,
  solutionWhere: string,
  orderBy = '',
): Promise<CrmOpportunity[]> {
  const multiCurrency = await org.multiCurrency();
  const columns = opportunityColumns(multiCurrency).join(', ');
  const [opps, sols] = await client.composite(
    [
      {
        method: 'GET',
        url: client.queryPath(`SELECT ${columns} FROM Opportunity WHERE ${opportunityWhere}${orderBy}`),
        referenceId: 'opportunities',
      },
      {
        method: 'GET',
        url: client.queryPath(
          `SELECT ${solutionColumns} FROM Microsoft_Solution__c WHERE ${solutionWhere} ORDER BY CreatedDate, Id`,
        ),
        referenceId: 'solutions',
      },
    ],
    { allOrNone: false, replayable: true },
  );
  if (!opps || !sols) return [];
  const records: SfOpportunity[] = await client.rowsOf(opps, SfOpportunitySchema);
  const solutions = solutionsByOpportunity(await client.rowsOf(sols, SfSolutionSchema));
  return records.map((r) => toCrmOpportunity(r, solutions.get(r.Id) ?? [], multiCurrency));
}

/** Runs `read` per chunk of distinct keys and concatenates the results. */
export async function inChunks<K, T>(
  keys: readonly K[],
  read: (chunk: K[]) => Promise<T[]>,
  size = inListChunk,
): Promise<T[]> {
  const out: T[] = [];
  for (const part of chunk(distinct(keys), size)) out.push(...(await read(part)));
  return out;
}
