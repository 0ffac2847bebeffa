// "Partner Center to CRM" end to end: the Partner Center emulator and a CRM's emulator over real HTTP, the
// flow as an engine job on this file's database, inbox events turned into jobs, engine events awaited. Every
// case runs against Salesforce and against Dynamics 365 (test/support/crm-rig.ts).
import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { useTestDb } from '../../../test/support/db.js';
import { startPcFixture, type PcFixture } from '../../../test/support/partner-center.js';
import { crmNames, startCrmRig, type CrmName, type CrmTestHandle } from '../../../test/support/crm-rig.js';
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
let crm: CrmTestHandle;
let worker: Worker;
let changes = 0;
/** Runs once just before the flow's next PATCH (to change the referral under it). */
let beforePatch: (() => void) | undefined;

/** Partner Center, the named CRM and a worker running the flow, fresh for each case of the calling suite. */
function useRig(name: CrmName) {
  beforeEach(async () => {
    await startRig(name);
  });
  afterEach(async () => {
    await worker.stop({ deadlineMs: 0, abortGraceMs: 0 });
    await crm.close();
    await pc.close();
  });
}

async function startRig(name: CrmName) {
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
  crm = (await startCrmRig(testDb.db, name)).handle;
  worker = new Worker({
    db: testDb.db,
    handlers: {
      [referralSyncKind]: partnerCenterToCrmHandler({ db: testDb.db, partnerCenter, crm: crm.adapter }),
    },
    pollIntervalMs: 3_600_000,
  });
  worker.start();
}

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
const crmCalls = () => crm.apiCalls();
const opportunitiesOf = (referralId: string) => crm.opportunityIdsOfReferral(referralId);

/**
 * CRM requests of one new referral: cold (the enabled currencies and the seller's user are read once per
 * process, then kept), warm (counted requests) and the round trips of a warm one (the lookup and the write).
 * Dynamics 365 counts a $batch once and each request inside it once more.
 */
const crmCallsPerReferral: Record<CrmName, { cold: number; warm: number; roundTrips: number }> = {
  salesforce: { cold: 4, warm: 2, roundTrips: 2 },
  dynamics: { cold: 12, warm: 9, roundTrips: 2 },
};

/** A new referral, synced; returns its id and CRM id. */
async function synced(overrides: ReferralInput = {}): Promise<{ id: string; crmId: string }> {
  const ref = pc.emulator.createReferral(referralInput(overrides));
  const settled = await webhook(ref.id, 'referral-created');
  expect(settled).toMatchObject({ outcome: 'done', skipped: undefined });
  const link = await getLinkByReferral(testDb.db, ref.id);
  return { id: ref.id, crmId: link?.crmRecordId ?? '' };
}

