// Signing in to Salesforce for `cosell connect salesforce`, against the emulator over real HTTP: the device
// flow's polling (pending, slow_down, denied, expired), the identity check and encrypted storage, and a refresh
// token given for automation. Polls wait through a hook that moves the emulator's clock by the time asked
// for, so no test sleeps and every emulator decision is exact.
import { describe, expect, it } from 'vitest';
import { useTestDb } from '../../../test/support/db.js';
import { configFrom } from '../../config.js';
import { isCosellError } from '../../errors.js';
import { loadConnection, resolveSecretsKey } from '../../store/connections.js';
import { openSalesforce } from './connection.js';
import type { SalesforceEmulator, SalesforceEmulatorOptions } from './emulator/index.js';
import { useSalesforceEmulators } from './emulator/test-support.js';
import {
  saveSalesforceSignIn,
  signInWithDeviceFlow,
  signInWithRefreshToken,
  type PollWait,
  type SalesforceDeviceCode,
} from './sign-in.js';
import { integrationUsername, memoryLogger, personUsername } from './test-support.js';

const testDb = useTestDb();
const { start } = useSalesforceEmulators();

interface Rig {
  readonly emulator: SalesforceEmulator;
  readonly config: ReturnType<typeof configFrom>;
  /** The waits the flow asked for, in ms. */
  readonly waits: number[];
  /** Moves the emulator clock by what was asked (or `short` ms less, once per entry), then runs `onPoll`. */
  readonly wait: PollWait;
  readonly logs: string[];
  readonly deps: () => Parameters<typeof saveSalesforceSignIn>[0];
}

