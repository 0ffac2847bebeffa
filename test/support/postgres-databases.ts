// Throwaway databases on a PostgreSQL server, for the test suite and the benchmark (no test-runner imports
// here, so the benchmark can use it too).
import { randomBytes } from 'node:crypto';
import pg from 'pg';

/** An empty database `<prefix>_<random>` on the server, and how to drop it. */
export async function createDatabase(
  serverUrl: string,
  prefix = 'cosell_t',
): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `${prefix}_${randomBytes(6).toString('hex')}`;
  await admin(serverUrl, `CREATE DATABASE ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: () => admin(serverUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
  };
}

async function admin(serverUrl: string, statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl, connectionTimeoutMillis: 10_000 });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}
