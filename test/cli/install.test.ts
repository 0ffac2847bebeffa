// `cosell install crm` as a person runs it: a bare Salesforce emulator in one process, the command in
// others, the connection stored by `cosell connect salesforce --refresh-token-stdin`.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dynamicsCoSellSchema } from '../../src/crm/dynamics/cosell-schema.js';
import { salesforceCoSellSchema, fullNameOf } from '../../src/crm/salesforce/cosell-schema.js';
import { useTestDb } from '../support/db.js';
import { runCli, startCli, type RunningCli } from '../support/cli.js';

const testDb = useTestDb();
let dataDir: string;
let env: Record<string, string>;

beforeAll(() => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cosell-cli-install-'));
  env = {
    COSELL_DATA_DIR: dataDir,
    ...(testDb.config.databaseUrl ? { DATABASE_URL: testDb.config.databaseUrl } : {}),
  };
});

afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

async function emulateSalesforce(args: readonly string[]): Promise<{ cli: RunningCli; url: string }> {
  const cli = startCli(['emulate', 'salesforce', '--port', '0', ...args], env);
  const out = await cli.waitForOutput(/listening on (http:\/\/127\.0\.0\.1:\d+)/);
  return { cli, url: String(/listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out)?.[1]) };
}

async function refreshTokenOf(url: string, username: string): Promise<string> {
  const response = await fetch(`${url}/_emulator/tokens`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username }),
  });
  expect(response.status).toBe(200);
  return String(((await response.json()) as Record<string, unknown>)['refresh_token']);
}

/** Whether the emulated org has the solution object, asked through its control surface. */
async function hasSolutionObject(url: string): Promise<boolean> {
  const response = await fetch(`${url}/_emulator/records/Microsoft_Solution__c`);
  return response.status === 200;
}

const names = salesforceCoSellSchema.map(fullNameOf);

