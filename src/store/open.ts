import type { Config } from '../config.js';
import type { Db } from './db.js';
import { migrate } from './migrate.js';
import { openPglite } from './pglite.js';
import { openPostgres } from './postgres.js';

export interface OpenStoreOptions {
  /** PGlite only: keep the database in memory instead of `<dataDir>/pg` (tests, the demo). */
  readonly inMemory?: boolean;
  /** PGlite only: start a new database from a dump instead of running initdb. */
  readonly loadDataDir?: Blob;
  /** Default true. False only for tools that inspect a database as it is. */
  readonly migrate?: boolean;
  readonly migrationsDir?: string;
  /** PostgreSQL only: pool size. */
  readonly maxConnections?: number;
}

/**
 * Opens PostgreSQL when `databaseUrl` is set, otherwise PGlite in `dataDir`, and brings the schema up to
 * date before returning. The caller must close() it: an open PGlite keeps the process alive and holds the
 * data directory's lock.
 */
export async function openStore(config: Config['store'], options: OpenStoreOptions = {}): Promise<Db> {
  const db =
    config.databaseUrl !== undefined
      ? await openPostgres({
          databaseUrl: config.databaseUrl,
          ...(options.maxConnections !== undefined ? { maxConnections: options.maxConnections } : {}),
        })
      : await openPglite({
          ...(options.inMemory === true ? {} : { dataDir: config.dataDir }),
          ...(options.loadDataDir !== undefined ? { loadDataDir: options.loadDataDir } : {}),
        });
  if (options.migrate === false) return db;
  try {
    await migrate(db, options.migrationsDir !== undefined ? { migrationsDir: options.migrationsDir } : {});
  } catch (err) {
    await db.close();
    throw err;
  }
  return db;
}
