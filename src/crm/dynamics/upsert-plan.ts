// What one referral needs written, as one change set of a $batch (pure; upsert.ts sends them). A change set
// commits or rolls back as a whole, so an opportunity is never left without the account it names, nor a
// solution without its opportunity; other referrals' change sets in the same $batch go on.
//
// Per referral, in order: the account when no existing one matches (name + postal code), the contact when
// the opportunity has none, the opportunity as an upsert on its Referral Identifier alternate key (PATCH
// `opportunities(<prefix>referralidentifier='…')`: a replay can never create a second one), the Microsoft
// solutions it lacks (bound to the opportunity by Content-ID), and for an open opportunity whose referral
// was won or lost, that message. New accounts and contacts get their id from us (Dataverse takes a primary
// key on create), so a later referral of the same new customer, in a later change set or $batch, binds to
// it by id without waiting for an answer.
import { randomUUID } from 'node:crypto';
import type { InboundUpsert } from '../adapter.js';
import type { BatchRequest } from './batch.js';
import { odataString } from './client.js';
import type { DvColumns } from './columns.js';
import {
  accountBody,
  accountKey,
  contactBody,
  OpportunityState,
  toDataverseFields,
  type WriteContext,
} from './mapping.js';
import { distinct } from './reads.js';
import { contactKey, type ExistingOpportunity, type UpsertLookup } from './upsert-lookup.js';

export interface PlanContext {
  readonly lookup: UpsertLookup;
  readonly write: WriteContext;
  readonly url: (path: string) => string;
  /** Accounts created by earlier referrals of this call (sent or being sent): key → id and creator. */
  readonly newAccounts: ReadonlyMap<string, { readonly id: string; readonly creator: number }>;
  /** Contacts created likewise: contactKey(account id, e-mail) → id and creator. */
  readonly newContacts: ReadonlyMap<string, { readonly id: string; readonly creator: number }>;
  /** The next Content-ID (unique in the $batch). */
  readonly contentId: () => string;
  readonly newId?: () => string;
}

export interface ItemPlan {
  readonly index: number;
  readonly requests: BatchRequest[];
  readonly opportunityContentId: string;
  readonly existing: ExistingOpportunity | undefined;
  readonly createsAccount: { readonly key: string; readonly id: string } | undefined;
  readonly createsContact: { readonly key: string; readonly id: string } | undefined;
  /** Referrals whose change sets create the account or contact this one binds to. */
  readonly dependsOn: readonly number[];
}

const solutionName = (c: DvColumns, id: string) => ({
  [c.solutionName]: id.slice(0, 100),
  [c.solutionId]: id,
});

export function opportunityKeyPath(c: DvColumns, referralId: string): string {
  return `opportunities(${c.referralId}=${encodeURIComponent(odataString(referralId))})`;
}

export function planItem(item: InboundUpsert, index: number, ctx: PlanContext): ItemPlan {
  const c = ctx.write.columns;
  const newId = ctx.newId ?? randomUUID;
  const requests: BatchRequest[] = [];
  const dependsOn: number[] = [];
  const existing = ctx.lookup.opportunities.get(item.referralId.toLowerCase());
  let createsAccount: ItemPlan['createsAccount'];
  let createsContact: ItemPlan['createsContact'];

  // Leave the account (and owner) of an opportunity that exists alone: a person may have moved it since.
  let accountId = existing?.accountId;
  if (!existing) {
    const key = accountKey(item.account.name, item.account.postalCode);
    const created = ctx.newAccounts.get(key);
    accountId = ctx.lookup.accounts.get(key) ?? created?.id;
    if (created && accountId === created.id) dependsOn.push(created.creator);
    if (accountId === undefined) {
      accountId = newId();
      createsAccount = { key, id: accountId };
      requests.push({
        method: 'POST',
        url: ctx.url('accounts'),
        body: { accountid: accountId, ...accountBody(item.account, item.ownerId) },
        contentId: ctx.contentId(),
      });
    }
  }

  let contactId: string | undefined;
  if (item.contact && existing?.contactEmail === undefined) {
    const email = item.contact.email?.trim().toLowerCase() ?? '';
    const key = accountId !== undefined && email !== '' ? contactKey(accountId, email) : undefined;
    const created = key === undefined ? undefined : ctx.newContacts.get(key);
    contactId = (key === undefined ? undefined : ctx.lookup.contacts.get(key)) ?? created?.id;
    if (created && contactId === created.id) dependsOn.push(created.creator);
    if (contactId === undefined) {
      contactId = newId();
      if (key !== undefined) createsContact = { key, id: contactId };
      requests.push({
        method: 'POST',
        url: ctx.url('contacts'),
        body: {
          contactid: contactId,
          ...contactBody(
            item.contact,
            accountId === undefined ? undefined : `/accounts(${accountId})`,
            item.ownerId,
          ),
        },
        contentId: ctx.contentId(),
      });
    }
  }

  const { body, close } = toDataverseFields(item.opportunity, ctx.write, false);
  body[c.referralId] = item.referralId;
  if (!existing) {
    if (accountId !== undefined) body['parentaccountid@odata.bind'] = `/accounts(${accountId})`;
    if (item.ownerId !== undefined) body['ownerid@odata.bind'] = `/systemusers(${item.ownerId})`;
  }
  if (contactId !== undefined) body['parentcontactid@odata.bind'] = `/contacts(${contactId})`;
  const opportunityContentId = ctx.contentId();
  requests.push({
    method: 'PATCH',
    // return=representation tells a create (201) from an update (200); $select keeps the answer small.
    url: ctx.url(`${opportunityKeyPath(c, item.referralId)}?$select=opportunityid`),
    headers: { prefer: 'return=representation' },
    body,
    contentId: opportunityContentId,
  });

  const have = existing ? ctx.lookup.solutions.get(existing.id) : undefined;
  const missing = distinct(item.solutionIds.filter((s) => s.trim() !== '')).filter((s) => !have?.has(s));
  for (const solutionId of missing) {
    requests.push({
      method: 'POST',
      url: ctx.url(c.solutionSet),
      body: {
        ...solutionName(c, solutionId),
        [`${c.solutionOpportunity}@odata.bind`]: `$${opportunityContentId}`,
      },
      contentId: ctx.contentId(),
    });
  }

  // Closing needs the opportunity's id, so only an existing, still open one is closed here; a referral is
  // never created closed (R8: the flows skip closed referrals that were never synced).
  if (close && existing?.statecode === OpportunityState.open) {
    requests.push(closeRequest(ctx.url, existing.id, close, ctx.contentId()));
  }
  return { index, requests, opportunityContentId, existing, createsAccount, createsContact, dependsOn };
}

/** WinOpportunity (Status 3 Won) or LoseOpportunity (Status 4 Canceled), as the Web API reference has them. */
export function closeRequest(
  url: (path: string) => string,
  opportunityId: string,
  close: 'won' | 'lost',
  contentId: string,
): BatchRequest {
  return {
    method: 'POST',
    url: url(close === 'won' ? 'WinOpportunity' : 'LoseOpportunity'),
    body: {
      Status: close === 'won' ? 3 : 4,
      OpportunityClose: {
        subject: close === 'won' ? 'Won (Partner Center)' : 'Lost (Partner Center)',
        'opportunityid@odata.bind': `/opportunities(${opportunityId})`,
      },
    },
    contentId,
  };
}
