// The Salesforce adapter against the Salesforce emulator over real HTTP (port 0), metered against the test
// database: the shared CRM contract, then what is Salesforce's own (calls per referral, sessions, currency
// modes, error mapping, the budget guard).
import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { useTestDb } from '../../../test/support/db.js';
import type { InboundUpsert } from '../adapter.js';
import { crmAdapterContract } from '../adapter.contract.js';
import { isCosellError, type CosellError } from '../../errors.js';
import { usage, utcDay } from '../../store/budget.js';
import { startSalesforceRig, integrationUsername, type SalesforceTestRig } from './test-support.js';
import { SfOpportunitySchema } from './wire.js';

const testDb = useTestDb();
const rigs: SalesforceTestRig[] = [];

async function rig(options: Parameters<typeof startSalesforceRig>[1] = {}): Promise<SalesforceTestRig> {
  const r = await startSalesforceRig(testDb.db, options);
  rigs.push(r);
  return r;
}

afterEach(async () => {
  await Promise.all(rigs.splice(0).map((r) => r.emulator.close()));
});

crmAdapterContract('Salesforce', async () => (await startSalesforceRig(testDb.db)).harness);

function newReferral(n: number, ownerId: string, overrides: Partial<InboundUpsert> = {}): InboundUpsert {
  return {
    referralId: randomUUID(),
    opportunity: {
      name: `Bulk referral ${n}`,
      stageName: 'Prospecting',
      amount: 5000 + n,
      currency: 'EUR',
      closeDate: '2027-01-31',
      syncWithPartnerCenter: true,
      helpRequested: 'ProofOfConceptOrDemo',
    },
    account: {
      name: `Bulk Customer ${n} ${randomUUID().slice(0, 6)}`,
      postalCode: `${3000 + n}`,
      country: 'DE',
    },
    contact: {
      firstName: 'Pat',
      lastName: `Buyer ${n}`,
      email: `pat${n}.${randomUUID().slice(0, 6)}@example.com`,
    },
    ownerId,
    solutionIds: ['SOL-BULK-1'],
    ...overrides,
  };
}

const callsOf = (r: SalesforceTestRig) => r.emulator.apiCalls().total;

async function errorOf(promise: Promise<unknown>): Promise<CosellError> {
  try {
    await promise;
  } catch (error) {
    if (isCosellError(error)) return error;
    throw error;
  }
  throw new Error('expected a coded error');
}

describe('Salesforce adapter: calls per referral (P1, emulator apiCalls())', () => {
  it('one new referral costs 2 calls (a lookup composite and a write composite), even on a fresh adapter', async () => {
    const r = await rig();
    const before = callsOf(r);
    const [outcome] = await r.adapter.upsertFromReferrals([newReferral(1, r.harness.person.id)]);
    expect(outcome).toMatchObject({ ok: true, created: true });
    expect(callsOf(r) - before).toBe(2);
  });

  it('50 new referrals cost 11 calls (0.22 a referral): 1 lookup + 10 composites of 5 referrals each', async () => {
    const r = await rig();
    const items = Array.from({ length: 50 }, (_, n) => newReferral(n, r.harness.person.id));
    const before = callsOf(r);
    const outcomes = await r.adapter.upsertFromReferrals(items);
    const calls = callsOf(r) - before;
    expect(outcomes.filter((o) => o.ok && o.created)).toHaveLength(50);
    expect(calls).toBeLessThan(items.length);
    expect(calls).toBe(11);
    // A replay of the whole batch writes no second anything: 1 lookup + composites of opportunity updates.
    const replayBefore = callsOf(r);
    const replay = await r.adapter.upsertFromReferrals(items);
    expect(replay.every((o) => o.ok && !o.created)).toBe(true);
    expect(callsOf(r) - replayBefore).toBe(3);
    expect(
      r.emulator.records('Opportunity').filter((o) => o['Referral_Identifier__c'] !== null),
    ).toHaveLength(50);
    expect(r.emulator.records('Contact').filter((c) => String(c['Email']).startsWith('pat'))).toHaveLength(
      50,
    );
    expect(r.emulator.records('Microsoft_Solution__c')).toHaveLength(50);
  });

  it('reads: getOpportunities of 300 ids with their solutions costs 2 calls (one composite per 200)', async () => {
    const r = await rig();
    const outcomes = await r.adapter.upsertFromReferrals(
      Array.from({ length: 30 }, (_, n) => newReferral(n, r.harness.person.id)),
    );
    const ids = outcomes.flatMap((o) => (o.ok ? [o.id] : []));
    const padded = [
      ...ids,
      ...Array.from({ length: 270 }, (_, n) => `006000000000${String(n).padStart(3, '0')}AAA`),
    ];
    const before = callsOf(r);
    const found = await r.adapter.getOpportunities(padded);
    expect(found.map((o) => o.id)).toEqual(ids);
    expect(found.every((o) => o.solutionIds.length === 1)).toBe(true);
    expect(callsOf(r) - before).toBe(2);
  });
});

