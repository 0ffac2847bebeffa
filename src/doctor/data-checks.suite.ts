// The doctor's data checks (run by data-salesforce.test.ts and data-dynamics.test.ts) over the opportunities marked for sync (R2, R3, R6, R7) and the sellers of synced
// referrals (P4), against Salesforce and Dynamics 365: each case enters one broken record as a sales person
// would, runs the doctor, asserts the check names that record, fixes the record, and asserts it passes.
// The read is paged and bounded: it costs a few calls per page, never one per record.
import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { useTestDb } from '../../test/support/db.js';
import type { CrmName } from '../../test/support/crm-rig.js';
import { referralInput, startSyncRig, type SyncRig } from '../../test/support/sync-rig.js';
import { enableAllFlows } from '../flows/activation.js';
import { syncNow } from '../service/sync-now.js';
import { listAudit } from '../store/audit.js';
import { connections } from '../store/schema.js';
import { applyFixes, runDoctor, type CheckResult, type DoctorDeps } from './index.js';

/** The suite for one CRM; each CRM runs it from a file of its own, so each has its own database. */
export function dataChecksSuite(crm: CrmName): void {
  const testDb = useTestDb();

  describe(`doctor data checks on ${crm}`, () => {
    let rig: SyncRig;
    let deps: DoctorDeps;
    let connected: (typeof connections.$inferSelect)[];

    beforeAll(async () => {
      rig = await startSyncRig(testDb, { crm });
      connected = await testDb.db.orm.select().from(connections);
      deps = {
        config: rig.pc.config,
        db: testDb.db,
        logger: rig.pc.logger,
        receiverUrl: rig.pc.webhookUrl,
        partnerCenter: () => Promise.resolve(rig.client),
        crm: () => Promise.resolve(rig.crm.adapter),
      };
    }, 60_000);

    beforeEach(async () => {
      await testDb.db.orm
        .insert(connections)
        .values(connected.map(({ id: _id, ...row }) => row))
        .onConflictDoNothing();
      await enableAllFlows(testDb.db);
    });

    // The connector runs between cases: let it settle before the store is emptied for the next one.
    afterEach(async () => {
      await rig.connector.passesSettled();
      await rig.connector.worker.runUntilIdle();
    });

    afterAll(async () => {
      await rig.close();
    });

    async function check(id: string): Promise<CheckResult> {
      const report = await runDoctor(deps, { only: [id], sampleSize: 10_000 });
      const found = report.checks.find((c) => c.id === id);
      if (found === undefined) throw new Error(`no check ${id}`);
      return found;
    }

    /** An opportunity marked for sync, entered by a sales person; each option breaks one rule. */
    async function opportunity(
      options: {
        country?: string;
        solution?: boolean;
        help?: boolean;
        contact?: boolean;
        amount?: boolean;
      } = {},
    ): Promise<{ id: string; accountId: string }> {
      const h = rig.crm;
      const tag = randomUUID().slice(0, 8);
      const accountId = await h.createAccountAsPerson({
        name: `Northwind ${tag}`,
        country: options.country ?? 'NL',
        postalCode: '3011 AA',
        city: 'Rotterdam',
      });
      const id = await h.createOpportunityAsPerson({
        name: `Northwind analytics ${tag}`,
        accountId,
        stageName: options.amount === false ? 'Qualification' : 'Prospecting',
        closeDate: '2027-06-30',
        ...(options.amount === false ? {} : { amount: 48000, currency: 'EUR' }),
        syncWithPartnerCenter: true,
        ...(options.help === false ? {} : { helpRequested: 'GeneralOrOther' }),
      });
      if (options.contact !== false) {
        await h.addContactAsPerson(id, accountId, {
          firstName: 'Noor',
          lastName: 'de Vries',
          email: `noor.${tag}@northwind.example`,
          phone: '+31 10 555 0100',
        });
      }
      if (options.solution !== false) {
        await h.addSolutionAsPerson(id, { id: 'SOL-NORTHWIND-1', name: 'Northwind Cloud' });
      }
      await h.advanceClock(1_000);
      return { id, accountId };
    }

    it('R7: an opportunity marked for sync without a Microsoft solution is named; adding one passes', async () => {
      const { id } = await opportunity({ solution: false });
      const broken = await check('data.solution');
      expect(broken.status).toBe('warn');
      expect(broken.found.key).toBe('doctor.data.solution');
      expect(broken.records?.first).toEqual([id]);
      await rig.crm.addSolutionAsPerson(id, { id: 'SOL-NORTHWIND-2', name: 'Northwind Cloud' });
      await rig.crm.advanceClock(1_000);
      expect((await check('data.solution')).status).toBe('pass');
    });

    it('R6: a country name is named with its ISO code; --fix writes the code through the CRM after confirmation, audited', async () => {
      const { id, accountId } = await opportunity({ country: 'Netherlands' });
      const other = await opportunity({ country: 'Atlantis' });
      const broken = await check('data.country');
      expect(broken.status).toBe('warn');
      expect([...(broken.records?.first ?? [])].sort()).toEqual([id, other.id].sort());
      expect(broken.found.params).toMatchObject({ bad: 2, suggested: 1 });
      expect(broken.suggestions).toEqual([
        { accountId, opportunityId: id, value: 'Netherlands', code: 'NL' },
      ]);
      expect(broken.fixable).toBe('countries');

      // Not confirmed: nothing is written.
      const refused = await applyFixes(deps, reportOf(broken), {
        confirmCountry: () => Promise.resolve(false),
      });
      expect(refused.map((f) => f.message.key)).toEqual(['doctor.fix.countriesNotConfirmed']);
      expect((await check('data.country')).found.params).toMatchObject({ bad: 2 });

      const asked: string[] = [];
      const fixed = await applyFixes(deps, reportOf(broken), {
        confirmCountry: (s) => {
          asked.push(`${s.value}->${s.code}`);
          return Promise.resolve(true);
        },
      });
      expect(asked).toEqual(['Netherlands->NL']);
      expect(fixed).toEqual([
        { fix: 'countries', ok: true, message: { key: 'doctor.fix.countriesDone', params: { count: 1 } } },
      ]);
      const [account] = await rig.crm.adapter.getAccounts([accountId]);
      expect(account?.country).toBe('NL');
      const audit = await listAudit(testDb.db, { crmSystem: rig.crm.system, crmRecordId: id });
      expect(audit.map((a) => [a.action, a.fieldDiff])).toContainEqual([
        'updated',
        { 'account.country': { from: 'Netherlands', to: 'NL' }, account: accountId },
      ]);
      await rig.crm.advanceClock(1_000);
      const after = await check('data.country');
      expect(after.records?.first).toEqual([other.id]);
      expect(after.suggestions).toBeUndefined();
      await rig.crm.editAsPerson(other.id, { syncWithPartnerCenter: false });
      await rig.crm.advanceClock(1_000);
      expect((await check('data.country')).status).toBe('pass');
    });

    it('R2: help asked of Microsoft without a customer contact is named; adding the contact passes', async () => {
      const { id, accountId } = await opportunity({ contact: false });
      const broken = await check('data.contact');
      expect(broken.status).toBe('warn');
      expect(broken.records?.first).toEqual([id]);
      await rig.crm.addContactAsPerson(id, accountId, {
        firstName: 'Ada',
        lastName: 'Buyer',
        email: `ada.${randomUUID().slice(0, 6)}@northwind.example`,
      });
      await rig.crm.advanceClock(1_000);
      expect((await check('data.contact')).status).toBe('pass');
    });

    it('R3: a qualifying opportunity without a deal value is named; entering it passes', async () => {
      const { id } = await opportunity({ amount: false });
      const broken = await check('data.qualification');
      expect(broken.status).toBe('warn');
      expect(broken.records?.first).toEqual([id]);
      await rig.crm.editAsPerson(id, { amount: 30000, currency: 'EUR' });
      await rig.crm.advanceClock(1_000);
      expect((await check('data.qualification')).status).toBe('pass');
    });

    it('R2, R3, R6, R7: the data read costs a few calls per page, not one per record', async () => {
      await Promise.all(Array.from({ length: 12 }, () => opportunity()));
      const before = rig.crm.apiCalls();
      const report = await runDoctor(deps, { only: ['data'], pageSize: 200 });
      const calls = rig.crm.apiCalls() - before;
      const scanned = Number(report.checks[0]?.found.params?.['count']);
      const pages = Number(report.checks[0]?.found.params?.['pages'] ?? 1);
      expect(report.checks.map((c) => c.id)).toEqual([
        'data.solution',
        'data.country',
        'data.contact',
        'data.qualification',
      ]);
      expect(scanned).toBeGreaterThanOrEqual(12);
      // Pages of the change feed (each a composite or a $batch plus its solutions), the accounts, the contacts.
      expect(calls).toBeLessThanOrEqual(pages * 4 + 4);
      expect(calls).toBeLessThan(scanned);
    });

    it('P4: a seller of a synced referral who is no CRM user is named; once the team names a CRM user it passes', async () => {
      const stranger = `stranger.${randomUUID().slice(0, 6)}@contoso.example`;
      const referral = rig.pc.emulator.createReferral(
        referralInput({ team: [{ firstName: 'Sly', lastName: 'Stranger', email: stranger }] }),
      );
      await syncNow(
        {
          config: rig.pc.config,
          db: testDb.db,
          logger: rig.pc.logger,
          partnerCenter: rig.client,
          crm: rig.crm.adapter,
        },
        referral.id,
      );
      const broken = await check('crm.sellers');
      expect(broken.status).toBe('warn');
      expect(broken.records?.first).toEqual([stranger]);
      rig.pc.emulator.updateReferral(referral.id, {
        team: [{ firstName: 'Sam', lastName: 'Seller', email: rig.crm.person.email }],
      });
      expect((await check('crm.sellers')).status).toBe('pass');
    });
  });
}

function reportOf(check: CheckResult) {
  return {
    status: 'warn' as const,
    exitCode: 1 as const,
    crm: 'salesforce',
    at: new Date().toISOString(),
    counts: { pass: 0, warn: 1, fail: 0, skip: 0 },
    checks: [check],
  };
}
