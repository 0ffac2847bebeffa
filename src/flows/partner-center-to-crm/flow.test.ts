// "Partner Center to CRM" end to end: the Partner Center emulator and the Salesforce emulator over real HTTP,
// the flow as an engine job on this file's database, inbox events turned into jobs, engine events awaited.
import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { useTestDb } from '../../../test/support/db.js';
import { startPcFixture, type PcFixture } from '../../../test/support/partner-center.js';
import { startSalesforceRig, type SalesforceTestRig } from '../../crm/salesforce/test-support.js';
import { enqueueCoalesced } from '../../engine/coalesce.js';
import { Worker, type JobEvent } from '../../engine/worker.js';
import { CosellError } from '../../errors.js';
import type { ReferralInput } from '../../partner-center/emulator/index.js';
import { listAudit } from '../../store/audit.js';
import { insertInboxEvents, listInbox } from '../../store/inbox.js';
import { getLinkByReferral } from '../../store/links.js';
import { getRun } from '../../store/runs.js';
import {
  enqueueFromInbox,
  mappingVersion,
  partnerCenterToCrmHandler,
  referralLane,
  referralSyncKind,
} from './index.js';

const testDb = useTestDb();
let pc: PcFixture;
let sf: SalesforceTestRig;
let worker: Worker;
let changes = 0;
/** Runs once just before the flow's next PATCH (to change the referral under it). */
let beforePatch: (() => void) | undefined;

beforeEach(async () => {
  pc = await startPcFixture(testDb);
  const client = await pc.connect();
  beforePatch = undefined;
  const partnerCenter = Object.create(client, {
    patchReferral: {
      value: (...args: Parameters<typeof client.patchReferral>) => {
        const hook = beforePatch;
        beforePatch = undefined;
        hook?.();
        return client.patchReferral(...args);
      },
    },
  }) as typeof client;
  sf = await startSalesforceRig(testDb.db);
  worker = new Worker({
    db: testDb.db,
    handlers: {
      [referralSyncKind]: partnerCenterToCrmHandler({ db: testDb.db, partnerCenter, crm: sf.adapter }),
    },
    pollIntervalMs: 3_600_000,
  });
  worker.start();
});

afterEach(async () => {
  await worker.stop({ deadlineMs: 0, abortGraceMs: 0 });
  await sf.emulator.close();
  await pc.close();
});

function referralInput(overrides: ReferralInput = {}): ReferralInput {
  const tag = randomUUID().slice(0, 8);
  return {
    name: `Contoso cloud migration ${tag}`,
    externalReferenceId: null,
    status: 'New',
    substatus: 'Pending',
    customerProfile: {
      name: `Contoso Ltd ${tag}`,
      address: { addressLine1: '1 Main St', city: 'Seattle', postalCode: '98052', country: 'US' },
      team: [
        {
          firstName: 'Pat',
          lastName: 'Buyer',
          email: `pat.${tag}@customer.example`,
          phoneNumber: '+1 555 0100',
        },
      ],
    },
    details: {
      dealValue: 25000,
      currency: 'USD',
      closingDateTime: '2027-03-31T00:00:00Z',
      notes: 'first call done',
      requirements: {
        solutions: [{ id: 'SOL-CONTOSO-1', name: 'Contoso Cloud', type: 'Name' }],
      },
    },
    team: [{ firstName: 'Sam', lastName: 'Seller', email: 'seller1@contoso.example' }],
    inviteContext: { assistanceRequestCode: 'ProofOfConceptOrDemo' },
    ...overrides,
  };
}

type Settled =
  | ({ readonly outcome: 'done'; readonly skipped: string | undefined } & JobEvent)
  | ({ readonly outcome: 'failed'; readonly error: { code: string } } & JobEvent);

/** A webhook event for the referral lands in the inbox; the flow turns it into a job; resolves when it settles. */
/**
 * A webhook about a change to the referral, as Partner Center sends it, turned into a job and run; its change
 * date is later than any state the link accounts for, so it always makes a job.
 */
