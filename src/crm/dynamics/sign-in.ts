// `cosell connect dynamics`: signing in once and storing the one Dynamics 365 connection (C2, C4). Two ways in:
// - the Microsoft identity platform's device code flow (RFC 8628) for a person: the devicecode endpoint hands
//   out a user code for the person and a device code to poll the token endpoint with
//   (`urn:ietf:params:oauth:grant-type:device_code`) until they approve; `authorization_pending` keeps
//   polling, `slow_down` adds 5 seconds, `authorization_declined` and `expired_token` end it with a coded
//   error. The scope asks for offline_access, so a refresh token comes back to keep the connection;
// - client credentials of an application user (automation, the recommended service identity), the secret
//   piped to standard input and proved by one token request before anything is stored.
// Either way the identity is checked at once (WhoAmI and the user's security roles: may it customise the
// environment, P2), and only a connection that answered is stored, encrypted, with the environment and the
// authority it belongs to. Signing in needs no store, so none is held open while a person finds the page.
// Plain fetch, as auth.ts: msal-node refuses the emulator's http authority (decisions.md).
import { setTimeout as delay } from 'node:timers/promises';
import { z } from 'zod';
import { sandboxClientId, type Config } from '../../config.js';
import { CosellError } from '../../errors.js';
import { describeCause, parseJson, summariseIssues } from '../../http-client/response.js';
import type { Logger } from '../../logger.js';
import type { Db } from '../../store/db.js';
import { DynamicsAdapter } from './adapter.js';
import { checkDataverseEndpoint, IdentityPlatformTokens, type DataverseGrant } from './auth.js';
import { dynamicsClient, saveDynamicsConnection, type DynamicsSettings } from './connection.js';
import { dynamicsName, redactDataverse } from './error-map.js';
import { DvOAuthErrorSchema, DvTokenResponseSchema, type DvTokenResponse } from './wire.js';

/** Entra ID's polling interval when its answer names none (it announces 5 seconds). */
const defaultIntervalSeconds = 5;
/** We never poll faster than this, whatever a server announces. */
const minIntervalSeconds = 1;
/** RFC 8628 §3.5: each slow_down adds 5 seconds. */
const slowDownSeconds = 5;
/** Entra ID's device codes live 15 minutes; polling gives up then if the answer said nothing. */
const defaultLifetimeSeconds = 15 * 60;

/** Waits `ms` between polls (real timers; tests pass their own). Rejects when `signal` aborts. */
export type PollWait = (ms: number, signal?: AbortSignal) => Promise<void>;
const realWait: PollWait = async (ms, signal) => {
  await delay(ms, undefined, signal ? { signal } : {});
};

/** The app registration we sign in with, the environment it is for, and the authority that issues tokens. */
export interface DynamicsApp {
  readonly environmentUrl: string;
  readonly authorityUrl: string;
  readonly tenant: string;
  readonly clientId: string;
  /** Sandbox profile only: plain http to a loopback emulator. */
  readonly allowLoopbackHttp: boolean;
}

/** The app from the configuration; the sandbox has a default client id (the emulator accepts any). */
export function dynamicsApp(config: Pick<Config, 'profile' | 'dynamics'>): DynamicsApp {
  const sandbox = config.profile === 'sandbox';
  const { environmentUrl, authorityUrl, tenant } = config.dynamics;
  const clientId = config.dynamics.clientId ?? (sandbox ? sandboxClientId : undefined);
  if (environmentUrl === undefined) {
    throw new CosellError('CONFIG_INVALID', {
      problems: 'COSELL_DV_URL: required to connect to Dynamics 365 (the environment URL)',
    });
  }
  if (clientId === undefined) {
    throw new CosellError('CONFIG_INVALID', {
      problems: "COSELL_DV_CLIENT_ID: required to connect to Dynamics 365 (the app registration's client id)",
    });
  }
  return {
    environmentUrl: checkDataverseEndpoint(environmentUrl, sandbox, 'the environment URL').origin,
    authorityUrl: checkDataverseEndpoint(authorityUrl, sandbox, 'the authority').origin,
    tenant,
    clientId,
    allowLoopbackHttp: sandbox,
  };
}

const endpoint = (app: DynamicsApp, name: 'token' | 'devicecode') =>
  new URL(`/${encodeURIComponent(app.tenant)}/oauth2/v2.0/${name}`, app.authorityUrl);

/** A person's delegated scopes on the environment, with a refresh token. */
export const dynamicsScopes = (app: DynamicsApp): string =>
  `${app.environmentUrl}/user_impersonation offline_access`;

type FormAnswer =
  | { readonly ok: true; readonly body: unknown }
  | { readonly ok: false; readonly error: string; readonly reason: string };

