// The Dynamics 365 adapter against the Dataverse emulator over real HTTP (port 0), metered against the test
// database: the shared CRM contract, unchanged, then what is Dataverse's own (round trips per referral,
// replays, service protection, tokens, currencies, concurrency, secrets). The change feed: change-feed.test.ts.
import { afterEach, describe, expect, it } from 'vitest';
import { useTestDb } from '../../../test/support/db.js';
import { crmAdapterContract } from '../adapter.contract.js';
import { isCosellError, type CosellError } from '../../errors.js';
import { usage, utcDay } from '../../store/budget.js';
import { environmentKey } from './connection.js';
import {
  integrationUsername,
  newReferral,
  personUsername,
  startDynamicsRig,
  type DynamicsTestRig,
} from './test-support.js';

const testDb = useTestDb();
const rigs: DynamicsTestRig[] = [];

async function rig(options: Parameters<typeof startDynamicsRig>[1] = {}): Promise<DynamicsTestRig> {
  const r = await startDynamicsRig(testDb.db, options);
  rigs.push(r);
  return r;
}

afterEach(async () => {
  await Promise.all(rigs.splice(0).map((r) => r.emulator.close()));
});

crmAdapterContract('Dynamics 365', async () => (await startDynamicsRig(testDb.db)).harness);

/** HTTP round trips the client made (a $batch is one), and requests Dataverse counted (a $batch: 1 + inside). */
const meter = (r: DynamicsTestRig) => {
  const trips = r.calls.length;
  const counted = r.emulator.apiCalls().total;
  return () => ({ trips: r.calls.length - trips, counted: r.emulator.apiCalls().total - counted });
};

async function errorOf(promise: Promise<unknown>): Promise<CosellError> {
  try {
    await promise;
  } catch (error) {
    if (isCosellError(error)) return error;
    throw error;
  }
  throw new Error('expected a coded error');
}

const startsWith = (value: unknown, start: string) => typeof value === 'string' && value.startsWith(start);

const referralRows = (r: DynamicsTestRig) =>
  r.emulator.rows('opportunity').filter((o) => o['cosell_referralidentifier'] !== null);

describe('Dynamics 365 adapter: round trips per referral (P1, the emulator counters)', () => {
  it('one new referral costs 2 round trips on a fresh adapter: a lookup $batch (currencies inside) and a write $batch', async () => {
    const r = await rig();
    const measured = meter(r);
    const [outcome] = await r.adapter.upsertFromReferrals([newReferral(1, r.harness.person.id)]);
    expect(outcome).toMatchObject({ ok: true, created: true });
    // Counted: lookup 1 + 4 queries; write 1 + account, contact, opportunity, solution.
    expect(measured()).toEqual({ trips: 2, counted: 10 });
  });

  it('50 new referrals cost 2 round trips (0.04 a referral); a replay 3 and duplicates nothing', async () => {
    const r = await rig();
    const items = Array.from({ length: 50 }, (_, n) => newReferral(n, r.harness.person.id));
    const measured = meter(r);
    const outcomes = await r.adapter.upsertFromReferrals(items);
    expect(outcomes.filter((o) => o.ok && o.created)).toHaveLength(50);
    expect(measured()).toEqual({ trips: 2, counted: 5 + 201 });

    const replayed = meter(r);
    const replay = await r.adapter.upsertFromReferrals(items);
    expect(replay.every((o) => o.ok && !o.created)).toBe(true);
    expect(replay.map((o) => o.ok && o.id)).toEqual(outcomes.map((o) => o.ok && o.id));
    // Lookup $batch, the solutions the opportunities have, one $batch of 50 opportunity PATCHes.
    expect(replayed()).toEqual({ trips: 3, counted: 4 + 1 + 51 });
    expect(referralRows(r)).toHaveLength(50);
    expect(r.emulator.rows('contact').filter((c) => startsWith(c['emailaddress1'], 'pat'))).toHaveLength(50);
    expect(r.emulator.rows('cosell_microsoftsolution')).toHaveLength(50);
    expect(r.emulator.rows('account').filter((a) => startsWith(a['name'], 'Bulk'))).toHaveLength(50);
  });

  it('design rule 1: under injected 5xx and dropped connections, repeating until all land duplicates nothing', async () => {
    const r = await rig({ settings: { maxRetries: 0 } });
    const items = Array.from({ length: 12 }, (_, n) => newReferral(n, r.harness.person.id));
    r.emulator.setFaults({ errorRate: 0.3, dropRate: 0.1, retryAfterSeconds: 0 });
    let pending = items;
    for (let round = 0; round < 40 && pending.length > 0; round++) {
      const outcomes = await r.adapter.upsertFromReferrals(pending);
      pending = pending.filter((_, i) => !outcomes[i]?.ok);
    }
    r.emulator.setFaults({ errorRate: 0, dropRate: 0 });
    expect(pending).toEqual([]);
    for (const item of items) {
      expect(referralRows(r).filter((o) => o['cosell_referralidentifier'] === item.referralId)).toHaveLength(
        1,
      );
      expect(r.emulator.rows('account').filter((a) => a['name'] === item.account.name)).toHaveLength(1);
    }
    expect(r.emulator.rows('cosell_microsoftsolution')).toHaveLength(12);
  });

  it('a referral whose account cannot be created gets nothing; the others in the $batch land', async () => {
    const r = await rig();
    const bad = newReferral(1, r.harness.person.id, {
      account: { name: 'x'.repeat(200), postalCode: '1000' },
    });
    const [badOutcome, goodOutcome] = await r.adapter.upsertFromReferrals([
      bad,
      newReferral(2, r.harness.person.id),
    ]);
    expect(goodOutcome).toMatchObject({ ok: true, created: true });
    const error = badOutcome?.ok === false ? (badOutcome.error as CosellError) : undefined;
    expect(error?.code).toBe('CRM_REQUEST_INVALID');
    expect(String(error?.params['reason'])).toMatch(/0x80044331.*length/);
    expect(await r.adapter.findOpportunitiesByReferral([bad.referralId])).toEqual([]);
    expect(r.emulator.rows('contact').filter((c) => c['lastname'] === 'Buyer 1')).toEqual([]);
  });
});

