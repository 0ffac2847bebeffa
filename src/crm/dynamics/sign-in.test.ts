// Signing in to Dynamics 365 for `cosell connect dynamics`, against the emulator's identity endpoints over real
// HTTP: the device code flow's polling (pending, slow_down, declined), the identity and role check, encrypted
// storage and the token's expiry, and client credentials for an application user. Polls wait through a hook
// that moves the emulator's clock by the time asked for, so no test sleeps.
import { describe, expect, it } from 'vitest';
import { useTestDb } from '../../../test/support/db.js';
import { memoryLogger } from '../../../test/support/partner-center.js';
import { configFrom } from '../../config.js';
import { isCosellError } from '../../errors.js';
import { loadConnection, resolveSecretsKey } from '../../store/connections.js';
import { openCrm } from '../index.js';
import type { DynamicsEmulator, DynamicsEmulatorOptions } from './emulator/index.js';
import { testStart, useDynamicsEmulators } from './emulator/test-support.js';
import {
  saveDynamicsSignIn,
  signInWithClientSecret,
  signInWithDeviceCode,
  type DynamicsDeviceCode,
  type PollWait,
} from './sign-in.js';

const testDb = useTestDb();
const { start } = useDynamicsEmulators();
const customizer = 'customizer@contoso.example';
const seller = 'seller1@contoso.example';

interface Rig {
  readonly emulator: DynamicsEmulator;
  readonly config: ReturnType<typeof configFrom>;
  readonly waits: number[];
  readonly wait: PollWait;
  readonly logs: string[];
  readonly deps: () => Parameters<typeof saveDynamicsSignIn>[0];
}

async function rig(
  options: DynamicsEmulatorOptions = {},
  hooks: { short?: number[]; onPoll?: (poll: number) => void } = {},
  env: Parameters<typeof configFrom>[0] = {},
): Promise<Rig> {
  const emulator = await start(options);
  const config = configFrom({
    COSELL_DATA_DIR: testDb.config.dataDir,
    COSELL_CRM: 'dynamics',
    COSELL_DV_URL: emulator.url,
    COSELL_DV_AUTHORITY_URL: emulator.url,
    COSELL_DV_TENANT: emulator.tenantId,
    ...env,
  });
  const waits: number[] = [];
  const short = [...(hooks.short ?? [])];
  const { logger, logs } = memoryLogger();
  return {
    emulator,
    config,
    waits,
    logs,
    wait: (ms) => {
      waits.push(ms);
      emulator.advanceClock(ms - (short.shift() ?? 0));
      hooks.onPoll?.(waits.length);
      return Promise.resolve();
    },
    // The emulator's clock, so the reported expiry is exact.
    deps: () => ({ config, db: testDb.db, logger, now: () => emulator.now() }),
  };
}

async function errorOf(promise: Promise<unknown>): Promise<{ code: string; params: unknown }> {
  try {
    await promise;
  } catch (error) {
    if (isCosellError(error)) return { code: error.code, params: error.params };
    throw error;
  }
  throw new Error('expected an error');
}

const stored = (config: Rig['config']) =>
  loadConnection(testDb.db, resolveSecretsKey(config.store), 'dynamics');

/** A device sign-in; the code it shows is kept in `device` for the rig's poll hook to approve or decline. */
function deviceSignIn(r: Rig, device: { code?: DynamicsDeviceCode }) {
  return signInWithDeviceCode(
    r.config,
    (code) => {
      device.code = code;
    },
    { wait: r.wait },
  );
}

