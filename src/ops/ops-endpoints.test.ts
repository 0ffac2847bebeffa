// /healthz, /readyz and /metrics over real HTTP against the test database.
import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { useTestDb } from '../../test/support/db.js';
import { configFrom } from '../config.js';
import { buildServer, closeServer, listen } from '../http/server.js';
import { createLogger } from '../logger.js';
import { consumeToday } from '../store/budget.js';
import { saveConnection } from '../store/connections.js';
import { enqueue } from '../store/jobs.js';
import { ensureLink } from '../store/links.js';
import { openStore } from '../store/open.js';
import { System } from '../store/schema.js';
import { createMetrics } from './metrics.js';
import { checkReadiness } from './readiness.js';

const t = useTestDb();
const logger = createLogger({ level: 'silent' });
const servers: FastifyInstance[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) await closeServer(s, 0);
});

const config = configFrom({ COSELL_PC_DAILY_CAP: '50', COSELL_CRM: 'salesforce' });
const now = new Date();

async function serve(db = t.db): Promise<string> {
  const server = await buildServer({
    config,
    db,
    logger,
    metrics: createMetrics({ db, config, processMetrics: false }),
    readiness: () => checkReadiness({ db, config }),
  });
  servers.push(server);
  return `http://127.0.0.1:${await listen(server, '127.0.0.1', 0)}`;
}

async function connect(system: System, refreshTokenExpiresAt?: Date): Promise<void> {
  await saveConnection(
    t.db,
    randomBytes(32),
    {
      system,
      accountId: `${system}-account`,
      scopes: [],
      secret: { refreshToken: 'r' },
      refreshTokenExpiresAt,
    },
    now,
  );
}

describe('ops endpoints', () => {
  it('/readyz: unready until both connections exist, ready then, unready again when the Partner Center budget is spent', async () => {
    const url = await serve();
    expect((await fetch(`${url}/healthz`)).status).toBe(200);

    const before = await fetch(`${url}/readyz`);
    expect(before.status).toBe(503);
    const unready = (await before.json()) as { checks: { name: string; ok: boolean; code?: string }[] };
    expect(unready.checks.find((c) => c.name === 'connections')).toMatchObject({
      ok: false,
      code: 'AUTH_NOT_CONNECTED',
    });
    expect(unready.checks.filter((c) => c.ok).map((c) => c.name)).toEqual(['store', 'migrations', 'budget']);

    await connect(System.partnerCenter);
    await connect(System.salesforce, new Date(now.getTime() + 90 * 86_400_000));
    const ready = await fetch(`${url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ status: 'ready', ready: true });

    await consumeToday(t.db, { system: System.partnerCenter, account: 'a', cap: 50, calls: 50, now });
    const spent = await fetch(`${url}/readyz`);
    expect(spent.status).toBe(503);
    const body = (await spent.json()) as { checks: { name: string; code?: string }[] };
    expect(body.checks.find((c) => c.name === 'budget')?.code).toBe('PC_BUDGET_EXHAUSTED');
  });

  it('/readyz: a store that went away makes the process unready, while /healthz still answers', async () => {
    const db = await openStore(t.config, { migrate: false });
    const url = await serve(db);
    await db.close();
    const res = await fetch(`${url}/readyz`);
    expect(res.status).toBe(503);
    expect(await res.json()).toMatchObject({
      checks: [{ name: 'store', ok: false, code: 'STORE_UNREACHABLE' }],
    });
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
  });

  it('a worker-only process serves the probes and metrics but no webhook route', async () => {
    const server = await buildServer({
      config,
      db: t.db,
      logger,
      receiveWebhooks: false,
      readiness: () => checkReadiness({ db: t.db, config }),
    });
    servers.push(server);
    const url = `http://127.0.0.1:${await listen(server, '127.0.0.1', 0)}`;
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    expect((await fetch(`${url}/webhooks/partner-center`, { method: 'POST', body: '{}' })).status).toBe(404);
  });

  it('/metrics: jobs, links, budget and token expiry read from the store, and refused webhooks by code, in Prometheus text', async () => {
    await enqueue(
      t.db,
      [{ kind: 'referral.sync', laneKey: 'referral:m1' }],
      new Date(now.getTime() - 60_000),
    );
    await consumeToday(t.db, { system: System.partnerCenter, account: 'a', cap: 50, calls: 7, now });
    await connect(System.partnerCenter, new Date(now.getTime() + 10 * 86_400_000));
    for (const n of [1, 2])
      await ensureLink(
        t.db,
        { referralId: `m-ref-${n}`, crmSystem: 'salesforce', crmRecordId: `006M${n}`, mappingVersion: 1 },
        now,
      );
    const url = await serve();
    const refused = await fetch(`${url}/webhooks/partner-center`, { method: 'POST', body: '{}' });
    expect(refused.status).toBe(401);

    const res = await fetch(`${url}/metrics`);
    expect(res.headers.get('content-type')).toContain('text/plain');
    const text = await res.text();
    expect(text).toMatch(/^cosell_jobs\{status="queued"\} 1$/m);
    expect(text).toMatch(/^cosell_jobs_due 1$/m);
    expect(text).toMatch(/^cosell_links\{crm="salesforce"\} 2$/m);
    expect(Number(/^cosell_oldest_open_job_age_seconds (\S+)$/m.exec(text)?.[1])).toBeGreaterThanOrEqual(59);
    expect(text).toMatch(/^cosell_api_calls_today\{system="partner-center"\} 7$/m);
    expect(text).toMatch(/^cosell_api_budget_remaining\{system="partner-center"\} 43$/m);
    const days = Number(/^cosell_token_expiry_days\{system="partner-center"\} (\S+)$/m.exec(text)?.[1]);
    expect(days).toBeGreaterThan(9.9);
    expect(days).toBeLessThanOrEqual(10);
    expect(text).toMatch(/^cosell_webhooks_total\{outcome="refused",code="WEBHOOK_SIGNATURE_MISSING"\} 1$/m);
  });
});
