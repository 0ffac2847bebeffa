// `cosell doctor` as a person runs it: a separate process, its exit code, its table and its JSON.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configFrom } from '../../src/config.js';
import type { DoctorReport } from '../../src/doctor/index.js';
import { openStore } from '../../src/store/open.js';
import { recordsLastFailed } from '../../src/store/runs.js';
import { useTestDb } from '../support/db.js';
import { runCli } from '../support/cli.js';

const testDb = useTestDb();
let dataDir: string;
let env: Record<string, string>;

beforeAll(() => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cosell-doctor-'));
  env = {
    COSELL_DATA_DIR: dataDir,
    ...(testDb.config.databaseUrl ? { DATABASE_URL: testDb.config.databaseUrl } : {}),
  };
});

afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

describe('cosell doctor', () => {
  it('P3, P5: exit code 2 with nothing connected, naming the fix; 0 when every chosen check passes; the table in Dutch and Chinese', async () => {
    const empty = await runCli(['doctor', '--json'], env);
    expect(empty.code, empty.stderr).toBe(2);
    const report = JSON.parse(empty.stdout) as DoctorReport;
    const pc = report.checks.find((c) => c.id === 'connections.partner-center');
    expect(pc).toMatchObject({ status: 'fail', code: 'AUTH_NOT_CONNECTED' });
    expect(report.checks.find((c) => c.id === 'webhooks.registration')?.status).toBe('skip');

    const runtime = await runCli(['doctor', '--only', 'runtime', '--locale', 'zh-CN'], env);
    expect(runtime.code, runtime.stderr).toBe(0);
    expect(runtime.stdout).toMatch(/通过\s+runtime\.store\s+P5/);

    const dutch = await runCli(['doctor', '--lang', 'nl-NL', '--only', 'connections,runtime'], env);
    expect(dutch.code).toBe(2);
    expect(dutch.stdout).toMatch(/Toestand\s+Controle/);
    expect(dutch.stdout).toMatch(/FOUT\s+connections\.partner-center/);
    expect(dutch.stdout).toContain(
      'Wat u kunt doen: Maak eenmalig verbinding met "cosell connect partner-center"',
    );
  }, 120_000);

  it('R2, R6, R7: on a fresh demo set-up the doctor reports the deliberately invalid demo records and nothing else (exit code 1)', async () => {
    const demo = await runCli(
      ['demo', '--port', '0', '--referrals', '8', '--accounts', '4', '--doctor', '--json'],
      env,
    );
    expect(demo.stderr).not.toMatch(/Error [A-Z_]+:/);
    const report = JSON.parse(demo.stdout) as DoctorReport;
    const findings = report.checks.filter((c) => c.status === 'warn' || c.status === 'fail');
    expect(demo.code, JSON.stringify(findings, null, 2)).toBe(1);
    expect(report.counts.fail).toBe(0);
    // Only data findings: validation failures of records, in the store or in the CRM.
    for (const f of findings) {
      expect(f.id).toMatch(/^(data\.|runs\.failed-records$|crm\.currency-field$)/);
      expect(f.status).toBe('warn');
      expect(f.records?.total).toBeGreaterThan(0);
    }
    // The records named are exactly those whose last run failed validation, nothing else.
    const config = configFrom(env);
    const db = await openStore(config.store);
    try {
      const failed = await recordsLastFailed(db);
      expect(failed.length).toBeGreaterThan(0);
      for (const f of failed) expect(f.code).toMatch(/^VALIDATION_/);
      const named = findings.find((f) => f.id === 'runs.failed-records');
      expect(named?.records?.total).toBe(failed.length);
    } finally {
      await db.close();
    }
  }, 120_000);
});
