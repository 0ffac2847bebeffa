// R1: nothing is lost across a restart. File-backed PGlite (closed and opened again) or, on PostgreSQL, a
// database of the test's own with new pools.
import { describe, expect, it } from 'vitest';
import { createReopenableStore } from '../../test/support/db.js';
import { tryConsume, usage } from './budget.js';
import { countInbox, insertInboxEvents, type InboxEventInput } from './inbox.js';
import { claim, enqueue } from './jobs.js';
import { pendingMigrations } from './migrate.js';

const t0 = new Date('2026-03-01T12:00:00Z');
const budget = { system: 'partner-center', account: 'tenant-1', day: '2026-03-01' } as const;
const event = (id: string): InboxEventInput => ({
  source: 'partner-center',
  eventName: 'referral-created',
  resourceId: id,
  resourceChangeDate: t0,
  payload: { id },
  receivedAt: t0,
});

describe('restart', () => {
  it('R1: inbox rows, budget counters and leased jobs survive closing and reopening the store', async () => {
    const store = await createReopenableStore();
    try {
      const first = await store.open();
      try {
        await insertInboxEvents(first, [event('ref-1'), event('ref-2')]);
        for (let i = 0; i < 3; i++) await tryConsume(first, { ...budget, cap: 4 });
        await enqueue(first, [{ kind: 'sync', laneKey: 'ref-1' }], t0);
        await claim(first, { workerId: 'before-restart', limit: 1, leaseMs: 30_000, now: t0 });
      } finally {
        await first.close();
      }

      const second = await store.open();
      try {
        expect(await pendingMigrations(second)).toEqual([]);
        expect(await countInbox(second)).toBe(2);
        expect(await insertInboxEvents(second, [event('ref-1')])).toMatchObject({
          inserted: 0,
          duplicates: 1,
        });
        expect(await usage(second, budget)).toBe(3);
        expect(await tryConsume(second, { ...budget, cap: 4 })).toEqual({ allowed: true, used: 4, cap: 4 });
        expect((await tryConsume(second, { ...budget, cap: 4 })).allowed).toBe(false);
        // The job leased before the restart comes back once its lease runs out.
        const [job] = await claim(second, {
          workerId: 'after',
          limit: 1,
          leaseMs: 30_000,
          now: new Date(t0.getTime() + 30_000),
        });
        expect(job).toMatchObject({ laneKey: 'ref-1', attempts: 1, interruptions: 1 });
      } finally {
        await second.close();
      }
    } finally {
      await store.dispose();
    }
  });
});
