// "Microsoft co-sell referral updates to CRM" end to end: a co-sell created from an opportunity invites
// Microsoft; Microsoft then works its referral in Partner Center; the opportunity shows it.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { useTestDb } from '../../../test/support/db.js';
import { startSyncRig, type SyncRig } from '../../../test/support/sync-rig.js';
import { personUsername } from '../../crm/salesforce/test-support.js';
import { listAudit } from '../../store/audit.js';
import { getLinkByCrmRecord } from '../../store/links.js';
import { opportunitySyncKind } from '../crm-to-partner-center/job.js';
import { microsoftReferralSyncKind } from './job.js';

const testDb = useTestDb();
let rig: SyncRig;
const asPerson = { asUser: personUsername };

beforeEach(async () => {
  rig = await startSyncRig(testDb);
});
afterEach(async () => {
  await rig.close();
});

describe('Microsoft co-sell referral updates to CRM', () => {
  it('R2, R3: Microsoft accepting its side of our co-sell shows on the opportunity (Microsoft CRM Identifier, Audit field)', async () => {
    const em = rig.sf.emulator;
    const account = em.insertRecord(
      'Account',
      { Name: 'Woodgrove Bank', BillingCountry: 'US', BillingPostalCode: '10001' },
      asPerson,
    );
    const opportunity = em.insertRecord(
      'Opportunity',
      {
        Name: 'Woodgrove analytics',
        AccountId: account['Id'],
        StageName: 'Qualification',
        CloseDate: '2027-05-31',
        Amount: 120000,
        CurrencyIsoCode: 'USD',
        Sync_with_Partner_Center__c: true,
        How_can_Microsoft_help__c: 'CustomerTechnicalArchitecture',
      },
      asPerson,
    );
    const crmId = String(opportunity['Id']);
    const contact = em.insertRecord(
      'Contact',
      { AccountId: account['Id'], FirstName: 'Ana', LastName: 'Lee', Email: 'ana@woodgrove.example' },
      asPerson,
    );
    em.insertRecord('OpportunityContactRole', { OpportunityId: crmId, ContactId: contact['Id'] }, asPerson);
    em.insertRecord(
      'Microsoft_Solution__c',
      { Name: 'Contoso Cloud', Solution_Id__c: 'SOL-CONTOSO-1', Opportunity__c: crmId },
      asPerson,
    );

    const created = rig.settled((job) => job.kind === opportunitySyncKind);
    await rig.pollCrm();
    expect(await created).toMatchObject({ outcome: 'done', skipped: undefined });
    const link = await getLinkByCrmRecord(testDb.db, 'salesforce', crmId);
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
    const record = () => em.records('Opportunity').find((o) => o['Id'] === crmId);
    expect(await first).toMatchObject({ outcome: 'done' });
    if (!String(record()?.['Partner_Center_Audit__c']).includes('Active/Accepted')) {
      expect(await rig.settled(isMicrosoftJob)).toMatchObject({ outcome: 'done', skipped: undefined });
    }
    expect(record()?.['Microsoft_CRM_Identifier__c']).toBe(microsoft?.id);
    expect(String(record()?.['Partner_Center_Audit__c'])).toContain('Active/Accepted');
    const audit = await listAudit(testDb.db, { crmRecordId: crmId });
    expect(
      audit.filter((a) => a.direction === 'pc-to-crm' && a.action === 'updated').length,
    ).toBeGreaterThanOrEqual(1);
  });
});
