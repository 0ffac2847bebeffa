import { sql } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { useTestDb } from '../../test/support/db.js';
import { nextEvent } from '../../test/support/engine.js';
import { rowsOf, type Db } from '../store/db.js';
import { openStore } from '../store/open.js';
import { ManualClock, systemClock, type Clock } from './clock.js';
import { enqueueJobs } from './enqueue.js';
import { listenForJobs, WakeBus } from './wake.js';
import { Worker } from './worker.js';

const t = useTestDb();
const t0 = new Date('2026-03-01T12:00:00Z');
// So long that a test passing proves the wake, not the poll, found the job.
const noPoll = 3_600_000;

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn();
});

function worker(db: Db, bus: WakeBus, clock: Clock = new ManualClock(t0)): Worker {
  const w = new Worker({
    db,
    clock,
    wake: bus,
    pollIntervalMs: noPoll,
    handlers: { ping: { run: () => undefined } },
  });
  cleanup.push(() => w.stop({ deadlineMs: 0 }));
  return w;
}

describe('waking workers', () => {
  it('an enqueue in the same process wakes an idle worker at once', async () => {
    const bus = new WakeBus();
    const w = worker(t.db, bus);
    await w.runUntilIdle();
    const done = nextEvent(w, 'job:done');
    await enqueueJobs(t.db, [{ kind: 'ping', laneKey: 'r1' }], { now: t0, wake: bus });
    await done;
  });

  it('a job queued for later wakes the worker when it is due, not at the next poll', async () => {
    const bus = new WakeBus();
    const w = worker(t.db, bus, systemClock);
    await w.runUntilIdle();
    const done = nextEvent(w, 'job:done');
    const now = new Date();
    await enqueueJobs(t.db, [{ kind: 'ping', laneKey: 'r1', runAt: new Date(now.getTime() + 50) }], {
      now,
      wake: bus,
    });
    const [event] = await done;
    expect(Date.now()).toBeGreaterThanOrEqual(event.job.runAt.getTime());
  });

  it.runIf(t.kind === 'postgres')(
    'PostgreSQL: NOTIFY wakes a worker on another connection without a poll',
    async () => {
      const other = await openStore(t.config, { migrate: false });
      cleanup.push(() => other.close());
      const remoteBus = new WakeBus();
      const unlisten = await listenForJobs(other, remoteBus);
      cleanup.push(unlisten);
      const w = worker(other, remoteBus);
      await w.runUntilIdle();
      const done = nextEvent(w, 'job:done');
      // No bus here: the other "process" hears only the NOTIFY.
      await enqueueJobs(t.db, [{ kind: 'ping', laneKey: 'r1' }], { now: t0 });
      await done;
    },
  );

  it.runIf(t.kind === 'postgres')(
    'PostgreSQL: the LISTEN connection comes back after it is cut, says so, and wakes workers again',
    async () => {
      const other = await openStore(t.config, { migrate: false });
      cleanup.push(() => other.close());
      const bus = new WakeBus();
      const errors: Error[] = [];
      cleanup.push(await listenForJobs(other, bus, (err) => errors.push(err)));
      const w = worker(other, bus);
      await w.runUntilIdle();
      // Cut the listening connection from the server side, as a restart or a network failure would.
      const back = new Promise<Date | undefined>((resolve) => bus.onWake(resolve));
      const [row] = rowsOf<{ n: number }>(
        await t.db.orm.execute(
          sql`SELECT count(pg_terminate_backend(pid))::int AS n FROM pg_stat_activity
              WHERE datname = current_database() AND query = 'LISTEN cosell_jobs'`,
        ),
      );
      expect(row?.n).toBe(1);
      // Reconnected: "something may have been missed".
      expect(await back).toBeUndefined();
      expect(errors.length).toBeGreaterThan(0);
      const done = nextEvent(w, 'job:done');
      await enqueueJobs(t.db, [{ kind: 'ping', laneKey: 'r1' }], { now: t0 });
      await done;
    },
  );

  it.runIf(t.kind === 'pglite')('PGlite: one process, so no LISTEN; the in-process bus is the wake', () => {
    expect('listen' in t.db).toBe(false);
  });
});
