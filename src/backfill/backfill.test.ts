// First sync end to end, against Salesforce and against Dynamics 365: existing records on both sides (see
// test/support/backfill-scenario.ts), `cosell plan` writing nothing, and `cosell backfill` doing record for
// record what the plan said, in the audit and the run history like any other sync.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { crmNames, startCrmRig, type CrmName, type CrmTestHandle } from '../../test/support/crm-rig.js';
import { useTestDb } from '../../test/support/db.js';
import { startPcFixture, type PcFixture } from '../../test/support/partner-center.js';
import { seedScenario, type Scenario } from '../../test/support/backfill-scenario.js';
import { isCosellError } from '../errors.js';
import type { PartnerCenterClient } from '../partner-center/client.js';
import { budgetUsage, openPartnerCenter } from '../partner-center/connection.js';
import { listConnections } from '../store/connections.js';
import { auditOfCorrelation } from '../store/audit.js';
import { isMicrosoftSide } from '../domain/referral.js';
import type { PcReferral } from '../partner-center/wire.js';
import { getLinkByReferral } from '../store/links.js';
import { allPlanItems, getPlan, type PlanItemRow } from '../store/plans.js';
import { listRuns } from '../store/runs.js';
import { PlanStatus } from '../store/schema.js';
import { applyPlan } from './apply.js';
import { computePlan, type PlanDeps } from './compute.js';
import { loadPlanFile, writePlanFile } from './plan-file.js';

const testDb = useTestDb();

