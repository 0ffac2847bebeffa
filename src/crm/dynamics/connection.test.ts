// C4: opening the Dynamics 365 adapter through the CRM registry, from the stored (encrypted) connection or
// from client credentials in the configuration; neither is AUTH_NOT_CONNECTED.
import { afterEach, describe, expect, it } from 'vitest';
import { useTestDb } from '../../../test/support/db.js';
import { memoryLogger } from '../../../test/support/partner-center.js';
import { configFrom } from '../../config.js';
import { isCosellError } from '../../errors.js';
import { openCrm } from '../index.js';
import { saveDynamicsConnection } from './connection.js';
import { ManualClock, startDynamicsEmulator, type DynamicsEmulator } from './emulator/index.js';

const testDb = useTestDb();
const emulators: DynamicsEmulator[] = [];
afterEach(async () => {
  await Promise.all(emulators.splice(0).map((e) => e.close()));
});

async function emulator(): Promise<DynamicsEmulator> {
  const e = await startDynamicsEmulator({ clock: new ManualClock('2026-11-20T10:00:00Z') });
  emulators.push(e);
  return e;
}

describe('Dynamics 365 in the CRM registry', () => {
  it('C4: opens from client credentials in the configuration, and from a stored refresh-token connection', async () => {
    const dv = await emulator();
    const { logger } = memoryLogger();
    const bare = configFrom({ COSELL_DATA_DIR: testDb.config.dataDir, COSELL_CRM: 'dynamics' });
    await expect(openCrm('dynamics', { config: bare, db: testDb.db, logger })).rejects.toMatchObject({
      code: 'AUTH_NOT_CONNECTED',
      params: { system: 'dynamics' },
    });

    const config = configFrom({
      COSELL_DATA_DIR: testDb.config.dataDir,
      COSELL_CRM: 'dynamics',
      COSELL_DV_URL: dv.url,
      COSELL_DV_AUTHORITY_URL: dv.url,
      COSELL_DV_TENANT: dv.tenantId,
      COSELL_DV_CLIENT_ID: 'cosell-app',
      COSELL_DV_CLIENT_SECRET: 'app-secret',
      COSELL_DV_DAILY_CAP: '5000',
    });
    const app = await openCrm('dynamics', { config, db: testDb.db, logger });
    expect(app.capabilities).toMatchObject({ system: 'dynamics', maxBatch: 1000, changeFeed: 'delta-token' });
    expect(await app.whoAmI()).toMatchObject({
      username: 'cosell-integration@contoso.example',
      canCustomize: true,
    });

    await saveDynamicsConnection(
      { config: bare, db: testDb.db },
      {
        environmentUrl: dv.url,
        organizationId: dv.organizationId,
        tenant: dv.tenantId,
        authorityUrl: dv.url,
        clientId: 'cosell-app',
        identity: 'customizer@contoso.example',
        refreshToken: dv.issueTokens('customizer@contoso.example').refresh_token ?? '',
      },
    );
    const person = await openCrm('dynamics', { config: bare, db: testDb.db, logger });
    expect(await person.whoAmI()).toMatchObject({
      username: 'customizer@contoso.example',
      canCustomize: true,
    });
  });

  it('production refuses plain http for the environment and the authority', () => {
    let problems = '';
    try {
      configFrom({
        COSELL_PROFILE: 'production',
        COSELL_DV_URL: 'http://contoso.crm.dynamics.com',
        COSELL_DV_AUTHORITY_URL: 'http://login.example.com',
      });
    } catch (error) {
      problems = isCosellError(error) ? String(error.params['problems']) : '';
    }
    expect(problems).toMatch(
      /COSELL_DV_URL: must be https in production.*COSELL_DV_AUTHORITY_URL: must be https/,
    );
  });
});