async function postForm(url: URL, form: Record<string, string>, signal?: AbortSignal): Promise<FormAnswer> {
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: { accept: 'application/json', 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(form).toString(),
      ...(signal ? { signal } : {}),
    });
  } catch (cause) {
    if (signal?.aborted) throw cause;
    throw new CosellError(
      'NETWORK_ERROR',
      { host: url.host, reason: redactDataverse(describeCause(cause)) },
      { cause },
    );
  }
  const body = parseJson(await response.text());
  if (response.status >= 500) {
    throw new CosellError('CRM_UNAVAILABLE', { system: dynamicsName, status: response.status });
  }
  if (response.ok) return { ok: true, body };
  const oauth = DvOAuthErrorSchema.safeParse(body);
  const error = oauth.success ? oauth.data.error : `HTTP ${response.status}`;
  // Entra ID's descriptions start with an AADSTS code and carry trace ids; the first line says enough.
  const description = redactDataverse(
    (oauth.success ? (oauth.data.error_description ?? '') : '').split(/\r?\n/)[0] ?? '',
  );
  return { ok: false, error, reason: description === '' ? error : `${error}: ${description}` };
}

function signInFailed(reason: string): CosellError {
  return new CosellError('AUTH_SIGN_IN_FAILED', { system: dynamicsName, reason });
}

function parsed<S extends z.ZodType>(schema: S, body: unknown): z.infer<S> {
  const result = schema.safeParse(body);
  if (!result.success) {
    throw new CosellError('CRM_RESPONSE_INVALID', {
      system: dynamicsName,
      reason: summariseIssues(result.error),
    });
  }
  return result.data;
}

const DeviceCodeSchema = z.looseObject({
  device_code: z.string().min(1),
  user_code: z.string().min(1),
  verification_uri: z.string().min(1),
  expires_in: z.coerce.number().optional(),
  interval: z.coerce.number().optional(),
});

export interface DynamicsDeviceCode {
  /** What the person enters at `verificationUri`. */
  readonly userCode: string;
  readonly verificationUri: string;
  readonly expiresAt: Date;
  /** Polls until the person approves or declines, or the code expires. */
  wait(signal?: AbortSignal): Promise<DvTokenResponse & { refresh_token: string }>;
}

export interface DeviceFlowOptions {
  readonly wait?: PollWait | undefined;
  /** Wall-clock milliseconds, for the local deadline. */
  readonly now?: (() => number) | undefined;
}

/** Starts the device code flow: one form post for the codes; `wait()` then polls with the device code. */
export async function startDynamicsDeviceFlow(
  app: DynamicsApp,
  options: DeviceFlowOptions = {},
  signal?: AbortSignal,
): Promise<DynamicsDeviceCode> {
  const wait = options.wait ?? realWait;
  const now = options.now ?? Date.now;
  const answer = await postForm(
    endpoint(app, 'devicecode'),
    { client_id: app.clientId, scope: dynamicsScopes(app) },
    signal,
  );
  if (!answer.ok) throw signInFailed(answer.reason);
  const code = parsed(DeviceCodeSchema, answer.body);
  const deadline = now() + (code.expires_in ?? defaultLifetimeSeconds) * 1000;
  let intervalSeconds = Math.max(code.interval ?? defaultIntervalSeconds, minIntervalSeconds);
  return {
    userCode: code.user_code,
    verificationUri: code.verification_uri,
    expiresAt: new Date(deadline),
    async wait(pollSignal) {
      for (;;) {
        if (now() >= deadline) throw new CosellError('AUTH_DEVICE_CODE_EXPIRED');
        await wait(intervalSeconds * 1000, pollSignal);
        const poll = await postForm(
          endpoint(app, 'token'),
          {
            grant_type: 'urn:ietf:params:oauth:grant-type:device_code',
            client_id: app.clientId,
            device_code: code.device_code,
          },
          pollSignal,
        );
        if (poll.ok) {
          const token = parsed(DvTokenResponseSchema, poll.body);
          const refreshToken = token.refresh_token;
          if (refreshToken === undefined || refreshToken === '') {
            throw signInFailed('no refresh token was issued (the offline_access scope was not granted)');
          }
          return { ...token, refresh_token: refreshToken };
        }
        switch (poll.error) {
          case 'authorization_pending':
            break;
          case 'slow_down':
            intervalSeconds += slowDownSeconds;
            break;
          case 'authorization_declined':
          case 'access_denied':
            throw new CosellError('AUTH_DEVICE_CODE_DECLINED', {}, { detail: poll.error });
          case 'expired_token':
          case 'code_expired':
            throw new CosellError('AUTH_DEVICE_CODE_EXPIRED', {}, { detail: poll.error });
          default:
            throw signInFailed(poll.reason);
        }
      }
    },
  };
}

/** A sign-in that worked: the grant to store, and the token it already gave. Not yet checked or stored. */
export interface DynamicsSignIn {
  readonly app: DynamicsApp;
  readonly grant: DataverseGrant;
  readonly token: DvTokenResponse;
}