describe('Dynamics 365 adapter: the first sync listing (round trips per page)', () => {
  it('each page of opportunities, with their accounts, currencies and solutions, costs 1 request (one GET)', async () => {
    const r = await rig();
    await r.adapter.upsertFromReferrals(
      Array.from({ length: 25 }, (_, n) => newReferral(n, r.harness.person.id)),
    );
    // A fresh adapter: nothing cached (no currency table), so the count is what a first sync pays.
    const adapter = r.adapterWith({});
    const measured = meter(r);
    const sizes: number[] = [];
    let after: string | undefined;
    do {
      const page = await adapter.listOpportunities(after, 10);
      sizes.push(page.opportunities.length);
      expect(
        page.opportunities.every(
          (o) => o.solutionIds.length === 1 && o.account?.country === 'DE' && o.currency === 'EUR',
        ),
      ).toBe(true);
      after = page.next;
    } while (after !== undefined);
    expect(sizes).toEqual([10, 10, 5]);
    // The token request is not a Web API request: neither counted nor a round trip here.
    expect(measured()).toEqual({ trips: 3, counted: 3 });

    // A page holds at most Dataverse's 5,000 rows, whatever the limit asked: still one request.
    r.emulator.insertRows(
      'opportunity',
      Array.from({ length: 5000 }, (_, n) => ({ name: `Existing deal ${n}` })),
    );
    const big = meter(r);
    const first = await adapter.listOpportunities(undefined, 10_000);
    expect(first.opportunities).toHaveLength(5000);
    expect((await adapter.listOpportunities(first.next, 10_000)).opportunities).toHaveLength(25);
    expect(big()).toEqual({ trips: 2, counted: 2 });
    await expect(adapter.listOpportunities('not-a-cursor', 10)).rejects.toMatchObject({
      code: 'REQUEST_INVALID',
    });
  });
});

