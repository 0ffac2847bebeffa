// Scale-out driver: a real PostgreSQL through a `pg` Pool. Several worker processes share it.
import { PgDialect } from 'drizzle-orm/pg-core';
import { drizzle, NodePgSession, NodePgTransaction } from 'drizzle-orm/node-postgres';
import pg from 'pg';
import { CosellError } from '../errors.js';
import {
  DbKind,
  relationalSchema,
  type Db,
  type Queryable,
  type Schema,
  type SchemaRelations,
} from './db.js';
import * as schema from './schema.js';

export interface PostgresOptions {
  readonly databaseUrl: string;
  /** Pool size; default 10. */
  readonly maxConnections?: number;
  /** An idle pooled connection failed (server restart, network). The pool drops it; the default ignores it. */
  readonly onIdleError?: (err: Error) => void;
}

export interface PostgresDb extends Db {
  readonly kind: 'postgres';
}

export async function openPostgres(options: PostgresOptions): Promise<PostgresDb> {
  const pool = new pg.Pool({
    connectionString: options.databaseUrl,
    max: options.maxConnections ?? 10,
    connectionTimeoutMillis: 10_000,
  });
  // Without a listener, an error on an idle client is an unhandled 'error' event and ends the process.
  pool.on('error', (err) => options.onIdleError?.(err));
  try {
    await pool.query('SELECT 1');
  } catch (err) {
    await pool.end().catch(() => undefined);
    throw new CosellError('STORE_UNREACHABLE', { reason: unreachableReason(err, options.databaseUrl) });
  }
  return wrap(pool, options.databaseUrl);
}

function wrap(pool: pg.Pool, databaseUrl: string): PostgresDb {
  const listeners = new Set<() => Promise<void>>();
  const orm = drizzle({ client: pool, schema });
  const dialect = new PgDialect();
  const relations = relationalSchema();
  let closing: Promise<void> | undefined;
  return {
    kind: DbKind.postgres,
    orm,
    async exec(sql) {
      // No parameters: pg sends it with the simple query protocol, which allows several statements.
      await pool.query(sql);
    },
    async transaction(fn) {
      const client = await pool.connect();
      let broken: Error | undefined;
      try {
        await client.query('BEGIN');
        const tx = new NodePgTransaction<Schema, SchemaRelations>(
          dialect,
          new NodePgSession(client, dialect, relations),
          relations,
        );
        const q: Queryable = {
          kind: DbKind.postgres,
          orm: tx,
          async exec(sql) {
            await client.query(sql);
          },
        };
        try {
          const result = await fn(q);
          await client.query('COMMIT');
          return result;
        } catch (err) {
          try {
            await client.query('ROLLBACK');
          } catch (rollbackErr) {
            // The connection is unusable; destroy it rather than return it to the pool mid-transaction.
            broken = rollbackErr instanceof Error ? rollbackErr : new Error(String(rollbackErr));
          }
          throw err;
        }
      } finally {
        client.release(broken);
      }
    },
    async listen(channel, onNotify, onError) {
      const stop = await listenOn(databaseUrl, channel, onNotify, onError);
      const unlisten = async (): Promise<void> => {
        listeners.delete(unlisten);
        await stop();
      };
      listeners.add(unlisten);
      return unlisten;
    },
    close() {
      closing ??= (async () => {
        await Promise.all([...listeners].map((stop) => stop()));
        await pool.end();
      })();
      return closing;
    },
  };
}

const reconnectDelayMs = { first: 100, max: 5_000 } as const;

async function listenOn(
  databaseUrl: string,
  channel: string,
  onNotify: (payload: string) => void,
  onError: ((err: Error) => void) | undefined,
): Promise<() => Promise<void>> {
  // LISTEN takes an identifier, not a parameter: allow only plain names.
  if (!/^[a-z_][a-z0-9_]*$/.test(channel)) throw new TypeError(`invalid channel name: ${channel}`);
  let stopped = false;
  let current: pg.Client | undefined;
  let timer: NodeJS.Timeout | undefined;
  let delay: number = reconnectDelayMs.first;
  const report = (err: unknown): void => onError?.(err instanceof Error ? err : new Error(String(err)));

  const connect = async (): Promise<void> => {
    const client = new pg.Client({ connectionString: databaseUrl, connectionTimeoutMillis: 10_000 });
    client.on('notification', (msg) => {
      if (msg.channel === channel) onNotify(msg.payload ?? '');
    });
    // Without an 'error' listener a dropped connection is an unhandled error that ends the process.
    client.on('error', (err) => {
      report(err);
      lost(client);
    });
    client.on('end', () => lost(client));
    try {
      await client.connect();
      await client.query(`LISTEN ${channel}`);
    } catch (err) {
      await client.end().catch(() => undefined);
      throw err;
    }
    if (stopped) {
      await client.end().catch(() => undefined);
      return;
    }
    current = client;
  };
  const lost = (client: pg.Client): void => {
    if (stopped || current !== client) return;
    current = undefined;
    client.end().catch(() => undefined);
    retryLater();
  };
  const retryLater = (): void => {
    timer = setTimeout(() => {
      timer = undefined;
      if (stopped) return;
      connect().then(
        () => {
          delay = reconnectDelayMs.first;
          // Notifications sent while we were away are gone: let the listener look for itself.
          onNotify('');
        },
        (err: unknown) => {
          report(err);
          delay = Math.min(delay * 2, reconnectDelayMs.max);
          retryLater();
        },
      );
    }, delay);
  };

  await connect();
  return async () => {
    stopped = true;
    if (timer !== undefined) clearTimeout(timer);
    const client = current;
    current = undefined;
    await client?.end().catch(() => undefined);
  };
}

/** The driver's reason, with the password (raw or URL-encoded) masked wherever it appears. */
export function unreachableReason(err: unknown, databaseUrl: string): string {
  const parts: string[] = [];
  if (err instanceof Error) {
    const code = 'code' in err && typeof err.code === 'string' ? err.code : undefined;
    parts.push(code !== undefined ? `${code}: ${err.message}` : err.message);
    // pg reports AggregateError (every resolved address refused) with an empty message.
    if (err instanceof AggregateError) for (const inner of err.errors) parts.push(String(inner));
  } else {
    parts.push(String(err));
  }
  let reason = parts.filter((p) => p.length > 0).join('; ') || 'unknown error';
  for (const secret of passwordForms(databaseUrl)) reason = reason.split(secret).join('***');
  return reason;
}

function passwordForms(databaseUrl: string): string[] {
  try {
    const url = new URL(databaseUrl);
    if (url.password === '') return [];
    return [databaseUrl, url.password, decodeURIComponent(url.password)].filter((s) => s.length > 0);
  } catch {
    // Not parseable as a URL: the whole string may hold the password, so it must not appear at all.
    return [databaseUrl];
  }
}
