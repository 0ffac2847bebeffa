// `npx tsx bench/console.ts [--db pglite|postgres] [--records N]`: the console's record list over N records
// (default 100,000) in the record index: the keyset query's plan, and the time of the first page, a deep
// page (the cursor of row N/2), a filtered page and a text search, read through the JSON API and as the
// rendered HTML page over loopback. PostgreSQL: DATABASE_URL, else postgres://postgres@127.0.0.1:5432/postgres
// (a database of its own, dropped after).
import { parseArgs } from 'node:util';
import { sql } from 'drizzle-orm';
import { configFrom, testDatabaseUrl } from '../src/config.js';
import { encodeCursor } from '../src/console/data.js';
import { buildServer, closeServer, listen } from '../src/http/server.js';
import { createLogger } from '../src/logger.js';
import { rowsOf, type Db } from '../src/store/db.js';
import { migrate } from '../src/store/migrate.js';
import { openPglite } from '../src/store/pglite.js';
import { openStore } from '../src/store/open.js';
import { UserRole } from '../src/store/schema.js';
import { addUser, createApiToken } from '../src/store/users.js';
import { createDatabase } from '../test/support/postgres-databases.js';

const { values } = parseArgs({
  options: { db: { type: 'string', default: 'pglite' }, records: { type: 'string', default: '100000' } },
});
const records = Number(values.records);

async function open(): Promise<{ db: Db; dispose: () => Promise<void> }> {
  if (values.db === 'postgres') {
    const database = await createDatabase(testDatabaseUrl() ?? 'postgres://postgres@127.0.0.1:5432/postgres');
    const db = await openStore({ dataDir: '.data/bench', databaseUrl: database.url, secretsKey: undefined });
    return {
      db,
      dispose: async () => {
        await db.close();
        await database.drop();
      },
    };
  }
  const db = await openPglite();
  await migrate(db);
  return { db, dispose: () => db.close() };
}

async function timed<T>(fn: () => Promise<T>, repeats = 5): Promise<{ ms: number; result: T }> {
  let result = await fn(); // warm
  const started = performance.now();
  for (let i = 0; i < repeats; i++) result = await fn();
  return { ms: Math.round(((performance.now() - started) / repeats) * 10) / 10, result };
}

const { db, dispose } = await open();
try {
  let t = performance.now();
  await db.exec(`INSERT INTO record_index (key, referral_id, crm_system, crm_record_id, name, status, direction, outcome, reason_code, updated_at)
    SELECT 'ref-' || lpad(i::text, 7, '0'), 'ref-' || lpad(i::text, 7, '0'), 'salesforce', '006' || lpad(i::text, 15, '0'),
      'Deal ' || i, (ARRAY['pending','active','won','lost'])[1 + i % 4], CASE WHEN i % 2 = 0 THEN 'pc-to-crm' ELSE 'crm-to-pc' END,
      CASE WHEN i % 10 = 0 THEN 'failed' WHEN i % 7 = 0 THEN 'skipped' ELSE 'created' END,
      CASE WHEN i % 10 = 0 THEN 'VALIDATION_COUNTRY_INVALID' END,
      timestamptz '2026-01-01' + (i || ' seconds')::interval
    FROM generate_series(1, ${records}) AS i`);
  await db.exec('ANALYZE record_index');
  const loadMs = Math.round(performance.now() - t);
  const deep = rowsOf<{ key: string; updated_at: string | Date }>(
    await db.orm.execute(
      sql`SELECT key, updated_at FROM record_index ORDER BY updated_at DESC, key DESC OFFSET ${Math.floor(records / 2)} LIMIT 1`,
    ),
  )[0];
  if (deep === undefined) throw new Error('no rows');
  const cursor = encodeCursor({ key: deep.key, updatedAt: new Date(deep.updated_at) });
  const plan = rowsOf<Record<string, string>>(
    await db.orm.execute(
      sql`EXPLAIN SELECT * FROM record_index WHERE (updated_at, key) < (${new Date(deep.updated_at)}, ${deep.key}) ORDER BY updated_at DESC, key DESC LIMIT 51`,
    ),
  ).map((r) => Object.values(r)[0]);

  await addUser(db, { username: 'bench', role: UserRole.viewer, password: 'bench password 1' });
  const token = await createApiToken(db, 'bench', 'bench');
  const config = configFrom({});
  const server = await buildServer({
    config,
    db,
    logger: createLogger({ level: 'silent' }),
    console: { config },
  });
  const base = `http://127.0.0.1:${await listen(server, '127.0.0.1', 0)}`;
  const get = async (path: string) => {
    const response = await fetch(`${base}${path}`, { headers: { authorization: `Bearer ${token}` } });
    if (!response.ok) throw new Error(`${path}: ${response.status}`);
    return (await response.text()).length;
  };
  const result: Record<string, number> = { records, loadMs };
  for (const [name, path] of [
    ['firstPageApi', '/api/v1/records?limit=50'],
    ['deepPageApi', `/api/v1/records?limit=50&after=${cursor}`],
    ['failedPageApi', '/api/v1/records?limit=50&outcome=failed'],
    ['deepFailedPageApi', `/api/v1/records?limit=50&outcome=failed&after=${cursor}`],
    ['searchApi', '/api/v1/records?limit=50&q=Deal%20999'],
    ['firstPageHtml', '/console/records'],
    ['deepPageHtml', `/console/records?after=${cursor}`],
  ] as const) {
    t = performance.now();
    result[`${name}Ms`] = (await timed(() => get(path))).ms;
  }
  await closeServer(server, 0);
  console.log(`record_index keyset plan (${values.db}):\n  ${plan.join('\n  ')}`);
  console.log(JSON.stringify({ db: values.db, ...result }));
} finally {
  await dispose();
}
