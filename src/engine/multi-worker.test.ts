import { afterEach, describe, expect, it } from 'vitest';
import { useTestDb } from '../../test/support/db.js';
import { countEvents, seededRandom } from '../../test/support/engine.js';
import type { Db } from '../store/db.js';
import { countJobs, enqueue } from '../store/jobs.js';
import { openStore } from '../store/open.js';
import { ManualClock } from './clock.js';
import type { HandlerRegistry } from './handler.js';
import { listenForJobs, WakeBus } from './wake.js';
import { Worker } from './worker.js';

const t = useTestDb();
const t0 = new Date('2026-03-01T12:00:00Z');
const jobCount = 300;
const laneCount = 40;

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn();
});

describe('two workers on one queue', () => {
  it(`R3: ${jobCount} jobs on random lanes run once each, never two of a lane at once`, async () => {
    // Printed with any failure; put it here to replay the run.
    const seed = Date.now() % 1_000_000;
    const random = seededRandom(seed);
    const lanes = Array.from({ length: jobCount }, () => `lane-${Math.floor(random() * laneCount)}`);
    const { jobs } = await enqueue(
      t.db,
      lanes.map((laneKey, n) => ({ kind: 'work', laneKey, payload: { n } })),
      t0,
    );

    // PostgreSQL: a second pool, as another process would have, woken by NOTIFY. PGlite: the one connection.
    let otherDb: Db = t.db;
    if (t.kind === 'postgres') {
      const other = await openStore(t.config, { migrate: false });
      otherDb = other;
      cleanup.push(() => other.close());
    }
    const runsPerJob = new Map<number, number>();
    const ranBy = new Map<number, string>();
    const activeLanes = new Set<string>();
    const overlaps: string[] = [];
    const order = new Map<string, number[]>();
    const handlers = (name: string): HandlerRegistry => ({
      work: {
        async run(ctx) {
          const lane = ctx.job.laneKey;
          if (activeLanes.has(lane)) overlaps.push(`${lane}: job ${ctx.job.id}`);
          activeLanes.add(lane);
          runsPerJob.set(ctx.job.id, (runsPerJob.get(ctx.job.id) ?? 0) + 1);
          ranBy.set(ctx.job.id, name);
          order.set(lane, [...(order.get(lane) ?? []), ctx.job.id]);
          // Give the other worker's claims a chance to interleave with this job.
          for (let i = 0; i < 1 + Math.floor(random() * 3); i++) await new Promise((r) => setImmediate(r));
          activeLanes.delete(lane);
        },
      },
    });
    const buses = [new WakeBus(), new WakeBus()];
    for (const [i, db] of [t.db, otherDb].entries())
      cleanup.push(await listenForJobs(db, buses[i] ?? new WakeBus()));
    const workers = [
      new Worker({
        db: t.db,
        workerId: 'w1',
        handlers: handlers('w1'),
        clock: new ManualClock(t0),
        concurrency: 4,
        wake: buses[0],
      }),
      new Worker({
        db: otherDb,
        workerId: 'w2',
        handlers: handlers('w2'),
        clock: new ManualClock(t0),
        concurrency: 4,
        wake: buses[1],
      }),
    ];
    for (const w of workers) cleanup.push(() => w.stop({ deadlineMs: 0 }));
    const lost: number[] = [];
    for (const w of workers) w.on('job:lost', (e) => lost.push(e.job.id));
    const allDone = countEvents(workers, 'job:done', jobCount);
    for (const w of workers) w.start();
    await allDone;

    expect(overlaps, `seed ${seed}`).toEqual([]);
    expect(lost, `seed ${seed}`).toEqual([]);
    expect(
      [...runsPerJob.keys()].sort((a, b) => a - b),
      `seed ${seed}`,
    ).toEqual(jobs.map((j) => j.id));
    expect(
      [...runsPerJob.values()].every((n) => n === 1),
      `seed ${seed}`,
    ).toBe(true);
    // Each lane ran in queue order.
    for (const ids of order.values()) expect(ids, `seed ${seed}`).toEqual([...ids].sort((a, b) => a - b));
    expect(new Set(ranBy.values())).toEqual(new Set(['w1', 'w2']));
    expect(await countJobs(t.db)).toMatchObject({ done: jobCount, running: 0, queued: 0 });
  });
});
