// A first sync cut short, twice, with SIGKILL (R8, design rules 1 and 2): `cosell backfill --yes` runs as a
// child process against the emulators, is killed while it writes, and is run again; each run resumes the
// plan where the last one stopped. The end state is the one an uninterrupted backfill reaches (the scenario
// suite in src/backfill/backfill.test.ts): every referral with exactly one opportunity carrying its id and
// its id written back, every opportunity shared exactly once, and exactly one "created" audit entry per
// record, however the kills fell. For each CRM. BACKFILL_REFERRALS / BACKFILL_OPPORTUNITIES size the run.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { startCli } from '../support/cli.js';
import { countFromEnv } from '../support/engine.js';
import { crmNames, type CrmName } from '../support/crm-rig.js';
import {
  checkSync,
  createOpportunity,
  createReferral,
  emptyCreated,
  freePort,
  killHard,
  startWorld,
  type Created,
  type World,
} from '../support/connector-process.js';
import { audit, AuditAction, planItems, plans, PlanItemStatus, PlanStatus } from '../../src/store/schema.js';

const referralCount = countFromEnv('BACKFILL_REFERRALS', 600);
const opportunityCount = countFromEnv('BACKFILL_OPPORTUNITIES', 10);

describe.each(crmNames)('backfill killed twice and resumed (%s)', (crmName: CrmName) => {
  let world: World;
  let created: Created;
  let env: Record<string, string>;

  beforeAll(async () => {
    world = await startWorld({ crm: crmName });
    created = emptyCreated();
    for (let i = 0; i < referralCount; i++) createReferral(world, created, `bf-${i}`);
    for (let i = 0; i < opportunityCount; i++) createOpportunity(world, created, `bf-opp-${i}`, false);
    // A short lease: jobs a killed process held are free again soon on PostgreSQL (PGlite frees them at once).
    env = world.env(await freePort(), { COSELL_LEASE_MS: '2000', COSELL_LOG_LEVEL: 'error' });
  }, 180_000);

  afterAll(async () => {
    await world.close();
  });

  it('R8: cosell plan as a person runs it: exit code 2 (work to do), the summary in Dutch, the plan file', async () => {
    const file = path.join(os.tmpdir(), `cosell-plan-${crmName}-${process.pid}.json`);
    try {
      const plan = await startCli(['plan', '--out', file, '--lang', 'nl-NL'], env).done;
      expect(plan.code, plan.stdout + plan.stderr).toBe(2);
      expect(plan.stdout).toContain('er is niets geschreven');
      expect(plan.stdout).toMatch(new RegExp(`Aanmaken in het CRM\\s+${referralCount}`));
      const doc = JSON.parse(fs.readFileSync(file, 'utf8')) as {
        items: unknown[];
        summary: { changes: number };
      };
      expect(doc.summary.changes).toBe(referralCount + opportunityCount);
      // Nothing was written to either side: no referral carries a CRM id yet.
      expect(world.pc.listReferrals().filter((r) => r.externalReferenceId != null)).toEqual([]);
    } finally {
      fs.rmSync(file, { force: true });
    }
  }, 180_000);

  it('R8: killed with SIGKILL twice while writing, then resumed: every record once, nothing duplicated', async () => {
    const outputs: string[] = [];
    for (let kill = 0; kill < 2; kill++) {
      const running = startCli(['backfill', '--yes'], env);
      // Past the first pages (a progress line showing records done), then killed without warning.
      await running.waitForOutput(/\] [1-9]\d*\/\d+/, 180_000);
      const result = await killHard(running);
      outputs.push(result.stdout + result.stderr);
    }
    const last = await startCli(['backfill', '--yes'], env).done;
    expect(last.code, last.stdout + last.stderr).toBe(0);
    expect(last.stdout).toContain('Resuming plan');

    const check = checkSync(world, created);
    expect(check.wrong).toEqual([]);
    expect(check.pending).toEqual([]);

    const db = await world.open();
    try {
      // The plan `cosell plan` made first gave way to the one the backfill computed and applied.
      const applied = (await db.orm.select().from(plans)).filter((p) => p.status !== PlanStatus.superseded);
      expect(applied.map((p) => p.status)).toEqual([PlanStatus.finished]);
      const plan = applied[0];
      const unfinished = (
        await db.orm
          .select()
          .from(planItems)
          .where(eq(planItems.planId, plan?.id ?? ''))
      ).filter((i) => i.status !== PlanItemStatus.done);
      expect(unfinished).toEqual([]);
      // A page cut short wrote nothing of its run: each referral's create is audited exactly once.
      const createdEntries = await db.orm
        .select({ referralId: audit.referralId })
        .from(audit)
        .where(and(eq(audit.correlationId, plan?.id ?? ''), eq(audit.action, AuditAction.created)));
      const perReferral = new Map<string, number>();
      for (const e of createdEntries) {
        if (e.referralId !== null) perReferral.set(e.referralId, (perReferral.get(e.referralId) ?? 0) + 1);
      }
      for (const id of created.referralIds) expect(perReferral.get(id), id).toBe(1);
    } finally {
      await db.close();
    }
  }, 900_000);
});
