// The Salesforce client and its wiring against the emulator over real HTTP: paging, identity and limits,
// the loopback-only http rule, and opening the adapter from the stored connection through the registry.
import { afterEach, describe, expect, it } from 'vitest';
import { useTestDb } from '../../../test/support/db.js';
import { configFrom } from '../../config.js';
import { isCosellError } from '../../errors.js';
import { resolveSecretsKey, saveConnection } from '../../store/connections.js';
import { crmAdapters, openCrm } from '../index.js';
import { checkEndpoint, RefreshTokenSource } from './auth.js';
import {
  integrationUsername,
  memoryLogger,
  startSalesforceRig,
  type SalesforceTestRig,
} from './test-support.js';
import { SfAccountSchema } from './wire.js';

const testDb = useTestDb();
const rigs: SalesforceTestRig[] = [];
afterEach(async () => {
  await Promise.all(rigs.splice(0).map((r) => r.emulator.close()));
});

async function rig(options: Parameters<typeof startSalesforceRig>[1] = {}): Promise<SalesforceTestRig> {
  const r = await startSalesforceRig(testDb.db, options);
  rigs.push(r);
  return r;
}

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    return isCosellError(error) ? error.code : 'uncoded';
  }
  return undefined;
}

describe('Salesforce client', () => {
  it('query follows nextRecordsUrl batch by batch, one call each', async () => {
    const r = await rig({
      emulator: {
        pageSize: 100,
        seed: { Account: Array.from({ length: 250 }, (_, i) => ({ Name: `Paged ${i}` })) },
      },
    });
    const before = r.emulator.apiCalls().total;
    const sizes: number[] = [];
    for await (const batch of r.client.query(
      "SELECT Id, Name FROM Account WHERE Name LIKE 'Paged %'",
      SfAccountSchema,
    )) {
      sizes.push(batch.length);
    }
    expect(sizes).toEqual([100, 100, 50]);
    expect(r.emulator.apiCalls().total - before).toBe(3);
  });

  it('userinfo and limits; an expired session at the identity endpoint (403 Bad_OAuth_Token) is refreshed too', async () => {
    const r = await rig({ emulator: { dailyApiCap: 20_000 } });
    expect((await r.client.userinfo()).preferred_username).toBe(integrationUsername);
    expect((await r.client.limits()).DailyApiRequests.Max).toBe(20_000);
    r.emulator.advanceClock(3 * 3600_000);
    expect((await r.client.userinfo()).organization_id).toBe(r.emulator.orgId);
  });

  it('plain http only for loopback hosts, and only when the sandbox allows it', () => {
    expect(checkEndpoint('https://login.salesforce.com', false, 'the login URL').origin).toBe(
      'https://login.salesforce.com',
    );
    expect(checkEndpoint('http://127.0.0.1:8080', true, 'the login URL').port).toBe('8080');
    expect(codeOf(() => checkEndpoint('http://127.0.0.1:8080', false, 'the login URL'))).toBe(
      'AUTH_SIGN_IN_FAILED',
    );
    expect(codeOf(() => checkEndpoint('http://login.example.com', true, 'the login URL'))).toBe(
      'AUTH_SIGN_IN_FAILED',
    );
    expect(
      codeOf(
        () =>
          new RefreshTokenSource({
            loginUrl: 'http://sf.example.com',
            clientId: 'x',
            refreshToken: 'y',
            identity: 'z',
            allowLoopbackHttp: true,
          }),
      ),
    ).toBe('AUTH_SIGN_IN_FAILED');
  });
});

describe('CRM registry', () => {
  it('C4: opens the Salesforce adapter from the stored, encrypted connection; none stored is AUTH_NOT_CONNECTED', async () => {
    const r = await rig();
    const config = configFrom({ COSELL_DATA_DIR: testDb.config.dataDir });
    const { logger } = memoryLogger();
    const deps = { config, db: testDb.db, logger };
    await expect(openCrm('salesforce', deps)).rejects.toMatchObject({ code: 'AUTH_NOT_CONNECTED' });
    expect(Object.keys(crmAdapters)).toEqual(['salesforce', 'dynamics']);

    await saveConnection(
      testDb.db,
      resolveSecretsKey(config.store),
      {
        system: 'salesforce',
        accountId: r.emulator.orgId,
        identity: integrationUsername,
        scopes: ['api', 'refresh_token'],
        secret: { refreshToken: r.refreshToken, loginUrl: r.emulator.url },
      },
      new Date(),
    );
    const adapter = await openCrm('salesforce', deps);
    expect(adapter.capabilities).toMatchObject({
      system: 'salesforce',
      maxBatch: 25,
      changeFeed: 'modstamp',
    });
    expect(await adapter.whoAmI()).toMatchObject({ username: integrationUsername, canCustomize: true });
    await expect(openCrm('dynamics', deps)).rejects.toMatchObject({ code: 'AUTH_NOT_CONNECTED' });
  });
});
