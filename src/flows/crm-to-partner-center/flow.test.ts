// "CRM to Partner Center" end to end: opportunities edited in the CRM's emulator as a sales person, the
// connector's change feed, jobs on the engine, referrals in the Partner Center emulator, all over real HTTP
// on this file's database. Every case runs against Salesforce and against Dynamics 365.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { useTestDb } from '../../../test/support/db.js';
import { crmNames, type CrmName } from '../../../test/support/crm-rig.js';
import { referralInput, startSyncRig, type SyncRig } from '../../../test/support/sync-rig.js';
import { enqueueJobs } from '../../engine/enqueue.js';
import { listAudit } from '../../store/audit.js';
import { getRun } from '../../store/runs.js';
import { getCursor, setCursor } from '../../store/cursors.js';
import { deleteLink, getLinkByCrmRecord, getLinkByReferral } from '../../store/links.js';
import { referralLane, referralSyncKind } from '../partner-center-to-crm/job.js';
import { createIntentName } from './create.js';
import { opportunityLane, opportunitySyncKind } from './job.js';

const testDb = useTestDb();
let rig: SyncRig;

/** A fresh rig on `crm` before each case of the suite that calls it. */
function useRig(crm: CrmName) {
  beforeEach(async () => {
    rig = await startSyncRig(testDb, { crm });
  });
  afterEach(async () => {
    await rig.close();
  });
}

const pcWrites = () => rig.pcWrites();

/** CRM requests of a change-feed poll that finds only the connector's own write (see the echo case). */
const feedReadsAfterOwnWrite: Record<CrmName, number> = { salesforce: 2, dynamics: 7 };

/** An opportunity entered by a sales person: account (with country), a contact, a solution. */
async function newOpportunity(
  options: {
    country?: string;
    solution?: string | null;
    help?: string;
    stage?: string;
    contact?: boolean;
  } = {},
): Promise<string> {
  const h = rig.crm;
  const tag = Math.random().toString(36).slice(2, 8);
  const accountId = await h.createAccountAsPerson({
    name: `Fabrikam ${tag}`,
    country: options.country ?? 'NL',
    postalCode: '1017 AB',
    city: 'Amsterdam',
  });
  const crmId = await h.createOpportunityAsPerson({
    name: `Fabrikam data platform ${tag}`,
    accountId,
    stageName: options.stage ?? 'Prospecting',
    closeDate: '2027-06-30',
    amount: 48000,
    currency: 'EUR',
    description: 'Needs a landing zone',
    syncWithPartnerCenter: true,
    ...(options.help ? { helpRequested: options.help } : {}),
  });
  if (options.contact !== false) {
    await h.addContactAsPerson(crmId, accountId, {
      firstName: 'Noor',
      lastName: 'de Vries',
      email: `noor.${tag}@fabrikam.example`,
      phone: '+31 20 555 0100',
    });
  }
  if (options.solution !== null) {
    await h.addSolutionAsPerson(crmId, { id: options.solution ?? 'SOL-FABRIKAM-1', name: 'Fabrikam Cloud' });
  }
  return crmId;
}

const outboundJob = (crmId: string) => (job: { kind: string; payload: unknown }) =>
  job.kind === opportunitySyncKind && (job.payload as { crmRecordId?: string }).crmRecordId === crmId;

async function pollAndSettle(crmId: string) {
  const settled = rig.settled(outboundJob(crmId));
  await rig.pollCrm();
  return settled;
}

/** The opportunity as the CRM holds it now. */
function opportunity(id: string) {
  return rig.crm.opportunity(id);
}

/** Until every webhook is answered and every job it queued has run (the worker is idle). */
async function quiet() {
  await rig.pc.emulator.waitForDeliveriesIdle();
  rig.connector.inboxChanged();
  await rig.connector.passesSettled();
  await rig.connector.worker.runUntilIdle();
}

