// Databases for tests. The suite runs on PGlite unless DATABASE_URL is set; then it runs on
// that PostgreSQL server, in databases of its own.
//
// - useTestDb(): one database per test file, emptied before each test.
//   PGlite: in memory, started from the migrated dump made by global-setup.ts (loadDataDir, ~0.5 s; never
//   initdb per file). PostgreSQL: a fresh database `cosell_t_<random>` on the server, migrated, dropped
//   after the file.
// - createReopenableStore(): a store that survives close() and can be opened again: a file-backed PGlite
//   in a temp dir, or a database of its own on PostgreSQL.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, inject } from 'vitest';
import { testDatabaseUrl, type Config } from '../../src/config.js';
import { rowsOf, type Db, type DbKind } from '../../src/store/db.js';
import { migrationsTable } from '../../src/store/migrate.js';
import { openStore, type OpenStoreOptions } from '../../src/store/open.js';
import { sql } from 'drizzle-orm';
import { createDatabase } from './postgres-databases.js';

export { createDatabase };

export type StoreConfig = Config['store'];

/** Which database the suite is on. */
export function testDbKind(): DbKind {
  return testDatabaseUrl() === undefined ? 'pglite' : 'postgres';
}

let template: Blob | undefined;
/** The migrated PGlite data directory made once per run by global-setup.ts. */
export function pgliteTemplate(): Blob {
  template ??= new Blob([fs.readFileSync(inject('cosellPgliteTemplate'))]);
  return template;
}

export interface TestDb {
  /** The file's database; valid inside tests and hooks. */
  readonly db: Db;
  readonly kind: DbKind;
  /** A temp data dir of the file's own; on PostgreSQL also the URL of the file's database. */
  readonly config: StoreConfig;
}

/** Call at the top of a test file. */
export function useTestDb(): TestDb {
  let db: Db | undefined;
  let config: StoreConfig | undefined;
  let dispose: (() => Promise<void>) | undefined;
  let truncate: string | undefined;

  beforeAll(async () => {
    const opened = await openTestDatabase();
    ({ db, config, dispose } = opened);
    const tables = rowsOf<{ name: string }>(
      await opened.db.orm.execute(
        sql`SELECT tablename AS name FROM pg_tables WHERE schemaname = current_schema() AND tablename <> ${migrationsTable} ORDER BY tablename`,
      ),
    );
    truncate = `TRUNCATE ${tables.map((t) => `"${t.name}"`).join(', ')} RESTART IDENTITY CASCADE`;
  });
  beforeEach(async () => {
    if (db !== undefined && truncate !== undefined) await db.exec(truncate);
  });
  afterAll(async () => {
    await db?.close();
    await dispose?.();
  });

  return {
    get db() {
      if (db === undefined) throw new Error('useTestDb(): the database is open only inside tests and hooks');
      return db;
    },
    get kind() {
      return testDbKind();
    },
    get config() {
      if (config === undefined) throw new Error('useTestDb(): not open yet');
      return config;
    },
  };
}

async function openTestDatabase(): Promise<{ db: Db; config: StoreConfig; dispose: () => Promise<void> }> {
  // A data dir of the file's own, for whatever a test keeps there (the generated secrets key).
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cosell-test-'));
  const removeDir = (): Promise<void> => {
    fs.rmSync(dataDir, { recursive: true, force: true });
    return Promise.resolve();
  };
  const serverUrl = testDatabaseUrl();
  if (serverUrl === undefined) {
    const config = storeConfig(dataDir);
    const db = await openStore(config, { inMemory: true, loadDataDir: pgliteTemplate() });
    return { db, config, dispose: removeDir };
  }
  const database = await createDatabase(serverUrl);
  const dispose = async (): Promise<void> => {
    await database.drop();
    await removeDir();
  };
  try {
    const config = storeConfig(dataDir, database.url);
    return { db: await openStore(config), config, dispose };
  } catch (err) {
    await dispose();
    throw err;
  }
}

export interface ReopenableStore {
  readonly kind: DbKind;
  /** dataDir is a fresh temp dir (also for PostgreSQL: the secrets key file lives there). */
  readonly config: StoreConfig;
  /** Opens (and migrates) the store; call close() on the result before opening it again. */
  open(options?: OpenStoreOptions): Promise<Db>;
  /** Removes the temp dir, or drops the database. Close what you opened first. */
  dispose(): Promise<void>;
}

/** A store that outlives close(): file-backed PGlite in a temp dir, or a database of its own on PostgreSQL. */
export async function createReopenableStore(): Promise<ReopenableStore> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cosell-store-'));
  const removeDir = (): Promise<void> => {
    fs.rmSync(dataDir, { recursive: true, force: true });
    return Promise.resolve();
  };
  const serverUrl = testDatabaseUrl();
  if (serverUrl === undefined) {
    const config = storeConfig(dataDir);
    return {
      kind: 'pglite',
      config,
      // loadDataDir is used only while the directory is new, so the first open skips initdb.
      open: (options = {}) => openStore(config, { loadDataDir: pgliteTemplate(), ...options }),
      dispose: removeDir,
    };
  }
  const database = await createDatabase(serverUrl);
  const config = storeConfig(dataDir, database.url);
  return {
    kind: 'postgres',
    config,
    open: (options = {}) => openStore(config, options),
    dispose: async () => {
      await database.drop();
      await removeDir();
    },
  };
}

export function storeConfig(dataDir: string, databaseUrl?: string): StoreConfig {
  return { dataDir, databaseUrl, secretsKey: undefined };
}
