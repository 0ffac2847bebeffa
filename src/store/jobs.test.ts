import { count, eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { useTestDb } from '../../test/support/db.js';
import type { Db } from './db.js';
import {
  claim,
  complete,
  countJobs,
  defer,
  enqueue,
  expireLeases,
  extendLease,
  fail,
  failExpired,
  maxInterruptions,
  getJob,
  type Job,
  type JobInput,
} from './jobs.js';
import { openStore } from './open.js';
import { jobs } from './schema.js';

const t = useTestDb();
const t0 = new Date('2026-03-01T12:00:00Z');
const at = (ms: number): Date => new Date(t0.getTime() + ms);
const lease = 30_000;
const ids = (list: readonly Job[]): number[] => list.map((j) => j.id);

async function queue(inputs: JobInput[], now = t0): Promise<Job[]> {
  return (await enqueue(t.db, inputs, now)).jobs;
}

/** Lanes with more than one running job at this moment: must always be empty. */
async function doubleBookedLanes(db: Db): Promise<string[]> {
  const rows = await db.orm
    .select({ lane: jobs.laneKey })
    .from(jobs)
    .where(eq(jobs.status, 'running'))
    .groupBy(jobs.laneKey)
    .having(sql`${count()} > 1`);
  return rows.map((r) => r.lane);
}

/** PostgreSQL: a second pool, as another worker process would have. PGlite: the one connection. */
async function withSecondHandle<T>(fn: (other: Db) => Promise<T>): Promise<T> {
  if (t.kind !== 'postgres') return fn(t.db);
  const other = await openStore(t.config, { migrate: false });
  try {
    return await fn(other);
  } finally {
    await other.close();
  }
}

describe('jobs', () => {
  it('claims due jobs oldest first, leased to the worker, counting the attempt', async () => {
    const hour = 3_600_000;
    const [a, b, later] = await queue([
      { kind: 'sync', laneKey: 'r1', payload: { referralId: 'r1' }, runAt: at(-2000) },
      { kind: 'sync', laneKey: 'r2', runAt: at(-1000) },
      { kind: 'sync', laneKey: 'r3', runAt: at(60_000) },
    ]);
    const claimed = await claim(t.db, { workerId: 'w1', limit: 10, leaseMs: hour, now: t0 });
    expect(ids(claimed)).toEqual([a?.id, b?.id]);
    expect(claimed[0]).toMatchObject({
      status: 'running',
      lockedBy: 'w1',
      leaseExpiresAt: at(hour),
      attempts: 1,
      payload: { referralId: 'r1' },
    });
    expect(await claim(t.db, { workerId: 'w1', limit: 10, leaseMs: hour, now: t0 })).toEqual([]);
    expect(ids(await claim(t.db, { workerId: 'w1', limit: 10, leaseMs: hour, now: at(60_000) }))).toEqual([
      later?.id,
    ]);
    expect(await claim(t.db, { workerId: 'w1', limit: 0, leaseMs: hour, now: at(60_000) })).toEqual([]);
  });

  it('R3: runs one job per lane at a time, in order', async () => {
    const [a1, a2, b1] = await queue([
      { kind: 'sync', laneKey: 'lane-a' },
      { kind: 'sync', laneKey: 'lane-a' },
      { kind: 'sync', laneKey: 'lane-b' },
    ]);
    expect(ids(await claim(t.db, { workerId: 'w1', limit: 10, leaseMs: lease, now: t0 }))).toEqual([
      a1?.id,
      b1?.id,
    ]);
    // lane-a is busy until a1 is settled, whoever asks.
    expect(await claim(t.db, { workerId: 'w2', limit: 10, leaseMs: lease, now: at(1000) })).toEqual([]);
    expect(await complete(t.db, { id: a1?.id ?? 0, workerId: 'w1', now: at(2000) })).toBe(true);
    expect(ids(await claim(t.db, { workerId: 'w2', limit: 10, leaseMs: lease, now: at(3000) }))).toEqual([
      a2?.id,
    ]);
  });

  it('gives concurrent claimers disjoint jobs (SKIP LOCKED; two pools on PostgreSQL)', async () => {
    const queued = await queue(Array.from({ length: 120 }, (_, i) => ({ kind: 'sync', laneKey: `r${i}` })));
    const got = new Map<number, string>();
    await withSecondHandle(async (other) => {
      const claimers = [
        { db: t.db, workerId: 'w1' },
        { db: other, workerId: 'w2' },
        { db: t.db, workerId: 'w3' },
        { db: other, workerId: 'w4' },
      ];
      for (let round = 0; round < 100; round++) {
        const batches = await Promise.all(
          claimers.map((c) => claim(c.db, { workerId: c.workerId, limit: 7, leaseMs: lease, now: t0 })),
        );
        for (const job of batches.flat()) {
          expect(got.has(job.id), `job ${job.id} claimed twice`).toBe(false);
          got.set(job.id, job.lockedBy ?? '');
        }
        if (batches.every((b) => b.length === 0)) break;
      }
    });
    expect([...got.keys()].sort((x, y) => x - y)).toEqual(ids(queued));
    expect(new Set(got.values()).size).toBeGreaterThan(1);
    expect((await countJobs(t.db)).running).toBe(120);
  });

  it('R3: concurrent workers never run two jobs of one lane together, and each lane runs in order', async () => {
    const lanes = 25;
    const perLane = 4;
    await queue(
      Array.from({ length: lanes * perLane }, (_, i) => ({
        kind: 'sync',
        laneKey: `lane-${i % lanes}`,
        payload: { n: i },
      })),
    );
    const finished = new Map<string, number[]>();
    await withSecondHandle(async (other) => {
      const workers = [
        { db: t.db, workerId: 'w1' },
        { db: other, workerId: 'w2' },
        { db: other, workerId: 'w3' },
      ];
      for (let round = 0; round < 50; round++) {
        const now = at(round * 1000);
        const batches = await Promise.all(
          workers.map((w) => claim(w.db, { workerId: w.workerId, limit: 6, leaseMs: lease, now })),
        );
        expect(await doubleBookedLanes(t.db)).toEqual([]);
        const claimed = batches.flat();
        if (claimed.length === 0) break;
        const lanesNow = claimed.map((j) => j.laneKey);
        expect(new Set(lanesNow).size).toBe(lanesNow.length);
        await Promise.all(
          workers.map(async (w, k) => {
            for (const job of batches[k] ?? []) {
              expect(await complete(w.db, { id: job.id, workerId: w.workerId, now })).toBe(true);
              finished.set(job.laneKey, [...(finished.get(job.laneKey) ?? []), job.id]);
            }
          }),
        );
      }
    });
    expect((await countJobs(t.db)).done).toBe(lanes * perLane);
    for (const order of finished.values()) expect(order).toEqual([...order].sort((x, y) => x - y));
  });

  it('takes back a job whose lease expired (the same attempt goes on, counted as an interruption); the worker that lost it can no longer settle it', async () => {
    const [job] = await queue([{ kind: 'sync', laneKey: 'r1' }]);
    const id = job?.id ?? 0;
    await claim(t.db, { workerId: 'dead', limit: 1, leaseMs: lease, now: t0 });
    expect(await claim(t.db, { workerId: 'w2', limit: 1, leaseMs: lease, now: at(lease - 1) })).toEqual([]);
    const [again] = await claim(t.db, { workerId: 'w2', limit: 1, leaseMs: lease, now: at(lease) });
    expect(again).toMatchObject({
      id,
      lockedBy: 'w2',
      attempts: 1,
      interruptions: 1,
      leaseExpiresAt: at(2 * lease),
    });
    expect(await complete(t.db, { id, workerId: 'dead', now: at(lease + 1) })).toBe(false);
    expect(await complete(t.db, { id, workerId: 'w2', now: at(lease + 2) })).toBe(true);
    expect(await getJob(t.db, id)).toMatchObject({ status: 'done', lockedBy: null, leaseExpiresAt: null });
  });

  it('extendLease keeps a live worker’s job from being taken back', async () => {
    const [job] = await queue([{ kind: 'sync', laneKey: 'r1' }]);
    const id = job?.id ?? 0;
    await claim(t.db, { workerId: 'w1', limit: 1, leaseMs: lease, now: t0 });
    expect(
      await extendLease(t.db, { ids: [id, 999_999], workerId: 'w1', leaseMs: lease, now: at(lease - 1) }),
    ).toEqual([id]);
    expect(
      await extendLease(t.db, { ids: [id], workerId: 'other', leaseMs: lease, now: at(lease - 1) }),
    ).toEqual([]);
    expect(await claim(t.db, { workerId: 'w2', limit: 1, leaseMs: lease, now: at(lease + 1) })).toEqual([]);
    expect(ids(await claim(t.db, { workerId: 'w2', limit: 1, leaseMs: lease, now: at(2 * lease) }))).toEqual([
      id,
    ]);
  });

  it('defer puts a job back until a time without spending an attempt, and frees its lane', async () => {
    const [first, second] = await queue([
      { kind: 'sync', laneKey: 'r1', maxAttempts: 1 },
      { kind: 'sync', laneKey: 'r1' },
    ]);
    await claim(t.db, { workerId: 'w1', limit: 5, leaseMs: lease, now: t0 });
    const until = at(3_600_000);
    expect(
      await defer(t.db, {
        id: first?.id ?? 0,
        workerId: 'w1',
        until,
        reason: { code: 'PC_BUDGET_EXHAUSTED' },
        now: at(10),
      }),
    ).toBe(true);
    expect(await getJob(t.db, first?.id ?? 0)).toMatchObject({
      status: 'deferred',
      runAt: until,
      attempts: 0,
      lockedBy: null,
      lastError: { code: 'PC_BUDGET_EXHAUSTED' },
    });
    // The lane is free again; the deferred job is not due yet.
    expect(ids(await claim(t.db, { workerId: 'w1', limit: 5, leaseMs: lease, now: at(20) }))).toEqual([
      second?.id,
    ]);
    await complete(t.db, { id: second?.id ?? 0, workerId: 'w1', now: at(30) });
    expect(await claim(t.db, { workerId: 'w1', limit: 5, leaseMs: lease, now: at(3_599_999) })).toEqual([]);
    const [resumed] = await claim(t.db, { workerId: 'w1', limit: 5, leaseMs: lease, now: until });
    expect(resumed).toMatchObject({ id: first?.id, attempts: 1 }); // max 1 attempt, still allowed
  });

  it('fail retries at the given time while attempts remain, then fails for good', async () => {
    const [job] = await queue([{ kind: 'sync', laneKey: 'r1', maxAttempts: 2 }]);
    const id = job?.id ?? 0;
    await claim(t.db, { workerId: 'w1', limit: 1, leaseMs: lease, now: t0 });
    const error = { code: 'PC_SERVER_ERROR', status: 502 };
    expect(await fail(t.db, { id, workerId: 'w1', error, retryAt: at(5000), now: at(1) })).toBe('queued');
    expect(await getJob(t.db, id)).toMatchObject({
      status: 'queued',
      runAt: at(5000),
      lastError: error,
      lockedBy: null,
    });
    expect(await claim(t.db, { workerId: 'w1', limit: 1, leaseMs: lease, now: at(4999) })).toEqual([]);
    await claim(t.db, { workerId: 'w1', limit: 1, leaseMs: lease, now: at(5000) });
    expect(await fail(t.db, { id, workerId: 'w1', error, retryAt: at(9000), now: at(5001) })).toBe('failed');
    expect(await fail(t.db, { id, workerId: 'w1', error, now: at(5002) })).toBeUndefined();
    expect(await claim(t.db, { workerId: 'w1', limit: 1, leaseMs: lease, now: at(99_000) })).toEqual([]);
    expect((await countJobs(t.db)).failed).toBe(1);
  });

  it('failExpired fails a job whose workers died maxInterruptions times instead of running it again; takeovers spend no attempt', async () => {
    const [job] = await queue([{ kind: 'sync', laneKey: 'r1', maxAttempts: 1 }]);
    await claim(t.db, { workerId: 'dead', limit: 1, leaseMs: lease, now: t0 });
    // Its last attempt, yet each worker that dies running it hands the same attempt on.
    for (let n = 1; n <= maxInterruptions; n++) {
      expect(await failExpired(t.db, at(n * lease))).toEqual([]);
      const [taken] = await claim(t.db, {
        workerId: `dead-${n}`,
        limit: 1,
        leaseMs: lease,
        now: at(n * lease),
      });
      expect(taken).toMatchObject({ attempts: 1, interruptions: n });
    }
    const end = at((maxInterruptions + 1) * lease);
    expect(await claim(t.db, { workerId: 'w2', limit: 1, leaseMs: lease, now: end })).toEqual([]);
    expect(await failExpired(t.db, at((maxInterruptions + 1) * lease - 1))).toEqual([]);
    expect(await failExpired(t.db, end)).toEqual([job?.id]);
    expect(await getJob(t.db, job?.id ?? 0)).toMatchObject({
      status: 'failed',
      lastError: { code: 'LEASE_EXPIRED' },
    });
  });

  it('expireLeases hands the jobs of an ended process over at once, even one on its last attempt', async () => {
    const [a, b, last] = await queue([
      { kind: 'sync', laneKey: 'r1' },
      { kind: 'sync', laneKey: 'r2' },
      { kind: 'sync', laneKey: 'r3', maxAttempts: 1 },
    ]);
    await claim(t.db, { workerId: 'killed', limit: 3, leaseMs: lease, now: t0 });
    // Without it, nothing is claimable until the lease runs out.
    expect(await claim(t.db, { workerId: 'next', limit: 3, leaseMs: lease, now: at(1) })).toEqual([]);
    expect((await expireLeases(t.db, at(1))).sort((x, y) => x - y)).toEqual([a?.id, b?.id, last?.id]);
    expect(await failExpired(t.db, at(1))).toEqual([]);
    const taken = await claim(t.db, { workerId: 'next', limit: 3, leaseMs: lease, now: at(1) });
    expect(ids(taken).sort((x, y) => x - y)).toEqual([a?.id, b?.id, last?.id]);
    expect(taken.map((j) => [j.attempts, j.interruptions])).toEqual([
      [1, 1],
      [1, 1],
      [1, 1],
    ]);
    // Only live leases are touched: a second call finds nothing to hand over.
    expect(await expireLeases(t.db, at(lease + 1))).toEqual([]);
  });

  it('queues a job with an idempotency key once', async () => {
    const first = await enqueue(t.db, [{ kind: 'sync', laneKey: 'r1', idempotencyKey: 'r1@v7' }], t0);
    const again = await enqueue(
      t.db,
      [
        { kind: 'sync', laneKey: 'r1', idempotencyKey: 'r1@v7' },
        { kind: 'sync', laneKey: 'r1', idempotencyKey: 'r1@v8' },
        { kind: 'sync', laneKey: 'r1' },
        { kind: 'sync', laneKey: 'r1' },
      ],
      t0,
    );
    expect(first).toMatchObject({ duplicates: 0 });
    expect(again.duplicates).toBe(1);
    expect(again.jobs.map((j) => j.idempotencyKey)).toEqual(['r1@v8', null, null]);
    expect((await countJobs(t.db)).queued).toBe(4);
    expect(await enqueue(t.db, [], t0)).toEqual({ jobs: [], duplicates: 0 });
  });
});