/**
 * An opportunity shared with Partner Center by the flow; returns both ids. The new referral's webhook brings
 * it back through the inbound flow as an echo: that has run too, so it races nothing the test does next.
 */
async function shared(options: Parameters<typeof newOpportunity>[0] = {}) {
  const crmId = await newOpportunity(options);
  const settled = await pollAndSettle(crmId);
  expect(settled).toMatchObject({ outcome: 'done', skipped: undefined });
  await quiet();
  const link = await getLinkByCrmRecord(testDb.db, rig.crm.system, crmId);
  return { crmId, referralId: link?.referralId ?? '' };
}

describe.each(crmNames)('CRM to Partner Center (opportunity.sync, %s)', (crm) => {
  useRig(crm);

  it('R3, R8: an opportunity with Sync on becomes one Shared co-sell referral targeting its solution; the referral id goes back to the opportunity', async () => {
    const crmId = await newOpportunity();
    const before = rig.pcCalls.length;
    const settled = await pollAndSettle(crmId);
    expect(settled).toMatchObject({ outcome: 'done', skipped: undefined });

    const created = rig.pc.emulator.listReferrals().filter((r) => r.externalReferenceId === crmId);
    expect(created).toHaveLength(1);
    const ref = created[0];
    expect(ref).toMatchObject({
      type: 'Shared',
      target: [{ type: 'SolutionProfile', id: 'SOL-FABRIKAM-1' }],
      customerProfile: { address: { country: 'NL', postalCode: '1017 AB' } },
      details: { dealValue: 48000, currency: 'EUR', closingDateTime: '2027-06-30T00:00:00Z' },
    });
    // One POST; no Microsoft referral was asked for. (The webhook of that POST may come back meanwhile:
    // its inbound job reads the referral once and finds an echo.)
    expect(rig.pcCalls.slice(before).filter((c) => c.method !== 'GET')).toHaveLength(1);
    const run = await getRun(testDb.db, settled.runId ?? 0);
    expect(run?.callsBySystem?.['partner-center']).toBe(1);

    const record = await opportunity(crmId);
    expect(record?.referralId).toBe(ref?.id);
    expect(record?.name).toMatch(/^✔ Fabrikam data platform/);
    expect(record?.auditText).toContain(ref?.id);
    // The outbound decision (the inbound flow may also have seen the new referral come back, as an echo).
    const audit = await listAudit(testDb.db, { crmRecordId: crmId });
    // (The inbound flow may have audited the echo of our own create, in the other direction.)
    expect(audit.filter((a) => a.direction === 'crm-to-pc').map((a) => a.action)).toEqual(['created']);
  });

  it('R2: when Microsoft’s help is asked, a second referral in the same engagement invites Microsoft with the assistance code', async () => {
    const { crmId, referralId } = await shared({ help: 'ProofOfConceptOrDemo' });
    const own = rig.pc.emulator.getReferral(referralId);
    const engagement = rig.pc.emulator.listReferrals().filter((r) => r.engagementId === own?.engagementId);
    expect(engagement).toHaveLength(2);
    const microsoft = engagement.find((r) => r.id !== referralId);
    expect(microsoft).toMatchObject({
      target: [{ type: 'BusinessProfileLocation', id: 'msft' }],
      inviteContext: { assistanceRequestCode: 'ProofOfConceptOrDemo' },
    });
    // Its webhook reaches the inbound flow, which recognises it and creates no opportunity.
    expect(rig.crm.opportunityIdsOfReferral(microsoft?.id ?? '')).toEqual([]);
    expect(crmId).toBeTruthy();
  });

  it('R7: an opportunity without a Microsoft solution fails with VALIDATION_SOLUTION_MISSING, shown on the record with ✖ and in the audit; nothing is sent', async () => {
    const crmId = await newOpportunity({ solution: null });
    const writes = pcWrites();
    const settled = await pollAndSettle(crmId);
    expect(settled).toMatchObject({ outcome: 'failed', error: { code: 'VALIDATION_SOLUTION_MISSING' } });
    expect(pcWrites()).toBe(writes);
    const record = await opportunity(crmId);
    expect(record?.name).toMatch(/^✖ /);
    expect(String(record?.auditText)).toMatch(/solution/i);
    const audit = await listAudit(testDb.db, { crmRecordId: crmId });
    expect(audit).toEqual([
      expect.objectContaining({ action: 'failed', reasonCode: 'VALIDATION_SOLUTION_MISSING' }),
    ]);
  });

  it('R2, design rule 4: our own ✖ and Audit text coming back through the change feed are not audited twice; a person’s next save is', async () => {
    const crmId = await newOpportunity({ solution: null });
    expect(await pollAndSettle(crmId)).toMatchObject({ outcome: 'failed' });
    const crmWrites = rig.crm.apiWrites();
    // The feed returns the opportunity with our ✖ and Audit text on it: nothing new to say.
    expect(await pollAndSettle(crmId)).toMatchObject({ outcome: 'done', skipped: 'ECHO' });
    expect(rig.crm.apiWrites()).toBe(crmWrites);
    expect(await listAudit(testDb.db, { crmRecordId: crmId })).toHaveLength(1);
    // A sales person saves it again, still without a solution: checked and audited again.
    await rig.crm.editAsPerson(crmId, { description: 'Still looking for the right solution' });
    expect(await pollAndSettle(crmId)).toMatchObject({
      outcome: 'failed',
      error: { code: 'VALIDATION_SOLUTION_MISSING' },
    });
    const audit = await listAudit(testDb.db, { crmRecordId: crmId });
    expect(audit.map((a) => [a.action, a.reasonCode])).toEqual([
      ['failed', 'VALIDATION_SOLUTION_MISSING'],
      ['failed', 'VALIDATION_SOLUTION_MISSING'],
    ]);
  });

  it('R6: an account country of "Netherlands" fails with VALIDATION_COUNTRY_INVALID and the Audit field suggests NL', async () => {
    const crmId = await newOpportunity({ country: 'Netherlands' });
    const settled = await pollAndSettle(crmId);
    expect(settled).toMatchObject({ outcome: 'failed', error: { code: 'VALIDATION_COUNTRY_INVALID' } });
    expect(String((await opportunity(crmId))?.auditText)).toContain('NL');
    expect(rig.pc.emulator.listReferrals().filter((r) => r.externalReferenceId === crmId)).toEqual([]);
  });

  it('R3: an opportunity with Sync off is never sent', async () => {
    const crmId = await newOpportunity();
    await rig.crm.editAsPerson(crmId, { syncWithPartnerCenter: false });
    const writes = pcWrites();
    await rig.pollCrm();
    await rig.connector.worker.runUntilIdle();
    expect(pcWrites()).toBe(writes);
    expect(rig.pc.emulator.listReferrals().filter((r) => r.externalReferenceId === crmId)).toEqual([]);
  });

  it('R3: moving a linked opportunity to the active stage accepts its referral; a deal value edit is one JSON Patch with If-Match', async () => {
    const ref = rig.pc.emulator.createReferral(referralInput({ direction: 'Incoming' }));
    const inbound = rig.settled((job) => job.laneKey === referralLane(ref.id));
    await rig.reconcile();
    expect(await inbound).toMatchObject({ outcome: 'done', skipped: undefined });
    const crmId = (await getLinkByReferral(testDb.db, ref.id))?.crmRecordId ?? '';
    expect((await opportunity(crmId))?.stageName).toBe('On Hold');

    await rig.crm.editAsPerson(crmId, { stageName: 'Qualification', amount: 30000 });
    const writes = pcWrites();
    const settled = await pollAndSettle(crmId);
    expect(settled).toMatchObject({ outcome: 'done', skipped: undefined });
    expect(pcWrites() - writes).toBe(1);
    expect(rig.pc.emulator.getReferral(ref.id)).toMatchObject({
      status: 'Active',
      substatus: 'Accepted',
      details: { dealValue: 30000 },
    });
    const audit = await listAudit(testDb.db, { referralId: ref.id });
    expect(audit[0]).toMatchObject({ direction: 'crm-to-pc', action: 'updated' });
  });

  it('R3: closing the opportunity as won or lost in the CRM closes the referral as Won or Lost', async () => {
    for (const [stage, substatus] of [
      ['Closed Won', 'Won'],
      ['Closed Lost', 'Lost'],
    ] as const) {
      const { crmId, referralId } = await shared({ stage: 'Qualification' });
      await rig.crm.advanceClock(1_000);
      await rig.crm.editAsPerson(crmId, { stageName: stage });
      expect(await pollAndSettle(crmId)).toMatchObject({ outcome: 'done', skipped: undefined });
      expect(rig.pc.emulator.getReferral(referralId)).toMatchObject({ status: 'Closed', substatus });
    }
  });

  it('R8: a referral won in Partner Center is never reopened or overwritten by a CRM edit; the audit says why', async () => {
    const { crmId, referralId } = await shared({ stage: 'Qualification' });
    // The webhook of our own create may still arrive (an echo); the one that matters is the Won change.
    const inbound = rig.settledBeyondEcho(
      (job) => job.laneKey === referralLane(referralId) && job.kind === 'referral.sync',
    );
    rig.pc.emulator.updateReferral(referralId, { status: 'Closed', substatus: 'Won' });
    expect(await inbound).toMatchObject({ outcome: 'done', skipped: undefined });
    expect((await opportunity(crmId))?.stageName).toBe('Closed Won');
    await rig.crm.editAsPerson(crmId, { amount: 99000 });
    const writesBefore = pcWrites();
    const settled = await pollAndSettle(crmId);
    expect(settled).toMatchObject({ outcome: 'done', skipped: 'REFERRAL_CLOSED' });
    expect(pcWrites()).toBe(writesBefore);
    expect(rig.pc.emulator.getReferral(referralId)).toMatchObject({ status: 'Closed', substatus: 'Won' });
    const audit = await listAudit(testDb.db, { crmRecordId: crmId });
    expect(audit[0]).toMatchObject({ action: 'skipped', reasonCode: 'REFERRAL_CLOSED' });
  });

  it('design rule 4: our own writes coming back through the change feed cost no job and no write', async () => {
    const { crmId } = await shared();
    const writes = pcWrites();
    const crmCalls = rig.crm.apiCalls();
    const crmWrites = rig.crm.apiWrites();
    // The feed now returns the opportunity with our Referral Identifier and Audit text on it.
    const claimed: string[] = [];
    // Only outbound jobs count: the webhook of our own create may still bring its (echo) inbound job.
    const onClaim = (job: { kind: string }) => {
      if (job.kind === opportunitySyncKind) claimed.push(job.kind);
    };
    rig.connector.worker.on('job:claimed', onClaim);
    await rig.pollCrm();
    rig.connector.worker.off('job:claimed', onClaim);
    expect(claimed).toEqual([]);
    expect(pcWrites()).toBe(writes);
    expect(rig.crm.apiWrites()).toBe(crmWrites);
    // The feed's reads only. Salesforce: the changed opportunities with their solutions, two calls.
    // Dynamics 365: the tracked page (a $batch of two queries: three counted requests), the solutions of the
    // changed row, and the empty page that says the feed is drained (three more).
    expect(rig.crm.apiCalls() - crmCalls).toBe(feedReadsAfterOwnWrite[crm]);
    expect(crmId).toBeTruthy();
  });

  it('design rule 6: five edits inside the coalescing window cost one PATCH', async () => {
    await rig.close();
    rig = await startSyncRig(testDb, { env: { COSELL_COALESCE_MS: '4000' }, crm });
    const { crmId, referralId } = await shared({ stage: 'Qualification' });
    const writes = pcWrites();
    const settled = rig.settled(outboundJob(crmId));
    for (let i = 1; i <= 5; i++) {
      await rig.crm.editAsPerson(crmId, { amount: 50000 + i });
      await rig.pollCrm();
    }
    expect(await settled).toMatchObject({ outcome: 'done', skipped: undefined });
    expect(pcWrites() - writes).toBe(1);
    expect(rig.pc.emulator.getReferral(referralId)?.details?.dealValue).toBe(50005);
  });

  it('a 412 on the PATCH re-reads the referral, merges again and writes once more', async () => {
    const { crmId, referralId } = await shared({ stage: 'Qualification' });
    await rig.crm.editAsPerson(crmId, { amount: 61000 });
    // Partner Center changes the referral after our read: the eTag we send no longer matches.
    rig.beforeNextPatch(() =>
      rig.pc.emulator.updateReferral(referralId, { details: { notes: 'changed by Microsoft' } }),
    );
    const settled = await pollAndSettle(crmId);
    expect(settled).toMatchObject({ outcome: 'done', skipped: undefined });
    expect(rig.pc.emulator.getReferral(referralId)).toMatchObject({
      details: { dealValue: 61000, notes: 'changed by Microsoft' },
    });
  });

  it('Microsoft solutions to Partner Center: a solution added to a shared opportunity is sent as one JSON Patch of the referral’s solutions', async () => {
    const { crmId, referralId } = await shared({ stage: 'Qualification' });
    await rig.crm.advanceClock(1_000);
    await rig.crm.addSolutionAsPerson(crmId, { id: 'SOL-FABRIKAM-2', name: 'Fabrikam AI' });
    const writes = pcWrites();
    expect(await pollAndSettle(crmId)).toMatchObject({ outcome: 'done', skipped: undefined });
    expect(pcWrites() - writes).toBe(1);
    const solutions = rig.pc.emulator.getReferral(referralId)?.details?.requirements?.solutions ?? [];
    expect(solutions.map((x) => x.id).sort()).toEqual(['SOL-FABRIKAM-1', 'SOL-FABRIKAM-2']);
  });
});

