// The command line as a person runs it: separate processes, a file-backed store (or the suite's
// PostgreSQL database), real ports.
import fs from 'node:fs';
import net, { type AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configFrom } from '../../src/config.js';
import { loadConnection, resolveSecretsKey } from '../../src/store/connections.js';
import { rowsOf } from '../../src/store/db.js';
import { openStore } from '../../src/store/open.js';
import { useTestDb } from '../support/db.js';
import { runCli, startCli, type RunningCli } from '../support/cli.js';

const testDb = useTestDb();
let dataDir: string;
let env: Record<string, string>;

beforeAll(() => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cosell-cli-'));
  env = {
    COSELL_DATA_DIR: dataDir,
    ...(testDb.config.databaseUrl ? { DATABASE_URL: testDb.config.databaseUrl } : {}),
  };
});

afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

/** Salesforce's session ids (`00D…!…`) and refresh tokens (`5Aep861…`, the emulator's too). */
const salesforceTokenPattern = /00D[A-Za-z0-9]{12,15}!|5Aep861/;

/** `cosell emulate salesforce` in a child process, and its URL. */
async function emulateSalesforce(args: readonly string[] = []): Promise<{ cli: RunningCli; url: string }> {
  const cli = startCli(['emulate', 'salesforce', '--port', '0', ...args], env);
  const out = await cli.waitForOutput(/listening on (http:\/\/127\.0\.0\.1:\d+)/);
  return { cli, url: String(/listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out)?.[1]) };
}

