// Budgets (design rule 8, P1): when the CRM's daily API limit is reached the work is deferred to the next
// window, audited as deferred, and kept: nothing is lost, nothing is created twice once the limit lifts.
// For each CRM: Salesforce refuses calls over its daily limit; Dynamics 365 has no such limit, so there it is
// our own daily cap that says CRM_DAILY_LIMIT.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { useTestDb } from '../../../test/support/db.js';
import { nextEvent } from '../../../test/support/engine.js';
import { crmNames } from '../../../test/support/crm-rig.js';
import { referralInput, startSyncRig, type SyncRig } from '../../../test/support/sync-rig.js';
import { listAudit } from '../../store/audit.js';
import { getJob } from '../../store/jobs.js';
import { getLinkByReferral } from '../../store/links.js';
import { syncNow } from '../../service/sync-now.js';
import { referralLane } from './job.js';

const testDb = useTestDb();

describe.each(crmNames)('budget-aware deferral (%s)', (crm) => {
  let rig: SyncRig;
  beforeEach(async () => {
    rig = await startSyncRig(testDb, { webhooks: false, crm });
  });
  afterEach(async () => {
    await rig.close();
  });

  it('P1, R4: the CRM’s daily limit defers the referral (audited) for the next window; once it lifts, it lands once', async () => {
    const ref = rig.pc.emulator.createReferral(referralInput({ direction: 'Incoming' }));
    await rig.crm.setDailyLimitReached(true);
    const deferred = nextEvent(
      rig.connector.worker,
      'job:deferred',
      (e) => e.job.laneKey === referralLane(ref.id),
    );
    await rig.reconcile();
    const [event] = await deferred;
    expect(event.reason.code).toBe('CRM_DAILY_LIMIT');
    expect(event.until.getTime()).toBeGreaterThan(Date.now());

    // Kept in the store, due at the next window, with no attempt spent.
    const job = await getJob(testDb.db, event.job.id);
    expect(job).toMatchObject({ status: 'deferred' });
    expect(job?.runAt.getTime()).toBe(event.until.getTime());
    const audit = await listAudit(testDb.db, { referralId: ref.id });
    expect(audit[0]).toMatchObject({ action: 'deferred', reasonCode: 'CRM_DAILY_LIMIT' });
    expect(await getLinkByReferral(testDb.db, ref.id)).toBeUndefined();

    await rig.crm.setDailyLimitReached(false);
    const [result] = await syncNow(
      {
        config: rig.pc.config,
        db: testDb.db,
        logger: rig.pc.logger,
        partnerCenter: rig.client,
        crm: rig.crm.adapter,
      },
      ref.id,
    );
    expect(result?.run?.status).toBe('succeeded');
    expect(rig.crm.opportunityIdsOfReferral(ref.id)).toHaveLength(1);
  });
});
