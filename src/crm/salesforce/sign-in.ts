// `cosell connect salesforce`: signing in once and storing the one Salesforce connection (C2, C4). Two ways in:
// - the OAuth 2.0 device flow of a connected app (Salesforce's "OAuth 2.0 Device Flow for IoT Integration"):
//   the token endpoint hands out a user code for the person and a device code to poll with
//   (`grant_type=device`) until they allow access; `authorization_pending` keeps polling, `slow_down` adds
//   5 seconds to the interval, `access_denied` and `expired_token` end it with a coded error;
// - an existing refresh token (automation), verified by a refresh before anything is stored.
// Either way the identity is checked at once (whoAmI: who we act as, whether they may customise the org, P2),
// and only a connection that answered is stored, encrypted, with the login URL it was issued at. Signing in
// needs no store, so none is held open (and locked) while a person finds the code's page.
import { setTimeout as delay } from 'node:timers/promises';
import { sandboxClientId, type Config } from '../../config.js';
import { CosellError } from '../../errors.js';
import { summariseIssues } from '../../http-client/response.js';
import type { Logger } from '../../logger.js';
import type { Db } from '../../store/db.js';
import { SalesforceAdapter } from './adapter.js';
import { checkEndpoint, RefreshTokenSource, sessionFromToken } from './auth.js';
import { salesforceClient, saveSalesforceConnection, type SalesforceSettings } from './connection.js';
import { salesforceName } from './error-map.js';
import { oauthReason, parseTokenResponse, postTokenForm } from './token-grant.js';
import { SfDeviceCodeSchema, type SfTokenResponse } from './wire.js';

/** The scopes cosell asks for: the REST API, and a refresh token to keep the connection. */
export const salesforceScopes = 'api refresh_token';
/** Salesforce's polling interval when its answer names none (it announces 5 seconds). */
const defaultIntervalSeconds = 5;
/** We never poll faster than this, whatever a server announces. */
const minIntervalSeconds = 1;
/** RFC 8628 §3.5: each slow_down adds 5 seconds. */
const slowDownSeconds = 5;
/** Salesforce's answer has no `expires_in`; polling gives up after this long if it has not said. */
const defaultLifetimeSeconds = 15 * 60;

/** Waits `ms` between polls (real timers; tests pass their own). Rejects when `signal` aborts. */
export type PollWait = (ms: number, signal?: AbortSignal) => Promise<void>;
const realWait: PollWait = async (ms, signal) => {
  await delay(ms, undefined, signal ? { signal } : {});
};

/** The connected app we sign in with, and where. */
export interface SalesforceApp {
  /** The login URL's origin (login.salesforce.com, test.salesforce.com, a My Domain, the emulator). */
  readonly loginUrl: string;
  readonly clientId: string;
  readonly clientSecret: string | undefined;
  /** Sandbox profile only: plain http to a loopback emulator. */
  readonly allowLoopbackHttp: boolean;
}

/** The app from the configuration; the sandbox has a default client id (the emulator accepts any). */
export function salesforceApp(config: Pick<Config, 'profile' | 'salesforce'>): SalesforceApp {
  const sandbox = config.profile === 'sandbox';
  const clientId = config.salesforce.clientId ?? (sandbox ? sandboxClientId : undefined);
  if (clientId === undefined) {
    throw new CosellError('CONFIG_INVALID', {
      problems: "COSELL_SF_CLIENT_ID: required to connect to Salesforce (the connected app's consumer key)",
    });
  }
  return {
    loginUrl: checkEndpoint(config.salesforce.loginUrl, sandbox, 'the login URL').origin,
    clientId,
    clientSecret: config.salesforce.clientSecret,
    allowLoopbackHttp: sandbox,
  };
}

export interface SalesforceDeviceCode {
  /** What the person enters at `verificationUri`. */
  readonly userCode: string;
  readonly verificationUri: string;
  /** Polls until the person allows or denies access, or the code expires. */
  wait(signal?: AbortSignal): Promise<SfTokenResponse & { refresh_token: string }>;
}

export interface DeviceFlowOptions {
  readonly wait?: PollWait | undefined;
  /** Wall-clock milliseconds, for the local deadline. */
  readonly now?: (() => number) | undefined;
}

function refused(reason: string): CosellError {
  return new CosellError('AUTH_CONNECTED_APP_REFUSED', { system: salesforceName, reason });
}

/** Starts the device flow: one form post for the codes; `wait()` then polls with the device code. */
export async function startSalesforceDeviceFlow(
  app: SalesforceApp,
  options: DeviceFlowOptions = {},
  signal?: AbortSignal,
): Promise<SalesforceDeviceCode> {
  const wait = options.wait ?? realWait;
  const now = options.now ?? Date.now;
  const answer = await postTokenForm(
    app.loginUrl,
    { response_type: 'device_code', client_id: app.clientId, scope: salesforceScopes },
    signal,
  );
  if (!answer.ok) throw refused(oauthReason(answer));
  const parsed = SfDeviceCodeSchema.safeParse(answer.body);
  if (!parsed.success) {
    throw new CosellError('CRM_RESPONSE_INVALID', {
      system: salesforceName,
      reason: summariseIssues(parsed.error),
    });
  }
  const code = parsed.data;
  const deadline = now() + (code.expires_in ?? defaultLifetimeSeconds) * 1000;
  let intervalSeconds = Math.max(code.interval ?? defaultIntervalSeconds, minIntervalSeconds);

  return {
    userCode: code.user_code,
    verificationUri: code.verification_uri,
    async wait(pollSignal) {
      for (;;) {
        if (now() >= deadline) throw new CosellError('AUTH_DEVICE_CODE_EXPIRED');
        await wait(intervalSeconds * 1000, pollSignal);
        const poll = await postTokenForm(
          app.loginUrl,
          { grant_type: 'device', client_id: app.clientId, code: code.device_code },
          pollSignal,
        );
        if (poll.ok) {
          const token = parseTokenResponse(poll.body);
          const refreshToken = token.refresh_token;
          if (refreshToken === undefined || refreshToken === '') {
            throw refused(
              'no refresh token was issued; the connected app must allow the refresh_token scope ("Perform requests at any time")',
            );
          }
          return { ...token, refresh_token: refreshToken };
        }
        switch (poll.error) {
          case 'authorization_pending':
            break;
          case 'slow_down':
            intervalSeconds += slowDownSeconds;
            break;
          case 'access_denied':
            throw new CosellError('AUTH_DEVICE_CODE_DECLINED', {}, { detail: poll.error });
          case 'expired_token':
            throw new CosellError('AUTH_DEVICE_CODE_EXPIRED', {}, { detail: poll.error });
          default:
            throw refused(oauthReason(poll));
        }
      }
    },
  };
}