async function rig(
  options: SalesforceEmulatorOptions = {},
  hooks: { short?: number[]; onPoll?: (poll: number) => void } = {},
  env: Parameters<typeof configFrom>[0] = {},
): Promise<Rig> {
  const emulator = await start(options);
  const config = configFrom({
    COSELL_DATA_DIR: testDb.config.dataDir,
    COSELL_SF_LOGIN_URL: emulator.url,
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
    deps: () => ({ config, db: testDb.db, logger }),
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

const storedSalesforce = (config: Rig['config']) =>
  loadConnection(testDb.db, resolveSecretsKey(config.store), 'salesforce');

describe('Salesforce sign-in: the device flow', () => {
  it('C2, C4: polls while pending, then checks the identity at once and stores the connection encrypted', async () => {
    let device: SalesforceDeviceCode | undefined;
    const r = await rig(
      {},
      {
        // The person allows access while the second poll's wait runs.
        onPoll: (poll) => {
          if (poll === 2 && device) r.emulator.approveDeviceCode(device.userCode, integrationUsername);
        },
      },
    );
    const signIn = await signInWithDeviceFlow(
      r.config,
      (code) => {
        device = code;
      },
      { wait: r.wait },
    );
    expect(device?.userCode).toMatch(/^[A-Z2-9]{8}$/);
    expect(device?.verificationUri).toBe(`${r.emulator.url}/setup/connect`);
    expect(r.waits).toEqual([5_000, 5_000]);
    expect(signIn.refreshToken).toMatch(/^5Aep861/);

    const callsBefore = r.emulator.apiCalls().total;
    const connected = await saveSalesforceSignIn(r.deps(), signIn);
    expect(connected).toMatchObject({
      username: integrationUsername,
      orgId: r.emulator.orgId,
      canCustomize: true,
      loginUrl: r.emulator.url,
      instanceUrl: r.emulator.url,
    });
    expect(r.emulator.apiCalls().total - callsBefore).toBe(1); // one whoAmI query, no refresh

    const stored = await storedSalesforce(r.config);
    expect(stored).toMatchObject({
      accountId: r.emulator.orgId,
      identity: integrationUsername,
      secret: { refreshToken: signIn.refreshToken, loginUrl: r.emulator.url },
    });
    // The stored connection opens and works, from the refresh token alone.
    const adapter = await openSalesforce({ ...r.deps(), settings: { loginUrl: 'https://unused.example' } });
    expect((await adapter.whoAmI()).username).toBe(integrationUsername);
    // No token reaches a log line.
    const logs = r.logs.join('');
    expect(logs).toContain('Salesforce connection saved');
    expect(logs).not.toContain(signIn.refreshToken);
    expect(logs).not.toContain(signIn.token.access_token);
  });

  it('slow_down: a poll that came too soon makes every later wait 5 seconds longer', async () => {
    let device: SalesforceDeviceCode | undefined;
    const r = await rig(
      {},
      {
        // The second wait ends a second early, as a drifting clock would: the emulator answers slow_down.
        short: [0, 1_000],
        onPoll: (poll) => {
          if (poll === 3 && device) r.emulator.approveDeviceCode(device.userCode, integrationUsername);
        },
      },
    );
    const signIn = await signInWithDeviceFlow(
      r.config,
      (code) => {
        device = code;
      },
      { wait: r.wait },
    );
    expect(r.waits).toEqual([5_000, 5_000, 10_000]);
    expect(signIn.token.refresh_token).toBe(signIn.refreshToken);
  });

  it('P2: an identity that may not customise the org is connected all the same, and says so', async () => {
    const r = await rig();
    const signIn = await signInWithDeviceFlow(
      r.config,
      (code) => r.emulator.approveDeviceCode(code.userCode, personUsername),
      { wait: r.wait },
    );
    const connected = await saveSalesforceSignIn(r.deps(), signIn);
    expect(connected).toMatchObject({ username: personUsername, canCustomize: false });
    expect((await storedSalesforce(r.config))?.identity).toBe(personUsername);
  });

  it('C2: a denied sign-in is AUTH_DEVICE_CODE_DECLINED and stores nothing', async () => {
    const r = await rig();
    const error = await errorOf(
      signInWithDeviceFlow(r.config, (code) => r.emulator.denyDeviceCode(code.userCode), { wait: r.wait }),
    );
    expect(error.code).toBe('AUTH_DEVICE_CODE_DECLINED');
    expect(r.waits).toEqual([5_000]);
    expect(await storedSalesforce(r.config)).toBeUndefined();
  });

  it('C2: a code nobody used is AUTH_DEVICE_CODE_EXPIRED once Salesforce says so', async () => {
    const r = await rig({ deviceCodeLifetimeSeconds: 60 });
    const error = await errorOf(signInWithDeviceFlow(r.config, () => undefined, { wait: r.wait }));
    expect(error.code).toBe('AUTH_DEVICE_CODE_EXPIRED');
    expect(r.waits).toHaveLength(12); // pending at 5 … 55 s, expired_token at 60 s
  });

  it('a connected app that does not know the client id is AUTH_CONNECTED_APP_REFUSED, with Salesforce’s reason', async () => {
    const r = await rig({ connectedApp: { clientId: 'the-app', clientSecret: 's3cret' } });
    const error = await errorOf(signInWithDeviceFlow(r.config, () => undefined, { wait: r.wait }));
    expect(error).toEqual({
      code: 'AUTH_CONNECTED_APP_REFUSED',
      params: { system: 'Salesforce', reason: 'invalid_client_id: client identifier invalid' },
    });
    const right = await rig(
      { connectedApp: { clientId: 'the-app', clientSecret: 's3cret' } },
      {},
      { COSELL_SF_CLIENT_ID: 'the-app', COSELL_SF_CLIENT_SECRET: 's3cret' },
    );
    const signIn = await signInWithDeviceFlow(
      right.config,
      (code) => right.emulator.approveDeviceCode(code.userCode, integrationUsername),
      { wait: right.wait },
    );
    expect(signIn.app).toMatchObject({ clientId: 'the-app', clientSecret: 's3cret' });
  });

  it('production needs the connected app’s client id and an https login URL', async () => {
    const production = configFrom({
      COSELL_PROFILE: 'production',
      COSELL_SECRETS_KEY: Buffer.alloc(32, 1).toString('base64'),
      COSELL_PC_CLIENT_ID: 'pc',
      COSELL_PUBLIC_URL: 'https://cosell.example.com',
    });
    const error = await errorOf(signInWithDeviceFlow(production, () => undefined));
    expect(error.code).toBe('CONFIG_INVALID');
    expect(JSON.stringify(error.params)).toContain('COSELL_SF_CLIENT_ID');
  });
});

describe('Salesforce sign-in: an existing refresh token (automation)', () => {
  it('C2, C4: verified by a refresh before it is stored', async () => {
    const r = await rig();
    const { refresh_token: refreshToken = '' } = r.emulator.issueTokens(integrationUsername);
    const signIn = await signInWithRefreshToken(r.config, `${refreshToken}\n`);
    expect(signIn.refreshToken).toBe(refreshToken);
    const connected = await saveSalesforceSignIn(r.deps(), signIn);
    expect(connected).toMatchObject({ username: integrationUsername, canCustomize: true });
    expect((await storedSalesforce(r.config))?.secret['refreshToken']).toBe(refreshToken);
    expect(r.logs.join('')).not.toContain(refreshToken);
  });

  it('R4: a revoked token is AUTH_REFRESH_TOKEN_REFUSED with Salesforce’s reason; an empty one AUTH_REFRESH_TOKEN_MISSING', async () => {
    const r = await rig();
    const { refresh_token: refreshToken = '' } = r.emulator.issueTokens(personUsername);
    r.emulator.revokeTokens(personUsername);
    expect(await errorOf(signInWithRefreshToken(r.config, refreshToken))).toEqual({
      code: 'AUTH_REFRESH_TOKEN_REFUSED',
      params: { system: 'Salesforce', reason: 'invalid_grant: expired access/refresh token' },
    });
    expect((await errorOf(signInWithRefreshToken(r.config, ' \n'))).code).toBe('AUTH_REFRESH_TOKEN_MISSING');
    expect(await storedSalesforce(r.config)).toBeUndefined();
  });
});
