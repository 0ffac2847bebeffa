// Scale-out on PostgreSQL (design "Storage", rule 3): two `cosell start` processes share one database, one of
// them registered as Partner Center's webhook receiver, both running workers, reconciliation and the change
// feed. No job of a lane runs in both at once, every record lands once, and when one process is killed with
// SIGKILL in the middle of its jobs, the other takes them over once their lease (COSELL_LEASE_MS) expires.
// The embedded store is one process by design: skipped there.
import { asc, eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/store/db.js';
import { inbox, InboxStatus, jobs, JobStatus, runs } from '../../src/store/schema.js';
import type { RunningCli } from '../support/cli.js';
import {
  checkSync,
  createOpportunity,
  createReferral,
  emptyCreated,
  freePort,
  killHard,
  pollUntil,
  startConnectorProcess,
  startWorld,
  type World,
} from '../support/connector-process.js';
import { testDbKind } from '../support/db.js';

const onPostgres = testDbKind() === 'postgres';
const referralCount = 60;
const opportunityCount = 12;
const leaseMs = 6_000;

let world: World;
let db: Db;
const children: RunningCli[] = [];

beforeAll(async () => {
  if (!onPostgres) return;
  world = await startWorld();
  db = await world.open();
});
afterAll(async () => {
  for (const child of children) child.child.kill('SIGKILL');
  await Promise.all(children.map((c) => c.done));
  await db?.close();
  await world?.close();
});

/** Jobs running now, by the process (pid) whose worker holds them; worker ids are host:pid:random. */
async function runningByProcess(): Promise<Map<number, number[]>> {
  const rows = await db.orm
    .select({ id: jobs.id, lockedBy: jobs.lockedBy })
    .from(jobs)
    .where(eq(jobs.status, JobStatus.running));
  const out = new Map<number, number[]>();
  for (const row of rows) {
    const pid = Number(row.lockedBy?.split(':').at(-2));
    out.set(pid, [...(out.get(pid) ?? []), row.id]);
  }
  return out;
}

describe.skipIf(!onPostgres)('two connector processes on one PostgreSQL database', () => {
  it(`design rule 3: two cosell start processes share ${referralCount} referrals and ${opportunityCount} opportunities, never run a lane twice at once, and one killed with SIGKILL has its jobs taken over after the lease`, async () => {
    const [portA, portB] = [await freePort(), await freePort()];
    const extra = { COSELL_LEASE_MS: String(leaseMs) };
    const a = await startConnectorProcess(world.env(portA, extra), { registerWebhooks: true });
    children.push(a);
    const b = await startConnectorProcess(world.env(portB, extra));
    children.push(b);
    const [pidA, pidB] = [a.child.pid ?? 0, b.child.pid ?? 0];

    // Slow Salesforce calls keep jobs in flight long enough to be seen, and to be killed, while they run.
    world.crm.setLatency(150);
    const created = emptyCreated();
    for (let i = 0; i < referralCount; i++) createReferral(world, created, `two-r${i}`);
    for (let i = 0; i < opportunityCount; i++) createOpportunity(world, created, `two-o${i}`, i % 3 === 0);

    // Both processes take work from the one queue; B is killed while it holds jobs.
    const seen = new Set<number>();
    await pollUntil(
      'both processes to run jobs',
      async () => {
        const running = await runningByProcess();
        for (const pid of running.keys()) seen.add(pid);
        return seen.has(pidA) && (running.get(pidB) ?? []).length > 0
          ? []
          : [`running: ${[...seen].join(', ')}`];
      },
      { timeoutMs: 120_000, intervalMs: 20 },
    );
    const killedAt = new Date();
    await killHard(b);
    const orphans = (await runningByProcess()).get(pidB) ?? [];
    expect(orphans.length).toBeGreaterThan(0);
    world.crm.setLatency(0);

    // A finishes everything, B's jobs included once their lease has run out.
    await pollUntil(
      'the survivor to finish',
      async () => {
        const open = await db.orm
          .select({ id: jobs.id })
          .from(jobs)
          .where(inArray(jobs.status, [JobStatus.queued, JobStatus.running, JobStatus.deferred]));
        const pending = await db.orm
          .select({ id: inbox.id })
          .from(inbox)
          .where(eq(inbox.status, InboxStatus.pending));
        return [
          ...checkSync(world, created).pending,
          ...(open.length + pending.length > 0
            ? [`${open.length} jobs, ${pending.length} events waiting`]
            : []),
        ];
      },
      { timeoutMs: 300_000, intervalMs: 250 },
    );

    expect(checkSync(world, created).wrong).toEqual([]);
    expect(seen).toContain(pidA);
    expect(seen).toContain(pidB);

    // The killed process's jobs: finished by the survivor, in one run each, once their lease expired. A
    // takeover continues the same attempt and counts an interruption (docs/crash-safety.md).
    const taken = await db.orm
      .select({ id: jobs.id, status: jobs.status, interruptions: jobs.interruptions })
      .from(jobs)
      .where(inArray(jobs.id, orphans));
    expect(taken.map((j) => j.status)).toEqual(orphans.map(() => JobStatus.done));
    for (const job of taken) expect(job.interruptions).toBeGreaterThanOrEqual(1);
    const takenRuns = await db.orm
      .select({ jobId: runs.jobId, startedAt: runs.startedAt })
      .from(runs)
      .where(inArray(runs.jobId, orphans));
    expect(takenRuns.map((r) => r.jobId).sort()).toEqual([...orphans].sort());
    // Not before the lease ran out: it was renewed every third of it, so at least two thirds were left.
    for (const run of takenRuns)
      expect(run.startedAt.getTime()).toBeGreaterThanOrEqual(killedAt.getTime() + leaseMs / 2);

    // No two runs of one lane overlap, across both processes.
    const all = await db.orm
      .select({ lane: runs.jobLaneKey, startedAt: runs.startedAt, finishedAt: runs.finishedAt })
      .from(runs)
      .orderBy(asc(runs.jobLaneKey), asc(runs.startedAt));
    const overlaps: string[] = [];
    for (let i = 1; i < all.length; i++) {
      const [before, run] = [all[i - 1], all[i]];
      if (before === undefined || run === undefined || before.lane !== run.lane) continue;
      if (before.finishedAt === null || run.startedAt < before.finishedAt)
        overlaps.push(
          `${run.lane}: ${run.startedAt.toISOString()} before ${before.finishedAt?.toISOString()}`,
        );
    }
    expect(overlaps).toEqual([]);
    expect(all.length).toBeGreaterThan(referralCount);

    const failed = await db.orm
      .select({ id: jobs.id, error: jobs.lastError })
      .from(jobs)
      .where(eq(jobs.status, JobStatus.failed));
    expect(failed).toEqual([]);

    a.child.kill('SIGTERM');
    expect((await a.done).code).toBe(0);
  }, 600_000);
});
