// The list endpoint's query options and server-driven paging (get-a-list-of-referrals.md; remote-apis §1 "List").
// Pages hold at most 100 items; `@odata.nextLink` is an absolute URL repeating the original query plus an
// opaque `$skiptoken` that encodes the position and a fingerprint of the query it belongs to, so a token
// replayed against a different query is refused instead of silently returning the wrong rows.
import { createHash } from 'node:crypto';
import { compareInstants, parseInstant } from './clock.js';
import { evaluateFilter, pinsEngagement } from './odata-evaluate.js';
import { parseFilter, type FilterNode } from './odata-filter.js';
import { invalidRequest } from './pc-errors.js';
import { referralModel, type EmReferral } from './referral-model.js';

const orderableFields = ['createdDateTime', 'updatedDateTime'] as const;
type OrderField = (typeof orderableFields)[number];

export interface ListQuery {
  readonly filterText: string | undefined;
  readonly filter: FilterNode | undefined;
  readonly orderbyText: string | undefined;
  readonly orderBy: readonly { readonly field: OrderField; readonly desc: boolean }[];
  readonly top: number | undefined;
  readonly skip: number;
  readonly count: boolean;
  readonly selectText: string | undefined;
  readonly select: readonly string[] | undefined;
  /** Rows already served by earlier pages of this query. */
  readonly offset: number;
}

const knownOptions = new Set(['$filter', '$orderby', '$top', '$skip', '$count', '$skiptoken', '$select']);

function single(query: Record<string, unknown>, name: string): string | undefined {
  const value = query[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'string')
    throw invalidRequest(`The query option '${name}' may appear only once.`, name);
  return value;
}

function nonNegativeInt(text: string | undefined, name: string): number | undefined {
  if (text === undefined) return undefined;
  if (!/^\d{1,9}$/.test(text.trim())) throw invalidRequest(`'${name}' must be a non-negative integer.`, name);
  return Number(text.trim());
}

function parseOrderBy(text: string | undefined): ListQuery['orderBy'] {
  if (text === undefined || text.trim() === '') return [{ field: 'createdDateTime', desc: false }];
  return text.split(',').map((part) => {
    const [field, direction, ...extra] = part.trim().split(/\s+/);
    if (!field || !(orderableFields as readonly string[]).includes(field) || extra.length > 0) {
      throw invalidRequest(
        `$orderby supports only createdDateTime and updatedDateTime, each with asc or desc; got '${part.trim()}'.`,
        '$orderby',
      );
    }
    if (direction !== undefined && direction !== 'asc' && direction !== 'desc') {
      throw invalidRequest(`'${direction}' is not a sort direction; use asc or desc.`, '$orderby');
    }
    return { field: field as OrderField, desc: direction === 'desc' };
  });
}

function parseSelect(text: string | undefined): string[] | undefined {
  if (text === undefined || text.trim() === '') return undefined;
  const names = text.split(',').map((s) => s.trim());
  const fields = referralModel.kind === 'object' ? referralModel.fields : {};
  for (const name of names) {
    if (name !== 'links' && !Object.hasOwn(fields, name))
      throw invalidRequest(`$select: could not find a property named '${name}'.`, '$select');
  }
  return names;
}

function fingerprint(q: Omit<ListQuery, 'offset' | 'filter' | 'orderBy' | 'select'>): string {
  const canonical = JSON.stringify([
    q.filterText ?? '',
    q.orderbyText ?? '',
    q.top ?? '',
    q.skip,
    q.count,
    q.selectText ?? '',
  ]);
  return createHash('sha256').update(canonical).digest('base64url').slice(0, 16);
}

function decodeSkipToken(token: string, expected: string): number {
  try {
    const parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as {
      o?: unknown;
      q?: unknown;
    };
    if (typeof parsed.o === 'number' && Number.isInteger(parsed.o) && parsed.o >= 0 && parsed.q === expected)
      return parsed.o;
  } catch {
    // fall through: any undecodable token is refused the same way
  }
  throw invalidRequest(
    'The $skiptoken is not valid for this query; follow @odata.nextLink as returned.',
    '$skiptoken',
  );
}

