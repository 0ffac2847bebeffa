// What one referral becomes as composite subrequests (pure): dependent subrequests name the ones they need
// by reference, so Salesforce halts them when those fail; existing records get only what they lack.
import { describe, expect, it } from 'vitest';
import type { InboundUpsert } from '../adapter.js';
import { accountKey } from './mapping.js';
import { contactKey, planItem, type PlanContext, type UpsertLookup } from './upsert-plan.js';

const emptyLookup: UpsertLookup = {
  accounts: new Map(),
  opportunities: new Map(),
  contactRoles: new Map(),
  solutions: new Map(),
  contacts: new Map(),
};

function ctx(overrides: Partial<PlanContext> = {}): PlanContext {
  return {
    lookup: emptyLookup,
    multiCurrency: true,
    dataPath: (rest) => `/services/data/v60.0/${rest}`,
    createdAccounts: new Map(),
    pendingAccounts: new Map(),
    ...overrides,
  };
}

const item: InboundUpsert = {
  referralId: 'ref/1',
  opportunity: {
    name: 'Deal',
    stageName: 'On Hold',
    amount: 100,
    currency: 'EUR',
    closeDate: '2027-01-31',
    description: undefined,
    syncWithPartnerCenter: true,
  },
  account: { name: 'Fabrikam', postalCode: '1000', country: 'NL' },
  contact: { firstName: 'Ana', lastName: 'Silva', email: 'Ana@Fabrikam.example' },
  ownerId: '005OWNER',
  solutionIds: ['SOL-1', 'SOL-1', ''],
};

describe('planItem', () => {
  it('a new referral: account, opportunity upsert by Referral Identifier, contact, role, solution, chained by reference', () => {
    const plan = planItem(item, 3, ctx());
    expect(
      plan.subrequests.map((s) => [s.method, s.referenceId, s.url.replace('/services/data/v60.0/', '')]),
    ).toEqual([
      ['POST', 'a3', 'sobjects/Account'],
      ['PATCH', 'o3', 'sobjects/Opportunity/Referral_Identifier__c/ref%2F1'],
      ['POST', 'c3', 'sobjects/Contact'],
      ['POST', 'r3', 'sobjects/OpportunityContactRole'],
      ['POST', 's3_0', 'sobjects/Microsoft_Solution__c'],
    ]);
    const [account, opportunity, contact, role, solution] = plan.subrequests;
    expect(account?.body).toEqual({
      Name: 'Fabrikam',
      BillingPostalCode: '1000',
      BillingCountry: 'NL',
      OwnerId: '005OWNER',
    });
    expect(opportunity?.body).toEqual({
      Name: 'Deal',
      StageName: 'On Hold',
      Amount: 100,
      CurrencyIsoCode: 'EUR',
      CloseDate: '2027-01-31',
      Sync_with_Partner_Center__c: true,
      AccountId: '@{a3.id}',
      OwnerId: '005OWNER',
    });
    expect(contact?.body).toMatchObject({ AccountId: '@{a3.id}', Email: 'Ana@Fabrikam.example' });
    expect(role?.body).toEqual({ OpportunityId: '@{o3.id}', ContactId: '@{c3.id}', IsPrimary: true });
    expect(solution?.body).toEqual({ Name: 'SOL-1', Solution_Id__c: 'SOL-1', Opportunity__c: '@{o3.id}' });
    expect(plan).toMatchObject({
      createsAccount: { key: accountKey('Fabrikam', '1000'), ref: 'a3' },
      existing: false,
    });
  });

  it('a matched account is used by id, and a contact of it with the same e-mail is reused', () => {
    const lookup: UpsertLookup = {
      ...emptyLookup,
      accounts: new Map([[accountKey('FABRIKAM', '1000'), '001EXISTING']]),
      contacts: new Map([[contactKey('001EXISTING', 'ana@fabrikam.example'), '003EXISTING']]),
    };
    const plan = planItem(item, 0, ctx({ lookup }));
    expect(plan.subrequests.map((s) => s.referenceId)).toEqual(['o0', 'r0', 's0_0']);
    expect(plan.subrequests[0]?.body).toMatchObject({ AccountId: '001EXISTING' });
    expect(plan.subrequests[1]?.body).toMatchObject({ ContactId: '003EXISTING' });
  });

  it('an account another referral in the same composite creates is referenced, not created again', () => {
    const plan = planItem(
      item,
      5,
      ctx({ pendingAccounts: new Map([[accountKey('Fabrikam', '1000'), 'a2']]) }),
    );
    expect(plan.subrequests.map((s) => s.referenceId)).toEqual(['o5', 'c5', 'r5', 's5_0']);
    expect(plan.subrequests[0]?.body).toMatchObject({ AccountId: '@{a2.id}' });
    expect(plan.accountRef).toBe('a2');
    expect(plan.createsAccount).toBeUndefined();
  });

  it('an existing opportunity keeps its account and owner and gets only a missing role and solutions', () => {
    const lookup: UpsertLookup = {
      ...emptyLookup,
      opportunities: new Map([['ref/1', { id: '006OPP', accountId: '001OLD' }]]),
      contactRoles: new Map([['006OPP', ['someone@else.example']]]),
      solutions: new Map([['006OPP', new Set(['SOL-1'])]]),
    };
    const plan = planItem({ ...item, solutionIds: ['SOL-1', 'SOL-2'] }, 1, ctx({ lookup }));
    expect(plan.subrequests.map((s) => s.referenceId)).toEqual(['o1', 'c1', 'r1', 's1_0']);
    expect(plan.subrequests[0]?.body).not.toHaveProperty('AccountId');
    expect(plan.subrequests[0]?.body).not.toHaveProperty('OwnerId');
    expect(plan.subrequests[1]?.body).toMatchObject({ AccountId: '001OLD' });
    expect(plan.subrequests[2]?.body).toMatchObject({ IsPrimary: false });
    expect(plan.subrequests[3]?.body).toMatchObject({ Solution_Id__c: 'SOL-2', Opportunity__c: '@{o1.id}' });
    expect(plan.existing).toBe(true);
  });

  it('an existing opportunity whose contact already has a role gets no contact writes', () => {
    const lookup: UpsertLookup = {
      ...emptyLookup,
      opportunities: new Map([['ref/1', { id: '006OPP', accountId: '001OLD' }]]),
      contactRoles: new Map([['006OPP', ['ana@fabrikam.example']]]),
      solutions: new Map([['006OPP', new Set(['SOL-1'])]]),
    };
    expect(planItem(item, 1, ctx({ lookup })).subrequests.map((s) => s.referenceId)).toEqual(['o1']);
  });

  it('many solutions go as one sObject Collections subrequest (counted against the 5-heavy limit)', () => {
    const plan = planItem({ ...item, solutionIds: ['S1', 'S2', 'S3', 'S4'] }, 2, ctx());
    const last = plan.subrequests.at(-1);
    expect(last).toMatchObject({ method: 'POST', referenceId: 's2' });
    expect((last?.body as { records: unknown[] }).records).toHaveLength(4);
    expect(plan.heavy).toBe(1);
  });

  it('P4: a single-currency org gets no CurrencyIsoCode', () => {
    const plan = planItem(item, 0, ctx({ multiCurrency: false }));
    expect(plan.subrequests[1]?.body).not.toHaveProperty('CurrencyIsoCode');
  });
});
