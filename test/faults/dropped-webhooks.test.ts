// Missed webhooks heal themselves (R4, design "Reconciliation"): Partner Center drops a share of its events,
// the referrals they announced wait unsynced, and one reconciliation pass over updatedDateTime brings every
// one of them through the same path, once. In process (test/support/sync-rig.ts): the connector, the Partner
// Center emulator, each CRM's emulator in turn and this file's database, over real HTTP.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { useTestDb } from '../support/db.js';
import { crmNames } from '../support/crm-rig.js';
import { referralInput, startSyncRig, type SyncRig } from '../support/sync-rig.js';
import { RunStatus, RunTrigger, runs } from '../../src/store/schema.js';
import { syncSummary } from '../../src/store/summary.js';
import { and, eq } from 'drizzle-orm';

const testDb = useTestDb();
let rig: SyncRig;

/** Until nothing waits: every webhook answered, the inbox turned into jobs, every job settled (twice quiet). */
async function settle(): Promise<void> {
  for (let quiet = 0; quiet < 2;) {
    await rig.pc.emulator.waitForDeliveriesIdle();
    rig.connector.inboxChanged();
    await rig.connector.passesSettled();
    await rig.connector.worker.runUntilIdle();
    const summary = await syncSummary(testDb.db);
    quiet = summary.jobsOpen + summary.inboxPending === 0 ? quiet + 1 : 0;
  }
}

const opportunitiesOf = (referralId: string) => rig.crm.opportunityIdsOfReferral(referralId);

const isSynced = (id: string) =>
  typeof rig.pc.emulator.getReferral(id)?.externalReferenceId === 'string' && opportunitiesOf(id).length > 0;

describe.each(crmNames)('dropped webhooks (%s)', (crm) => {
  beforeEach(async () => {
    rig = await startSyncRig(testDb, { crm });
  });
  afterEach(async () => {
    await rig.close();
  });

  it('R4: with 20 % of webhooks dropped, one reconciliation pass syncs exactly the referrals whose webhook was lost, each once', async () => {
    const total = 40;
    rig.pc.emulator.setFaults({ webhooks: { dropRate: 0.2 } });
    const ids = Array.from({ length: total }, () => rig.pc.emulator.createReferral(referralInput()).id);
    await settle();

    // What Partner Center never delivered (a dropped event gets no attempt at all).
    const lost = new Set(
      rig.pc.emulator.droppedEvents
        .filter((e) => e.event.EventName === 'referral-created')
        .map((e) => e.event.ResourceUri.split('/').at(-1) ?? ''),
    );
    expect(lost.size).toBeGreaterThan(0);
    expect(lost.size).toBeLessThan(total);
    // Webhooks alone left exactly those behind.
    expect(ids.filter((id) => !isSynced(id)).sort()).toEqual([...lost].sort());

    await rig.reconcile();
    await settle();

    for (const id of ids) {
      const opportunities = opportunitiesOf(id);
      expect(opportunities, id).toHaveLength(1);
      expect(rig.pc.emulator.getReferral(id)?.externalReferenceId).toBe(opportunities[0]);
    }
    expect(rig.crm.opportunityIds()).toHaveLength(total);
    // The healing runs are recorded as reconciliation's, one per lost referral.
    const healed = await testDb.db.orm
      .select({ subject: runs.subject })
      .from(runs)
      .where(and(eq(runs.trigger, RunTrigger.reconciliation), eq(runs.status, RunStatus.succeeded)));
    expect(healed.map((r) => r.subject).sort()).toEqual([...lost].map((id) => `referral:${id}`).sort());
  }, 120_000);
});
