// Wires a Partner Center client to the store: the one stored connection (C4: one per system, shared by
// every flow), its encrypted refresh token, and the daily budget counter of its account.
import type { Config, Profile } from '../config.js';
import { CosellError } from '../errors.js';
import type { Logger } from '../logger.js';
import type { Db } from '../store/db.js';
import { consumeToday, usage, utcDay } from '../store/budget.js';
import { loadConnection, resolveSecretsKey, saveConnection } from '../store/connections.js';
import {
  discoverAuthority,
  RefreshingTokenSource,
  startDeviceSignIn,
  type DeviceSignIn,
  type SignIn,
} from './auth.js';
import { PartnerCenterClient } from './client.js';
import { defaultRequestPolicy, type BudgetMeter, type CallRecord, type TokenSource } from './request.js';

export const partnerCenterSystem = 'partner-center' as const;
/** The role the acting identity must hold (P3); Global admins pass too. */
export const referralsAdminRole = 'Referrals admin';

export interface PartnerCenterDeps {
  config: Pick<Config, 'profile' | 'partnerCenter' | 'store'>;
  db: Db;
  logger: Logger;
  now?: () => Date;
  onCall?: (call: CallRecord) => void;
}

/** Counts every HTTP attempt before it is sent; at the cap the call is not made and the work waits (P1). */
export function storeBudgetMeter(
  db: Db,
  account: string,
  cap: number,
  now: () => Date = () => new Date(),
): BudgetMeter {
  return {
    async consume(calls) {
      const result = await consumeToday(db, { system: partnerCenterSystem, account, cap, calls, now: now() });
      if (!result.allowed) {
        throw new CosellError(
          'PC_BUDGET_EXHAUSTED',
          { account, used: result.used, cap, resumeAt: result.resumeAt.toISOString() },
          { retryAfterMs: result.retryAfterMs },
        );
      }
    },
  };
}

export async function budgetUsage(
  db: Db,
  account: string,
  now: Date = new Date(),
): Promise<{ day: string; used: number }> {
  const day = utcDay(now);
  return { day, used: await usage(db, { system: partnerCenterSystem, account, day }) };
}

function authorityOptions(config: PartnerCenterDeps['config']): Parameters<typeof discoverAuthority>[0] {
  const clientId = config.partnerCenter.clientId;
  if (clientId === undefined) {
    throw new CosellError('AUTH_SIGN_IN_FAILED', {
      system: 'Partner Center',
      reason: 'COSELL_PC_CLIENT_ID is not set',
    });
  }
  return {
    authorityUrl: config.partnerCenter.authorityUrl,
    clientId,
    allowLoopbackHttp: config.profile === ('sandbox' satisfies Profile),
  };
}

function clientFor(deps: PartnerCenterDeps, tokens: TokenSource, account: string): PartnerCenterClient {
  const pc = deps.config.partnerCenter;
  return new PartnerCenterClient(
    {
      tokens,
      budget: storeBudgetMeter(deps.db, account, pc.dailyCap, deps.now),
      logger: deps.logger,
      policy: { ...defaultRequestPolicy, maxRetries: pc.maxRetries },
      ...(deps.onCall ? { onCall: deps.onCall } : {}),
    },
    {
      referralsApiUrl: pc.referralsApiUrl,
      webhooksApiUrl: pc.webhooksApiUrl,
      resource: pc.resource,
      webhooksResource: pc.webhooksResource,
    },
  );
}

async function persist(deps: PartnerCenterDeps, key: Buffer, signIn: SignIn, account: string): Promise<void> {
  await saveConnection(
    deps.db,
    key,
    {
      system: partnerCenterSystem,
      accountId: account,
      identity: signIn.identity.username,
      scopes: [deps.config.partnerCenter.resource, deps.config.partnerCenter.webhooksResource],
      secret: { refreshToken: signIn.refreshToken },
      accessTokenExpiresAt: signIn.expiresAt,
    },
    deps.now?.() ?? new Date(),
  );
}

/** The client for the stored connection. AUTH_NOT_CONNECTED when there is none yet. */
export async function openPartnerCenter(deps: PartnerCenterDeps): Promise<PartnerCenterClient> {
  const key = resolveSecretsKey(deps.config.store);
  const connection = await loadConnection(deps.db, key, partnerCenterSystem);
  const refreshToken = connection?.secret.refreshToken;
  if (connection === undefined || refreshToken === undefined) {
    throw new CosellError('AUTH_NOT_CONNECTED', { system: partnerCenterSystem });
  }
  const oidcConfig = await discoverAuthority(authorityOptions(deps.config));
  const identity = connection.identity ?? 'unknown';
  const tokens = new RefreshingTokenSource(oidcConfig, refreshToken, identity, (signIn) =>
    persist(deps, key, signIn, connection.accountId),
  );
  return clientFor(deps, tokens, connection.accountId);
}

export interface ConnectResult {
  identity: string;
  account: string;
  accessTokenExpiresAt: Date;
}

/**
 * Device-code sign-in (C2): `onCode` shows the person what to do; then the role is checked at once with one
 * cheap call (P3, R5), and only a connection that works is stored.
 */
export async function connectPartnerCenter(
  deps: PartnerCenterDeps,
  onCode: (signIn: DeviceSignIn) => void | Promise<void>,
  signal?: AbortSignal,
): Promise<ConnectResult> {
  const key = resolveSecretsKey(deps.config.store);
  const oidcConfig = await discoverAuthority(authorityOptions(deps.config));
  const device = await startDeviceSignIn(oidcConfig, deps.config.partnerCenter.resource);
  await onCode(device);
  const signIn = await device.wait(signal);
  const account = signIn.identity.tenantId ?? 'default';
  const tokens = new RefreshingTokenSource(
    oidcConfig,
    signIn.refreshToken,
    signIn.identity.username,
    async (rotated) => {
      signIn.refreshToken = rotated.refreshToken;
      await Promise.resolve();
    },
  );
  tokens.prime(deps.config.partnerCenter.resource, signIn.accessToken, signIn.expiresAt);
  const client = clientFor(deps, tokens, account);
  try {
    await client.listPage({ top: 1 }, signal);
  } catch (error) {
    if (error instanceof CosellError && error.code === 'PC_ACCESS_DENIED') {
      throw new CosellError(
        'AUTH_ROLE_MISSING',
        { identity: signIn.identity.username, role: referralsAdminRole, system: 'Partner Center' },
        { cause: error },
      );
    }
    throw error;
  }
  await persist(deps, key, signIn, account);
  return { identity: signIn.identity.username, account, accessTokenExpiresAt: signIn.expiresAt };
}