describe.each(crmNames)('Partner Center to CRM (referral.sync, %s)', (name) => {
  useRig(name);

  it('R8, P1: a new referral becomes one opportunity with account, contact and solution; its CRM id goes back to Partner Center in 2 + 2 round trips', async () => {
    const expected = crmCallsPerReferral[name];
    const [pcCold, crmCold] = [pcCalls(), crmCalls()];
    await synced();
    expect([pcCalls() - pcCold, crmCalls() - crmCold]).toEqual([2, expected.cold]);
    const ref = pc.emulator.createReferral(referralInput());
    const pcBefore = pcCalls();
    const [crmBefore, tripsBefore] = [crmCalls(), crm.roundTrips()];
    const settled = await webhook(ref.id, 'referral-created');
    expect(settled).toMatchObject({ outcome: 'done', skipped: undefined });
    expect(pcCalls() - pcBefore).toBeLessThanOrEqual(2);
    expect(crmCalls() - crmBefore).toBeLessThanOrEqual(expected.warm);
    expect(crm.roundTrips() - tripsBefore).toBe(expected.roundTrips);

    const [crmId, ...more] = opportunitiesOf(ref.id);
    expect(more).toEqual([]);
    expect(pc.emulator.getReferral(ref.id)?.externalReferenceId).toBe(crmId);
    const opportunity = await crm.opportunity(crmId ?? '');
    expect(opportunity).toMatchObject({
      stageName: 'On Hold',
      amount: 25000,
      syncWithPartnerCenter: true,
      // The outcome shows on the record in the same write: ✔ before the name, the Audit field's text.
      name: `✔ ${ref.name}`,
      solutionIds: ['SOL-CONTOSO-1'],
      ownerId: crm.person.id,
    });
    expect(opportunity?.auditText).toContain(ref.id);
    const [account] = await crm.adapter.getAccounts([opportunity?.accountId ?? '']);
    expect(account).toMatchObject({ name: ref.customerProfile?.name, country: 'US', postalCode: '98052' });
    const contacts = await crm.adapter.getContactsOfOpportunity(crmId ?? '');
    expect(contacts).toEqual([expect.objectContaining({ firstName: 'Pat', lastName: 'Buyer' })]);

    const run = await getRun(testDb.db, settled.runId ?? 0);
    expect(run?.callsBySystem).toEqual({ 'partner-center': 2, [crm.system]: expected.warm });
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
    const [crmId] = opportunitiesOf(ref.id);
    expect(pc.emulator.getReferral(ref.id)?.externalReferenceId).toBe(crmId);
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
    const [crmId, ...more] = opportunitiesOf(ref.id);
    expect(more).toEqual([]);
    expect(pc.emulator.getReferral(ref.id)?.externalReferenceId).toBe(crmId);
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

  it('R2, design rule 5: a deal value changed in Partner Center updates only that field in the CRM, as the integration user', async () => {
    const { id, crmId } = await synced();
    const before = await crm.opportunity(crmId);
    const writes = crm.apiWrites();
    pc.emulator.updateReferral(id, { details: { dealValue: 40000 } });
    const settled = await webhook(id);
    expect(settled).toMatchObject({ outcome: 'done', skipped: undefined });
    // One write of one column (Amount, estimatedvalue): nothing else is sent.
    const written = crm.apiWriteLog().slice(writes);
    expect(written.map((w) => [w.kind, w.id, w.columns.length])).toEqual([['updated', crmId, 1]]);
    const after = await crm.opportunity(crmId);
    const stamps = ['amount', 'modifiedAt', 'etag', 'lastModifiedById'];
    const changed = Object.keys(after ?? {}).filter(
      (k) =>
        JSON.stringify(after?.[k as keyof typeof after]) !==
          JSON.stringify(before?.[k as keyof typeof before]) && !stamps.includes(k),
    );
    expect(changed).toEqual([]);
    expect(after?.amount).toBe(40000);
    expect(after?.lastModifiedById).toBe(crm.integrationUserId);
    const [entry] = await listAudit(testDb.db, { referralId: id });
    expect(entry).toMatchObject({ action: 'updated', fieldDiff: { dealValue: { from: 25000, to: 40000 } } });
  });

  it('design rule 4: re-running the job with nothing changed is an echo and writes nothing', async () => {
    const { id } = await synced();
    const pcBefore = pcCalls();
    const crmBefore = crmCalls();
    const settled = await webhook(id);
    expect(settled).toMatchObject({ outcome: 'done', skipped: 'ECHO' });
    expect(crmCalls()).toBe(crmBefore);
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
    const crmBefore = crm.opportunityIds().length;
    const settled = await webhook(ref.id, 'referral-created');
    expect(settled).toMatchObject({ outcome: 'failed', error: { code: 'VALIDATION_COUNTRY_INVALID' } });
    expect(crm.opportunityIds()).toHaveLength(crmBefore);
    expect(await getLinkByReferral(testDb.db, ref.id)).toBeUndefined();
    expect(pc.emulator.getReferral(ref.id)?.externalReferenceId ?? undefined).toBeUndefined();
    const run = await getRun(testDb.db, settled.runId ?? 0);
    expect(run).toMatchObject({ status: 'failed', error: { code: 'VALIDATION_COUNTRY_INVALID' } });
    const [entry] = await listAudit(testDb.db, { referralId: ref.id });
    expect(entry).toMatchObject({ action: 'failed', reasonCode: 'VALIDATION_COUNTRY_INVALID' });
  });

  it('R3: a CRM id from Partner Center that matches no CRM record is skipped with CRM_RECORD_MISSING and audited', async () => {
    const gone = await crm.createOpportunityAsPerson({
      name: 'Deleted deal',
      stageName: 'Prospecting',
      closeDate: '2027-01-31',
      syncWithPartnerCenter: true,
    });
    await crm.deleteOpportunity(gone);
    const ref = pc.emulator.createReferral(referralInput({ externalReferenceId: gone }));
    const crmBefore = crm.opportunityIds().length;
    const settled = await webhook(ref.id, 'referral-created');
    expect(settled).toMatchObject({ outcome: 'done', skipped: 'CRM_RECORD_MISSING' });
    expect(crm.opportunityIds()).toHaveLength(crmBefore);
    const [entry] = await listAudit(testDb.db, { referralId: ref.id });
    expect(entry).toMatchObject({ action: 'skipped', reasonCode: 'CRM_RECORD_MISSING', crmRecordId: gone });
  });

  it('R8: Partner Center closes the referral as won: the opportunity moves to the won stage', async () => {
    const { id, crmId } = await synced();
    pc.emulator.updateReferral(id, { status: 'Active', substatus: 'Accepted' });
    pc.emulator.updateReferral(id, { status: 'Closed', substatus: 'Won' });
    const settled = await webhook(id);
    expect(settled).toMatchObject({ outcome: 'done', skipped: undefined });
    expect(await crm.opportunity(crmId)).toMatchObject({
      stageName: 'Closed Won',
      stage: { isClosed: true, isWon: true },
    });
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
