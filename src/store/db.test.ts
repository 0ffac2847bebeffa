import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { CosellError } from '../errors.js';
import { useTestDb } from '../../test/support/db.js';
import { getCursor, setCursor } from './cursors.js';
import { rowsOf } from './db.js';
import { openPostgres } from './postgres.js';

const t = useTestDb();
const now = new Date('2026-03-01T12:00:00Z');

describe('Db', () => {
  it('commits a transaction when its function resolves', async () => {
    const result = await t.db.transaction(async (tx) => {
      await setCursor(tx, 'a', '1', now);
      await setCursor(tx, 'b', '2', now);
      return 'done';
    });
    expect(result).toBe('done');
    expect([await getCursor(t.db, 'a'), await getCursor(t.db, 'b')]).toEqual(['1', '2']);
  });

  it('rolls back after a failed statement inside a transaction, and stays usable', async () => {
    await setCursor(t.db, 'kept', 'before', now);
    const err = await t.db
      .transaction(async (tx) => {
        await setCursor(tx, 'kept', 'changed', now);
        await setCursor(tx, 'new', 'x', now);
        await tx.orm.execute(sql`SELECT 1 / 0`);
      })
      .catch((e: unknown) => e);
    // drizzle wraps the driver's error; the database's own message is its cause.
    expect(String((err as Error).cause)).toMatch(/division by zero/);
    expect(await getCursor(t.db, 'kept')).toBe('before');
    expect(await getCursor(t.db, 'new')).toBeUndefined();
    // The next transaction works: nothing was left open on PGlite's single connection.
    await t.db.transaction((tx) => setCursor(tx, 'after', 'ok', now));
    expect(await getCursor(t.db, 'after')).toBe('ok');
  });

  it('exec runs several statements, inside a transaction too, and rolls back with it', async () => {
    await t.db.exec(
      `CREATE TEMP TABLE scratch (n int); INSERT INTO scratch VALUES (1); INSERT INTO scratch VALUES (2);`,
    );
    await t.db
      .transaction(async (tx) => {
        await tx.exec(`INSERT INTO scratch VALUES (3); INSERT INTO scratch VALUES (4);`);
        throw new Error('abandon');
      })
      .catch(() => undefined);
    await t.db.transaction((tx) =>
      tx.exec(`INSERT INTO scratch VALUES (5); INSERT INTO scratch VALUES (6);`),
    );
    const rows = rowsOf<{ n: number }>(await t.db.orm.execute(sql`SELECT n FROM scratch ORDER BY n`));
    expect(rows.map((r) => r.n)).toEqual([1, 2, 5, 6]);
    await t.db.exec('DROP TABLE scratch');
  });

  it('reports an unreachable PostgreSQL as STORE_UNREACHABLE without the password', async () => {
    const password = 'pa:ss/wörd-Sekret';
    const url = `postgres://cosell:${encodeURIComponent(password)}@127.0.0.1:1/cosell`;
    const err = await openPostgres({ databaseUrl: url }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CosellError);
    const coded = err as CosellError;
    expect(coded.code).toBe('STORE_UNREACHABLE');
    expect(String(coded.params.reason)).toMatch(/ECONNREFUSED/);
    const everything = `${coded.message} ${JSON.stringify(coded.params)} ${String(coded.stack)}`;
    for (const form of [password, encodeURIComponent(password), 'Sekret'])
      expect(everything).not.toContain(form);
  });
});
