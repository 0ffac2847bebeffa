import { afterEach, describe, expect, it } from 'vitest';
import { useTestDb } from '../../test/support/db.js';
import { gate, nextEvent } from '../../test/support/engine.js';
import type { Db } from '../store/db.js';
import { claim, countJobs, fail, getJob } from '../store/jobs.js';
import { openStore } from '../store/open.js';
import { ManualClock } from './clock.js';
import { enqueueCoalesced, enqueueCoalescedMany } from './coalesce.js';
import { WakeBus } from './wake.js';
import { Worker } from './worker.js';

const t = useTestDb();
const t0 = new Date('2026-03-01T12:00:00Z');
const at = (ms: number): Date => new Date(t0.getTime() + ms);
const window = 2_000;

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn();
});

async function secondDb(): Promise<Db> {
  if (t.kind !== 'postgres') return t.db;
  const other = await openStore(t.config, { migrate: false });
  cleanup.push(() => other.close());
  return other;
}

describe('enqueueCoalesced (design rule 6)', () => {
  it('turns five changes inside the window into one job, due when the first change’s window ends', async () => {
    const results = [];
    for (let i = 0; i < 5; i++) {
      results.push(
        await enqueueCoalesced(t.db, {
          kind: 'sync-opportunity',
          laneKey: 'opp-1',
          payload: i === 0 ? { id: 'opp-1', first: true } : { id: 'opp-1', last: i },
          windowMs: window,
          now: at(i * 100),
        }),
      );
    }
    expect(results.map((r) => r.coalesced)).toEqual([false, true, true, true, true]);
    expect(new Set(results.map((r) => r.job.id)).size).toBe(1);
    expect((await countJobs(t.db)).queued).toBe(1);
    const job = await getJob(t.db, results[0]?.job.id ?? 0);
    // The window does not slide: the first change waits at most windowMs.
    expect(job?.runAt).toEqual(at(window));
    // Payload keys merge, later values winning.
    expect(job?.payload).toEqual({ id: 'opp-1', first: true, last: 4 });
    // Another record, or another kind for the same record, is a job of its own.
    await enqueueCoalesced(t.db, { kind: 'sync-opportunity', laneKey: 'opp-2', windowMs: window, now: t0 });
    await enqueueCoalesced(t.db, { kind: 'other', laneKey: 'opp-1', windowMs: window, now: t0 });
    expect((await countJobs(t.db)).queued).toBe(3);
  });

  it('design rule 6: changedAt keeps the latest change a job stands for, whatever order the changes come in', async () => {
    const changes = ['2026-11-20T10:00:05.000Z', '2026-11-20T10:00:09.000Z', '2026-11-20T10:00:07.000Z'];
    const results = [];
    for (const changedAt of changes) {
      results.push(
        await enqueueCoalesced(t.db, {
          kind: 'k',
          laneKey: 'r',
          payload: { changedAt },
          windowMs: window,
          now: t0,
        }),
      );
    }
    expect(results.at(-1)?.job.payload).toEqual({ changedAt: '2026-11-20T10:00:09.000Z' });
    // A change with no date leaves the latest one in place.
    const more = await enqueueCoalesced(t.db, {
      kind: 'k',
      laneKey: 'r',
      payload: { x: 1 },
      windowMs: window,
      now: t0,
    });
    expect(more.job.payload).toEqual({ changedAt: '2026-11-20T10:00:09.000Z', x: 1 });
  });

  it('design rule 6: enqueueCoalescedMany queues many records at once, each absorbed by its waiting job', async () => {
    const waiting = await enqueueCoalesced(t.db, {
      kind: 'k',
      laneKey: 'a',
      payload: { n: 1 },
      windowMs: window,
      now: t0,
    });
    const rows = await enqueueCoalescedMany(
      t.db,
      ['a', 'b', 'c'].map((laneKey) => ({ kind: 'k', laneKey, payload: { n: 2 }, windowMs: window })),
      { now: at(100) },
    );
    expect(rows.map((r) => r.coalesced)).toEqual([true, false, false]);
    expect(rows[0]?.job).toMatchObject({ id: waiting.job.id, runAt: at(window), payload: { n: 2 } });
    expect(rows[1]?.job.runAt).toEqual(at(100 + window));
    expect((await countJobs(t.db)).queued).toBe(3);
  });

  it('keep leaves the waiting job’s payload as it is', async () => {
    const first = await enqueueCoalesced(t.db, {
      kind: 'k',
      laneKey: 'r',
      payload: { v: 1 },
      windowMs: 0,
      now: t0,
    });
    const again = await enqueueCoalesced(t.db, {
      kind: 'k',
      laneKey: 'r',
      payload: { v: 2 },
      windowMs: 0,
      now: t0,
      onWaiting: 'keep',
    });
    expect(again).toMatchObject({ coalesced: true, job: { id: first.job.id, payload: { v: 1 } } });
  });

  it('is race-free between concurrent enqueuers (two connection pools on PostgreSQL)', async () => {
    const other = await secondDb();
    for (let round = 0; round < 5; round++) {
      const lane = `rec-${round}`;
      const results = await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          enqueueCoalesced(i % 2 === 0 ? t.db : other, {
            kind: 'sync',
            laneKey: lane,
            payload: { [`k${i}`]: i },
            windowMs: window,
            now: t0,
          }),
        ),
      );
      expect(results.filter((r) => !r.coalesced)).toHaveLength(1);
      expect(new Set(results.map((r) => r.job.id)).size).toBe(1);
      // Every change's keys reached the one job.
      expect(Object.keys((await getJob(t.db, results[0]?.job.id ?? 0))?.payload ?? {})).toHaveLength(20);
    }
    expect((await countJobs(t.db)).queued).toBe(5);
  });

  it('a change while the record’s job runs gets a job of its own, which runs after it', async () => {
    const clock = new ManualClock(t0);
    const bus = new WakeBus();
    const hold = gate();
    const log: string[] = [];
    const w = new Worker({
      db: t.db,
      clock,
      wake: bus,
      pollIntervalMs: 3_600_000,
      handlers: {
        sync: {
          async run(ctx) {
            log.push(`start ${ctx.job.id}`);
            if (log.length === 1) await hold.promise;
            log.push(`end ${ctx.job.id}`);
          },
        },
      },
    });
    cleanup.push(() => w.stop({ deadlineMs: 0 }));
    const first = await enqueueCoalesced(t.db, {
      kind: 'sync',
      laneKey: 'r1',
      windowMs: window,
      now: clock.now(),
      wake: bus,
    });
    clock.advance(window);
    const claimed = nextEvent(w, 'job:claimed');
    w.start();
    await claimed;
    const second = await enqueueCoalesced(t.db, {
      kind: 'sync',
      laneKey: 'r1',
      windowMs: window,
      now: clock.now(),
      wake: bus,
    });
    expect(second.coalesced).toBe(false);
    expect(second.job.id).not.toBe(first.job.id);
    // Later changes coalesce into the new waiting job, not the running one.
    expect(
      (
        await enqueueCoalesced(t.db, {
          kind: 'sync',
          laneKey: 'r1',
          windowMs: window,
          now: clock.now(),
          wake: bus,
        })
      ).job.id,
    ).toBe(second.job.id);
    const firstDone = nextEvent(w, 'job:done');
    hold.open();
    expect((await firstDone)[0].job.id).toBe(first.job.id);
    clock.advance(window);
    const secondDone = nextEvent(w, 'job:done');
    w.wake();
    expect((await secondDone)[0].job.id).toBe(second.job.id);
    expect(log).toEqual([
      `start ${first.job.id}`,
      `end ${first.job.id}`,
      `start ${second.job.id}`,
      `end ${second.job.id}`,
    ]);
  });

  it('a running job that goes back to waiting does not collide with the job queued while it ran', async () => {
    const first = await enqueueCoalesced(t.db, { kind: 'sync', laneKey: 'r1', windowMs: 0, now: t0 });
    await claim(t.db, { workerId: 'w', limit: 1, leaseMs: 30_000, now: t0 });
    const second = await enqueueCoalesced(t.db, { kind: 'sync', laneKey: 'r1', windowMs: 0, now: at(1) });
    expect(second.coalesced).toBe(false);
    expect(
      await fail(t.db, {
        id: first.job.id,
        workerId: 'w',
        error: { code: 'PC_SERVER_ERROR' },
        retryAt: at(10),
        now: at(2),
      }),
    ).toBe('queued');
    expect((await countJobs(t.db)).queued).toBe(2);
    // The waiting coalesced job still absorbs changes.
    expect(
      (await enqueueCoalesced(t.db, { kind: 'sync', laneKey: 'r1', windowMs: 0, now: at(3) })).job.id,
    ).toBe(second.job.id);
  });
});