describe('Dynamics 365 sign-in: the device code flow', () => {
  it('C2, C4, P2: polls while pending, checks identity and roles at once, stores the connection encrypted, reports the expiry', async () => {
    const device: { code?: DynamicsDeviceCode } = {};
    const r: Rig = await rig(
      { deviceCodeIntervalSeconds: 5 },
      {
        onPoll: (poll) => {
          if (poll === 2 && device.code) r.emulator.approveDeviceCode(device.code.userCode, customizer);
        },
      },
    );
    const signIn = await deviceSignIn(r, device);
    expect(device.code?.verificationUri).toBe(`${r.emulator.url}/device`);
    expect(r.waits).toEqual([5_000, 5_000]);
    expect(signIn.grant.kind).toBe('refresh-token');

    const callsBefore = r.emulator.apiCalls().total;
    const connected = await saveDynamicsSignIn(r.deps(), signIn);
    expect(connected).toMatchObject({
      username: customizer,
      organizationId: r.emulator.organizationId,
      canCustomize: true,
      environmentUrl: r.emulator.url,
    });
    // The access token the sign-in gave: one hour on the emulator's clock from the check.
    expect(connected.accessTokenExpiresAt.getTime()).toBe(r.emulator.now().getTime() + 3_600_000);
    // WhoAmI twice (organisation, then user) plus the user and its roles; no token request of its own.
    expect(r.emulator.apiCalls().total - callsBefore).toBe(4);

    const connection = await stored(r.config);
    expect(connection).toMatchObject({
      accountId: r.emulator.organizationId,
      identity: customizer,
      secret: { environmentUrl: r.emulator.url, tenant: r.emulator.tenantId },
    });
    expect(connection?.secret['refreshToken']).toMatch(/^0\.AQ/);
    // The stored connection opens and works from the refresh token alone (no DV settings in the config).
    const bare = configFrom({ COSELL_DATA_DIR: testDb.config.dataDir, COSELL_CRM: 'dynamics' });
    const adapter = await openCrm('dynamics', { config: bare, db: testDb.db, logger: memoryLogger().logger });
    expect((await adapter.whoAmI()).username).toBe(customizer);
    const logs = r.logs.join('');
    expect(logs).toContain('Dynamics 365 connection saved');
    expect(logs).not.toContain(connection?.secret['refreshToken']);
    expect(logs).not.toContain(signIn.token.access_token);
  });

  it('P2: a salesperson is stored but reported as unable to customise the environment', async () => {
    const device: { code?: DynamicsDeviceCode } = {};
    const r: Rig = await rig(
      { deviceCodeIntervalSeconds: 1 },
      {
        onPoll: () => {
          if (device.code) r.emulator.approveDeviceCode(device.code.userCode, seller);
        },
      },
    );
    const signIn = await deviceSignIn(r, device);
    const connected = await saveDynamicsSignIn(r.deps(), signIn);
    expect(connected).toMatchObject({ username: seller, canCustomize: false });
    expect((await stored(r.config))?.identity).toBe(seller);
  });

  it('slow_down adds 5 seconds to every later wait; a declined sign-in is AUTH_DEVICE_CODE_DECLINED and stores nothing', async () => {
    const device: { code?: DynamicsDeviceCode } = {};
    const r: Rig = await rig(
      { deviceCodeIntervalSeconds: 5 },
      {
        // The second wait ends a second early, as a drifting clock would: the emulator answers slow_down.
        short: [0, 1_000],
        onPoll: (poll) => {
          if (poll === 3 && device.code) r.emulator.declineDeviceCode(device.code.userCode);
        },
      },
    );
    const error = await errorOf(deviceSignIn(r, device));
    expect(error.code).toBe('AUTH_DEVICE_CODE_DECLINED');
    expect(r.waits).toEqual([5_000, 5_000, 10_000]);
    expect(await stored(r.config)).toBeUndefined();
  });

  it('without COSELL_DV_URL the sign-in does not start: CONFIG_INVALID names the variable', async () => {
    const config = configFrom({ COSELL_DATA_DIR: testDb.config.dataDir, COSELL_CRM: 'dynamics' });
    const error = await errorOf(signInWithDeviceCode(config, () => undefined));
    expect(error).toMatchObject({ code: 'CONFIG_INVALID' });
    expect(JSON.stringify(error.params)).toContain('COSELL_DV_URL');
  });
});

describe('Dynamics 365 sign-in: client credentials', () => {
  const app = { clientId: 'cosell-app', clientSecret: 'app-secret-0123456789' };

  it('C2, C4: a secret from standard input is proved by one token request; the application user is checked and stored', async () => {
    const r = await rig({ app }, {}, { COSELL_DV_CLIENT_ID: app.clientId });
    const refused = await errorOf(signInWithClientSecret(r.config, 'wrong-secret'));
    expect(refused).toMatchObject({ code: 'AUTH_SIGN_IN_FAILED' });
    expect(JSON.stringify(refused.params)).toContain('invalid_client');
    expect(JSON.stringify(refused.params)).not.toContain('wrong-secret');
    expect(await errorOf(signInWithClientSecret(r.config, '  \n'))).toMatchObject({
      code: 'AUTH_SIGN_IN_FAILED',
    });

    const signIn = await signInWithClientSecret(r.config, `${app.clientSecret}\n`);
    const connected = await saveDynamicsSignIn(r.deps(), signIn);
    expect(connected).toMatchObject({
      username: 'cosell-integration@contoso.example',
      canCustomize: true,
      accessTokenExpiresAt: new Date(Date.parse(testStart) + 3_600_000),
    });
    const connection = await stored(r.config);
    expect(connection?.secret).toMatchObject({ clientId: app.clientId, clientSecret: app.clientSecret });
    expect(connection?.secret['refreshToken']).toBeUndefined();
    expect(r.logs.join('')).not.toContain(app.clientSecret);
    const bare = configFrom({ COSELL_DATA_DIR: testDb.config.dataDir, COSELL_CRM: 'dynamics' });
    const adapter = await openCrm('dynamics', { config: bare, db: testDb.db, logger: memoryLogger().logger });
    expect((await adapter.whoAmI()).username).toBe('cosell-integration@contoso.example');
  });
});
