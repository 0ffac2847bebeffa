// Wires the Salesforce adapter to the store: the one stored connection (C4: one per system, shared by every
// flow), its encrypted refresh token, and the daily budget counter of its org. Settings are a typed slice
// with exported defaults; config.ts will fill it from the environment.
import { sandboxClientId, type Config } from '../../config.js';
import { CosellError } from '../../errors.js';
import type { Logger } from '../../logger.js';
import { loadConnection, resolveSecretsKey, saveConnection } from '../../store/connections.js';
import type { Db } from '../../store/db.js';
import { System } from '../../store/schema.js';
import { SalesforceAdapter } from './adapter.js';
import { RefreshTokenSource } from './auth.js';
import { defaultSalesforceDailyCap, storeSalesforceBudget } from './budget.js';
import { defaultApiVersion, SalesforceClient } from './client.js';
import { salesforceName } from './error-map.js';
import {
  defaultSfRequestPolicy,
  type SalesforceTokenSource,
  type SfBudgetMeter,
  type SfCallRecord,
} from './request.js';

export interface SalesforceSettings {
  /** Where sessions are refreshed: login.salesforce.com, test.salesforce.com or a My Domain. */
  readonly loginUrl: string;
  /** The connected app's consumer key; the sandbox uses a fixed one (the emulator accepts any). */
  readonly clientId: string | undefined;
  readonly clientSecret: string | undefined;
  readonly apiVersion: string;
  /** Our own daily guard, below Salesforce's real limit if the operator wants one. */
  readonly dailyCap: number;
  readonly maxRetries: number;
  /** Known org facts, saving a probe (see org.ts); undefined: learned on first use. */
  readonly multiCurrency: boolean | undefined;
  readonly orgCurrency: string | undefined;
}

export const defaultSalesforceSettings: SalesforceSettings = {
  loginUrl: 'https://login.salesforce.com',
  clientId: undefined,
  clientSecret: undefined,
  apiVersion: defaultApiVersion,
  dailyCap: defaultSalesforceDailyCap,
  maxRetries: defaultSfRequestPolicy.maxRetries,
  multiCurrency: undefined,
  orgCurrency: undefined,
};

export interface SalesforceDeps {
  readonly config: Pick<Config, 'profile' | 'store'>;
  readonly db: Db;
  readonly logger: Logger;
  readonly settings?: Partial<SalesforceSettings> | undefined;
  readonly now?: (() => Date) | undefined;
  readonly onCall?: ((call: SfCallRecord) => void) | undefined;
}

/** A client for a token source, metered against the store's budget table. */
export function salesforceClient(
  deps: Omit<SalesforceDeps, 'config'>,
  tokens: SalesforceTokenSource,
  budget?: SfBudgetMeter,
): SalesforceClient {
  const settings = { ...defaultSalesforceSettings, ...deps.settings };
  return new SalesforceClient(
    {
      tokens,
      budget: budget ?? storeSalesforceBudget(deps.db, settings.dailyCap, deps.now),
      logger: deps.logger,
      policy: { ...defaultSfRequestPolicy, maxRetries: settings.maxRetries },
      usage: { last: undefined },
      ...(deps.onCall ? { onCall: deps.onCall } : {}),
    },
    settings.apiVersion,
  );
}

/** The adapter for the stored Salesforce connection. AUTH_NOT_CONNECTED when there is none yet. */
export async function openSalesforce(deps: SalesforceDeps): Promise<SalesforceAdapter> {
  const settings = { ...defaultSalesforceSettings, ...deps.settings };
  const key = resolveSecretsKey(deps.config.store);
  const connection = await loadConnection(deps.db, key, System.salesforce);
  const refreshToken = connection?.secret['refreshToken'];
  if (connection === undefined || refreshToken === undefined) {
    throw new CosellError('AUTH_NOT_CONNECTED', { system: System.salesforce });
  }
  const sandbox = deps.config.profile === 'sandbox';
  const clientId = settings.clientId ?? (sandbox ? sandboxClientId : undefined);
  if (clientId === undefined) {
    throw new CosellError('AUTH_SIGN_IN_FAILED', {
      system: salesforceName,
      reason: 'no connected app client id is configured',
    });
  }
  const tokens = new RefreshTokenSource({
    // The connection remembers where it signed in (a sandbox org's test.salesforce.com, a My Domain).
    loginUrl: connection.secret['loginUrl'] ?? settings.loginUrl,
    clientId,
    clientSecret: settings.clientSecret,
    refreshToken,
    identity: connection.identity ?? 'unknown',
    allowLoopbackHttp: sandbox,
  });
  return new SalesforceAdapter(salesforceClient(deps, tokens), {
    multiCurrency: settings.multiCurrency,
    orgCurrency: settings.orgCurrency,
  });
}

export interface SalesforceGrant {
  readonly refreshToken: string;
  /** Where the token was issued: it is refreshed there (a sandbox org, a My Domain). */
  readonly loginUrl: string;
  readonly identity: string;
  readonly orgId: string;
}

/** Stores the one Salesforce connection (C4), its refresh token encrypted with the secrets key. */
export async function saveSalesforceConnection(
  deps: Pick<SalesforceDeps, 'config' | 'db' | 'now'>,
  grant: SalesforceGrant,
): Promise<void> {
  const key = resolveSecretsKey(deps.config.store);
  await saveConnection(
    deps.db,
    key,
    {
      system: System.salesforce,
      accountId: grant.orgId,
      identity: grant.identity,
      scopes: ['api', 'refresh_token'],
      secret: { refreshToken: grant.refreshToken, loginUrl: grant.loginUrl },
    },
    deps.now?.() ?? new Date(),
  );
}