export function parseListQuery(query: Record<string, unknown>): ListQuery {
  for (const name of Object.keys(query)) {
    if (name.startsWith('$') && !knownOptions.has(name)) {
      throw invalidRequest(`The query option '${name}' is not supported.`, name);
    }
  }
  const filterText = single(query, '$filter');
  const orderbyText = single(query, '$orderby');
  const countText = single(query, '$count');
  if (countText !== undefined && countText !== 'true' && countText !== 'false') {
    throw invalidRequest("'$count' must be true or false.", '$count');
  }
  const selectText = single(query, '$select');
  const base = {
    filterText,
    orderbyText,
    top: nonNegativeInt(single(query, '$top'), '$top'),
    skip: nonNegativeInt(single(query, '$skip'), '$skip') ?? 0,
    count: countText === 'true',
    selectText,
  };
  const token = single(query, '$skiptoken');
  return {
    ...base,
    filter: filterText === undefined || filterText.trim() === '' ? undefined : parseFilter(filterText),
    orderBy: parseOrderBy(orderbyText),
    select: parseSelect(selectText),
    offset: token === undefined ? 0 : decodeSkipToken(token, fingerprint(base)),
  };
}

export interface ListPage {
  readonly '@odata.context': string;
  readonly '@odata.count'?: number;
  readonly value: Record<string, unknown>[];
  readonly '@odata.nextLink'?: string;
}

function nextLink(baseUrl: string, q: ListQuery, offset: number): string {
  const params: [string, string | undefined][] = [
    ['$filter', q.filterText],
    ['$orderby', q.orderbyText],
    ['$select', q.selectText],
    ['$top', q.top?.toString()],
    ['$skip', q.skip === 0 ? undefined : String(q.skip)],
    ['$count', q.count ? 'true' : undefined],
    ['$skiptoken', Buffer.from(JSON.stringify({ o: offset, q: fingerprint(q) })).toString('base64url')],
  ];
  const search = params
    .filter((p): p is [string, string] => p[1] !== undefined)
    .map(([k, v]) => `${k}=${encodeURIComponent(v)}`)
    .join('&');
  return `${baseUrl}/v1.0/engagements/referrals?${search}`;
}

export interface ListOptions {
  readonly baseUrl: string;
  readonly pageSize: number;
  readonly partnerOrganizationId: string;
  readonly render: (referral: EmReferral) => Record<string, unknown>;
}

/**
 * Runs a list query over all stored referrals. Without an engagementId filter only the partner's own
 * referrals are visible; pinning an engagement also shows Microsoft's related referrals.
 */
export function runListQuery(all: readonly EmReferral[], q: ListQuery, options: ListOptions): ListPage {
  const includeRelated = q.filter !== undefined && pinsEngagement(q.filter);
  const filter = q.filter;
  const keyed = all
    .filter((r) => includeRelated || r.organizationId === options.partnerOrganizationId)
    .filter((r) => filter === undefined || evaluateFilter(filter, r))
    .map((r) => ({ r, keys: q.orderBy.map(({ field }) => parseInstant(r[field])) }));
  keyed.sort((a, b) => {
    for (const [i, { desc }] of q.orderBy.entries()) {
      const x = a.keys[i];
      const y = b.keys[i];
      const c = x && y ? compareInstants(x, y) : 0;
      if (c !== 0) return desc ? -c : c;
    }
    // Stable tie-break so paging never skips or repeats rows with equal timestamps.
    return a.r.id < b.r.id ? -1 : a.r.id > b.r.id ? 1 : 0;
  });
  const matches = keyed.map((k) => k.r);
  const remaining = q.top === undefined ? Number.POSITIVE_INFINITY : Math.max(0, q.top - q.offset);
  const size = Math.min(options.pageSize, remaining);
  const start = q.skip + q.offset;
  const rows = matches.slice(start, start + size);
  const served = q.offset + rows.length;
  const more =
    start + rows.length < matches.length && (q.top === undefined || served < q.top) && rows.length > 0;
  const value = rows.map((r) => {
    const full = options.render(r);
    return q.select ? Object.fromEntries(q.select.filter((k) => k in full).map((k) => [k, full[k]])) : full;
  });
  return {
    '@odata.context': `${options.baseUrl}/v1.0/$metadata#Referrals`,
    ...(q.count ? { '@odata.count': matches.length } : {}),
    value,
    ...(more ? { '@odata.nextLink': nextLink(options.baseUrl, q, served) } : {}),
  };
}
