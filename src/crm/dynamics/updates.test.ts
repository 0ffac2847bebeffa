// Updates, stages and currencies against the Dataverse emulator: If-Match with an ETag (412 fails that update
// alone), won and lost through Win/LoseOpportunity (a replay sends nothing), currencies by ISO code.
import { afterEach, describe, expect, it } from 'vitest';
import { useTestDb } from '../../../test/support/db.js';
import type { CosellError } from '../../errors.js';
import { newReferral, personUsername, startDynamicsRig, type DynamicsTestRig } from './test-support.js';

const testDb = useTestDb();
const rigs: DynamicsTestRig[] = [];
afterEach(async () => {
  await Promise.all(rigs.splice(0).map((r) => r.emulator.close()));
});
async function rig(): Promise<DynamicsTestRig> {
  const r = await startDynamicsRig(testDb.db);
  rigs.push(r);
  return r;
}
const asPerson = { asUser: personUsername };

async function created(r: DynamicsTestRig, n: number): Promise<string> {
  const [outcome] = await r.adapter.upsertFromReferrals([newReferral(n, r.harness.person.id)]);
  if (!outcome?.ok) throw new Error('the referral did not land');
  return outcome.id;
}

describe('Dynamics 365 updates', () => {
  it('If-Match: a stale ETag fails that update alone with CRM_CONFLICT; the current one succeeds and gives the next', async () => {
    const r = await rig();
    const [a, b] = [await created(r, 1), await created(r, 2)];
    const [stale] = await r.adapter.getOpportunities([a]);
    const [fresh] = await r.adapter.getOpportunities([b]);
    r.emulator.updateRow('opportunity', a, { description: 'a person was here' }, asPerson);

    const outcomes = await r.adapter.updateOpportunities([
      { id: a, fields: { amount: 1 }, ifMatch: stale?.etag },
      { id: b, fields: { amount: 2 }, ifMatch: fresh?.etag },
    ]);
    expect(outcomes[0]).toMatchObject({ ok: false, id: a });
    const error = outcomes[0]?.ok === false ? (outcomes[0].error as CosellError) : undefined;
    expect(error).toMatchObject({
      code: 'CRM_CONFLICT',
      retry: 'backoff',
      params: { object: 'opportunity', id: a },
    });
    expect(outcomes[1]).toMatchObject({ ok: true, id: b });
    const [reread] = await r.adapter.getOpportunities([b]);
    expect(outcomes[1]?.ok && outcomes[1].etag).toBe(reread?.etag);
    expect(reread?.amount).toBe(2);
    expect(r.emulator.getRow('opportunity', a)?.['estimatedvalue']).toBe(5001);
  });

  it('the won stage closes through WinOpportunity, lost through LoseOpportunity; a replay sends no second close', async () => {
    const r = await rig();
    const [won, lost] = [await created(r, 1), await created(r, 2)];
    const close = [
      { id: won, fields: { stageName: 'Closed Won' } },
      { id: lost, fields: { stageName: 'Closed Lost', description: 'lost to a competitor' } },
    ];
    expect((await r.adapter.updateOpportunities(close)).every((o) => o.ok)).toBe(true);
    const read = await r.adapter.getOpportunities([won, lost]);
    expect(read.map((o) => [o.stageName, o.stage.isClosed, o.stage.isWon])).toEqual([
      ['Closed Won', true, true],
      ['Closed Lost', true, false],
    ]);
    expect(r.emulator.getRow('opportunity', won)).toMatchObject({
      statecode: 1,
      statuscode: 3,
      actualvalue: 5001,
    });
    expect(r.emulator.getRow('opportunity', lost)).toMatchObject({ statecode: 2, statuscode: 4 });
    expect((await r.adapter.updateOpportunities(close)).every((o) => o.ok)).toBe(true);
  });

  it('P4: currencies by ISO code: written through the currency table, read back as codes, SEK (inactive) not enabled', async () => {
    const r = await rig();
    expect(await r.adapter.enabledCurrencies()).toEqual([
      'AUD',
      'CAD',
      'CHF',
      'EUR',
      'GBP',
      'INR',
      'JPY',
      'USD',
    ]);
    const jpy = r.emulator.rows('transactioncurrency').find((c) => c['isocurrencycode'] === 'JPY');
    const item = newReferral(1, r.harness.person.id, {});
    const [outcome] = await r.adapter.upsertFromReferrals([
      { ...item, opportunity: { ...item.opportunity, currency: 'JPY' } },
    ]);
    const id = outcome?.ok ? outcome.id : '';
    expect(r.emulator.getRow('opportunity', id)?.['transactioncurrencyid']).toMatchObject({
      id: jpy?.['transactioncurrencyid'],
    });
    const [opp] = await r.adapter.getOpportunities([id]);
    expect(opp?.currency).toBe('JPY');
    expect((await r.adapter.updateOpportunities([{ id, fields: { currency: 'GBP' } }]))[0]?.ok).toBe(true);
    expect((await r.adapter.getOpportunities([id]))[0]?.currency).toBe('GBP');
    const [unknown] = await r.adapter.updateOpportunities([{ id, fields: { currency: 'XTS' } }]);
    expect(unknown?.ok === false && (unknown.error as CosellError).code).toBe('CRM_NOT_FOUND');
  });

  it('diff-only: an update naming nothing sends nothing; a missing row is CRM_NOT_FOUND and never created', async () => {
    const r = await rig();
    const id = await created(r, 1);
    const before = r.calls.length;
    expect(await r.adapter.updateOpportunities([{ id, fields: {} }])).toEqual([{ ok: true, id }]);
    expect(r.calls.length).toBe(before);
    const missing = '00000000-0000-4000-8000-000000000001';
    const [outcome] = await r.adapter.updateOpportunities([{ id: missing, fields: { amount: 5 } }]);
    expect(outcome?.ok === false && (outcome.error as CosellError).code).toBe('CRM_NOT_FOUND');
    expect(r.emulator.getRow('opportunity', missing)).toBeUndefined();
  });
});