/** A sign-in that worked: the tokens, and the app and login URL they belong to. Not yet checked or stored. */
export interface SalesforceSignIn {
  readonly app: SalesforceApp;
  readonly refreshToken: string;
  /** The token answer (its session saves one refresh; its identity URL names the org and the user). */
  readonly token: SfTokenResponse;
}

/**
 * Device-flow sign-in (C2): `onCode` shows the person where to go and what to enter, then the flow polls
 * until they allow or deny access. Needs no store: nothing is held open while a person signs in.
 */
export async function signInWithDeviceFlow(
  config: Pick<Config, 'profile' | 'salesforce'>,
  onCode: (code: SalesforceDeviceCode) => void | Promise<void>,
  options: DeviceFlowOptions = {},
  signal?: AbortSignal,
): Promise<SalesforceSignIn> {
  const app = salesforceApp(config);
  const device = await startSalesforceDeviceFlow(app, options, signal);
  await onCode(device);
  const token = await device.wait(signal);
  return { app, refreshToken: token.refresh_token, token };
}

/**
 * An existing refresh token (automation, `--refresh-token-stdin`), proved by one refresh at the configured
 * login URL. A refused token is AUTH_REFRESH_TOKEN_REFUSED, an empty one AUTH_REFRESH_TOKEN_MISSING.
 */
export async function signInWithRefreshToken(
  config: Pick<Config, 'profile' | 'salesforce'>,
  refreshToken: string,
  signal?: AbortSignal,
): Promise<SalesforceSignIn> {
  const app = salesforceApp(config);
  const given = refreshToken.trim();
  if (given === '') throw new CosellError('AUTH_REFRESH_TOKEN_MISSING');
  const answer = await postTokenForm(
    app.loginUrl,
    {
      grant_type: 'refresh_token',
      client_id: app.clientId,
      client_secret: app.clientSecret,
      refresh_token: given,
    },
    signal,
  );
  if (!answer.ok) {
    throw new CosellError('AUTH_REFRESH_TOKEN_REFUSED', {
      system: salesforceName,
      reason: oauthReason(answer),
    });
  }
  return { app, refreshToken: given, token: parseTokenResponse(answer.body) };
}

export interface SalesforceStoreDeps {
  readonly config: Pick<Config, 'profile' | 'store' | 'salesforce'>;
  readonly db: Db;
  readonly logger: Logger;
  readonly now?: (() => Date) | undefined;
}

/** The connection as stored, and what the check found. */
export interface SalesforceConnected {
  readonly username: string;
  readonly userId: string;
  readonly orgId: string;
  /** System Administrator, Modify All Data or Customize Application: may install the co-sell fields (P2). */
  readonly canCustomize: boolean;
  /** Where the refresh token was issued, and is refreshed. */
  readonly loginUrl: string;
  readonly instanceUrl: string;
}

/**
 * Checks a sign-in at once with one cheap API call (whoAmI: the username and the profile's rights, C2), then
 * stores it as the one Salesforce connection (C4), the refresh token encrypted. An identity the API refuses
 * (no API access) fails here with CRM_ACCESS_DENIED naming it (R5), and nothing is stored. Not being allowed
 * to customise the org is reported, not refused: sync itself needs only API access (P2).
 */
export async function saveSalesforceSignIn(
  deps: SalesforceStoreDeps,
  signIn: SalesforceSignIn,
): Promise<SalesforceConnected> {
  const { app, refreshToken, token } = signIn;
  const session = sessionFromToken(token, app.allowLoopbackHttp);
  const tokens = new RefreshTokenSource({
    loginUrl: app.loginUrl,
    clientId: app.clientId,
    clientSecret: app.clientSecret,
    refreshToken,
    identity: session.userId,
    allowLoopbackHttp: app.allowLoopbackHttp,
  });
  tokens.prime(token);
  const { dailyCap } = deps.config.salesforce;
  const settings: Partial<SalesforceSettings> = dailyCap === undefined ? {} : { dailyCap };
  const adapter = new SalesforceAdapter(
    salesforceClient({ db: deps.db, logger: deps.logger, settings, now: deps.now }, tokens),
  );
  const me = await adapter.whoAmI();
  await saveSalesforceConnection(deps, {
    refreshToken,
    loginUrl: app.loginUrl,
    identity: me.username,
    orgId: session.orgId,
  });
  deps.logger.info(
    { system: 'salesforce', identity: me.username, orgId: session.orgId, canCustomize: me.canCustomize },
    'Salesforce connection saved',
  );
  return {
    username: me.username,
    userId: me.userId,
    orgId: session.orgId,
    canCustomize: me.canCustomize,
    loginUrl: app.loginUrl,
    instanceUrl: session.instanceUrl,
  };
}