/**
 * Device code sign-in (C2): `onCode` shows the person where to go and what to enter, then the flow polls
 * until they approve or decline. Needs no store: nothing is held open while a person signs in.
 */
export async function signInWithDeviceCode(
  config: Pick<Config, 'profile' | 'dynamics'>,
  onCode: (code: DynamicsDeviceCode) => void | Promise<void>,
  options: DeviceFlowOptions = {},
  signal?: AbortSignal,
): Promise<DynamicsSignIn> {
  const app = dynamicsApp(config);
  const device = await startDynamicsDeviceFlow(app, options, signal);
  await onCode(device);
  const token = await device.wait(signal);
  return { app, grant: { kind: 'refresh-token', refreshToken: token.refresh_token }, token };
}

/**
 * Client credentials of an application user (`--client-secret-stdin`), proved by one token request. A
 * refused secret or client is AUTH_SIGN_IN_FAILED with Entra ID's reason.
 */
export async function signInWithClientSecret(
  config: Pick<Config, 'profile' | 'dynamics'>,
  clientSecret: string,
  signal?: AbortSignal,
): Promise<DynamicsSignIn> {
  const app = dynamicsApp(config);
  const secret = clientSecret.trim();
  if (secret === '') throw signInFailed('no client secret was read from standard input');
  const answer = await postForm(
    endpoint(app, 'token'),
    {
      grant_type: 'client_credentials',
      client_id: app.clientId,
      client_secret: secret,
      scope: `${app.environmentUrl}/.default`,
    },
    signal,
  );
  if (!answer.ok) throw signInFailed(answer.reason);
  const token = parsed(DvTokenResponseSchema, answer.body);
  return { app, grant: { kind: 'client-credentials', clientSecret: secret }, token };
}

export interface DynamicsStoreDeps {
  readonly config: Pick<Config, 'profile' | 'store' | 'dynamics'>;
  readonly db: Db;
  readonly logger: Logger;
  readonly now?: (() => Date) | undefined;
}

/** The connection as stored, and what the check found. */
export interface DynamicsConnected {
  readonly username: string;
  readonly userId: string;
  readonly organizationId: string;
  /** System Administrator or System Customizer: may add the co-sell columns and table (P2). */
  readonly canCustomize: boolean;
  readonly environmentUrl: string;
  /** When the access token the sign-in gave runs out (a new one is fetched from the stored grant). */
  readonly accessTokenExpiresAt: Date;
}

/**
 * Checks a sign-in at once (WhoAmI and the user's roles, C2), then stores it as the one Dynamics 365
 * connection (C4), the refresh token or client secret encrypted. An identity the environment refuses fails
 * here (CRM_ACCESS_DENIED naming it, R5) and nothing is stored. Not being allowed to customise the
 * environment is reported, not refused: sync itself needs only its table privileges (P2).
 */
export async function saveDynamicsSignIn(
  deps: DynamicsStoreDeps,
  signIn: DynamicsSignIn,
): Promise<DynamicsConnected> {
  const { app, grant, token } = signIn;
  const nowMs = () => (deps.now?.() ?? new Date()).getTime();
  const signedInAt = nowMs();
  const tokens = new IdentityPlatformTokens({
    authorityUrl: app.authorityUrl,
    tenant: app.tenant,
    clientId: app.clientId,
    environmentUrl: app.environmentUrl,
    grant,
    identity: app.clientId,
    allowLoopbackHttp: app.allowLoopbackHttp,
    now: nowMs,
  });
  tokens.prime(token);
  const { dailyCap, publisherPrefix } = deps.config.dynamics;
  const settings: Partial<DynamicsSettings> = dailyCap === undefined ? {} : { dailyCap };
  const client = dynamicsClient(
    { db: deps.db, logger: deps.logger, settings, now: deps.now },
    app.environmentUrl,
    tokens,
  );
  const adapter = new DynamicsAdapter(client, { publisherPrefix });
  const { OrganizationId } = await client.whoAmI();
  const me = await adapter.whoAmI();
  const organizationId = OrganizationId ?? 'unknown';
  await saveDynamicsConnection(deps, {
    environmentUrl: app.environmentUrl,
    organizationId,
    tenant: app.tenant,
    authorityUrl: app.authorityUrl,
    clientId: app.clientId,
    identity: me.username,
    ...(grant.kind === 'refresh-token'
      ? { refreshToken: grant.refreshToken }
      : { clientSecret: grant.clientSecret }),
  });
  deps.logger.info(
    { system: 'dynamics', identity: me.username, organizationId, canCustomize: me.canCustomize },
    'Dynamics 365 connection saved',
  );
  return {
    username: me.username,
    userId: me.userId,
    organizationId,
    canCustomize: me.canCustomize,
    environmentUrl: app.environmentUrl,
    accessTokenExpiresAt: new Date(signedInAt + (token.expires_in ?? 3600) * 1000),
  };
}
