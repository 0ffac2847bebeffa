// Scale-out by role on PostgreSQL (issue "Run it in production"): one receiver process (webhooks,
// reconciliation, the CRM change feed) and two worker processes share one database. Partway through a sync of
// SCALE_RECORDS records (default 2,000: nine in ten new referrals, one in ten opportunities shared by sales
// people), one worker is killed with SIGKILL while it holds jobs. The other worker takes its jobs over once their
// lease runs out; every record lands exactly once; and what the processes' /metrics say agrees with what the
// emulators saw: webhook deliveries, records linked, API calls.
// The embedded store is one process by design: skipped there.
import { eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/store/db.js';
import { inbox, InboxStatus, jobs, JobStatus, links } from '../../src/store/schema.js';
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
const recordCount = Number(process.env.SCALE_RECORDS ?? 2_000);
const opportunityCount = Math.round(recordCount / 10);
const referralCount = recordCount - opportunityCount;
const leaseMs = 6_000;
const workersPerProcess = 8;

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

/** One sample of a Prometheus text exposition, 0 when the series is absent (a counter never incremented). */
function sample(text: string, name: string, labels: Record<string, string> = {}): number {
  const wanted = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
  for (const line of text.split('\n')) {
    if (line.startsWith('#')) continue;
    const match = /^([a-zA-Z_:][\w:]*)(?:\{([^}]*)\})? (\S+)$/.exec(line);
    if (match?.[1] !== name) continue;
    const present = (match[2] ?? '').split(',');
    if (wanted.every((w) => present.includes(w))) return Number(match[3]);
  }
  return 0;
}

async function metricsOf(port: number): Promise<string> {
  const response = await fetch(`http://127.0.0.1:${port}/metrics`);
  expect(response.status).toBe(200);
  return response.text();
}

async function runningJobsOf(pid: number): Promise<number> {
  const rows = await db.orm
    .select({ lockedBy: jobs.lockedBy })
    .from(jobs)
    .where(eq(jobs.status, JobStatus.running));
  return rows.filter((r) => Number(r.lockedBy?.split(':').at(-2)) === pid).length;
}

