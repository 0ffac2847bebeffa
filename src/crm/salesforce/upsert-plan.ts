// What one referral needs written, as composite subrequests (pure; upsert.ts sends them).
//
// Per referral, in order: the account when no existing one matches (name + postal code), the opportunity as
// an upsert on its Referral Identifier (a replay can never create a second one), then the contact and its
// contact role, then the solutions it lacks. Every later subrequest names the earlier ones by reference
// (`@{o3.id}`), so when one fails, Salesforce halts the ones that depend on it: an opportunity is never
// created against a missing account, nor a solution against a missing opportunity. Other referrals in the
// same composite go on (allOrNone false across referrals).
import type { InboundUpsert } from '../adapter.js';
import type { CompositeSubrequest } from './client.js';
import { accountFields, accountKey, contactFields, toSalesforceFields } from './mapping.js';
import { distinct } from './soql.js';

/** What the lookup call found for a batch of referrals. */
export interface UpsertLookup {
  /** accountKey(name, postal code) -> the oldest matching account id. */
  readonly accounts: ReadonlyMap<string, string>;
  /** Lower-cased referral id -> the opportunity carrying it. */
  readonly opportunities: ReadonlyMap<
    string,
    { readonly id: string; readonly accountId: string | undefined }
  >;
  /** Opportunity id -> e-mails (lower-cased, '' when none) of its contact roles' contacts. */
  readonly contactRoles: ReadonlyMap<string, readonly string[]>;
  /** Opportunity id -> solution ids it already has. */
  readonly solutions: ReadonlyMap<string, ReadonlySet<string>>;
  /** `${accountId} ${lower-cased e-mail}` -> an existing contact to reuse. */
  readonly contacts: ReadonlyMap<string, string>;
}

export interface PlanContext {
  readonly lookup: UpsertLookup;
  readonly multiCurrency: boolean;
  readonly dataPath: (rest: string) => string;
  /** Accounts created by earlier composites of this call: accountKey -> id. */
  readonly createdAccounts: ReadonlyMap<string, string>;
  /** Accounts being created by referrals already placed in the composite being filled: key -> reference. */
  readonly pendingAccounts: ReadonlyMap<string, string>;
}

export interface ItemPlan {
  readonly index: number;
  readonly referralId: string;
  readonly subrequests: CompositeSubrequest[];
  /** How many subrequests count against composite's limit of 5 queries or collections. */
  readonly heavy: number;
  readonly opportunityRef: string;
  /** The account reference this referral's opportunity depends on (its own, or another referral's). */
  readonly accountRef: string | undefined;
  /** Set when this referral creates the account: later referrals with the same key reuse it. */
  readonly createsAccount: { readonly key: string; readonly ref: string } | undefined;
  readonly existing: boolean;
}

/** At most this many solution rows go as single POSTs; more become one collection subrequest. */
const singleSolutionPosts = 2;

export const contactKey = (accountId: string, email: string): string => `${accountId} ${email.toLowerCase()}`;

export function planItem(item: InboundUpsert, index: number, ctx: PlanContext): ItemPlan {
  const { lookup, dataPath } = ctx;
  const subrequests: CompositeSubrequest[] = [];
  let heavy = 0;
  const o = `o${index}`;
  const opportunityId = `@{${o}.id}`;
  const existing = lookup.opportunities.get(item.referralId.toLowerCase());

  let accountId: string | undefined;
  let accountRef: string | undefined;
  let createsAccount: ItemPlan['createsAccount'];
  if (existing) {
    // Leave the account (and owner) of an opportunity that exists alone: a person may have moved it since.
    accountId = existing.accountId;
  } else {
    const key = accountKey(item.account.name, item.account.postalCode);
    accountId = lookup.accounts.get(key) ?? ctx.createdAccounts.get(key);
    if (accountId === undefined) {
      accountRef = ctx.pendingAccounts.get(key);
      if (accountRef === undefined) {
        accountRef = `a${index}`;
        createsAccount = { key, ref: accountRef };
        subrequests.push({
          method: 'POST',
          url: dataPath('sobjects/Account'),
          referenceId: accountRef,
          body: accountFields(item.account, item.ownerId),
        });
      }
    }
  }
  const accountValue = accountId ?? (accountRef === undefined ? undefined : `@{${accountRef}.id}`);

  const body = toSalesforceFields(item.opportunity, {
    multiCurrency: ctx.multiCurrency,
    clearUndefined: false,
  });
  if (!existing) {
    if (accountValue !== undefined) body['AccountId'] = accountValue;
    if (item.ownerId !== undefined) body['OwnerId'] = item.ownerId;
  }
  subrequests.push({
    method: 'PATCH',
    url: dataPath(`sobjects/Opportunity/Referral_Identifier__c/${encodeURIComponent(item.referralId)}`),
    referenceId: o,
    body,
  });

  if (item.contact) {
    const email = item.contact.email?.trim().toLowerCase() ?? '';
    const roles = existing ? (lookup.contactRoles.get(existing.id) ?? []) : [];
    const present = email === '' ? roles.length > 0 : roles.includes(email);
    if (!present) {
      let contactId =
        accountId !== undefined && email !== ''
          ? lookup.contacts.get(contactKey(accountId, email))
          : undefined;
      if (contactId === undefined) {
        const c = `c${index}`;
        subrequests.push({
          method: 'POST',
          url: dataPath('sobjects/Contact'),
          referenceId: c,
          body: contactFields(item.contact, accountValue, item.ownerId),
        });
        contactId = `@{${c}.id}`;
      }
      subrequests.push({
        method: 'POST',
        url: dataPath('sobjects/OpportunityContactRole'),
        referenceId: `r${index}`,
        body: { OpportunityId: opportunityId, ContactId: contactId, IsPrimary: roles.length === 0 },
      });
    }
  }

  const have = existing ? lookup.solutions.get(existing.id) : undefined;
  const missing = distinct(item.solutionIds.filter((s) => s.trim() !== '')).filter((s) => !have?.has(s));
  const solutionRow = (solutionId: string) => ({
    Name: solutionId.slice(0, 80),
    Solution_Id__c: solutionId,
    Opportunity__c: opportunityId,
  });
  if (missing.length > singleSolutionPosts) {
    heavy++;
    subrequests.push({
      method: 'POST',
      url: dataPath('composite/sobjects'),
      referenceId: `s${index}`,
      body: {
        allOrNone: false,
        records: missing.map((s) => ({ attributes: { type: 'Microsoft_Solution__c' }, ...solutionRow(s) })),
      },
    });
  } else {
    missing.forEach((s, k) =>
      subrequests.push({
        method: 'POST',
        url: dataPath('sobjects/Microsoft_Solution__c'),
        referenceId: `s${index}_${k}`,
        body: solutionRow(s),
      }),
    );
  }

  return {
    index,
    referralId: item.referralId,
    subrequests,
    heavy,
    opportunityRef: o,
    accountRef,
    createsAccount,
    existing: existing !== undefined,
  };
}
