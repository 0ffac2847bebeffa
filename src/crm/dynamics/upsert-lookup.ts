// The read before writing a batch of referrals: one $batch of queries (one round trip) for up to 50
// referrals: opportunities by Referral Identifier (with their contact's e-mail through $expand), accounts by
// name (matched by name + postal code here), contacts by e-mail to reuse, and, while not yet read, the
// currency table. Only when some referrals already have an opportunity (a replay, an update) does a second
// query ask which Microsoft solutions those have: the solution table cannot be filtered by the
// opportunity's referral id (no navigation paths in $filter).
import { z } from 'zod';
import type { InboundUpsert } from '../adapter.js';
import { withQuery } from './client.js';
import { currencyQuery } from './currencies.js';
import { accountKey } from './mapping.js';
import {
  anyOf,
  distinct,
  solutionRowSchema,
  solutionsByOpportunity,
  solutionsPath,
  type ReadDeps,
} from './reads.js';
import { DvAccountSchema, DvContactSchema, DvCurrencySchema } from './wire.js';

export interface ExistingOpportunity {
  readonly id: string;
  readonly statecode: number;
  readonly accountId: string | undefined;
  /** Lower-cased e-mail of its contact ('' when it has a contact without one); undefined: no contact. */
  readonly contactEmail: string | undefined;
}

/** What the lookup found for a batch of referrals. */
export interface UpsertLookup {
  /** accountKey(name, postal code) → the oldest matching account id. */
  readonly accounts: ReadonlyMap<string, string>;
  /** Lower-cased referral id → its opportunity. */
  readonly opportunities: ReadonlyMap<string, ExistingOpportunity>;
  /** Opportunity id → solution ids it already has. */
  readonly solutions: ReadonlyMap<string, ReadonlySet<string>>;
  /** contactKey(account id, e-mail) → an existing contact to reuse. */
  readonly contacts: ReadonlyMap<string, string>;
}

export const contactKey = (accountId: string, email: string): string => `${accountId} ${email.toLowerCase()}`;

const ExistingSchema = z.looseObject({
  opportunityid: z.string(),
  statecode: z.number().nullable().optional(),
  _parentaccountid_value: z.string().nullable().optional(),
  parentcontactid: z.looseObject({ emailaddress1: z.string().nullable().optional() }).nullable().optional(),
});

export async function lookupReferrals(
  deps: ReadDeps,
  items: readonly InboundUpsert[],
): Promise<UpsertLookup> {
  const c = deps.columns;
  const referralIds = distinct(items.map((i) => i.referralId));
  const names = distinct(items.map((i) => i.account.name.trim()).filter((n) => n !== ''));
  const emails = distinct(
    items.flatMap((i) => (i.contact?.email ? [i.contact.email.trim().toLowerCase()] : [])),
  );
  const queries: { path: string }[] = [
    {
      path: withQuery('opportunities', {
        $select: `opportunityid,statecode,_parentaccountid_value,${c.referralId}`,
        $filter: anyOf(c.referralId, referralIds, 'text'),
        $expand: 'parentcontactid($select=emailaddress1)',
      }),
    },
  ];
  // Text `eq` ignores case in Dataverse, so the accounts come back whatever the referral's spelling.
  if (names.length > 0) {
    queries.push({
      path: withQuery('accounts', {
        $select: 'accountid,name,address1_postalcode,createdon',
        $filter: anyOf('name', names, 'text'),
        $orderby: 'createdon asc',
      }),
    });
  }
  if (emails.length > 0) {
    queries.push({
      path: withQuery('contacts', {
        $select: 'contactid,emailaddress1,_parentcustomerid_value',
        $filter: `${anyOf('emailaddress1', emails, 'text')} and _parentcustomerid_value ne null`,
        $orderby: 'createdon asc',
      }),
    });
  }
  const readCurrencies = deps.currencies.stale;
  if (readCurrencies) queries.push({ path: currencyQuery });
  const pages = await deps.client.batchGet(queries, z.looseObject({}));
  let at = 1;
  const accountRows = names.length > 0 ? (pages[at++]?.value ?? []) : [];
  const contactRows = emails.length > 0 ? (pages[at++]?.value ?? []) : [];
  if (readCurrencies) deps.currencies.learn((pages[at]?.value ?? []).map((r) => DvCurrencySchema.parse(r)));

  const opportunities = new Map<string, ExistingOpportunity>();
  for (const raw of pages[0]?.value ?? []) {
    const row = ExistingSchema.parse(raw);
    const referral = raw[c.referralId];
    if (typeof referral !== 'string') continue;
    opportunities.set(referral.toLowerCase(), {
      id: row.opportunityid.toLowerCase(),
      statecode: row.statecode ?? 0,
      accountId: row._parentaccountid_value?.toLowerCase() ?? undefined,
      contactEmail: row.parentcontactid ? (row.parentcontactid.emailaddress1 ?? '').toLowerCase() : undefined,
    });
  }
  const accounts = new Map<string, string>();
  for (const raw of accountRows) {
    const a = DvAccountSchema.parse(raw);
    const key = accountKey(a.name ?? '', a.address1_postalcode);
    if (!accounts.has(key)) accounts.set(key, a.accountid.toLowerCase());
  }
  const contacts = new Map<string, string>();
  for (const raw of contactRows) {
    const ct = DvContactSchema.parse(raw);
    if (!ct._parentcustomerid_value || !ct.emailaddress1) continue;
    const key = contactKey(ct._parentcustomerid_value.toLowerCase(), ct.emailaddress1);
    if (!contacts.has(key)) contacts.set(key, ct.contactid.toLowerCase());
  }
  const solutions = new Map<string, Set<string>>();
  const existingIds = [...opportunities.values()].map((o) => o.id);
  if (existingIds.length > 0) {
    const rows = await deps.client.getAll(solutionsPath(c, existingIds), solutionRowSchema(c));
    for (const [id, list] of solutionsByOpportunity(c, rows)) solutions.set(id, new Set(list));
  }
  return { accounts, opportunities, solutions, contacts };
}
