// The console over real HTTP (Fastify on port 0, the test database): sign-in, sessions, CSRF, roles, API
// tokens, escaping, keyset paging, throttling, languages and live updates.
import type { FastifyInstance } from 'fastify';
import { sql } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { useTestDb } from '../../test/support/db.js';
import { configFrom } from '../config.js';
import { buildServer, closeServer, listen } from '../http/server.js';
import { createLogger } from '../logger.js';
import { insertAudit, type AuditInput } from '../store/audit.js';
import { getJob } from '../store/jobs.js';
import { insertRun } from '../store/runs.js';
import { AuditAction, AuditDirection, RunStatus, RunTrigger, UserRole } from '../store/schema.js';
import { addUser, createApiToken } from '../store/users.js';
import { rowsOf } from '../store/db.js';
import type { ConsoleDeps } from './index.js';

const t = useTestDb();
const logger = createLogger({ level: 'silent' });
const config = configFrom({ COSELL_CRM: 'salesforce' });
const servers: FastifyInstance[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) await closeServer(s, 0);
});

const password = 'correct horse battery';

async function serve(extra: Partial<Omit<ConsoleDeps, 'db' | 'logger'>> = {}): Promise<string> {
  const server = await buildServer({
    config,
    db: t.db,
    logger,
    console: { config, liveEveryMs: 50, ...extra },
  });
  servers.push(server);
  return `http://127.0.0.1:${await listen(server, '127.0.0.1', 0)}`;
}

