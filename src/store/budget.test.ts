import { describe, expect, it } from 'vitest';
import { useTestDb } from '../../test/support/db.js';
import { tryConsume, usage, utcDay } from './budget.js';
import type { Db } from './db.js';
import { openStore } from './open.js';

const t = useTestDb();
const key = { system: 'partner-center', account: 'tenant-1', day: '2026-03-01' } as const;

describe('budget', () => {
  it('utcDay is the UTC calendar day', () => {
    expect(utcDay(new Date('2026-03-01T23:59:59.999Z'))).toBe('2026-03-01');
    expect(utcDay(new Date('2026-03-02T00:00:00.000Z'))).toBe('2026-03-02');
    expect(utcDay(new Date('2026-03-02T00:30:00+01:00'))).toBe('2026-03-01');
  });

  it('P1: allows calls up to the cap exactly, then refuses without counting', async () => {
    const results = [];
    for (let i = 0; i < 7; i++) results.push(await tryConsume(t.db, { ...key, cap: 5 }));
    expect(results.map((r) => r.allowed)).toEqual([true, true, true, true, true, false, false]);
    expect(results.map((r) => r.used)).toEqual([1, 2, 3, 4, 5, 5, 5]);
    expect(results[6]).toEqual({ allowed: false, used: 5, cap: 5 });
    expect(await usage(t.db, key)).toBe(5);
    // A raised cap lets work continue the same day.
    expect(await tryConsume(t.db, { ...key, cap: 6 })).toEqual({ allowed: true, used: 6, cap: 6 });
  });

  it('takes several calls at once only if all fit', async () => {
    expect(await tryConsume(t.db, { ...key, cap: 10, calls: 4 })).toEqual({
      allowed: true,
      used: 4,
      cap: 10,
    });
    expect(await tryConsume(t.db, { ...key, cap: 10, calls: 7 })).toEqual({
      allowed: false,
      used: 4,
      cap: 10,
    });
    expect(await tryConsume(t.db, { ...key, cap: 10, calls: 6 })).toEqual({
      allowed: true,
      used: 10,
      cap: 10,
    });
    const fresh = { ...key, account: 'tenant-2' };
    expect(await tryConsume(t.db, { ...fresh, cap: 3, calls: 4 })).toEqual({
      allowed: false,
      used: 0,
      cap: 3,
    });
    expect(await usage(t.db, fresh)).toBe(0);
    await expect(tryConsume(t.db, { ...key, cap: 10, calls: 0 })).rejects.toThrow(RangeError);
  });

  it('counts per UTC day, per account and per system', async () => {
    for (let i = 0; i < 3; i++) await tryConsume(t.db, { ...key, cap: 3 });
    expect((await tryConsume(t.db, { ...key, cap: 3 })).allowed).toBe(false);
    expect(await tryConsume(t.db, { ...key, day: '2026-03-02', cap: 3 })).toMatchObject({
      allowed: true,
      used: 1,
    });
    expect(await tryConsume(t.db, { ...key, account: 'tenant-2', cap: 3 })).toMatchObject({
      allowed: true,
      used: 1,
    });
    expect(await tryConsume(t.db, { ...key, system: 'salesforce', cap: 3 })).toMatchObject({
      allowed: true,
      used: 1,
    });
    expect(await usage(t.db, key)).toBe(3);
  });

  it('concurrent consumers (two pools on PostgreSQL) never pass the cap together', async () => {
    const other: Db = t.kind === 'postgres' ? await openStore(t.config, { migrate: false }) : t.db;
    try {
      const attempts = Array.from({ length: 40 }, (_, i) =>
        tryConsume(i % 2 === 0 ? t.db : other, { ...key, cap: 25 }),
      );
      const results = await Promise.all(attempts);
      expect(results.filter((r) => r.allowed)).toHaveLength(25);
      expect(await usage(t.db, key)).toBe(25);
    } finally {
      if (other !== t.db) await other.close();
    }
  });
});
