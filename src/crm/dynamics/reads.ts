// Reading opportunities with their Microsoft solutions. The solutions are rows of their own table (one to
// many), which `$expand` of a single-valued lookup cannot bring along, so they come from a second query on
// the solution table; when the opportunity ids are known up front both queries travel in one $batch (one
// round trip per chunk). Filters list ids with `or`: Dataverse's `In` function is not in the emulated subset.
import type { CrmOpportunity } from '../adapter.js';
import type { DataverseClient } from './client.js';
import { odataString, withQuery } from './client.js';
import { opportunitySelect, type DvColumns } from './columns.js';
import type { Currencies } from './currencies.js';
import { toCrmOpportunity, type ClosedStages } from './mapping.js';
import { DvOpportunitySchema, type DvOpportunity } from './wire.js';
import { z } from 'zod';

/** Ids per `or` filter: 50 GUID comparisons keep a URL near 3 KB, far below Dataverse's 32 KB. */
export const filterChunk = 50;

export interface ReadDeps {
  readonly client: DataverseClient;
  readonly columns: DvColumns;
  readonly currencies: Currencies;
  readonly stages: ClosedStages;
}

export function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

export const distinct = <T>(items: readonly T[]): T[] => [...new Set(items)];

/** `(column eq v1 or column eq v2 …)`; GUIDs unquoted, text quoted. */
export function anyOf(column: string, values: readonly string[], kind: 'guid' | 'text'): string {
  return `(${values.map((v) => `${column} eq ${kind === 'guid' ? v : odataString(v)}`).join(' or ')})`;
}

const isGuid = (id: string) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id);

export function solutionRowSchema(c: DvColumns) {
  return z.looseObject({
    [c.solutionKey]: z.string(),
    [c.solutionId]: z.string().nullable().optional(),
    [`_${c.solutionOpportunity}_value`]: z.string().nullable().optional(),
  });
}

/** The solutions query of some opportunities, oldest first. */
export function solutionsPath(c: DvColumns, opportunityIds: readonly string[]): string {
  const lookup = `_${c.solutionOpportunity}_value`;
  return withQuery(c.solutionSet, {
    $select: `${c.solutionKey},${c.solutionId},${lookup}`,
    $filter: anyOf(lookup, opportunityIds, 'guid'),
    $orderby: 'createdon asc',
  });
}

/** Solution ids per opportunity id (first seen first, no repeats). */
export function solutionsByOpportunity(
  c: DvColumns,
  rows: readonly Record<string, unknown>[],
): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const row of rows) {
    const opp = row[`_${c.solutionOpportunity}_value`];
    const id = row[c.solutionId];
    if (typeof opp !== 'string' || typeof id !== 'string' || id === '') continue;
    const list = out.get(opp.toLowerCase()) ?? [];
    if (!list.includes(id)) list.push(id);
    out.set(opp.toLowerCase(), list);
  }
  return out;
}

function assemble(
  deps: ReadDeps,
  rows: readonly DvOpportunity[],
  solutions: Map<string, string[]>,
): CrmOpportunity[] {
  const ctx = {
    columns: deps.columns,
    stages: deps.stages,
    currencyCode: (id: string | null | undefined) => deps.currencies.codeOf(id),
  };
  return rows.map((r) => toCrmOpportunity(r, solutions.get(r.opportunityid.toLowerCase()) ?? [], ctx));
}

/** Opportunities by id, with their solutions: one $batch of two queries per 50 ids. */
export async function readOpportunitiesById(
  deps: ReadDeps,
  ids: readonly string[],
): Promise<CrmOpportunity[]> {
  await deps.currencies.table();
  const out: CrmOpportunity[] = [];
  const c = deps.columns;
  for (const part of chunk(distinct(ids.map((id) => id.toLowerCase()).filter(isGuid)), filterChunk)) {
    const [opps, sols] = await deps.client.batchGet(
      [
        {
          path: withQuery('opportunities', {
            $select: opportunitySelect(c),
            $filter: anyOf('opportunityid', part, 'guid'),
          }),
        },
        { path: solutionsPath(c, part) },
      ],
      z.looseObject({}),
    );
    const rows = (opps?.value ?? []).map((r) => DvOpportunitySchema.parse(r));
    out.push(...assemble(deps, rows, solutionsByOpportunity(c, sols?.value ?? [])));
  }
  return out;
}

/** Opportunities matching a filter, then their solutions: two requests (the ids come from the first). */
export async function readOpportunitiesWhere(deps: ReadDeps, filter: string): Promise<CrmOpportunity[]> {
  await deps.currencies.table();
  const c = deps.columns;
  const rows = await deps.client.getAll(
    withQuery('opportunities', {
      $select: opportunitySelect(c),
      $filter: filter,
      $orderby: 'createdon asc',
    }),
    DvOpportunitySchema,
  );
  return withSolutions(deps, rows);
}

/** Rows already read, with their solutions (one query per 50 rows). */
export async function withSolutions(
  deps: ReadDeps,
  rows: readonly DvOpportunity[],
): Promise<CrmOpportunity[]> {
  const c = deps.columns;
  const solutions = new Map<string, string[]>();
  for (const part of chunk(
    rows.map((r) => r.opportunityid.toLowerCase()),
    filterChunk,
  )) {
    const found = await deps.client.getAll(solutionsPath(c, part), solutionRowSchema(c));
    for (const [k, v] of solutionsByOpportunity(c, found)) solutions.set(k, v);
  }
  return assemble(deps, rows, solutions);
}
