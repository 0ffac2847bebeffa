// Wires the Dynamics 365 adapter to the store and the configuration: the one stored connection (C4: one per
// system, shared by every flow) with its secret encrypted, the credentials, and the daily budget counter of
// the environment. Settings are a typed slice with exported defaults; config.ts fills it from COSELL_DV_*.
import type { Config } from '../../config.js';
import { CosellError } from '../../errors.js';
import type { Logger } from '../../logger.js';
import { loadConnection, resolveSecretsKey, saveConnection } from '../../store/connections.js';
import type { Db } from '../../store/db.js';
import { System } from '../../store/schema.js';
import { DynamicsAdapter } from './adapter.js';
import {
  checkDataverseEndpoint,
  IdentityPlatformTokens,
  type DataverseGrant,
  type DataverseTokenSource,
} from './auth.js';
import { defaultDynamicsDailyCap, storeDynamicsBudget, type DvBudgetMeter } from './budget.js';
import { DataverseClient } from './client.js';
import { dynamicsName } from './error-map.js';
import type { ClosedStages } from './mapping.js';
import { defaultDvRequestPolicy, ServiceProtectionPause, type DvCallRecord } from './request.js';

export interface DynamicsSettings {
  /** The environment, e.g. `https://contoso.crm4.dynamics.com`. */
  readonly environmentUrl: string | undefined;
  /** The Entra ID tenant (id or domain) the environment belongs to. */
  readonly tenant: string;
  readonly authorityUrl: string;
  /** The app registration's application (client) id. */
  readonly clientId: string | undefined;
  /** For client credentials (an application user); absent when the connection holds a refresh token. */
  readonly clientSecret: string | undefined;
  readonly publisherPrefix: string;
  /** Our own daily guard on requests to the environment. */
  readonly dailyCap: number;
  readonly maxRetries: number;
  readonly stages: ClosedStages | undefined;
}

export const defaultDynamicsSettings: DynamicsSettings = {
  environmentUrl: undefined,
  tenant: 'organizations',
  authorityUrl: 'https://login.microsoftonline.com',
  clientId: undefined,
  clientSecret: undefined,
  publisherPrefix: 'cosell_',
  dailyCap: defaultDynamicsDailyCap,
  maxRetries: defaultDvRequestPolicy.maxRetries,
  stages: undefined,
};

export interface DynamicsDeps {
  readonly config: Pick<Config, 'profile' | 'store'>;
  readonly db: Db;
  readonly logger: Logger;
  readonly settings?: Partial<DynamicsSettings> | undefined;
  readonly now?: (() => Date) | undefined;
  readonly onCall?: ((call: DvCallRecord) => void) | undefined;
}

/** The budget key of an environment: its host name, known before any call and never a secret. */
export const environmentKey = (environmentUrl: string): string => new URL(environmentUrl).host.toLowerCase();

/** A client for a token source, metered against the store's budget table. */
export function dynamicsClient(
  deps: Omit<DynamicsDeps, 'config'>,
  environmentUrl: string,
  tokens: DataverseTokenSource,
  budget?: DvBudgetMeter,
): DataverseClient {
  const settings = { ...defaultDynamicsSettings, ...deps.settings };
  const now = deps.now;
  return new DataverseClient(
    {
      tokens,
      budget: budget ?? storeDynamicsBudget(deps.db, settings.dailyCap, deps.now),
      environment: environmentKey(environmentUrl),
      logger: deps.logger,
      policy: { ...defaultDvRequestPolicy, maxRetries: settings.maxRetries },
      pause: new ServiceProtectionPause(),
      ...(now ? { now: () => now().getTime() } : {}),
      ...(deps.onCall ? { onCall: deps.onCall } : {}),
    },
    environmentUrl,
  );
}

const notConnected = () => new CosellError('AUTH_NOT_CONNECTED', { system: System.dynamics });

/**
 * The adapter for the stored Dynamics 365 connection. The connection names the environment and holds a
 * refresh token (a person's device sign-in) or a client secret (an application user); without a stored
 * connection, client credentials configured in full (URL, client id and secret) are used as they are.
 * Neither: AUTH_NOT_CONNECTED.
 */
export async function openDynamics(deps: DynamicsDeps): Promise<DynamicsAdapter> {
  const settings = { ...defaultDynamicsSettings, ...deps.settings };
  const connection = await loadConnection(deps.db, resolveSecretsKey(deps.config.store), System.dynamics);
  const secret = connection?.secret ?? {};
  const environmentUrl = secret['environmentUrl'] ?? settings.environmentUrl;
  const clientId = secret['clientId'] ?? settings.clientId;
  const refreshToken = secret['refreshToken'];
  const clientSecret = secret['clientSecret'] ?? settings.clientSecret;
  if (environmentUrl === undefined || clientId === undefined) throw notConnected();
  let grant: DataverseGrant;
  if (refreshToken !== undefined) {
    grant = { kind: 'refresh-token', refreshToken, ...(clientSecret === undefined ? {} : { clientSecret }) };
  } else if (clientSecret !== undefined) grant = { kind: 'client-credentials', clientSecret };
  else throw notConnected();
  const sandbox = deps.config.profile === 'sandbox';
  checkDataverseEndpoint(environmentUrl, sandbox, 'the environment URL');
  const tokens = new IdentityPlatformTokens({
    authorityUrl: secret['authorityUrl'] ?? settings.authorityUrl,
    tenant: secret['tenant'] ?? settings.tenant,
    clientId,
    environmentUrl,
    grant,
    identity: connection?.identity ?? clientId,
    allowLoopbackHttp: sandbox,
  });
  return new DynamicsAdapter(dynamicsClient(deps, environmentUrl, tokens), {
    publisherPrefix: settings.publisherPrefix,
    stages: settings.stages,
  });
}

export interface DynamicsGrant {
  readonly environmentUrl: string;
  readonly organizationId: string;
  readonly tenant: string;
  readonly authorityUrl: string;
  readonly clientId: string;
  /** Who the connection acts as (the application user's or person's username). */
  readonly identity: string;
  readonly refreshToken?: string | undefined;
  readonly clientSecret?: string | undefined;
}

/** Stores the one Dynamics 365 connection (C4), its secrets encrypted with the secrets key. */
export async function saveDynamicsConnection(
  deps: Pick<DynamicsDeps, 'config' | 'db' | 'now'>,
  grant: DynamicsGrant,
): Promise<void> {
  if (grant.refreshToken === undefined && grant.clientSecret === undefined) {
    throw new CosellError('AUTH_SIGN_IN_FAILED', {
      system: dynamicsName,
      reason: 'neither a refresh token nor a client secret',
    });
  }
  const secret: Record<string, string> = {
    environmentUrl: grant.environmentUrl,
    tenant: grant.tenant,
    authorityUrl: grant.authorityUrl,
    clientId: grant.clientId,
  };
  if (grant.refreshToken !== undefined) secret['refreshToken'] = grant.refreshToken;
  if (grant.clientSecret !== undefined) secret['clientSecret'] = grant.clientSecret;
  await saveConnection(
    deps.db,
    resolveSecretsKey(deps.config.store),
    {
      system: System.dynamics,
      accountId: grant.organizationId,
      identity: grant.identity,
      scopes: grant.refreshToken === undefined ? ['.default'] : ['user_impersonation', 'offline_access'],
      secret,
    },
    deps.now?.() ?? new Date(),
  );
}