describe.skipIf(!onPostgres)('a receiver and two workers on one PostgreSQL database', () => {
  it(`${recordCount} records: a worker killed with SIGKILL midway, everything lands once, and /metrics agrees with the emulators`, async () => {
    const [receiverPort, workerPortA, workerPortB] = [await freePort(), await freePort(), await freePort()];
    const extra = { COSELL_LEASE_MS: String(leaseMs), COSELL_WORKERS: String(workersPerProcess) };
    const receiver = await startConnectorProcess(world.env(receiverPort, extra), {
      registerWebhooks: true,
      role: 'receiver,reconciler',
    });
    children.push(receiver);
    const workerA = await startConnectorProcess(world.env(workerPortA, extra), { role: 'worker' });
    children.push(workerA);
    const workerB = await startConnectorProcess(world.env(workerPortB, extra), { role: 'worker' });
    children.push(workerB);

    const created = emptyCreated();
    for (let i = 0; i < referralCount; i++) createReferral(world, created, `scale-r${i}`);
    for (let i = 0; i < opportunityCount; i++) createOpportunity(world, created, `scale-o${i}`, i % 3 === 0);

    // Midway: a quarter of the records linked, and worker B in the middle of jobs.
    await pollUntil(
      'a quarter of the records synced while worker B runs jobs',
      async () => {
        const [row] = await db.orm
          .select({ id: links.id })
          .from(links)
          .offset(recordCount / 4)
          .limit(1);
        const running = await runningJobsOf(workerB.child.pid ?? 0);
        return row !== undefined && running > 0 ? [] : [`running on B: ${running}`];
      },
      { timeoutMs: 300_000, intervalMs: 20 },
    );
    await killHard(workerB);

    await pollUntil(
      'every record to land',
      async () => {
        const open = await db.orm
          .select({ id: jobs.id })
          .from(jobs)
          .where(inArray(jobs.status, [JobStatus.queued, JobStatus.running, JobStatus.deferred]));
        const pending = await db.orm
          .select({ id: inbox.id })
          .from(inbox)
          .where(eq(inbox.status, InboxStatus.pending));
        const { pending: unsynced } = checkSync(world, created);
        return [
          ...unsynced.slice(0, 5),
          ...(unsynced.length > 5 ? [`${unsynced.length} records not synced yet`] : []),
          ...(open.length + pending.length > 0
            ? [`${open.length} jobs, ${pending.length} events waiting`]
            : []),
        ];
      },
      { timeoutMs: 600_000, intervalMs: 500 },
    );

    // Exactly once: one opportunity per referral, one referral per shared opportunity, ids on both sides.
    expect(checkSync(world, created).wrong).toEqual([]);
    const failed = await db.orm
      .select({ id: jobs.id, error: jobs.lastError })
      .from(jobs)
      .where(eq(jobs.status, JobStatus.failed));
    expect(failed).toEqual([]);

    // The write-backs' own webhooks (echoes) may still be on their way: let Partner Center finish delivering
    // and the inbox settle before the counts are compared.
    await pollUntil(
      'the last webhooks delivered and settled',
      async () => {
        await world.pc.waitForDeliveriesIdle(60_000);
        const pending = await db.orm
          .select({ id: inbox.id })
          .from(inbox)
          .where(eq(inbox.status, InboxStatus.pending));
        return pending.length > 0 ? [`${pending.length} events waiting`] : [];
      },
      { timeoutMs: 120_000 },
    );
    const fromReceiver = await metricsOf(receiverPort);
    const fromWorker = await metricsOf(workerPortA);
    // The store-read gauges are the same from every process.
    for (const text of [fromReceiver, fromWorker]) {
      // Every record is linked: as many links as opportunities in the CRM.
      expect(sample(text, 'cosell_links', { crm: 'salesforce' })).toBe(world.crm.opportunities().length);
      expect(sample(text, 'cosell_jobs', { status: 'failed' })).toBe(0);
      expect(sample(text, 'cosell_jobs_due')).toBe(0);
      expect(sample(text, 'cosell_oldest_open_job_age_seconds')).toBe(0);
    }
    expect(world.crm.opportunities().length).toBe(recordCount);

    // Webhooks: each event Partner Center delivered was stored once (accepted: as many as events answered 2xx,
    // no fault makes copies here); every attempt that reached the receiver was counted, a retry of one that
    // timed out on Partner Center's side while the receiver still stored it as a duplicate. The workers serve
    // no webhook route. How many timed out is printed: a receiver that answers slower than Partner Center
    // waits (10 s) costs retries.
    const answered2xx = world.pc.deliveries.filter((d) => d.status !== null && d.status < 300);
    const timedOut = world.pc.deliveries.filter((d) => d.status === null && /timeout/i.test(d.error ?? ''));
    console.log(`webhook attempts: ${answered2xx.length} answered, ${timedOut.length} timed out`);
    expect(world.pc.deliveries.length).toBe(answered2xx.length + timedOut.length);
    expect(new Set(answered2xx.map((d) => d.eventId)).size).toBe(answered2xx.length);
    expect(answered2xx.length).toBeGreaterThanOrEqual(referralCount);
    expect(sample(fromReceiver, 'cosell_webhooks_total', { outcome: 'accepted' })).toBe(answered2xx.length);
    // (An attempt that timed out before the receiver read it was never counted: hence at most.)
    expect(sample(fromReceiver, 'cosell_webhooks_total', { outcome: 'duplicate' })).toBeLessThanOrEqual(
      timedOut.length,
    );
    expect(sample(fromReceiver, 'cosell_webhooks_total', { outcome: 'refused' })).toBe(0);
    expect(sample(fromWorker, 'cosell_webhooks_total', { outcome: 'accepted' })).toBe(0);

    // API calls: the budget counts each call before it is sent, and every emulator counts what it receives.
    // They can differ only by calls in flight at the kill: counted by the killed worker and never sent, or a
    // request its HTTP client had re-sent on a dropped keep-alive connection; at most one per job it held.
    for (const [system, received] of [
      ['partner-center', world.pc.callCount().total],
      ['salesforce', world.crm.apiCallsToday()],
    ] as const) {
      const counted = sample(fromReceiver, 'cosell_api_calls_today', { system });
      console.log(`${system}: ${counted} calls counted, ${received} received`);
      expect(Math.abs(counted - received), system).toBeLessThanOrEqual(workersPerProcess);
      expect(counted, system).toBeGreaterThan(recordCount / 2);
    }

    // The surviving worker did the rest: it settled jobs, and their sync latency was observed.
    expect(
      sample(fromWorker, 'cosell_job_outcomes_total', { kind: 'referral.sync', outcome: 'done' }),
    ).toBeGreaterThan(0);
    expect(sample(fromWorker, 'cosell_sync_latency_seconds_count', { direction: 'to-crm' })).toBeGreaterThan(
      0,
    );

    for (const child of [receiver, workerA]) child.child.kill('SIGTERM');
    expect((await receiver.done).code).toBe(0);
    expect((await workerA.done).code).toBe(0);
  }, 900_000);
});