describe('Salesforce adapter: the first sync listing (calls per page)', () => {
  it('each page of opportunities, with their accounts and solutions, costs 1 call (one SOQL query)', async () => {
    const r = await rig();
    await r.adapter.upsertFromReferrals(
      Array.from({ length: 25 }, (_, n) => newReferral(n, r.harness.person.id)),
    );
    // A fresh adapter, as a first sync starts: it learns the org's currency mode once (GET
    // sobjects/CurrencyType), unless the connection states it; every page then costs one query.
    const adapter = r.adapterWith({});
    const before = callsOf(r);
    const sizes: number[] = [];
    let after: string | undefined;
    do {
      const page = await adapter.listOpportunities(after, 10);
      sizes.push(page.opportunities.length);
      expect(page.opportunities.every((o) => o.solutionIds.length === 1 && o.account?.country === 'DE')).toBe(
        true,
      );
      after = page.next;
    } while (after !== undefined);
    expect(sizes).toEqual([10, 10, 5]);
    expect(callsOf(r) - before).toBe(1 + sizes.length);
    const known = r.adapterWith({}, { multiCurrency: true });
    const fresh = callsOf(r);
    expect((await known.listOpportunities(undefined, 25)).opportunities).toHaveLength(25);
    expect(callsOf(r) - fresh).toBe(1);

    // A page holds at most Salesforce's 2,000-record query batch, whatever the limit asked: still one call.
    r.emulator.insertRecords(
      'Opportunity',
      Array.from({ length: 2000 }, (_, n) => ({
        Name: `Existing deal ${n}`,
        StageName: 'Prospecting',
        CloseDate: '2027-01-31',
      })),
    );
    const big = callsOf(r);
    const first = await known.listOpportunities(undefined, 5000);
    expect(first.opportunities).toHaveLength(2000);
    expect(first.next).toBeDefined();
    expect((await known.listOpportunities(first.next, 5000)).opportunities).toHaveLength(25);
    expect(callsOf(r) - big).toBe(2);
    await expect(adapter.listOpportunities('not-a-cursor', 10)).rejects.toMatchObject({
      code: 'REQUEST_INVALID',
    });
  });
});

describe('Salesforce adapter: referral consistency', () => {
  it('a referral whose account cannot be created gets no opportunity; the others in the call land', async () => {
    const r = await rig();
    const owner = r.harness.person.id;
    const bad = newReferral(1, owner, { account: { name: 'x'.repeat(300), postalCode: '1000' } });
    const good = newReferral(2, owner);
    const [badOutcome, goodOutcome] = await r.adapter.upsertFromReferrals([bad, good]);
    expect(goodOutcome).toMatchObject({ ok: true, created: true });
    expect(badOutcome?.ok).toBe(false);
    const error = badOutcome?.ok === false ? (badOutcome.error as CosellError) : undefined;
    expect(error?.code).toBe('CRM_REQUEST_INVALID');
    expect(String(error?.params['reason'])).toMatch(/STRING_TOO_LONG.*Name/);
    expect(await r.adapter.findOpportunitiesByReferral([bad.referralId])).toEqual([]);
  });

  it('an invalid stage is CRM_REQUEST_INVALID naming StageName, and its contact and solutions are not written', async () => {
    const r = await rig();
    const item = newReferral(1, r.harness.person.id, {
      opportunity: {
        name: 'Bad stage',
        stageName: 'No Such Stage',
        closeDate: '2027-01-31',
        syncWithPartnerCenter: true,
      },
    });
    const [outcome] = await r.adapter.upsertFromReferrals([item]);
    const error = outcome?.ok === false ? (outcome.error as CosellError) : undefined;
    expect(error?.code).toBe('CRM_REQUEST_INVALID');
    expect(String(error?.params['reason'])).toContain('StageName');
    expect(r.emulator.records('Microsoft_Solution__c')).toEqual([]);
    expect(r.emulator.records('OpportunityContactRole')).toEqual([]);
  });

  it('an existing opportunity gets only what it lacks: a missing contact role and solution, not a second account', async () => {
    const r = await rig();
    const item = newReferral(1, r.harness.person.id, { contact: undefined, solutionIds: ['SOL-A'] });
    const [first] = await r.adapter.upsertFromReferrals([item]);
    const id = first?.ok ? first.id : '';
    const accounts = r.emulator.records('Account').length;
    const again = {
      ...item,
      contact: { lastName: 'Later', email: 'later@example.com' },
      solutionIds: ['SOL-A', 'SOL-B'],
    };
    const [second] = await r.adapter.upsertFromReferrals([again]);
    expect(second).toMatchObject({ ok: true, id, created: false });
    const [opp] = await r.adapter.getOpportunities([id]);
    expect(opp?.solutionIds).toEqual(['SOL-A', 'SOL-B']);
    expect((await r.adapter.getContactsOfOpportunity(id)).map((c) => c.email)).toEqual(['later@example.com']);
    expect(r.emulator.records('Account')).toHaveLength(accounts);
  });

  it('design rule 1: under injected 5xx faults, repeating the call until every referral lands duplicates nothing', async () => {
    const r = await rig({ settings: { maxRetries: 0 } });
    const items = Array.from({ length: 12 }, (_, n) => newReferral(n, r.harness.person.id));
    r.emulator.setFaults({ errorRate: 0.4 });
    let pending = items;
    for (let round = 0; round < 30 && pending.length > 0; round++) {
      const outcomes = await r.adapter.upsertFromReferrals(pending);
      pending = pending.filter((_, i) => !outcomes[i]?.ok);
    }
    r.emulator.setFaults({ errorRate: 0 });
    expect(pending).toEqual([]);
    const opps = r.emulator.records('Opportunity');
    for (const item of items) {
      expect(opps.filter((o) => o['Referral_Identifier__c'] === item.referralId)).toHaveLength(1);
      const accountsNamed = r.emulator.records('Account').filter((a) => a['Name'] === item.account.name);
      expect(accountsNamed).toHaveLength(1);
    }
    expect(r.emulator.records('Microsoft_Solution__c')).toHaveLength(12);
    expect(r.emulator.records('OpportunityContactRole')).toHaveLength(12);
  });
});