async function webhook(referralId: string, eventName = 'referral-updated'): Promise<Settled> {
  const settled = nextSettled(referralId);
  await insertInboxEvents(testDb.db, [
    {
      source: 'partner-center',
      eventName,
      resourceId: referralId,
      resourceChangeDate: new Date(Date.now() + 60_000 + changes++),
      payload: {},
    },
  ]);
  await enqueueFromInbox(testDb.db, new Date());
  worker.wake();
  return settled;
}

/** The next job of the referral's lane to settle. */
function nextSettled(referralId: string): Promise<Settled> {
  const lane = referralLane(referralId);
  const settled = new Promise<Settled>((resolve, reject) => {
    const timer = setTimeout(() => {
      cleanup();
      reject(new Error(`referral ${referralId}: no job settled`));
    }, 15_000);
    const onDone = (e: JobEvent & { skipped: string | undefined }) => {
      if (e.job.laneKey !== lane) return;
      cleanup();
      resolve({ outcome: 'done', ...e });
    };
    const onFailed = (e: JobEvent & { error: { code: string } }) => {
      if (e.job.laneKey !== lane) return;
      cleanup();
      resolve({ outcome: 'failed', ...e });
    };
    const cleanup = () => {
      clearTimeout(timer);
      worker.off('job:done', onDone);
      worker.off('job:failed', onFailed);
    };
    worker.on('job:done', onDone);
    worker.on('job:failed', onFailed);
  });
  return settled;
}

const pcCalls = () => pc.emulator.callCount().total;
const sfCalls = () => sf.emulator.apiCalls().total;
const opportunitiesOf = (referralId: string) =>
  sf.emulator.records('Opportunity').filter((o) => o['Referral_Identifier__c'] === referralId);

/** A new referral, synced; returns its id and CRM id. */
async function synced(overrides: ReferralInput = {}): Promise<{ id: string; crmId: string }> {
  const ref = pc.emulator.createReferral(referralInput(overrides));
  const settled = await webhook(ref.id, 'referral-created');
  expect(settled).toMatchObject({ outcome: 'done', skipped: undefined });
  const link = await getLinkByReferral(testDb.db, ref.id);
  return { id: ref.id, crmId: link?.crmRecordId ?? '' };
}