/** A browser-like client: keeps the session cookie, follows nothing by itself. */
class Client {
  cookies = new Map<string, string>();
  constructor(readonly base: string) {}
  async request(path: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    if (this.cookies.size > 0)
      headers.set('cookie', [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; '));
    const response = await fetch(`${this.base}${path}`, { ...init, headers, redirect: 'manual' });
    for (const line of response.headers.getSetCookie()) {
      const [pair = ''] = line.split(';');
      const [name = '', value = ''] = pair.split('=');
      if (value === '' || /expires=Thu, 01 Jan 1970/i.test(line)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return response;
  }
  form(
    path: string,
    fields: Record<string, string>,
    headers: Record<string, string> = {},
  ): Promise<Response> {
    return this.request(path, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
      body: new URLSearchParams(fields).toString(),
    });
  }
  async login(username: string, secret = password): Promise<Response> {
    return this.form('/console/login', { username, password: secret });
  }
  /** The page's CSRF token (from its meta tag). */
  async csrf(): Promise<string> {
    const page = await (await this.request('/console/settings')).text();
    const token = /<meta name="csrf-token" content="([^"]+)"/.exec(page)?.[1];
    if (token === undefined) throw new Error('no csrf token on the page');
    return token;
  }
}

async function failedRun(subject = 'ref-1'): Promise<number> {
  const now = new Date();
  return insertRun(t.db, {
    flow: 'partner-center-to-crm',
    trigger: RunTrigger.webhook,
    subject,
    startedAt: now,
    finishedAt: now,
    status: RunStatus.failed,
    apiCalls: 1,
    error: { code: 'VALIDATION_COUNTRY_INVALID', params: { value: 'Holland' } },
    job: {
      id: 1,
      kind: 'pc-referral-sync',
      laneKey: `referral:${subject}`,
      payload: { referralId: subject },
    },
  });
}

function entry(i: number, overrides: Partial<AuditInput> = {}): AuditInput {
  return {
    at: new Date(Date.UTC(2026, 0, 1, 0, 0, i)),
    referralId: `ref-${String(i).padStart(4, '0')}`,
    crmSystem: 'salesforce',
    direction: AuditDirection.toCrm,
    action: i % 3 === 0 ? AuditAction.failed : AuditAction.created,
    reasonCode: i % 3 === 0 ? 'VALIDATION_COUNTRY_INVALID' : undefined,
    fieldDiff: { name: `Deal ${i}`, status: 'active' },
    ...overrides,
  };
}

beforeEach(async () => {
  await addUser(t.db, { username: 'ada', role: UserRole.admin, password });
  await addUser(t.db, { username: 'otto', role: UserRole.operator, password });
  await addUser(t.db, { username: 'vera', role: UserRole.viewer, password });
});

describe('console access', () => {
  it('sends a stranger to the sign-in page, and the API answers 401 CONSOLE_UNAUTHENTICATED', async () => {
    const c = new Client(await serve());
    const page = await c.request('/console/records');
    expect(page.status).toBe(303);
    expect(page.headers.get('location')).toBe('/console/login?back=%2Fconsole%2Frecords');
    const api = await c.request('/api/v1/overview');
    expect(api.status).toBe(401);
    expect(((await api.json()) as { error: { code: string } }).error.code).toBe('CONSOLE_UNAUTHENTICATED');
  });

  it('signs in with the right password only, into an HttpOnly SameSite session cookie, and signs out', async () => {
    const c = new Client(await serve());
    const wrong = await c.login('ada', 'wrong password!!');
    expect(wrong.headers.get('location')).toMatch(/^\/console\/login\?failed=1/);
    expect(c.cookies.has('cosell_session')).toBe(false);
    const ok = await c.login('ada');
    expect(ok.status).toBe(303);
    const cookie = ok.headers.getSetCookie().find((l) => l.startsWith('cosell_session='));
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    const overview = await c.request('/console');
    expect(overview.status).toBe(200);
    expect(overview.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(overview.headers.get('content-security-policy')).not.toContain('unsafe-inline');
    expect(await overview.text()).toContain('ada (admin)');
    await c.form('/console/logout', { _csrf: await c.csrf() });
    expect((await c.request('/console')).status).toBe(303);
  });

  it('keeps only a scrypt hash of each password and a SHA-256 of each API token', async () => {
    const token = await createApiToken(t.db, 'vera', 'script');
    const users = rowsOf<{ password_hash: string }>(
      await t.db.orm.execute(sql`SELECT password_hash FROM users`),
    );
    expect(
      users.every((u) => u.password_hash.startsWith('scrypt$') && !u.password_hash.includes(password)),
    ).toBe(true);
    const tokens = rowsOf<{ token_hash: string }>(
      await t.db.orm.execute(sql`SELECT token_hash FROM api_tokens`),
    );
    expect(tokens.map((r) => r.token_hash)).not.toContain(token);
    expect(tokens[0]?.token_hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('throttles sign-in: past the allowed attempts a minute, 429 LOGIN_THROTTLED', async () => {
    const c = new Client(await serve({ loginAttemptsPerMinute: 3 }));
    for (let i = 0; i < 3; i++) expect((await c.login('ada', 'wrong password!!')).status).toBe(303);
    const refused = await c.login('ada');
    expect(refused.status).toBe(429);
    expect(await refused.text()).toContain('LOGIN_THROTTLED');
    expect(c.cookies.has('cosell_session')).toBe(false);
  });
});

describe('CSRF and roles', () => {
  it('R4: refuses a state-changing request without the session token (403 CSRF_INVALID), and a cross-site sign-in', async () => {
    const c = new Client(await serve());
    await c.login('ada');
    const runId = await failedRun();
    const forged = await c.form(`/console/runs/${runId}/resubmit`, {}, { origin: 'https://evil.example' });
    expect(forged.status).toBe(403);
    expect(await forged.text()).toContain('CSRF_INVALID');
    const api = await c.request(`/api/v1/runs/${runId}/resubmit`, { method: 'POST' });
    expect(api.status).toBe(403);
    expect(((await api.json()) as { error: { code: string } }).error.code).toBe('CSRF_INVALID');
    const stranger = new Client(c.base);
    const crossLogin = await stranger.form(
      '/console/login',
      { username: 'ada', password },
      { origin: 'https://evil.example' },
    );
    expect(crossLogin.status).toBe(403);
    // With the token the same request goes through.
    const ok = await c.form(`/console/runs/${runId}/resubmit`, { _csrf: await c.csrf() });
    expect(ok.status).toBe(303);
  });

  it('R4: a viewer reads but gets 403 CONSOLE_FORBIDDEN on resubmit, through the form and the API; an operator resubmits', async () => {
    const base = await serve();
    const runId = await failedRun();
    const viewer = new Client(base);
    await viewer.login('vera');
    expect((await viewer.request(`/console/runs/${runId}`)).status).toBe(200);
    expect(await (await viewer.request(`/console/runs/${runId}`)).text()).not.toContain('/resubmit');
    const form = await viewer.form(`/console/runs/${runId}/resubmit`, { _csrf: await viewer.csrf() });
    expect(form.status).toBe(403);
    expect(await form.text()).toContain('CONSOLE_FORBIDDEN');
    const viewerToken = await createApiToken(t.db, 'vera', 'script');
    const api = await fetch(`${base}/api/v1/runs/${runId}/resubmit`, {
      method: 'POST',
      headers: { authorization: `Bearer ${viewerToken}` },
    });
    expect(api.status).toBe(403);
    expect(((await api.json()) as { error: { code: string } }).error.code).toBe('CONSOLE_FORBIDDEN');

    const operatorToken = await createApiToken(t.db, 'otto', 'script');
    const done = await fetch(`${base}/api/v1/runs/${runId}/resubmit`, {
      method: 'POST',
      headers: { authorization: `Bearer ${operatorToken}` },
    });
    expect(done.status).toBe(202);
    const body = (await done.json()) as { runId: number; jobId: number };
    expect(body.runId).toBe(runId);
    expect((await getJob(t.db, body.jobId))?.trigger).toBe(RunTrigger.resubmit);
    const bogus = await fetch(`${base}/api/v1/overview`, { headers: { authorization: 'Bearer nope' } });
    expect(bogus.status).toBe(401);
  });
});

describe('records', () => {
  it('renders text from a remote system as text: a referral named <script> shows that string', async () => {
    const name = '<script>alert("owned")</script><img src=x onerror=alert(1)>';
    await insertAudit(t.db, [entry(1, { referralId: 'ref-html', fieldDiff: { name } })]);
    const c = new Client(await serve());
    await c.login('vera');
    for (const path of ['/console/records', '/console/records/ref-html']) {
      const page = await c.request(path);
      const text = await page.text();
      expect(text).toContain(
        '&lt;script&gt;alert(&quot;owned&quot;)&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;',
      );
      expect(text).not.toContain('<script>alert');
      expect(text).not.toContain('<img src=x');
    }
  });

  it('pages with a keyset cursor: every record once, newest first; filters by outcome and text', async () => {
    await insertAudit(
      t.db,
      Array.from({ length: 120 }, (_, i) => entry(i + 1)),
    );
    const c = new Client(await serve());
    await c.login('vera');
    const seen: string[] = [];
    let after: string | undefined;
    for (;;) {
      const response = await c.request(
        `/api/v1/records?limit=50${after !== undefined ? `&after=${after}` : ''}`,
      );
      const page = (await response.json()) as { records: { key: string }[]; next?: string };
      seen.push(...page.records.map((r) => r.key));
      if (page.next === undefined) break;
      after = page.next;
    }
    expect(seen).toHaveLength(120);
    expect(new Set(seen).size).toBe(120);
    expect(seen[0]).toBe('ref-0120');
    const failed = (await (await c.request('/api/v1/records?outcome=failed&limit=500')).json()) as {
      records: { outcome: string }[];
    };
    expect(failed.records).toHaveLength(40);
    expect(failed.records.every((r) => r.outcome === 'failed')).toBe(true);
    const search = (await (await c.request('/api/v1/records?q=deal%2011')).json()) as {
      records: { key: string }[];
    };
    expect(search.records.map((r) => r.key).sort()).toEqual([
      'ref-0011',
      'ref-0110',
      'ref-0111',
      'ref-0112',
      'ref-0113',
      'ref-0114',
      'ref-0115',
      'ref-0116',
      'ref-0117',
      'ref-0118',
      'ref-0119',
    ]);
    const html = await (await c.request('/console/records')).text();
    expect(html).toContain('rel="next"');
  });

  it('keeps the latest decision per record: a later success replaces a failure, an opportunity folds into its referral', async () => {
    await insertAudit(t.db, [entry(3)]);
    await insertAudit(t.db, [
      entry(0, {
        referralId: undefined,
        crmRecordId: '006A',
        direction: AuditDirection.toPartnerCenter,
        action: AuditAction.failed,
        reasonCode: 'VALIDATION_SOLUTION_MISSING',
      }),
    ]);
    await insertAudit(t.db, [
      entry(4, { referralId: 'ref-0003', action: AuditAction.created, reasonCode: undefined }),
    ]);
    await insertAudit(t.db, [
      entry(5, {
        referralId: 'ref-new',
        crmRecordId: '006A',
        action: AuditAction.created,
        reasonCode: undefined,
      }),
    ]);
    const c = new Client(await serve());
    await c.login('vera');
    const page = (await (await c.request('/api/v1/records')).json()) as {
      records: { key: string; outcome: string }[];
    };
    expect(page.records.map((r) => [r.key, r.outcome])).toEqual([
      ['ref-new', 'created'],
      ['ref-0003', 'created'],
    ]);
  });
});

describe('pages and languages', () => {
  it('shows every page; in a process without the doctor the Doctor page says so; switching to Dutch and Chinese translates', async () => {
    const runId = await failedRun();
    await insertAudit(t.db, [entry(3, { referralId: 'ref-1', runId })]);
    const c = new Client(await serve());
    await c.login('otto');
    for (const path of [
      '/console',
      '/console/records',
      '/console/records/ref-1',
      '/console/runs',
      `/console/runs/${runId}`,
      '/console/doctor',
      '/console/settings',
    ]) {
      const response = await c.request(path);
      expect(response.status, path).toBe(200);
    }
    const record = await (await c.request('/console/records/ref-1')).text();
    expect(record).toContain('VALIDATION_COUNTRY_INVALID');
    expect(record).toContain('What to do:');
    expect(await (await c.request('/console/doctor')).text()).toContain('data-doctor="unavailable"');
    const doctorApi = await c.request('/console/doctor/run', {
      method: 'POST',
      headers: { 'x-csrf-token': await c.csrf() },
    });
    expect(doctorApi.status).toBe(501);

    const switched = await c.request('/console/locale?to=nl-NL&back=%2Fconsole%2Fruns');
    expect(switched.headers.get('location')).toBe('/console/runs');
    expect(await (await c.request('/console')).text()).toContain('<h1>Overzicht</h1>');
    await c.request('/console/locale?to=zh-CN&back=https%3A%2F%2Fevil.example');
    const chinese = await (await c.request('/console/records/ref-1')).text();
    expect(chinese).toContain('<html lang="zh-CN">');
    expect(chinese).toContain('处理方法');
  });

  it('streams a sync event when a run is written (server-sent events)', async () => {
    const c = new Client(await serve());
    await c.login('vera');
    const controller = new AbortController();
    const response = await c.request('/api/v1/events', { signal: controller.signal });
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    if (response.body === null) throw new Error('no body');
    const chunks = (response.body as AsyncIterable<Uint8Array>)[Symbol.asyncIterator]();
    const decoder = new TextDecoder();
    let text = '';
    const read = async (until: (s: string) => boolean) => {
      while (!until(text)) {
        const chunk = await chunks.next();
        if (chunk.done === true) throw new Error('stream ended');
        text += decoder.decode(chunk.value);
      }
    };
    await read((s) => s.includes('"lastRunId":0'));
    const runId = await failedRun();
    await read((s) => s.includes(`"lastRunId":${runId}`));
    controller.abort();
  });
});