describe('Salesforce adapter: sessions, currencies, limits, errors', () => {
  it('R4: an expired session is refreshed once and the call succeeds; a revoked sign-in is AUTH_REFRESH_FAILED', async () => {
    const r = await rig();
    await r.adapter.whoAmI();
    r.emulator.advanceClock(3 * 3600_000); // past the 2-hour session timeout
    const me = await r.adapter.whoAmI();
    expect(me.username).toBe(integrationUsername);
    r.emulator.revokeTokens(integrationUsername);
    const error = await errorOf(r.adapter.whoAmI());
    expect(error.code).toBe('AUTH_REFRESH_FAILED');
    expect(error.params).toMatchObject({ system: 'salesforce', identity: integrationUsername });
    const logs = r.logs.join('\n');
    expect(logs).not.toContain(r.refreshToken);
    expect(logs).not.toMatch(/00D[A-Za-z0-9]{12,15}![A-Za-z0-9_-]{20,}/);
  });

  it('P4: a single-currency org: enabledCurrencies is the org currency, and writes and reads leave CurrencyIsoCode out', async () => {
    const r = await rig({ emulator: { multiCurrency: false }, adapter: { orgCurrency: 'GBP' } });
    expect(await r.adapter.enabledCurrencies()).toEqual(['GBP']);
    const item = newReferral(1, r.harness.person.id);
    const [outcome] = await r.adapter.upsertFromReferrals([item]);
    expect(outcome).toMatchObject({ ok: true, created: true });
    const [opp] = await r.adapter.findOpportunitiesByReferral([item.referralId]);
    expect(opp).toMatchObject({ amount: item.opportunity.amount, currency: undefined });
    // A fresh adapter learns the org has one currency inside its first upsert's lookup: still 2 calls.
    const fresh = r.adapterWith({});
    const before = callsOf(r);
    const [second] = await fresh.upsertFromReferrals([newReferral(2, r.harness.person.id)]);
    expect(second).toMatchObject({ ok: true, created: true });
    expect(callsOf(r) - before).toBe(2);
  });

  it('P1: Sforce-Limit-Info is read from every answer, and our own daily cap stops calls before they are sent', async () => {
    const r = await rig({ emulator: { dailyApiCap: 15_000 } });
    await r.adapter.whoAmI();
    expect(r.client.apiUsage).toMatchObject({ used: callsOf(r), max: 15_000 });
    const { orgId } = await r.client.session();
    const counted = await usage(testDb.db, { system: 'salesforce', account: orgId, day: utcDay(new Date()) });
    expect(counted).toBe(callsOf(r));

    const capped = r.adapterWith({ dailyCap: counted });
    const before = callsOf(r);
    const error = await errorOf(capped.whoAmI());
    expect(error).toMatchObject({ code: 'CRM_DAILY_LIMIT', retry: 'after' });
    expect(error.params).toMatchObject({ limit: counted });
    expect(error.retryAfterMs).toBeGreaterThan(0);
    expect(callsOf(r)).toBe(before);
  });

  it("design rule 8: Salesforce's daily limit defers an hour (rolling 24 h); the concurrent limit is retried in-process", async () => {
    const r = await rig();
    r.emulator.setDailyApiCap(callsOf(r));
    const daily = await errorOf(r.adapter.whoAmI());
    expect(daily).toMatchObject({ code: 'CRM_DAILY_LIMIT', retryAfterMs: 3600_000 });
    expect(daily.params['used']).toBeGreaterThan(0);
    r.emulator.setDailyApiCap(100_000);

    r.emulator.setFaults({ throttle: { every: 2 } });
    expect((await r.adapter.whoAmI()).userId).toBe(r.harness.integrationUserId);
    r.emulator.setFaults({ throttle: null });
  });

  it('5xx answers are retried with backoff, then surface as CRM_UNAVAILABLE', async () => {
    const r = await rig({ settings: { maxRetries: 1 } });
    r.emulator.setFaults({ errorRate: 1 });
    const before = callsOf(r);
    const error = await errorOf(r.adapter.getAccounts(['001000000000001AAA']));
    expect(error.code).toBe('CRM_UNAVAILABLE');
    expect(callsOf(r) - before).toBe(2);
    // A request that writes is never repeated blindly after a 5xx: one attempt, then the caller decides.
    const writeBefore = callsOf(r);
    const write = r.client.composite(
      [{ method: 'POST', url: r.client.dataPath('sobjects/Account'), referenceId: 'a', body: { Name: 'x' } }],
      { allOrNone: false },
    );
    await expect(write).rejects.toMatchObject({ code: 'CRM_UNAVAILABLE' });
    expect(callsOf(r) - writeBefore).toBe(1);
    const [outcome] = await r.adapter.upsertFromReferrals([newReferral(1, r.harness.person.id)]);
    expect(outcome?.ok === false && (outcome.error as CosellError).code).toBe('CRM_UNAVAILABLE');
    r.emulator.setFaults({ errorRate: 0 });
  });

  it('a malformed query surfaces as CRM_REQUEST_INVALID and a missing record as CRM_NOT_FOUND', async () => {
    const r = await rig();
    const malformed = await errorOf(r.client.queryAll('SELECT Nope FROM Opportunity', SfOpportunitySchema));
    expect(malformed.code).toBe('CRM_REQUEST_INVALID');
    const missing = await errorOf(
      r.client.getRecord('Opportunity', '006000000000001AAA', SfOpportunitySchema),
    );
    expect(missing.code).toBe('CRM_NOT_FOUND');
    expect(missing.params).toMatchObject({ object: 'Opportunity', id: '006000000000001AAA' });
    // Failures are logged for diagnosis, without the session or the refresh token.
    const { accessToken } = await r.tokens.session();
    const logs = r.logs.join('\n');
    expect(logs).toContain('salesforce call failed');
    expect(logs).not.toContain(accessToken);
    expect(logs).not.toContain(r.refreshToken);
  });
});

