import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { CosellError } from '../errors.js';
import { createReopenableStore, useTestDb } from '../../test/support/db.js';
import { rowsOf, type Db, type Queryable } from './db.js';
import { describeSchema, renderSnapshot } from './describe.js';
import {
  defaultMigrationsDir,
  loadMigrations,
  migrate,
  migrationsTable,
  pendingMigrations,
} from './migrate.js';
import { openStore } from './open.js';

const t = useTestDb();
const tempDirs: string[] = [];
afterEach(() => {
  for (const dir of tempDirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

/** A copy of migrations/ with extra migrations appended to the journal. */
function migrationsWith(
  extra: { tag: string; sql: string }[],
  edit?: (tag: string, text: string) => string,
): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cosell-migrations-'));
  tempDirs.push(dir);
  fs.cpSync(defaultMigrationsDir, dir, { recursive: true });
  const journalFile = path.join(dir, 'meta', '_journal.json');
  const journal = JSON.parse(fs.readFileSync(journalFile, 'utf8')) as { entries: Record<string, unknown>[] };
  if (edit) {
    for (const e of journal.entries) {
      const file = path.join(dir, `${String(e.tag)}.sql`);
      fs.writeFileSync(file, edit(String(e.tag), fs.readFileSync(file, 'utf8')));
    }
  }
  for (const m of extra) {
    journal.entries.push({
      idx: journal.entries.length,
      version: '7',
      when: 0,
      tag: m.tag,
      breakpoints: true,
    });
    fs.writeFileSync(path.join(dir, `${m.tag}.sql`), m.sql);
  }
  fs.writeFileSync(journalFile, JSON.stringify(journal));
  return dir;
}

/** The product's own migrations, in order: the probes above are appended after them. */
function productMigrations(): string[] {
  return loadMigrations().map((m) => m.name);
}

async function recorded(db: Queryable): Promise<{ name: string; hash: string }[]> {
  return rowsOf(
    await db.orm.execute(sql`SELECT name, hash FROM ${sql.identifier(migrationsTable)} ORDER BY name`),
  );
}

async function count(db: Queryable, table: string): Promise<number> {
  const [row] = rowsOf<{ n: number }>(
    await db.orm.execute(sql`SELECT count(*)::int AS n FROM ${sql.identifier(table)}`),
  );
  return row?.n ?? -1;
}

async function tableExists(db: Queryable, table: string): Promise<boolean> {
  const [row] = rowsOf<{ ok: boolean }>(
    await db.orm.execute(sql`SELECT to_regclass(${table}) IS NOT NULL AS ok`),
  );
  return row?.ok === true;
}

describe('migrations', () => {
  it('are applied once and recorded with their hash', async () => {
    const expected = loadMigrations().map((m) => ({ name: m.name, hash: m.hash }));
    expect(expected.length).toBeGreaterThan(0);
    expect(await recorded(t.db)).toEqual(expected);
    expect(await pendingMigrations(t.db)).toEqual([]);
    expect(await migrate(t.db)).toEqual({ applied: [] });
    expect(await recorded(t.db)).toEqual(expected);
  });

  it('apply a new migration in order, statement by statement, exactly once', async () => {
    const dir = migrationsWith([
      {
        tag: '0101_probe',
        sql: 'CREATE TABLE probe_a (n int);\n--> statement-breakpoint\nINSERT INTO probe_a VALUES (1);',
      },
      { tag: '0102_probe', sql: 'INSERT INTO probe_a SELECT n + 1 FROM probe_a;' },
    ]);
    expect(await pendingMigrations(t.db, { migrationsDir: dir })).toEqual(['0101_probe', '0102_probe']);
    expect(await migrate(t.db, { migrationsDir: dir })).toEqual({ applied: ['0101_probe', '0102_probe'] });
    expect(await migrate(t.db, { migrationsDir: dir })).toEqual({ applied: [] });
    expect(await count(t.db, 'probe_a')).toBe(2);
    expect((await recorded(t.db)).map((r) => r.name)).toEqual([
      ...productMigrations(),
      '0101_probe',
      '0102_probe',
    ]);
    expect(await pendingMigrations(t.db, { migrationsDir: dir })).toEqual([]);
  });

  it('run by two migrators at once, apply each migration exactly once', async () => {
    const dir = migrationsWith([
      {
        tag: '0201_probe',
        sql: 'CREATE TABLE probe_b (n int);\n--> statement-breakpoint\nINSERT INTO probe_b VALUES (1);',
      },
      { tag: '0202_probe', sql: 'INSERT INTO probe_b VALUES (2);' },
      { tag: '0203_probe', sql: 'INSERT INTO probe_b VALUES (3);' },
    ]);
    // PostgreSQL: a second pool, i.e. another process's connection. PGlite: the same single connection.
    const other: Db = t.kind === 'postgres' ? await openStore(t.config, { migrate: false }) : t.db;
    try {
      const [a, b] = await Promise.all([
        migrate(t.db, { migrationsDir: dir }),
        migrate(other, { migrationsDir: dir }),
      ]);
      expect([...a.applied, ...b.applied].sort()).toEqual(['0201_probe', '0202_probe', '0203_probe']);
    } finally {
      if (other !== t.db) await other.close();
    }
    expect(await count(t.db, 'probe_b')).toBe(3);
  });

  it('opened twice on the same store (serially on PGlite, at once on PostgreSQL) are applied once', async () => {
    const store = await createReopenableStore();
    const dir = migrationsWith([
      {
        tag: '0301_probe',
        sql: 'CREATE TABLE probe_c (n int);\n--> statement-breakpoint\nINSERT INTO probe_c VALUES (1);',
      },
    ]);
    try {
      if (store.kind === 'postgres') {
        const dbs = await Promise.all([
          store.open({ migrationsDir: dir }),
          store.open({ migrationsDir: dir }),
        ]);
        await Promise.all(dbs.map((db) => db.close()));
      } else {
        await (await store.open({ migrationsDir: dir })).close();
        await (await store.open({ migrationsDir: dir })).close();
      }
      const db = await store.open({ migrationsDir: dir });
      try {
        expect(await count(db, 'probe_c')).toBe(1);
        expect((await recorded(db)).map((r) => r.name)).toEqual([...productMigrations(), '0301_probe']);
      } finally {
        await db.close();
      }
    } finally {
      await store.dispose();
    }
  });

  it('that fail are rolled back whole, reported as MIGRATION_FAILED, and leave the database usable', async () => {
    const dir = migrationsWith([
      { tag: '0401_bad', sql: 'CREATE TABLE half_done (n int);\n--> statement-breakpoint\nSELECT 1 / 0;' },
    ]);
    const err = await migrate(t.db, { migrationsDir: dir }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CosellError);
    expect((err as CosellError).code).toBe('MIGRATION_FAILED');
    expect((err as CosellError).params).toEqual({ migration: '0401_bad' });
    expect((err as CosellError).cause).toBeInstanceOf(Error);
    expect(await tableExists(t.db, 'half_done')).toBe(false);
    expect(await pendingMigrations(t.db, { migrationsDir: dir })).toEqual(['0401_bad']);
    // PGlite has one connection: a transaction left open by the failure would break this.
    expect(await count(t.db, 'jobs')).toBe(0);
  });

  it('refuse to run when an applied migration was edited', async () => {
    const dir = migrationsWith([], (_tag, text) => `${text}\n-- edited\n`);
    await expect(migrate(t.db, { migrationsDir: dir })).rejects.toMatchObject({
      code: 'MIGRATION_FAILED',
      params: { migration: '0000_init' },
    });
  });

  it('build the schema in the committed snapshot (src/store/schema.snapshot.sql)', async () => {
    const snapshot = fs.readFileSync(new URL('./schema.snapshot.sql', import.meta.url), 'utf8');
    // Tables made by other tests in this file are not part of the product's schema.
    const described = (await describeSchema(t.db))
      .split('\n\n')
      .filter((block) => !/^CREATE TABLE (probe_|half_done)/.test(block))
      .join('\n\n');
    expect(renderSnapshot(described)).toBe(snapshot);
  });
});