describe('Partner Center to CRM (referral.sync)', () => {
  it('R8, P1: a new referral becomes one Salesforce opportunity with account, contact and solution; its CRM id goes back to Partner Center in 2 + 2 calls', async () => {
    // Set-up data (enabled currencies, the seller's CRM user) is read once per process, then kept.
    const [pcCold, sfCold] = [pcCalls(), sfCalls()];
    await synced();
    // Cold: + 1 for the enabled currencies and + 1 for the seller's user, both kept afterwards.
    expect([pcCalls() - pcCold, sfCalls() - sfCold]).toEqual([2, 4]);
    const ref = pc.emulator.createReferral(referralInput());
    const pcBefore = pcCalls();
    const sfBefore = sfCalls();
    const settled = await webhook(ref.id, 'referral-created');
    expect(settled).toMatchObject({ outcome: 'done', skipped: undefined });
    expect(pcCalls() - pcBefore).toBeLessThanOrEqual(2);
    expect(sfCalls() - sfBefore).toBeLessThanOrEqual(2);

    const [record, ...more] = opportunitiesOf(ref.id);
    expect(more).toEqual([]);
    expect(record).toMatchObject({ StageName: 'On Hold', Amount: 25000, Sync_with_Partner_Center__c: true });
    // The outcome shows on the record in the same write: ✔ before the name, the Audit field's text.
    expect(String(record?.['Name'])).toBe(`✔ ${ref.name}`);
    expect(String(record?.['Partner_Center_Audit__c'])).toContain(ref.id);
    const crmId = String(record?.['Id']);
    expect(pc.emulator.getReferral(ref.id)?.externalReferenceId).toBe(crmId);

    const [opportunity] = await sf.adapter.getOpportunities([crmId]);
    expect(opportunity?.solutionIds).toEqual(['SOL-CONTOSO-1']);
    expect(opportunity?.ownerId).toBe(sf.harness.person.id);
    const [account] = await sf.adapter.getAccounts([opportunity?.accountId ?? '']);
    expect(account).toMatchObject({ name: ref.customerProfile?.name, country: 'US', postalCode: '98052' });
    const contacts = await sf.adapter.getContactsOfOpportunity(crmId);
    expect(contacts).toEqual([expect.objectContaining({ firstName: 'Pat', lastName: 'Buyer' })]);

    const run = await getRun(testDb.db, settled.runId ?? 0);
    expect(run?.callsBySystem).toEqual({ 'partner-center': 2, salesforce: 2 });
    const audit = await listAudit(testDb.db, { referralId: ref.id });
    expect(audit.map((a) => a.action)).toEqual(['created']);
    expect(audit[0]).toMatchObject({ crmRecordId: crmId, mappingVersion });
  });

  it('R8: the CRM id is written back with If-Match; a 412 re-reads the referral once and retries', async () => {
    const ref = pc.emulator.createReferral(referralInput());
    beforePatch = () => pc.emulator.updateReferral(ref.id, { details: { notes: 'changed meanwhile' } });
    const pcBefore = pcCalls();
    const settled = await webhook(ref.id, 'referral-created');
    expect(settled).toMatchObject({ outcome: 'done', skipped: undefined });
    const [record] = opportunitiesOf(ref.id);
    expect(pc.emulator.getReferral(ref.id)?.externalReferenceId).toBe(record?.['Id']);
    expect(pcCalls() - pcBefore).toBe(4); // GET, PATCH (412), GET, PATCH
    const run = await getRun(testDb.db, settled.runId ?? 0);
    expect(run?.steps.find((step) => step.name === 'write-back-crm-id')?.detail).toMatchObject({
      attempts: 2,
    });
  });

  it('R8: a write-back that failed after the link was stored is finished by the next run', async () => {
    const ref = pc.emulator.createReferral(referralInput());
    beforePatch = () => {
      throw new CosellError('PC_INVALID_REQUEST', { reason: 'refused once' });
    };
    const failed = await webhook(ref.id, 'referral-created');
    expect(failed).toMatchObject({ outcome: 'failed', error: { code: 'PC_INVALID_REQUEST' } });
    expect(pc.emulator.getReferral(ref.id)?.externalReferenceId ?? undefined).toBeUndefined();
    // The rerun stands for the same change (as a job rerun after a crash does): the link must not count
    // that change as accounted for until the id is written back, or the rerun would skip it as stale.
    const settledAgain = nextSettled(ref.id);
    await enqueueCoalesced(testDb.db, {
      kind: referralSyncKind,
      laneKey: referralLane(ref.id),
      payload: { referralId: ref.id, changedAt: new Date(ref.updatedDateTime).toISOString() },
      windowMs: 0,
      now: new Date(),
    });
    worker.wake();
    const settled = await settledAgain;
    expect(settled).toMatchObject({ outcome: 'done', skipped: 'NO_CHANGE' });
    const [record, ...more] = opportunitiesOf(ref.id);
    expect(more).toEqual([]);
    expect(pc.emulator.getReferral(ref.id)?.externalReferenceId).toBe(record?.['Id']);
  });

  it('R8: the same webhook three times makes one opportunity (processing is idempotent)', async () => {
    const ref = pc.emulator.createReferral(referralInput());
    const outcomes = [];
    for (let i = 0; i < 3; i++) outcomes.push(await webhook(ref.id, 'referral-created'));
    expect(outcomes.map((o) => (o.outcome === 'done' ? (o.skipped ?? 'written') : o.error.code))).toEqual([
      'written',
      'ECHO',
      'ECHO',
    ]);
    expect(opportunitiesOf(ref.id)).toHaveLength(1);
    expect(await listInbox(testDb.db, { resourceId: ref.id, status: 'pending' })).toEqual([]);
  });

  it('R2, design rule 5: a deal value changed in Partner Center updates only that field in Salesforce, as the integration user', async () => {
    const { id, crmId } = await synced();
    const before = sf.emulator.getRecord('Opportunity', crmId) ?? {};
    pc.emulator.updateReferral(id, { details: { dealValue: 40000 } });
    const settled = await webhook(id);
    expect(settled).toMatchObject({ outcome: 'done', skipped: undefined });
    const after = sf.emulator.getRecord('Opportunity', crmId) ?? {};
    const system = new Set([
      'Amount',
      'LastModifiedDate',
      'LastModifiedById',
      'SystemModstamp',
      'ExpectedRevenue',
    ]);
    const changed = Object.keys(after).filter(
      (k) => JSON.stringify(after[k]) !== JSON.stringify(before[k]) && !system.has(k),
    );
    expect(changed).toEqual([]);
    expect(after['Amount']).toBe(40000);
    expect(after['LastModifiedById']).toBe(sf.harness.integrationUserId);
    const [entry] = await listAudit(testDb.db, { referralId: id });
    expect(entry).toMatchObject({ action: 'updated', fieldDiff: { dealValue: { from: 25000, to: 40000 } } });
  });

  it('design rule 4: re-running the job with nothing changed is an echo and writes nothing', async () => {
    const { id } = await synced();
    const pcBefore = pcCalls();
    const sfBefore = sfCalls();
    const settled = await webhook(id);
    expect(settled).toMatchObject({ outcome: 'done', skipped: 'ECHO' });
    expect(sfCalls()).toBe(sfBefore);
    expect(pcCalls() - pcBefore).toBe(1); // the GET that finds the echo; no PATCH
    const [entry] = await listAudit(testDb.db, { referralId: id });
    expect(entry).toMatchObject({ action: 'skipped', reasonCode: 'ECHO' });
  });

  it('design rule 4: the webhook of our own write-back is stale at the inbox: no job, no Partner Center call', async () => {
    const { id } = await synced();
    const written = pc.emulator.getReferral(id);
    const pcBefore = pcCalls();
    const event = (at: Date) => ({
      source: 'partner-center' as const,
      eventName: 'referral-updated',
      resourceId: id,
      resourceChangeDate: at,
      payload: {},
    });
    // The write-back's own change, and an older one (a late delivery): the link accounts for both.
    const ownWrite = new Date(written?.updatedDateTime ?? '');
    await insertInboxEvents(testDb.db, [event(ownWrite), event(new Date(ownWrite.getTime() - 5_000))]);
    expect(await enqueueFromInbox(testDb.db, new Date())).toEqual({
      jobs: 0,
      processed: 0,
      ignored: 0,
      stale: 2,
    });
    expect(await listInbox(testDb.db, { resourceId: id, status: 'stale' })).toHaveLength(2);
    expect(pcCalls()).toBe(pcBefore);
    // A change after it is news: it makes a job.
    await insertInboxEvents(testDb.db, [event(new Date(ownWrite.getTime() + 1))]);
    expect(await enqueueFromInbox(testDb.db, new Date())).toMatchObject({ jobs: 1, processed: 1, stale: 0 });
  });

  it('design rule 4: a job for a change the link accounts for (its webhook beat our note of it) skips without reading', async () => {
    const { id } = await synced();
    const ownWrite = pc.emulator.getReferral(id)?.updatedDateTime ?? '';
    const pcBefore = pcCalls();
    const settled = nextSettled(id);
    await enqueueCoalesced(testDb.db, {
      kind: referralSyncKind,
      laneKey: referralLane(id),
      payload: { referralId: id, changedAt: new Date(ownWrite).toISOString() },
      windowMs: 0,
      now: new Date(),
    });
    worker.wake();
    expect(await settled).toMatchObject({ outcome: 'done', skipped: 'ECHO' });
    expect(pcCalls()).toBe(pcBefore);
  });

  it("R6: a customer country of 'Netherlands' fails the run with VALIDATION_COUNTRY_INVALID and writes nothing", async () => {
    // Partner Center's API refuses such a country now; older referrals (loaded as seed data) still carry one.
    const input = referralInput();
    const id = randomUUID();
    pc.emulator.load(
      [
        {
          ...input,
          id,
          customerProfile: {
            ...input.customerProfile,
            address: { postalCode: '1011', country: 'Netherlands' },
          },
        },
      ],
      0,
      1,
    );
    const ref = { id };
    const sfBefore = sf.emulator.records('Opportunity').length;
    const settled = await webhook(ref.id, 'referral-created');
    expect(settled).toMatchObject({ outcome: 'failed', error: { code: 'VALIDATION_COUNTRY_INVALID' } });
    expect(sf.emulator.records('Opportunity')).toHaveLength(sfBefore);
    expect(await getLinkByReferral(testDb.db, ref.id)).toBeUndefined();
    expect(pc.emulator.getReferral(ref.id)?.externalReferenceId ?? undefined).toBeUndefined();
    const run = await getRun(testDb.db, settled.runId ?? 0);
    expect(run).toMatchObject({ status: 'failed', error: { code: 'VALIDATION_COUNTRY_INVALID' } });
    const [entry] = await listAudit(testDb.db, { referralId: ref.id });
    expect(entry).toMatchObject({ action: 'failed', reasonCode: 'VALIDATION_COUNTRY_INVALID' });
  });

  it('R3: a CRM id from Partner Center that matches no CRM record is skipped with CRM_RECORD_MISSING and audited', async () => {
    const gone = await sf.harness.createOpportunityAsPerson({
      name: 'Deleted deal',
      stageName: 'Prospecting',
      closeDate: '2027-01-31',
      syncWithPartnerCenter: true,
    });
    await sf.harness.deleteOpportunity(gone);
    const ref = pc.emulator.createReferral(referralInput({ externalReferenceId: gone }));
    const sfBefore = sf.emulator.records('Opportunity').length;
    const settled = await webhook(ref.id, 'referral-created');
    expect(settled).toMatchObject({ outcome: 'done', skipped: 'CRM_RECORD_MISSING' });
    expect(sf.emulator.records('Opportunity')).toHaveLength(sfBefore);
    const [entry] = await listAudit(testDb.db, { referralId: ref.id });
    expect(entry).toMatchObject({ action: 'skipped', reasonCode: 'CRM_RECORD_MISSING', crmRecordId: gone });
  });

  it('R8: Partner Center closes the referral as won: the opportunity moves to the won stage', async () => {
    const { id, crmId } = await synced();
    pc.emulator.updateReferral(id, { status: 'Active', substatus: 'Accepted' });
    pc.emulator.updateReferral(id, { status: 'Closed', substatus: 'Won' });
    const settled = await webhook(id);
    expect(settled).toMatchObject({ outcome: 'done', skipped: undefined });
    expect(sf.emulator.getRecord('Opportunity', crmId)).toMatchObject({ StageName: 'Closed Won' });
    const [entry] = await listAudit(testDb.db, { referralId: id });
    expect(entry).toMatchObject({ action: 'updated', fieldDiff: { status: { from: 'pending', to: 'won' } } });
  });

  it('R8: a referral closed before it was ever synced is not created in the CRM (REFERRAL_CLOSED)', async () => {
    const ref = pc.emulator.createReferral(referralInput({ status: 'Closed', substatus: 'Lost' }));
    const settled = await webhook(ref.id, 'referral-created');
    expect(settled).toMatchObject({ outcome: 'done', skipped: 'REFERRAL_CLOSED' });
    expect(opportunitiesOf(ref.id)).toEqual([]);
  });

  it('test-created events are marked ignored and queue no job', async () => {
    await insertInboxEvents(testDb.db, [
      {
        source: 'partner-center',
        eventName: 'test-created',
        resourceId: 'test',
        resourceChangeDate: new Date(),
        payload: {},
      },
    ]);
    expect(await enqueueFromInbox(testDb.db, new Date())).toEqual({
      jobs: 0,
      processed: 0,
      ignored: 1,
      stale: 0,
    });
    expect(await listInbox(testDb.db, { status: 'ignored' })).toHaveLength(1);
  });
});