describe('Salesforce adapter: Microsoft solutions in the change feed', () => {
  it('a solution added to an opportunity is a change of that opportunity, with its solutions; an idle poll costs one call', async () => {
    const r = await rig();
    const asPerson = { asUser: 'seller1@contoso.example' };
    const opportunity = r.emulator.insertRecord(
      'Opportunity',
      {
        Name: 'Solutions feed',
        StageName: 'Prospecting',
        CloseDate: '2027-02-01',
        Sync_with_Partner_Center__c: true,
      },
      asPerson,
    );
    const id = String(opportunity['Id']);
    r.emulator.advanceClock(1_000);
    const start = await r.adapter.changedOpportunities(undefined, 50);
    const drained = await r.adapter.changedOpportunities(start.cursor, 50);
    expect(drained.opportunities.map((o) => o.id)).toEqual([]);

    const idleBefore = callsOf(r);
    const idle = await r.adapter.changedOpportunities(drained.cursor, 50);
    expect(callsOf(r) - idleBefore).toBe(1);

    r.emulator.advanceClock(1_000);
    r.emulator.insertRecord(
      'Microsoft_Solution__c',
      { Name: 'Contoso Cloud', Solution_Id__c: 'SOL-FEED-1', Opportunity__c: id },
      asPerson,
    );
    r.emulator.advanceClock(1_000);
    const changed = await r.adapter.changedOpportunities(idle.cursor, 50);
    expect(changed.opportunities.map((o) => [o.id, o.solutionIds])).toEqual([[id, ['SOL-FEED-1']]]);
    // Delivered once: the next poll does not report the same solution change again.
    const after = await r.adapter.changedOpportunities(changed.cursor, 50);
    expect(after.opportunities).toEqual([]);
  });
});
