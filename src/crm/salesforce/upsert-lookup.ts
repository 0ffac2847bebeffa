// The one read before writing a batch of referrals: a composite of up to five queries (Salesforce's limit
// for queries in one composite), so a batch of up to 50 referrals costs one API call to look up: accounts
// by name (matched by name + postal code here), opportunities, contact roles and solutions by referral id,
// contacts by e-mail to reuse; plus, while unknown, the probe for a multi-currency org (org.ts).
import type { z } from 'zod';
import type { InboundUpsert } from '../adapter.js';
import type { CompositeSubrequest, SalesforceClient } from './client.js';
import { accountKey } from './mapping.js';
import { currencyProbeRef, type OrgFacts } from './org.js';
import { solutionsByOpportunity } from './reads.js';
import { distinct, inList } from './soql.js';
import { contactKey, type UpsertLookup } from './upsert-plan.js';
import {
  SfAccountSchema,
  SfContactRoleSchema,
  SfContactSchema,
  SfOpportunitySchema,
  SfSolutionSchema,
} from './wire.js';

export async function lookupReferrals(
  client: SalesforceClient,
  org: OrgFacts,
  items: readonly InboundUpsert[],
): Promise<UpsertLookup> {
  const referralIds = inList(distinct(items.map((i) => i.referralId)));
  const names = distinct(items.map((i) => i.account.name.trim()).filter((n) => n !== ''));
  const emails = distinct(
    items.flatMap((i) => (i.contact?.email ? [i.contact.email.trim().toLowerCase()] : [])),
  );
  const q = (referenceId: string, soql: string): CompositeSubrequest => ({
    method: 'GET',
    url: client.queryPath(soql),
    referenceId,
  });
  const subrequests: CompositeSubrequest[] = [
    ...org.probeSubrequest(),
    q(
      'opportunities',
      `SELECT Id, AccountId, Referral_Identifier__c FROM Opportunity WHERE Referral_Identifier__c IN ${referralIds}`,
    ),
    q(
      'roles',
      `SELECT Id, OpportunityId, ContactId, Contact.Email FROM OpportunityContactRole WHERE Opportunity.Referral_Identifier__c IN ${referralIds}`,
    ),
    q(
      'solutions',
      `SELECT Id, Solution_Id__c, Opportunity__c FROM Microsoft_Solution__c WHERE Opportunity__r.Referral_Identifier__c IN ${referralIds}`,
    ),
  ];
  // SOQL's `=` and IN ignore case, so the accounts come back whatever the referral's spelling.
  if (names.length > 0) {
    subrequests.push(
      q(
        'accounts',
        `SELECT Id, Name, BillingPostalCode FROM Account WHERE Name IN ${inList(names)} ORDER BY CreatedDate, Id`,
      ),
    );
  }
  if (emails.length > 0) {
    subrequests.push(
      q(
        'contacts',
        `SELECT Id, AccountId, Email FROM Contact WHERE Email IN ${inList(emails)} AND AccountId != null ORDER BY CreatedDate, Id`,
      ),
    );
  }
  const answers = await client.composite(subrequests, { allOrNone: false, replayable: true });
  const byRef = new Map(answers.map((a) => [a.referenceId, a]));
  org.learnFrom(byRef.get(currencyProbeRef));
  const rows = async <S extends z.ZodType>(ref: string, schema: S): Promise<z.infer<S>[]> => {
    const answer = byRef.get(ref);
    return answer ? client.rowsOf(answer, schema) : [];
  };

  const accounts = new Map<string, string>();
  for (const a of await rows('accounts', SfAccountSchema)) {
    const key = accountKey(a.Name, a.BillingPostalCode);
    if (!accounts.has(key)) accounts.set(key, a.Id);
  }
  const opportunities = new Map<string, { id: string; accountId: string | undefined }>();
  for (const o of await rows('opportunities', SfOpportunitySchema)) {
    if (o.Referral_Identifier__c) {
      opportunities.set(o.Referral_Identifier__c.toLowerCase(), {
        id: o.Id,
        accountId: o.AccountId ?? undefined,
      });
    }
  }
  const contactRoles = new Map<string, string[]>();
  for (const r of await rows('roles', SfContactRoleSchema)) {
    const list = contactRoles.get(r.OpportunityId) ?? [];
    list.push((r.Contact?.Email ?? '').toLowerCase());
    contactRoles.set(r.OpportunityId, list);
  }
  const solutions = new Map(
    [...solutionsByOpportunity(await rows('solutions', SfSolutionSchema))].map(([k, v]) => [k, new Set(v)]),
  );
  const contacts = new Map<string, string>();
  for (const c of await rows('contacts', SfContactSchema)) {
    if (!c.AccountId || !c.Email) continue;
    const key = contactKey(c.AccountId, c.Email);
    if (!contacts.has(key)) contacts.set(key, c.Id);
  }
  return { accounts, opportunities, contactRoles, solutions, contacts };
}