describe.each(crmNames)('first sync (%s)', (name: CrmName) => {
  let pc: PcFixture;
  let crm: CrmTestHandle;
  let client: PartnerCenterClient;
  let pcCalls: { method: string; path: string }[];
  let scenario: Scenario;
  let dir: string | undefined;

  beforeEach(async () => {
    pc = await startPcFixture(testDb, { env: { COSELL_CRM: name } });
    await pc.connect();
    pcCalls = [];
    client = await openPartnerCenter({
      config: pc.config,
      db: testDb.db,
      logger: pc.logger,
      onCall: (call) => pcCalls.push({ method: call.method, path: call.path }),
    });
    crm = (await startCrmRig(testDb.db, name)).handle;
    scenario = await seedScenario(pc.emulator, crm);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cosell-plan-'));
  });
  afterEach(async () => {
    await crm.close();
    await pc.close();
    if (dir !== undefined) fs.rmSync(dir, { recursive: true, force: true });
  });

  const deps = (): PlanDeps => ({
    config: pc.config,
    db: testDb.db,
    partnerCenter: client,
    crm: crm.adapter,
  });
  const connector = () => ({
    config: pc.config,
    db: testDb.db,
    logger: pc.logger,
    partnerCenter: client,
    crm: crm.adapter,
  });
  const pcWrites = () => pcCalls.filter((c) => c.method !== 'GET').length;

  async function items(planId: string): Promise<PlanItemRow[]> {
    const out: PlanItemRow[] = [];
    for await (const page of allPlanItems(testDb.db, planId)) out.push(...page);
    return out;
  }

  /** The plan's action (and reason) for each seeded record, by the record's id. */
  function actionsByRecord(rows: readonly PlanItemRow[]) {
    const referrals = new Map<string, { action: string; reason?: string; crmId?: string }>();
    const opportunities = new Map<string, { action: string; reason?: string; referralId?: string }>();
    for (const row of rows) {
      const reason = typeof row.detail['reason'] === 'string' ? row.detail['reason'] : undefined;
      if (row.action === 'flag') {
        const flag = { action: 'flag', ...(reason !== undefined ? { reason } : {}) };
        for (const id of row.detail['heldReferralIds'] as string[]) referrals.set(id, flag);
        for (const id of row.detail['heldOpportunityIds'] as string[]) opportunities.set(id, flag);
        continue;
      }
      const entry = { action: row.action, ...(reason !== undefined ? { reason } : {}) };
      if (row.referralId !== null) {
        referrals.set(row.referralId, {
          ...entry,
          ...(row.crmRecordId !== null ? { crmId: row.crmRecordId } : {}),
        });
      }
      if (row.crmRecordId !== null) {
        opportunities.set(row.crmRecordId, {
          ...entry,
          ...(row.referralId !== null ? { referralId: row.referralId } : {}),
        });
      }
    }
    return { referrals, opportunities };
  }

  it('R8: cosell plan reads both sides and writes nothing to either; each record gets the expected action', async () => {
    const crmWritesBefore = crm.apiWrites();
    const pcBefore = JSON.stringify(pc.emulator.listReferrals());
    const { summary } = await computePlan(deps(), { acceptFuzzy: false });

    expect(pcWrites()).toBe(0);
    expect(crm.apiWrites()).toBe(crmWritesBefore);
    expect(JSON.stringify(pc.emulator.listReferrals())).toBe(pcBefore);

    const got = actionsByRecord(await items(summary.planId));
    for (const [id, expected] of scenario.expected.referrals)
      expect(got.referrals.get(id), id).toEqual(expected);
    for (const [id, expected] of scenario.expected.opportunities) {
      expect(got.opportunities.get(id), id).toEqual(expected);
    }
    expect(summary.actions).toMatchObject({
      link: 3,
      propose: 1,
      'create-in-crm': 2,
      'create-in-pc': 1,
      flag: 1,
    });
    expect(summary.changes).toBe(6);
    // The pair that differs: the CRM owns the deal value, so it goes to Partner Center.
    expect(summary.updates).toEqual({ pairs: 1, toCrmFields: 0, toPartnerCenterFields: 1, conflicts: 1 });
    expect(summary.cost.partnerCenter).toBeGreaterThan(0);
    expect(summary.read.calls.partnerCenter).toBeGreaterThan(0);
  });

  it('R8: cosell backfill does record for record what the plan said, audited, with no duplicate', async () => {
    const { summary } = await computePlan(deps(), { acceptFuzzy: false });
    const planned = actionsByRecord(await items(summary.planId));
    const opportunitiesBefore = crm.opportunityIds().length;

    const report = await applyPlan(connector(), summary.planId);
    expect(report.outcome).toBe('finished');
    expect((await getPlan(testDb.db, summary.planId))?.status).toBe(PlanStatus.finished);

    const ofPlan = await auditOfCorrelation(testDb.db, summary.planId);
    const byReferral = (id: string) => ofPlan.filter((a) => a.referralId === id);
    const byOpportunity = (id: string) => ofPlan.filter((a) => a.crmRecordId === id);

    for (const [referralId, plan] of planned.referrals) {
      const entries = byReferral(referralId);
      const link = await getLinkByReferral(testDb.db, referralId);
      switch (plan.action) {
        case 'link':
          expect(link?.crmRecordId).toBe(plan.crmId);
          expect(
            entries.some((e) => e.action === 'updated' && JSON.stringify(e.fieldDiff).includes('linked')),
          ).toBe(true);
          expect(pc.emulator.getReferral(referralId)?.externalReferenceId).toBe(plan.crmId);
          expect(crm.opportunityIdsOfReferral(referralId)).toEqual([plan.crmId]);
          break;
        case 'create-in-crm':
          expect(entries.map((e) => e.action)).toContain('created');
          expect(crm.opportunityIdsOfReferral(referralId)).toEqual([link?.crmRecordId]);
          expect(pc.emulator.getReferral(referralId)?.externalReferenceId).toBe(link?.crmRecordId);
          break;
        default:
          // Left alone: no link, no opportunity, and the audit says why.
          expect(link).toBeUndefined();
          expect(crm.opportunityIdsOfReferral(referralId)).toEqual([]);
          expect(entries.map((e) => e.reasonCode)).toContain(plan.reason ?? 'MATCH_UNCONFIRMED');
      }
    }
    const shared = [...planned.opportunities]
      .filter(([, p]) => p.action === 'create-in-pc')
      .map(([id]) => id);
    for (const id of shared) {
      const created = pc.emulator
        .listReferrals()
        .filter((r) => r.externalReferenceId === id && !isMicrosoftSide(r as unknown as PcReferral));
      expect(created).toHaveLength(1);
    }
    for (const [id, plan] of planned.opportunities) {
      if (plan.action === 'skip' || plan.action === 'flag') {
        expect(byOpportunity(id).map((e) => e.reasonCode)).toContain(plan.reason);
      }
    }
    // Creates only where the plan said so: two referrals became opportunities, nothing else was added.
    expect(crm.opportunityIds().length).toBe(opportunitiesBefore + 2);
    // The pair that differed got the CRM's deal value in Partner Center (the follow-up sync).
    const charlie = pc.emulator.getReferral(scenario.ids.linkedWithDiff.referral);
    expect(charlie?.details?.dealValue).toBe(31000);

    const runs = await listRuns(testDb.db, { limit: 100 });
    // One run per page and phase, plus the follow-up syncs' own runs; all started by the backfill.
    expect(
      runs.filter((r) => r.trigger === 'backfill' && r.correlationId === summary.planId).length,
    ).toBeGreaterThanOrEqual(4);

    // Planned again: nothing left to change (only what still waits for a person).
    const again = await computePlan(deps(), { acceptFuzzy: false });
    expect(again.summary.changes).toBe(0);
    expect(again.summary.actions).toMatchObject({
      link: 0,
      'create-in-crm': 0,
      'create-in-pc': 0,
      propose: 1,
      flag: 1,
    });
  });

  it('R8: a proposed pair is linked only once accepted in the plan file; an edited file is refused', async () => {
    const { summary } = await computePlan(deps(), { acceptFuzzy: false });
    const plan = await getPlan(testDb.db, summary.planId);
    if (plan === undefined) throw new Error('no plan');
    if (dir === undefined) throw new Error('no directory');
    const file = path.join(dir, 'plan.json');
    await writePlanFile(testDb.db, plan, file);

    const doc = JSON.parse(fs.readFileSync(file, 'utf8')) as { items: Record<string, unknown>[] };
    const tampered = structuredClone(doc);
    const create = tampered.items.find((i) => i['action'] === 'create-in-crm');
    if (create === undefined) throw new Error('no create');
    create['action'] = 'skip';
    const tamperedFile = path.join(dir, 'tampered.json');
    fs.writeFileSync(tamperedFile, JSON.stringify(tampered));
    const refused = await loadPlanFile(testDb.db, tamperedFile, new Date()).catch((e: unknown) => e);
    expect(isCosellError(refused) && refused.code).toBe('PLAN_INVALID');

    const proposal = doc.items.find((i) => i['action'] === 'propose');
    if (proposal === undefined) throw new Error('no proposal');
    proposal['accept'] = true;
    fs.writeFileSync(file, JSON.stringify(doc));
    const planId = await loadPlanFile(testDb.db, file, new Date());
    expect(planId).toBe(summary.planId);
    await applyPlan(connector(), planId);

    const { referral, opportunity } = scenario.ids.fuzzy;
    expect((await getLinkByReferral(testDb.db, referral))?.crmRecordId).toBe(opportunity);
    expect(pc.emulator.getReferral(referral)?.externalReferenceId).toBe(opportunity);
  });

  it("P1: at Partner Center's daily cap the backfill stops, says when it can go on, and resumes from there", async () => {
    const { summary } = await computePlan(deps(), { acceptFuzzy: false });
    const account =
      (await listConnections(testDb.db)).find((c) => c.system === 'partner-center')?.accountId ?? '';
    const { used } = await budgetUsage(testDb.db, account);
    // Room for one more call today: the first write-back fits, the next one meets the cap.
    const capped = await openPartnerCenter({
      config: { ...pc.config, partnerCenter: { ...pc.config.partnerCenter, dailyCap: used + 1 } },
      db: testDb.db,
      logger: pc.logger,
    });
    const halted = await applyPlan({ ...connector(), partnerCenter: capped }, summary.planId);
    expect(halted.outcome).toBe('halted');
    expect(halted.halt).toMatchObject({ kind: 'limit', code: 'PC_BUDGET_EXHAUSTED' });
    const midnight = new Date();
    midnight.setUTCHours(24, 0, 0, 0);
    expect(halted.halt?.kind === 'limit' ? halted.halt.until?.getTime() : 0).toBeGreaterThan(
      midnight.getTime() - 5_000,
    );
    expect(halted.items.some((i) => i.status === 'deferred' && i.n > 0)).toBe(true);
    const deferredRuns = (await listRuns(testDb.db, { limit: 100 })).filter(
      (r) => r.correlationId === summary.planId && r.status === 'deferred',
    );
    expect(deferredRuns.length).toBeGreaterThan(0);

    // The next day (here: the cap lifted), the same command goes on where it stopped.
    const resumed = await applyPlan(connector(), summary.planId);
    expect(resumed.outcome).toBe('finished');
    for (const id of scenario.ids.pcOnly) {
      expect(crm.opportunityIdsOfReferral(id)).toHaveLength(1);
      expect(pc.emulator.getReferral(id)?.externalReferenceId).toBe(crm.opportunityIdsOfReferral(id)[0]);
    }
  });
});
