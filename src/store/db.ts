// The one database interface the product uses. Two drivers implement it (pglite.ts, postgres.ts); query
// modules take a `Queryable` so the same function runs on a Db or inside one of its transactions.
import {
  createTableRelationsHelpers,
  extractTablesRelationalConfig,
  type ExtractTablesWithRelations,
  type RelationalSchemaConfig,
} from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import * as schema from './schema.js';

export type Schema = typeof schema;
export type SchemaRelations = ExtractTablesWithRelations<Schema>;

/** drizzle, typed so both drivers' databases and transactions fit with no casts (docs/decisions.md). */
export type Orm = PgDatabase<PgQueryResultHKT, Schema>;

export const DbKind = { pglite: 'pglite', postgres: 'postgres' } as const;
export type DbKind = (typeof DbKind)[keyof typeof DbKind];

/** A database or an open transaction: what every query module takes. */
export interface Queryable {
  readonly kind: DbKind;
  readonly orm: Orm;
  /** Runs SQL without parameters, several statements allowed (DDL, migrations); returns no rows. */
  exec(sql: string): Promise<void>;
}

export interface Db extends Queryable {
  /**
   * Runs `fn` in one transaction: committed when it resolves, rolled back when it throws (PGlite keeps one
   * connection, so a failed statement must never leave a transaction open). On PGlite every other query
   * waits until the transaction ends: keep them short.
   */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  /** Idempotent. Releases the connection(s), and for PGlite the data directory lock. */
  close(): Promise<void>;
  /**
   * PostgreSQL only: LISTEN on `channel` over a dedicated connection (a pooled one would drop the
   * subscription when it goes back to the pool), so workers in other processes hear about new jobs at once.
   * The connection comes back by itself after a failure; `onNotify('')` then says something may have been
   * missed. Resolves once listening; the function it returns stops. PGlite has no other processes to hear
   * from, so it leaves this out (the in-process wake bus does the work there).
   */
  listen?(
    channel: string,
    onNotify: (payload: string) => void,
    onError?: (err: Error) => void,
  ): Promise<() => Promise<void>>;
}

/** What drizzle's own constructors build from the schema; shared by both drivers' transactions. */
export function relationalSchema(): RelationalSchemaConfig<SchemaRelations> {
  const tables = extractTablesRelationalConfig<SchemaRelations>(schema, createTableRelationsHelpers);
  return { fullSchema: schema, schema: tables.tables, tableNamesMap: tables.tableNamesMap };
}

/**
 * Rows of a raw `orm.execute(sql...)` result. Both drivers answer with an object holding `rows`, but the
 * driver-neutral drizzle type cannot say so. Values are the driver's raw values (timestamps as text).
 */
export function rowsOf<T>(result: unknown): T[] {
  if (typeof result === 'object' && result !== null && 'rows' in result && Array.isArray(result.rows)) {
    return result.rows as T[];
  }
  throw new TypeError('query result has no rows');
}
