// The command line with Dynamics 365 as the CRM, as a person runs it: separate processes, a file-backed store
// (or the suite's PostgreSQL database), real ports. The Salesforce counterparts are in cli.test.ts.
import fs from 'node:fs';
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
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cosell-cli-dv-'));
  env = {
    COSELL_DATA_DIR: dataDir,
    ...(testDb.config.databaseUrl ? { DATABASE_URL: testDb.config.databaseUrl } : {}),
  };
});

afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

/** The identity platform's access tokens (the emulator's are JWT-shaped) and refresh tokens (`0.AQ…`). */
const dynamicsTokenPattern = /eyJ0eXAiOiJKV1Qi|0\.AQ[\w-]{20}/;

/** `cosell emulate dynamics` in a child process (device polls every second), and its URL. */
async function emulateDynamics(): Promise<{ cli: RunningCli; url: string }> {
  const cli = startCli(['emulate', 'dynamics', '--port', '0', '--device-interval', '1'], env);
  const out = await cli.waitForOutput(/listening on (http:\/\/127\.0\.0\.1:\d+)/);
  return { cli, url: String(/listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out)?.[1]) };
}

async function emulatorControl(url: string, route: string, body: unknown): Promise<void> {
  const response = await fetch(`${url}/_emulator${route}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  expect(response.status, route).toBe(200);
}

/** The stored Dynamics 365 connection as a new process sees it, and every stored column as text. */
async function storedDynamics(dir: string) {
  const config = configFrom({
    COSELL_DATA_DIR: dir,
    ...(testDb.config.databaseUrl ? { DATABASE_URL: testDb.config.databaseUrl } : {}),
  });
  const db = await openStore(config.store);
  try {
    const connection = await loadConnection(db, resolveSecretsKey(config.store), 'dynamics');
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

describe('cosell command line with Dynamics 365', () => {
  it('P1, R8: cosell demo --crm dynamics syncs sample referrals and opportunities both ways until settled, with no duplicate; --json prints one summary', async () => {
    const demo = await runCli(
      [
        'demo',
        '--crm',
        'dynamics',
        '--port',
        '0',
        '--referrals',
        '8',
        '--accounts',
        '4',
        '--until-synced',
        '--json',
      ],
      env,
    );
    expect(demo.stderr).not.toMatch(/Error [A-Z_]+:/);
    expect(demo.code, demo.stderr).toBe(0);
    const lines = demo.stdout.trim().split('\n');
    expect(lines).toHaveLength(1); // --json: the summary alone on stdout
    const summary = JSON.parse(lines[0] ?? '{}') as {
      linked: number;
      runs: Record<string, number>;
      duplicates: { opportunities: number; referrals: number };
      apiCalls: Record<string, number>;
      elapsedMs: number;
    };
    expect(summary.linked).toBeGreaterThan(0);
    expect(summary.runs['succeeded']).toBeGreaterThan(0);
    expect(summary.duplicates).toEqual({ opportunities: 0, referrals: 0 });
    expect(summary.apiCalls['partnerCenter']).toBeGreaterThan(0);
    expect(summary.apiCalls['dynamics']).toBeGreaterThan(0);
    expect(summary.apiCalls['salesforce']).toBeUndefined();
    expect(summary.elapsedMs).toBeGreaterThan(0);

    // The demo signed in as the application user and stored that connection.
    expect((await storedDynamics(dataDir)).connection?.identity).toBe('cosell-integration@contoso.example');
    const unknown = await runCli(['demo', '--crm', 'hubspot'], env);
    expect(unknown.code).not.toBe(0);
    expect(unknown.stderr).toContain('salesforce, dynamics');
  }, 120_000);

  it('C2, C4, P2: cosell connect dynamics signs in with a device code or a client secret, checks identity and roles, stores encrypted, reports the expiry', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cosell-dv-connect-'));
    const { cli: emulator, url } = await emulateDynamics();
    try {
      const operatorEnv = {
        ...env,
        COSELL_DATA_DIR: dir,
        COSELL_CRM: 'dynamics',
        COSELL_DV_URL: url,
        COSELL_DV_AUTHORITY_URL: url,
        COSELL_LOG_LEVEL: 'trace',
      };
      const codePattern = /enter the code (\S+) \(valid until/;
      /** Starts `cosell connect dynamics` and hands its user code to `person` once it is printed. */
      const connect = async (person: (userCode: string) => Promise<unknown>) => {
        const run = startCli(['connect', 'dynamics'], operatorEnv);
        const prompt = await run.waitForOutput(codePattern);
        expect(prompt).toContain(`open ${url}/device`);
        await person(String(codePattern.exec(prompt)?.[1]));
        return run.done;
      };

      const admin = await connect((userCode) =>
        emulatorControl(url, '/device/approve', { userCode, username: 'admin@contoso.example' }),
      );
      expect(admin.code, admin.stderr).toBe(0);
      expect(admin.stdout).toMatch(
        /Signed in to Dynamics 365 as admin@contoso\.example \(organization [0-9a-f-]{36} at http/,
      );
      expect(admin.stdout).toContain('may customise the environment (System Administrator or System');
      expect(admin.stdout).toMatch(/refresh token encrypted\)\. Access token valid until \d{4}-\d\d-\d\dT/);
      expect(admin.stdout).toContain('dies with that user');
      expect(admin.stderr).toContain('Dynamics 365 connection saved'); // the trace-level log ran
      expect(admin.stdout + admin.stderr).not.toMatch(dynamicsTokenPattern);
      const stored = await storedDynamics(dir);
      expect(stored.connection).toMatchObject({
        identity: 'admin@contoso.example',
        secret: { environmentUrl: url },
      });
      expect(stored.connection?.secret['refreshToken']).toMatch(/^0\.AQ/);
      expect(stored.raw).not.toMatch(dynamicsTokenPattern); // encrypted at rest

      // P2: a salesperson is connected, with a warning instead of a refusal.
      const seller = await connect((userCode) =>
        emulatorControl(url, '/device/approve', { userCode, username: 'seller1@contoso.example' }),
      );
      expect(seller.code, seller.stderr).toBe(0);
      expect(seller.stdout).toContain('Warning: seller1@contoso.example may not customise the environment');

      // A declined sign-in ends with its code; the stored connection stays.
      const declined = await connect((userCode) => emulatorControl(url, '/device/decline', { userCode }));
      expect(declined.code).toBe(1);
      expect(declined.stderr).toContain('AUTH_DEVICE_CODE_DECLINED');
      expect((await storedDynamics(dir)).connection?.identity).toBe('seller1@contoso.example');

      // An application user's client secret, piped in: proved, checked, stored encrypted, never printed.
      const secret = 'app-secret-value-0123456789';
      const app = await runCli(['connect', 'dynamics', '--client-secret-stdin'], operatorEnv, {
        stdin: `${secret}\n`,
      });
      expect(app.code, app.stderr).toBe(0);
      expect(app.stdout).toContain('The client secret works');
      expect(app.stdout).toContain('Signed in to Dynamics 365 as cosell-integration@contoso.example');
      expect(app.stdout).toContain('client secret encrypted');
      expect(app.stdout).not.toContain('dies with that user');
      expect(app.stdout + app.stderr).not.toContain(secret);
      const byApp = await storedDynamics(dir);
      expect(byApp.connection?.secret).toMatchObject({ clientSecret: secret });
      expect(byApp.connection?.secret['refreshToken']).toBeUndefined();
      expect(byApp.raw).not.toContain(secret);
    } finally {
      emulator.child.kill('SIGINT');
      await emulator.done;
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