/** A call to an emulator's control surface, as a person in its UI. */
async function emulatorControl(url: string, route: string, body: unknown): Promise<Record<string, unknown>> {
  const response = await fetch(`${url}/_emulator${route}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  expect(response.status, route).toBe(200);
  return (await response.json()) as Record<string, unknown>;
}

/** The stored Salesforce connection as a new process sees it, and every stored column as text. */
async function storedSalesforce(dir: string) {
  const config = configFrom({
    COSELL_DATA_DIR: dir,
    ...(testDb.config.databaseUrl ? { DATABASE_URL: testDb.config.databaseUrl } : {}),
  });
  const db = await openStore(config.store);
  try {
    const connection = await loadConnection(db, resolveSecretsKey(config.store), 'salesforce');
    const rows = rowsOf<Record<string, unknown>>(await db.orm.execute(sql`SELECT * FROM connections`));
    const raw = rows
      .flatMap((row) => Object.values(row))
      .map((v) => (v instanceof Uint8Array ? Buffer.from(v).toString('latin1') : JSON.stringify(v)))
      .join('\n');
    return { connection, raw };
  } finally {
    await db.close();
  }
}

describe('cosell command line', () => {
  it('P1, R8: the demo (npm start) syncs sample referrals and opportunities both ways until settled, with no duplicate; --json prints one summary', async () => {
    const demo = await runCli(
      ['demo', '--port', '0', '--referrals', '8', '--accounts', '4', '--until-synced', '--json'],
      env,
    );
    expect(demo.stderr).not.toMatch(/Error [A-Z_]+:/);
    expect(demo.code, demo.stderr).toBe(0);
    const lines = demo.stdout.trim().split('\n');
    expect(lines).toHaveLength(1); // --json: the summary alone on stdout
    const summary = JSON.parse(lines[0] ?? '{}') as {
      linked: number;
      runs: Record<string, number>;
      reasons: Record<string, number>;
      duplicates: { opportunities: number; referrals: number };
      apiCalls: { partnerCenter: number; salesforce: number };
      elapsedMs: number;
    };
    expect(summary.linked).toBeGreaterThan(0);
    expect(summary.runs['succeeded']).toBeGreaterThan(0);
    expect(summary.duplicates).toEqual({ opportunities: 0, referrals: 0 });
    expect(summary.apiCalls.partnerCenter).toBeGreaterThan(0);
    expect(summary.apiCalls.salesforce).toBeGreaterThan(0);
    expect(summary.elapsedMs).toBeGreaterThan(0);

    // A new process reads what the first one stored.
    const status = await runCli(['status'], env);
    expect(status.code).toBe(0);
    const inbox = /Inbox: (\d+) events \((\d+) waiting, (\d+) processed\)/.exec(status.stdout);
    expect(inbox, status.stdout + status.stderr).not.toBeNull();
    expect(Number(inbox?.[1])).toBeGreaterThanOrEqual(4); // the validation event and at least three referral events
    expect(Number(inbox?.[3])).toBeGreaterThanOrEqual(3);
    const budget = /Partner Center API calls today \(\d{4}-\d\d-\d\d, account [^)]+\): (\d+) of 10000/.exec(
      status.stdout,
    );
    expect(budget, status.stdout).not.toBeNull();
    // sign-in role check, registration (GET + POST), validation (POST + GETs), the sync itself
    expect(Number(budget?.[1])).toBeGreaterThanOrEqual(7);

    const dutch = await runCli(['status', '--locale', 'nl-NL'], env);
    expect(dutch.stdout).toMatch(/Inbox|Postvak/);
    expect(dutch.stdout).not.toContain('waiting');
  }, 120_000);

  it('refuses a second process on the same embedded data directory with a clear message', async (ctx) => {
    if (testDb.config.databaseUrl) ctx.skip(); // PostgreSQL is shared by design: nothing to lock
    const lockedDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cosell-lock-'));
    const demo = startCli(['demo', '--port', '0', '--referrals', '2', '--interval', '60000'], {
      COSELL_DATA_DIR: lockedDir,
    });
    try {
      await demo.waitForOutput('Ready.');
      const second = await runCli(['status'], { COSELL_DATA_DIR: lockedDir });
      expect(second.code).toBe(1);
      expect(second.stderr).toContain('STORE_LOCKED');
      expect(second.stderr).toContain(`pid ${demo.child.pid}`);
      expect(second.stderr).toContain('What to do:');
    } finally {
      demo.child.kill('SIGINT');
      const result = await demo.done;
      expect(result.code).toBe(0);
      fs.rmSync(lockedDir, { recursive: true, force: true });
    }
  }, 90_000);

  it('Ctrl+C during the demo’s start-up still ends in a clean stop, with the store closed', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cosell-early-'));
    const demo = startCli(['demo', '--port', '0', '--referrals', '1'], { COSELL_DATA_DIR: dir });
    await demo.waitForOutput('Starting the demo');
    demo.child.kill('SIGINT');
    const result = await demo.done;
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Stopped.');
    // The lock was released: the next process opens the same store.
    expect((await runCli(['status'], { COSELL_DATA_DIR: dir })).code).toBe(0);
    fs.rmSync(dir, { recursive: true, force: true });
  }, 90_000);

  it('cosell emulate partner-center --seed FILE serves the seeded referrals until interrupted', async () => {
    const seed = 'test/fixtures/partner-center/emulator-seed.json';
    const emulator = startCli(['emulate', 'partner-center', '--port', '0', '--seed', seed], env);
    try {
      const out = await emulator.waitForOutput(
        /listening on (http:\/\/127\.0\.0\.1:\d+) \((\d+) referrals\)/,
      );
      const seeded = JSON.parse(fs.readFileSync(seed, 'utf8')) as unknown[] | { referrals: unknown[] };
      const count = Array.isArray(seeded) ? seeded.length : seeded.referrals.length;
      expect(out).toContain(`(${count} referrals)`);
      const url = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out)?.[1];
      const discovery = await fetch(`${url}/organizations/v2.0/.well-known/openid-configuration`);
      expect(discovery.status).toBe(200);
      const unauthenticated = await fetch(`${url}/v1.0/engagements/referrals`);
      expect(unauthenticated.status).toBe(401);
    } finally {
      emulator.child.kill('SIGINT');
    }
    expect((await emulator.done).code).toBe(0);
  });

  it('cosell emulate salesforce serves the REST API with OAuth sign-in until interrupted', async () => {
    const emulator = startCli(['emulate', 'salesforce', '--port', '0', '--generate', '5'], env);
    try {
      const out = await emulator.waitForOutput(/listening on (http:\/\/127\.0\.0\.1:\d+)/);
      const url = String(/listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out)?.[1]);
      const password = String(/password (\S+);/.exec(await emulator.waitForOutput('password'))?.[1]);
      const token = await fetch(`${url}/services/oauth2/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          grant_type: 'password',
          client_id: 'x',
          client_secret: 'y',
          username: 'admin@contoso.example',
          password,
        }),
      });
      expect(token.status).toBe(200);
      const { access_token: accessToken } = (await token.json()) as { access_token: string };
      const query = await fetch(
        `${url}/services/data/v60.0/query?q=${encodeURIComponent('SELECT Id FROM Account')}`,
        {
          headers: { authorization: `Bearer ${accessToken}` },
        },
      );
      expect(((await query.json()) as { totalSize: number }).totalSize).toBe(5);
    } finally {
      emulator.child.kill('SIGINT');
    }
    expect((await emulator.done).code).toBe(0);
  });

  it('cosell start serves the receiver and stops cleanly on SIGTERM', async () => {
    const service = startCli(['start'], { ...env, COSELL_PORT: '0' });
    try {
      const out = await service.waitForOutput(/Listening on (http:\/\/127\.0\.0\.1:\d+)/);
      const url = /Listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out)?.[1];
      expect(out).toContain(`${url}/webhooks/partner-center`);
      expect((await fetch(`${url}/healthz`)).status).toBe(200);
      const unsigned = await fetch(`${url}/webhooks/partner-center`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{}',
      });
      expect(unsigned.status).toBe(401);
      expect(((await unsigned.json()) as { error: { code: string } }).error.code).toBe(
        'WEBHOOK_SIGNATURE_MISSING',
      );
    } finally {
      service.child.kill('SIGTERM');
    }
    const result = await service.done;
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Stopped;');
  });

  it('C2/C4/C5: an operator connects, starts the receiver and registers the webhook with separate commands', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cosell-operator-'));
    const emulator = startCli(['emulate', 'partner-center', '--port', '0', '--generate', '3'], env);
    let service: ReturnType<typeof startCli> | undefined;
    try {
      const out = await emulator.waitForOutput(/listening on (http:\/\/127\.0\.0\.1:\d+)/);
      const pcUrl = String(/listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out)?.[1]);
      const operatorEnv = {
        ...env,
        COSELL_DATA_DIR: dir,
        COSELL_PC_API_URL: pcUrl,
        COSELL_PC_WEBHOOKS_API_URL: pcUrl,
        COSELL_PC_AUTHORITY_URL: `${pcUrl}/organizations`,
        COSELL_WEBHOOK_CERT_HOSTS: new URL(pcUrl).host,
        COSELL_PORT: '0',
      };

      // The person reads the code from the terminal and approves it in the browser (here: the emulator's control API).
      const connect = startCli(['connect', 'partner-center'], operatorEnv);
      const prompt = await connect.waitForOutput(/enter the code ([A-Z0-9]+)/);
      const userCode = String(/enter the code ([A-Z0-9]+)/.exec(prompt)?.[1]);
      const approved = await fetch(`${pcUrl}/_emulator/device/approve`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ userCode, username: 'admin@contoso.example' }),
      });
      expect(approved.status).toBe(200);
      const connected = await connect.done;
      expect(connected.code, connected.stderr).toBe(0);
      expect(connected.stdout).toContain('Signed in as admin@contoso.example.');
      expect(connected.stdout).toContain('holds the Referrals admin role');

      // The receiver registers its own webhook once it listens: on the embedded store it is the only process.
      service = startCli(['start', '--register-webhooks'], operatorEnv);
      const registered = await service.waitForOutput('Round trip succeeded', 30_000);
      expect(registered).toMatch(
        /Registered 5 events to http:\/\/127\.0\.0\.1:\d+\/webhooks\/partner-center/,
      );
      const webhookUrl = String(/webhooks go to (\S+)\./.exec(registered)?.[1]);
      if (testDb.config.databaseUrl !== undefined) {
        // With PostgreSQL several processes share the store: registering again from another process works.
        const register = await runCli(
          ['webhooks', 'register', '--url', webhookUrl, '--timeout', '20'],
          operatorEnv,
        );
        expect(register.code, register.stderr).toBe(0);
        expect(register.stdout).toContain('Round trip succeeded');
      } else {
        // On the embedded store a second process is refused, with the reason and the fix.
        const refused = await runCli(['webhooks', 'register', '--url', webhookUrl], operatorEnv);
        expect(refused.code).toBe(1);
        expect(refused.stderr).toContain('STORE_LOCKED');
      }
    } finally {
      service?.child.kill('SIGTERM');
      if (service) expect((await service.done).code).toBe(0);
      emulator.child.kill('SIGINT');
      await emulator.done;
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 90_000); // four processes one after another: 20-30 s on a busy machine

  it('C2, C4, P2, R4: an operator connects Salesforce with the device flow; a denied or expired sign-in is coded; no token is printed or logged', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cosell-sf-connect-'));
    const { cli: emulator, url } = await emulateSalesforce(['--device-interval', '1']);
    try {
      const operatorEnv = {
        ...env,
        COSELL_DATA_DIR: dir,
        COSELL_SF_LOGIN_URL: url,
        COSELL_LOG_LEVEL: 'trace',
      };
      const codePattern = /enter the code ([A-Z0-9]+)/;
      /** Starts `cosell connect salesforce` and hands its user code to `person` once it is printed. */
      const connect = async (person: (userCode: string) => Promise<unknown>) => {
        const run = startCli(['connect', 'salesforce'], operatorEnv);
        const prompt = await run.waitForOutput(codePattern);
        expect(prompt).toContain(`open ${url}/setup/connect`);
        await person(String(codePattern.exec(prompt)?.[1]));
        return run.done;
      };

      // The person reads the code from the terminal and allows access in the browser (here: the control API).
      const connected = await connect((userCode) =>
        emulatorControl(url, '/device/approve', { userCode, username: 'integration@contoso.example' }),
      );
      expect(connected.code, connected.stderr).toBe(0);
      expect(connected.stdout).toMatch(
        /Signed in to Salesforce as integration@contoso\.example \(org 00D\w+\)\./,
      );
      expect(connected.stdout).toContain('may customise the org');
      expect(connected.stdout).toContain(`sessions are refreshed at ${url}`);
      expect(connected.stdout).toContain('dies with that user');
      expect(connected.stdout).toContain('dedicated integration user');
      expect(connected.stderr).toContain('Salesforce connection saved'); // the trace-level log ran
      expect(connected.stdout + connected.stderr).not.toMatch(salesforceTokenPattern);

      const stored = await storedSalesforce(dir);
      expect(stored.connection).toMatchObject({
        identity: 'integration@contoso.example',
        secret: { loginUrl: url, refreshToken: expect.stringMatching(/^5Aep861/) as unknown },
      });
      expect(stored.raw).toContain('integration@contoso.example');
      expect(stored.raw).not.toMatch(salesforceTokenPattern); // encrypted at rest

      // P2: an identity that may not customise the org is connected, with a warning instead of a refusal.
      const seller = await connect((userCode) =>
        emulatorControl(url, '/device/approve', { userCode, username: 'seller1@contoso.example' }),
      );
      expect(seller.code, seller.stderr).toBe(0);
      expect(seller.stdout).toContain(
        'Warning: seller1@contoso.example may not customise the org (that needs System Administrator',
      );
      expect(seller.stdout).toContain('Sync needs only API access');

      // C2: denied and expired sign-ins end with their code and what to do; the stored connection stays.
      const denied = await connect((userCode) => emulatorControl(url, '/device/deny', { userCode }));
      expect(denied.code).toBe(1);
      expect(denied.stderr).toContain('AUTH_DEVICE_CODE_DECLINED');
      expect(denied.stderr).toContain('What to do: Run the connect command again and approve the sign-in.');
      const expired = await connect(() => emulatorControl(url, '/clock/advance', { ms: 11 * 60_000 }));
      expect(expired.code).toBe(1);
      expect(expired.stderr).toContain('AUTH_DEVICE_CODE_EXPIRED');
      expect((await storedSalesforce(dir)).connection?.identity).toBe('seller1@contoso.example');
    } finally {
      emulator.child.kill('SIGINT');
      await emulator.done;
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);

  it('C2, R4: --refresh-token-stdin verifies a refresh token before storing it; a revoked or missing one is coded; it is never printed', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cosell-sf-token-'));
    const { cli: emulator, url } = await emulateSalesforce();
    try {
      const operatorEnv = {
        ...env,
        COSELL_DATA_DIR: dir,
        COSELL_SF_LOGIN_URL: url,
        COSELL_LOG_LEVEL: 'trace',
      };
      const args = ['connect', 'salesforce', '--refresh-token-stdin'];
      const issue = async (username: string) =>
        String((await emulatorControl(url, '/tokens', { username }))['refresh_token']);

      const token = await issue('integration@contoso.example');
      const connected = await runCli(args, operatorEnv, { stdin: `${token}\n` });
      expect(connected.code, connected.stderr).toBe(0);
      expect(connected.stdout).toContain('The refresh token works');
      expect(connected.stdout).toContain('Signed in to Salesforce as integration@contoso.example');
      expect(connected.stdout + connected.stderr).not.toContain(token);
      expect(connected.stdout + connected.stderr).not.toMatch(salesforceTokenPattern);
      const stored = await storedSalesforce(dir);
      expect(stored.connection?.secret['refreshToken']).toBe(token);
      expect(stored.raw).not.toContain(token);

      // R4: a token that died with its user is refused before anything is stored.
      const revoked = await issue('seller2@contoso.example');
      await emulatorControl(url, '/users/seller2@contoso.example/revoke-tokens', {});
      const refused = await runCli(args, operatorEnv, { stdin: revoked });
      expect(refused.code).toBe(1);
      expect(refused.stderr).toContain('AUTH_REFRESH_TOKEN_REFUSED');
      expect(refused.stderr).toContain('invalid_grant: expired access/refresh token');
      expect(refused.stderr).not.toContain(revoked);
      expect((await storedSalesforce(dir)).connection?.identity).toBe('integration@contoso.example');

      // Nothing piped in: refused with how to do it; the token is never taken from the command line.
      const missing = await runCli(args, operatorEnv);
      expect(missing.code).toBe(1);
      expect(missing.stderr).toContain('AUTH_REFRESH_TOKEN_MISSING');
      expect(missing.stderr).toContain('--refresh-token-stdin < token.txt');
      const argument = await runCli([...args, token], operatorEnv);
      expect(argument.code).not.toBe(0); // an extra argument is refused, and not echoed
      expect(argument.stdout + argument.stderr).not.toContain(token);
    } finally {
      emulator.child.kill('SIGINT');
      await emulator.done;
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);

  it('a port already in use: start refuses with PORT_IN_USE and its fix; the demo takes a free port', async () => {
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const busy = String((blocker.address() as AddressInfo).port);
    try {
      const start = await runCli(['start'], { ...env, COSELL_PORT: busy });
      expect(start.code).toBe(1);
      expect(start.stderr).toContain('PORT_IN_USE');
      expect(start.stderr).toContain(`Port ${busy} on 127.0.0.1`);
      const demoDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cosell-busy-'));
      const demo = startCli(['demo', '--referrals', '1', '--interval', '60000'], {
        COSELL_DATA_DIR: demoDir,
        COSELL_PORT: busy,
      });
      try {
        const out = await demo.waitForOutput('Ready.');
        expect(out).toContain(`Port ${busy} is in use`);
        expect(out).not.toContain(`127.0.0.1:${busy}/webhooks`);
      } finally {
        demo.child.kill('SIGINT');
        expect((await demo.done).code).toBe(0);
        fs.rmSync(demoDir, { recursive: true, force: true });
      }
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }
  }, 90_000);

  it('C3: cosell flows enables needs first, refuses to disable a needed flow, and cascades when asked', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cosell-flows-'));
    const flowsEnv = { ...env, COSELL_DATA_DIR: dir };
    try {
      const enable = await runCli(['flows', 'enable', 'partner-center-to-crm'], flowsEnv);
      expect(enable.code, enable.stderr).toBe(0);
      expect(enable.stdout).toMatch(
        /Enabled, in this order: .*partner-center-to-crm-helper.*partner-center-to-crm\./,
      );
      const list = await runCli(['flows', 'list'], flowsEnv);
      expect(list.stdout).toMatch(/on +partner-center-to-crm +Partner Center to Salesforce/);
      expect(list.stdout).toMatch(/off +crm-to-partner-center +Salesforce to Partner Center/);
      const refused = await runCli(['flows', 'disable', 'partner-center-to-crm-helper'], flowsEnv);
      expect(refused.code).toBe(1);
      expect(refused.stderr).toContain('FLOW_NEEDED');
      expect(refused.stderr).toContain('--cascade');
      const cascade = await runCli(
        ['flows', 'disable', 'partner-center-to-crm-helper', '--cascade'],
        flowsEnv,
      );
      expect(cascade.code).toBe(0);
      expect(cascade.stdout).toContain('partner-center-to-crm');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 90_000);

  it('a configuration error is listed whole, coded, with its fix, in the chosen language', async () => {
    const english = await runCli(['status'], {
      ...env,
      COSELL_PROFILE: 'production',
      COSELL_SECRETS_KEY: 'dG9vLXNob3J0',
    });
    expect(english.code).toBe(1);
    expect(english.stderr).toContain('Error CONFIG_INVALID');
    expect(english.stderr).toContain('COSELL_PC_CLIENT_ID');
    expect(english.stderr).toContain('COSELL_PUBLIC_URL');
    expect(english.stderr).not.toContain('dG9vLXNob3J0');
    const chinese = await runCli(['status', '--locale', 'zh-CN'], { ...env, COSELL_PROFILE: 'production' });
    expect(chinese.stderr).toContain('CONFIG_INVALID');
    expect(chinese.stderr).toMatch(/[\u4e00-\u9fff]/);
  });

  it('webhooks register without a connection says to connect first', async () => {
    const emptyDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cosell-empty-'));
    const result = await runCli(
      ['webhooks', 'register', '--url', 'https://example.invalid/webhooks/partner-center'],
      {
        ...env,
        COSELL_DATA_DIR: emptyDir,
      },
    );
    fs.rmSync(emptyDir, { recursive: true, force: true });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('AUTH_NOT_CONNECTED');
    expect(result.stderr).toContain('cosell connect partner-center');
  });
});
