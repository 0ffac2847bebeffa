// "Microsoft co-sell referral updates to CRM" end to end: a co-sell created from an opportunity invites
// Microsoft; Microsoft then works its referral in Partner Center; the opportunity shows it.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { useTestDb } from '../../../test/support/db.js';
import { crmNames } from '../../../test/support/crm-rig.js';
import { startSyncRig, type SyncRig } from '../../../test/support/sync-rig.js';
import { listAudit } from '../../store/audit.js';
import { getLinkByCrmRecord } from '../../store/links.js';
import { opportunitySyncKind } from '../crm-to-partner-center/job.js';
import { microsoftReferralSyncKind } from './job.js';

const testDb = useTestDb();

describe.each(crmNames)('Microsoft co-sell referral updates to CRM (%s)', (crm) => {
  let rig: SyncRig;
  beforeEach(async () => {
    rig = await startSyncRig(testDb, { crm });
  });
  afterEach(async () => {
    await rig.close();
  });

  it('R2, R3: Microsoft accepting its side of our co-sell shows on the opportunity (Microsoft CRM Identifier, Audit field)', async () => {
    const h = rig.crm;
    const accountId = await h.createAccountAsPerson({
      name: 'Woodgrove Bank',
      country: 'US',
      postalCode: '10001',
    });
    const crmId = await h.createOpportunityAsPerson({
      name: 'Woodgrove analytics',
      accountId,
      stageName: 'Qualification',
      closeDate: '2027-05-31',
      amount: 120000,
      currency: 'USD',
      syncWithPartnerCenter: true,
      helpRequested: 'CustomerTechnicalArchitecture',
    });
    await h.addContactAsPerson(crmId, accountId, {
      firstName: 'Ana',
      lastName: 'Lee',
      email: 'ana@woodgrove.example',
    });
    await h.addSolutionAsPerson(crmId, { id: 'SOL-CONTOSO-1', name: 'Contoso Cloud' });

    const created = rig.settled((job) => job.kind === opportunitySyncKind);
    await rig.pollCrm();
    expect(await created).toMatchObject({ outcome: 'done', skipped: undefined });
    const link = await getLinkByCrmRecord(testDb.db, h.system, crmId);
    const own = rig.pc.emulator.getReferral(link?.referralId ?? '');
    const microsoft = rig.pc.emulator
      .listReferrals()
      .find((r) => r.engagementId === own?.engagementId && r.id !== own?.id);
    expect(microsoft).toBeDefined();

    // Microsoft accepts; its webhook goes through the inbound flow to this flow. The invitation's own
    // creation may settle a job of this kind first (showing New); the accept's job follows it.
    const isMicrosoftJob = (job: { kind: string; payload: unknown }) =>
      job.kind === microsoftReferralSyncKind &&
      (job.payload as { referralId?: string }).referralId === microsoft?.id;
    const first = rig.settled(isMicrosoftJob);
    rig.pc.emulator.updateReferral(microsoft?.id ?? '', { status: 'Active', substatus: 'Accepted' });
    const record = () => h.opportunity(crmId);
    expect(await first).toMatchObject({ outcome: 'done' });
    if (!String((await record())?.auditText).includes('Active/Accepted')) {
      expect(await rig.settled(isMicrosoftJob)).toMatchObject({ outcome: 'done', skipped: undefined });
    }
    const opportunity = await record();
    expect(opportunity?.microsoftCrmId).toBe(microsoft?.id);
    expect(String(opportunity?.auditText)).toContain('Active/Accepted');
    const audit = await listAudit(testDb.db, { crmRecordId: crmId });
    expect(
      audit.filter((a) => a.direction === 'pc-to-crm' && a.action === 'updated').length,
    ).toBeGreaterThanOrEqual(1);
  });
});