describe('Dynamics 365 adapter: service protection, tokens, budget', () => {
  it('429: a long Retry-After defers (CRM_THROTTLED, retry after); a change set refused inside a $batch loses nothing', async () => {
    const r = await rig();
    const id = r.harness.person.id;
    await r.adapter.enabledCurrencies(); // token and currencies first
    r.emulator.setServiceProtection({ requests: 3, windowSeconds: 300 });
    r.emulator.resetServiceProtection();
    const item = newReferral(1, id);
    const [refused] = await r.adapter.upsertFromReferrals([item]);
    const error = refused?.ok === false ? (refused.error as CosellError) : undefined;
    expect(error).toMatchObject({ code: 'CRM_THROTTLED', retry: 'after' });
    expect(error?.retryAfterMs).toBeGreaterThan(30_000);
    expect(referralRows(r)).toEqual([]);
    // Until then the client's other requests wait too: refused at once, without being sent.
    const sent = r.calls.length;
    const held = await errorOf(r.adapter.whoAmI());
    expect(held).toMatchObject({ code: 'CRM_THROTTLED', retry: 'after' });
    expect(r.calls.length).toBe(sent);

    r.emulator.advanceClock(301_000);
    r.emulator.setServiceProtection({ requests: 6000, windowSeconds: 300 });
    const [landed] = await r.adapter.upsertFromReferrals([item]);
    expect(landed).toMatchObject({ ok: true, created: true });
    expect(referralRows(r)).toHaveLength(1);
  });

  it('429 with a short Retry-After is waited out in-process, whole requests and $batches alike', async () => {
    const r = await rig();
    r.emulator.setFaults({ throttle: { every: 2 }, retryAfterSeconds: 0 });
    expect((await r.adapter.whoAmI()).userId).toBe(r.harness.integrationUserId);
    const [outcome] = await r.adapter.upsertFromReferrals([newReferral(1, r.harness.person.id)]);
    expect(outcome).toMatchObject({ ok: true, created: true });
    expect(r.calls.some((c) => c.status === 429)).toBe(true);
  });

  it('R4: a token refused with 401 is fetched again once and the request repeated', async () => {
    const r = await rig();
    await r.adapter.whoAmI();
    r.emulator.revokeTokens(integrationUsername); // access tokens stop working; client credentials still do
    const before = r.calls.length;
    expect((await r.adapter.whoAmI()).userId).toBe(r.harness.integrationUserId);
    expect(r.calls.slice(before, before + 2).map((c) => c.status)).toEqual([401, 200]);
  });

  it('R4: a refresh token is used until revoked; then AUTH_REFRESH_FAILED, and no token reaches a log or an error', async () => {
    const r = await rig();
    const tokens = r.emulator.issueTokens(personUsername);
    const refreshToken = tokens.refresh_token ?? '';
    const adapter = r.adapterWith({}, { kind: 'refresh-token', refreshToken });
    expect((await adapter.whoAmI()).username).toBe(personUsername);
    r.emulator.revokeTokens(personUsername);
    const error = await errorOf(adapter.whoAmI());
    expect(error).toMatchObject({ code: 'AUTH_REFRESH_FAILED', params: { system: 'dynamics' } });
    const text = [r.logs.join('\n'), error.message, JSON.stringify(error.params)].join('\n');
    expect(text).not.toContain(refreshToken);
    expect(text).not.toContain(tokens.access_token);
    expect(text).not.toMatch(/eyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{20,}/);
  });

  it('a wrong client secret is AUTH_SIGN_IN_FAILED, and the secret is in neither the error nor the logs', async () => {
    const secret = 'the-real-secret-5f3a9c';
    const r = await rig({ emulator: { app: { clientId: 'cosell-test', clientSecret: secret } } });
    const wrong = 'a-wrong-secret-77d0e1';
    const error = await errorOf(
      r.adapterWith({}, { kind: 'client-credentials', clientSecret: wrong }).whoAmI(),
    );
    expect(error.code).toBe('AUTH_SIGN_IN_FAILED');
    const text = [r.logs.join('\n'), error.message, JSON.stringify(error.params), String(error.cause)].join(
      '\n',
    );
    expect(text).not.toContain(wrong);
    expect(text).not.toContain(secret);
  });

  it('P1: every request is counted per environment and UTC day as Dataverse counts it; our cap stops calls unsent', async () => {
    const r = await rig();
    await r.adapter.upsertFromReferrals([newReferral(1, r.harness.person.id)]);
    const key = {
      system: 'dynamics' as const,
      account: environmentKey(r.emulator.url),
      day: utcDay(r.emulator.now()),
    };
    const counted = await usage(testDb.db, key);
    expect(counted).toBe(r.emulator.apiCalls().total);
    const capped = r.adapterWith({ dailyCap: counted });
    const before = r.emulator.apiCalls().total;
    const error = await errorOf(capped.whoAmI());
    expect(error).toMatchObject({ code: 'CRM_DAILY_LIMIT', retry: 'after', params: { limit: counted } });
    expect(error.retryAfterMs).toBeGreaterThan(0);
    expect(r.emulator.apiCalls().total).toBe(before);
  });
});
