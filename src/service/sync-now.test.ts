// `cosell sync <id>` underneath: one record forced to sync now, by either of its ids, over real HTTP.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { useTestDb } from '../../test/support/db.js';
import { crmNames } from '../../test/support/crm-rig.js';
import { referralInput, startSyncRig, type SyncRig } from '../../test/support/sync-rig.js';
import { getLinkByReferral } from '../store/links.js';
import { syncNow } from './sync-now.js';

const testDb = useTestDb();

describe.each(crmNames)('sync now (%s)', (crm) => {
  let rig: SyncRig;
  beforeEach(async () => {
    // No webhooks: nothing reaches the connector unless it is forced.
    rig = await startSyncRig(testDb, { webhooks: false, crm });
  });
  afterEach(async () => {
    await rig.close();
  });

  it('R4: a referral id syncs that referral at once; its CRM id then syncs the linked pair both ways', async () => {
    const ref = rig.pc.emulator.createReferral(referralInput({ direction: 'Incoming' }));
    const deps = {
      config: rig.pc.config,
      db: testDb.db,
      logger: rig.pc.logger,
      partnerCenter: rig.client,
      crm: rig.crm.adapter,
    };
    const first = await syncNow(deps, ref.id);
    expect(first.map((r) => [r.kind, r.run?.status, r.run?.trigger])).toEqual([
      ['referral.sync', 'succeeded', 'manual'],
    ]);
    const link = await getLinkByReferral(testDb.db, ref.id);
    expect(link).toBeDefined();

    const second = await syncNow(deps, link?.crmRecordId ?? '');
    expect(second.map((r) => [r.kind, r.run?.status])).toEqual([
      ['referral.sync', 'skipped'],
      ['opportunity.sync', 'skipped'],
    ]);
    expect(second.map((r) => (r.run?.error as { code?: string } | null)?.code)).toEqual(['ECHO', 'ECHO']);
  });
});
