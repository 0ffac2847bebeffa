// Dataverse's service protection under a burst (design rule 8): new referrals arrive faster than the
// environment admits requests, so it answers 429 with Retry-After, for whole requests and for requests inside a
// $batch alike. Through the whole connector (test/support/sync-rig.ts) on a real clock, so Retry-After times
// really pass: every referral lands once, and the emulator's log of what it admitted shows no request of the
// integration user arriving before the Retry-After it was given had passed.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { systemClock } from '../../src/partner-center/emulator/clock.js';
import { syncSummary } from '../../src/store/summary.js';
import { useTestDb } from '../support/db.js';
import { referralInput, startSyncRig, type SyncRig } from '../support/sync-rig.js';

const testDb = useTestDb();
let rig: SyncRig;

beforeEach(async () => {
  rig = await startSyncRig(testDb, { crm: 'dynamics', crmOptions: { clock: systemClock } });
});
afterEach(async () => {
  await rig.close();
});

const total = 12;

/** Polls until `done` holds and nothing waits anywhere (deferred jobs run once they are due). */
async function until(done: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    await rig.pc.emulator.waitForDeliveriesIdle();
    rig.connector.inboxChanged();
    await rig.connector.passesSettled();
    rig.connector.worker.wake();
    const summary = await syncSummary(testDb.db);
    if (done() && summary.jobsOpen + summary.inboxPending === 0) return;
    if (Date.now() > deadline) throw new Error(`not settled: ${JSON.stringify(summary)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('Dataverse service protection under a burst (dynamics)', () => {
  it('design rule 8: 429s with Retry-After during a burst of new referrals: each lands once, and nothing is sent before its Retry-After', async () => {
    const dv = rig.dynamics?.emulator;
    if (dv === undefined) throw new Error('a Dynamics 365 rig');
    // 20 requests per user per second: far below what the burst asks for.
    dv.setServiceProtection({ requests: 20, windowSeconds: 1 });
    dv.resetServiceProtection();
    const ids = Array.from({ length: total }, () => rig.pc.emulator.createReferral(referralInput()).id);
    const landed = () =>
      ids.every(
        (id) =>
          rig.crm.opportunityIdsOfReferral(id).length === 1 &&
          typeof rig.pc.emulator.getReferral(id)?.externalReferenceId === 'string',
      );
    await until(landed, 90_000);

    for (const id of ids) {
      const [crmId, ...more] = rig.crm.opportunityIdsOfReferral(id);
      expect(more, id).toEqual([]);
      expect(rig.pc.emulator.getReferral(id)?.externalReferenceId).toBe(crmId);
    }
    expect(rig.crm.opportunityIds()).toHaveLength(total);

    const log = dv.serviceProtectionLog().filter((e) => e.username === 'cosell-integration@contoso.example');
    const refusals = log.filter((e) => !e.admitted);
    expect(refusals.length).toBeGreaterThan(0);
    // After a 429 the integration user sends nothing until its Retry-After has passed. The requests inside a
    // $batch are judged one by one as it runs, so those after a refusal in the same batch were sent with it;
    // what counts is HTTP requests arriving after the refused one was answered (the emulator answers a request
    // once it has judged and run all of it: its last judgement).
    const arrived = new Map<number, number>();
    const answered = new Map<number, number>();
    for (const e of log) {
      const at = e.at.getTime();
      arrived.set(e.httpRequest, Math.min(arrived.get(e.httpRequest) ?? at, at));
      answered.set(e.httpRequest, Math.max(answered.get(e.httpRequest) ?? at, at));
    }
    const early = refusals.flatMap((refusal) => {
      const since = answered.get(refusal.httpRequest) ?? 0;
      const until = refusal.at.getTime() + (refusal.retryAfterSeconds ?? 0) * 1000;
      return [...arrived]
        .filter(([request, at]) => request !== refusal.httpRequest && at > since && at < until)
        .map(([request, at]) => ({
          refused: refusal.httpRequest,
          retryAfter: new Date(until).toISOString(),
          request,
          arrived: new Date(at).toISOString(),
        }));
    });
    expect(early).toEqual([]);
  }, 120_000);
});