describe('cosell install crm', () => {
  it('P2, R3: refuses a user without the role by name, lists with --dry-run (exit 2) without writing, creates what is missing, and a second run creates nothing', async () => {
    const { cli: emulator, url } = await emulateSalesforce(['--bare']);
    try {
      const operatorEnv = { ...env, COSELL_SF_LOGIN_URL: url };
      const connect = async (username: string) => {
        const token = await refreshTokenOf(url, username);
        const connected = await runCli(['connect', 'salesforce', '--refresh-token-stdin'], operatorEnv, {
          stdin: token,
        });
        expect(connected.code, connected.stderr).toBe(0);
      };

      // P2: a Standard User may connect (with a warning) but not install; nothing is created.
      await connect('seller1@contoso.example');
      const refused = await runCli(['install', 'crm'], operatorEnv);
      expect(refused.code).toBe(1);
      expect(refused.stderr).toContain('AUTH_ROLE_MISSING');
      expect(refused.stderr).toContain('seller1@contoso.example does not have the System Administrator');
      expect(await hasSolutionObject(url)).toBe(false);

      await connect('integration@contoso.example');
      const dry = await runCli(['install', 'crm', '--dry-run'], operatorEnv);
      expect(dry.code, dry.stderr).toBe(2);
      expect(dry.stdout).toContain('as integration@contoso.example (dry run: nothing is changed)');
      for (const name of names) expect(dry.stdout).toMatch(new RegExp(`would be created +${name}`));
      expect(dry.stdout).toContain(`${names.length} of ${names.length} items would be created`);
      expect(dry.stdout).toContain('Referral currency: Opportunity.CurrencyIsoCode with USD');
      expect(await hasSolutionObject(url)).toBe(false);

      const installed = await runCli(['install', 'crm'], operatorEnv);
      expect(installed.code, installed.stderr).toBe(0);
      for (const name of names) expect(installed.stdout).toMatch(new RegExp(`created +${name}`));
      expect(installed.stdout).toContain(`Created ${names.length} of ${names.length} items`);
      expect(await hasSolutionObject(url)).toBe(true);

      const again = await runCli(['install', 'crm', '--json'], operatorEnv);
      expect(again.code, again.stderr).toBe(0);
      const report = JSON.parse(again.stdout) as { items: { name: string; outcome: string }[] };
      expect(report.items.map((i) => [i.name, i.outcome])).toEqual(names.map((n) => [n, 'present']));

      const dutch = await runCli(['--locale', 'nl-NL', 'install', 'crm', '--dry-run'], operatorEnv);
      expect(dutch.code, dutch.stderr).toBe(0);
      expect(dutch.stdout).toContain('al aanwezig');
      expect(dutch.stdout).toContain(`Niets aan te maken: alle ${names.length} co-sell-onderdelen`);
    } finally {
      emulator.child.kill('SIGINT');
      await emulator.done;
    }
  }, 180_000);

  it('P2, R3: with COSELL_CRM=dynamics it creates the co-sell columns, key and table in a bare environment under the publisher prefix, once', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cosell-cli-install-dv-'));
    const emulator = startCli(
      ['emulate', 'dynamics', '--port', '0', '--bare', '--publisher-prefix', 'ctso_'],
      env,
    );
    try {
      const out = await emulator.waitForOutput(/listening on (http:\/\/127\.0\.0\.1:\d+)/);
      const url = String(/listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out)?.[1]);
      const operatorEnv = {
        ...env,
        COSELL_DATA_DIR: dir,
        COSELL_CRM: 'dynamics',
        COSELL_DV_URL: url,
        COSELL_DV_AUTHORITY_URL: url,
        COSELL_DV_PUBLISHER_PREFIX: 'ctso_',
        COSELL_DV_SOLUTION: 'CosellConnector',
      };
      const connected = await runCli(['connect', 'dynamics', '--client-secret-stdin'], operatorEnv, {
        stdin: 'app-secret-value-0123456789',
      });
      expect(connected.code, connected.stderr).toBe(0);
      const dvNames = dynamicsCoSellSchema('ctso_').map((i) => i.name);
      expect(dvNames).toContain('opportunity.ctso_referralidentifier');

      const dry = await runCli(['install', 'crm', '--dry-run', '--json'], operatorEnv);
      expect(dry.code, dry.stderr).toBe(2);
      const planned = JSON.parse(dry.stdout) as { items: { name: string; outcome: string }[] };
      expect(planned.items.map((i) => [i.name, i.outcome])).toEqual(dvNames.map((n) => [n, 'wouldCreate']));
      expect((await fetch(`${url}/_emulator/rows/ctso_microsoftsolution`)).status).toBe(404);

      const installed = await runCli(['install', 'crm'], operatorEnv);
      expect(installed.code, installed.stderr).toBe(0);
      expect(installed.stdout).toContain('in Dynamics 365 as cosell-integration@contoso.example');
      for (const name of dvNames) expect(installed.stdout).toMatch(new RegExp(`created +${name}`));
      expect(installed.stdout).toMatch(
        /Referral currency: opportunity\.transactioncurrencyid with .*\bUSD\b/,
      );
      const table = await fetch(`${url}/_emulator/rows/ctso_microsoftsolution`);
      expect(table.status).toBe(200);
      // Every component went to the configured solution (MSCRM.SolutionUniqueName).
      const changes = (await (await fetch(`${url}/_emulator/metadata`)).json()) as { solution?: string }[];
      expect(changes.map((c) => c.solution)).toEqual(dvNames.map(() => 'CosellConnector'));

      const again = await runCli(['install', 'crm'], operatorEnv);
      expect(again.code, again.stderr).toBe(0);
      expect(again.stdout).toContain(
        `Nothing to create: all ${dvNames.length} co-sell items are already present.`,
      );
    } finally {
      emulator.child.kill('SIGINT');
      await emulator.done;
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 180_000);
});