// A crash can cut "Create co-sell referral" short after any of its writes; the job runs again (its lease
// expires) and must finish the create without a second referral. Each test leaves the store and both systems
// as such a crash would, then lets the job run again.
describe.each(crmNames)('CRM to Partner Center: a create cut short (design rule 2, R8; %s)', (crm) => {
  useRig(crm);
  const help = 'ProofOfConceptOrDemo';
  const partnerSide = (crmId: string) =>
    rig.pc.emulator
      .listReferrals()
      .filter((r) => r.externalReferenceId === crmId && !(r.target ?? []).some((t) => t.id === 'msft'));
  const microsoftSide = (crmId: string) =>
    rig.pc.emulator
      .listReferrals()
      .filter((r) => r.externalReferenceId === crmId && (r.target ?? []).some((t) => t.id === 'msft'));
  const setIntent = async (crmId: string, side: 'own' | 'microsoft') => {
    const at = new Date(Date.now() - 1_000);
    await setCursor(testDb.db, createIntentName(rig.crm.system, crmId, side), at.toISOString(), at);
  };
  /** The interrupted job itself, queued again as its expired lease would make it. */
  const rerun = async (crmId: string) => {
    const settled = rig.settled(outboundJob(crmId));
    await enqueueJobs(
      testDb.db,
      [
        {
          kind: opportunitySyncKind,
          laneKey: opportunityLane(rig.crm.system, crmId),
          payload: { crmRecordId: crmId },
        },
      ],
      { now: new Date(), wake: rig.connector.wake },
    );
    return settled;
  };
  const intentsLeft = async (crmId: string) =>
    [
      await getCursor(testDb.db, createIntentName(rig.crm.system, crmId, 'own')),
      await getCursor(testDb.db, createIntentName(rig.crm.system, crmId, 'microsoft')),
    ].filter((v) => v !== undefined);

  it('cut after Microsoft’s invitation: the rerun finds both referrals, links the partner’s, and sends neither again', async () => {
    const { crmId, referralId } = await shared({ help });
    // Both POSTs were made; the link, the Referral Identifier and the intents' clean-up were not.
    const link = await getLinkByCrmRecord(testDb.db, rig.crm.system, crmId);
    expect(link).toBeDefined();
    await deleteLink(testDb.db, link?.id ?? 0);
    await setIntent(crmId, 'own');
    await setIntent(crmId, 'microsoft');
    await rig.crm.editAsPerson(crmId, { referralId: undefined, auditText: undefined });
    const writes = pcWrites();
    expect(await rerun(crmId)).toMatchObject({ outcome: 'done', skipped: undefined });

    expect(pcWrites()).toBe(writes);
    expect(partnerSide(crmId).map((r) => r.id)).toEqual([referralId]);
    expect(microsoftSide(crmId)).toHaveLength(1);
    expect((await getLinkByCrmRecord(testDb.db, rig.crm.system, crmId))?.referralId).toBe(referralId);
    expect((await opportunity(crmId))?.referralId).toBe(referralId);
    expect(await intentsLeft(crmId)).toEqual([]);
  });

  it('cut before Microsoft’s invitation, with the referral adopted by the inbound flow meanwhile: the rerun still invites Microsoft, once', async () => {
    const crmId = await newOpportunity({ help });
    // The first attempt stored its intent and created the partner's referral; its webhook reaches the inbound
    // flow, which finds the opportunity named in it and links the two (before the outbound job runs again).
    await setIntent(crmId, 'own');
    const adopted = rig.settled((job) => job.kind === referralSyncKind);
    const own = rig.pc.emulator.createReferral(
      referralInput({
        name: 'Fabrikam data platform',
        externalReferenceId: crmId,
        type: 'Shared',
        target: [{ type: 'SolutionProfile', id: 'SOL-FABRIKAM-1' }],
      }),
    );
    expect(await adopted).toMatchObject({ outcome: 'done', skipped: undefined });
    expect((await getLinkByCrmRecord(testDb.db, rig.crm.system, crmId))?.referralId).toBe(own.id);

    expect(await rerun(crmId)).toMatchObject({ outcome: 'done', skipped: undefined });
    const microsoft = microsoftSide(crmId);
    expect(microsoft).toHaveLength(1);
    expect(microsoft[0]).toMatchObject({
      engagementId: own.engagementId,
      inviteContext: { assistanceRequestCode: help },
    });
    expect(partnerSide(crmId).map((r) => r.id)).toEqual([own.id]);
    expect((await opportunity(crmId))?.referralId).toBe(own.id);
    expect(await intentsLeft(crmId)).toEqual([]);
  });

  it('cut after the link, before the Referral Identifier: the rerun writes it and the outcome, and sends nothing', async () => {
    const { crmId, referralId } = await shared();
    await setIntent(crmId, 'own');
    const name = String((await opportunity(crmId))?.name);
    await rig.crm.editAsPerson(crmId, {
      referralId: undefined,
      auditText: undefined,
      name: name.replace(/^✔ /, ''),
    });
    const writes = pcWrites();
    expect(await rerun(crmId)).toMatchObject({ outcome: 'done', skipped: undefined });

    expect(pcWrites()).toBe(writes);
    expect(partnerSide(crmId).map((r) => r.id)).toEqual([referralId]);
    const record = await opportunity(crmId);
    expect(record?.referralId).toBe(referralId);
    expect(record?.name).toMatch(/^✔ /);
    expect(await intentsLeft(crmId)).toEqual([]);
  });
});
