// Access tokens for one Dataverse environment from the Microsoft identity platform's v2 token endpoint
// (`<authority>/<tenant>/oauth2/v2.0/token`): client credentials for an application user (the recommended
// service identity: it does not die with a person), or a stored refresh token from a person's device sign-in.
// Tokens are cached until shortly before `expires_in` runs out; request.ts asks for a fresh one once when a
// call answers 401 anyway (revoked, or a clock that disagrees). Plain fetch, not msal-node: msal refuses
// http authorities, so it could not talk to the emulator with the production code path (decisions.md).
// Token endpoint calls are not Web API requests, so they are not metered; no token or secret ever reaches
// an error or a log line.
import { requestTimeoutMs, withDeadline } from '../../http-client/send.js';
import { CosellError } from '../../errors.js';
import { describeCause, parseJson, summariseIssues } from '../../http-client/response.js';
import { dynamicsName, dynamicsSystem, redactDataverse } from './error-map.js';
import { DvOAuthErrorSchema, DvTokenResponseSchema, type DvTokenResponse } from './wire.js';

export interface DataverseToken {
  readonly accessToken: string;
  /** Epoch ms after which the token is not used any more. */
  readonly expiresAt: number;
}

/** Tokens for one identity; `refresh` forces a new one (after a 401). */
export interface DataverseTokenSource {
  /** Who we act as (client id or username); named in access errors, never a secret. */
  readonly identity: string;
  token(options?: { refresh?: boolean }): Promise<DataverseToken>;
}

export type DataverseGrant =
  | { readonly kind: 'client-credentials'; readonly clientSecret: string }
  | { readonly kind: 'refresh-token'; readonly refreshToken: string; readonly clientSecret?: string };

export interface TokenSourceOptions {
  /** `https://login.microsoftonline.com`, or the emulator's origin (sandbox). */
  readonly authorityUrl: string;
  readonly tenant: string;
  readonly clientId: string;
  /** The environment, e.g. `https://contoso.crm.dynamics.com`: the token's audience. */
  readonly environmentUrl: string;
  readonly grant: DataverseGrant;
  readonly identity: string;
  readonly allowLoopbackHttp: boolean;
  readonly now?: () => number;
}

/** A token is dropped this long before it expires, so a call never starts with one about to die. */
export const tokenEarlyExpiryMs = 120_000;

const loopbackHosts = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** The URL, if it is https, or http on a loopback host while `allowLoopbackHttp` (sandbox only). */
export function checkDataverseEndpoint(text: string, allowLoopbackHttp: boolean, what: string): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new CosellError('AUTH_SIGN_IN_FAILED', { system: dynamicsName, reason: `${what} is not a URL` });
  }
  if (url.protocol === 'https:') return url;
  if (url.protocol === 'http:' && allowLoopbackHttp && loopbackHosts.has(url.hostname)) return url;
  throw new CosellError('AUTH_SIGN_IN_FAILED', {
    system: dynamicsName,
    reason: `${what} must use https (${url.host})`,
  });
}

export class IdentityPlatformTokens implements DataverseTokenSource {
  readonly identity: string;
  readonly #options: TokenSourceOptions;
  readonly #tokenUrl: URL;
  readonly #scopeBase: string;
  #token: DataverseToken | undefined;
  #refreshToken: string | undefined;
  #inflight: Promise<DataverseToken> | undefined;

  constructor(options: TokenSourceOptions) {
    this.#options = options;
    this.identity = options.identity;
    const authority = checkDataverseEndpoint(
      options.authorityUrl,
      options.allowLoopbackHttp,
      'the authority',
    );
    const environment = checkDataverseEndpoint(
      options.environmentUrl,
      options.allowLoopbackHttp,
      'the environment URL',
    );
    this.#tokenUrl = new URL(`/${encodeURIComponent(options.tenant)}/oauth2/v2.0/token`, authority.origin);
    this.#scopeBase = environment.origin;
    this.#refreshToken = options.grant.kind === 'refresh-token' ? options.grant.refreshToken : undefined;
  }

  token(options: { refresh?: boolean } = {}): Promise<DataverseToken> {
    const now = (this.#options.now ?? Date.now)();
    if (!options.refresh && this.#token && now < this.#token.expiresAt) return Promise.resolve(this.#token);
    // Concurrent callers share one token request.
    this.#inflight ??= this.#fetch().finally(() => {
      this.#inflight = undefined;
    });
    return this.#inflight;
  }

  async #fetch(): Promise<DataverseToken> {
    const { grant, clientId } = this.#options;
    const form = new URLSearchParams({ client_id: clientId });
    if (grant.kind === 'client-credentials') {
      form.set('grant_type', 'client_credentials');
      form.set('client_secret', grant.clientSecret);
      form.set('scope', `${this.#scopeBase}/.default`);
    } else {
      form.set('grant_type', 'refresh_token');
      form.set('refresh_token', this.#refreshToken ?? grant.refreshToken);
      form.set('scope', `${this.#scopeBase}/user_impersonation offline_access`);
      if (grant.clientSecret !== undefined) form.set('client_secret', grant.clientSecret);
    }
    let response: Response;
    try {
      response = await fetch(this.#tokenUrl, {
        method: 'POST',
        headers: { accept: 'application/json', 'content-type': 'application/x-www-form-urlencoded' },
        body: form.toString(),
        signal: withDeadline(undefined, requestTimeoutMs),
      });
    } catch (cause) {
      throw new CosellError(
        'NETWORK_ERROR',
        { host: this.#tokenUrl.host, reason: redactDataverse(describeCause(cause)) },
        { cause },
      );
    }
    const body = parseJson(await response.text());
    if (response.status >= 500) {
      throw new CosellError('CRM_UNAVAILABLE', { system: dynamicsName, status: response.status });
    }
    if (!response.ok) throw this.#refused(response.status, body);
    const parsed = DvTokenResponseSchema.safeParse(body);
    if (!parsed.success) {
      throw new CosellError('CRM_RESPONSE_INVALID', {
        system: dynamicsName,
        reason: summariseIssues(parsed.error),
      });
    }
    return this.#keep(parsed.data);
  }

  /** Starts with the token a sign-in already gave, so the first call needs no token request. */
  prime(token: DvTokenResponse): void {
    this.#keep(token);
  }

  #keep(token: DvTokenResponse): DataverseToken {
    // Entra ID may rotate the refresh token; the newest one is kept for the next refresh in this process.
    if (token.refresh_token !== undefined) this.#refreshToken = token.refresh_token;
    const lifetimeMs = (token.expires_in ?? 3600) * 1000;
    const now = (this.#options.now ?? Date.now)();
    this.#token = {
      accessToken: token.access_token,
      expiresAt: now + Math.max(lifetimeMs - tokenEarlyExpiryMs, lifetimeMs / 2),
    };
    return this.#token;
  }

  #refused(status: number, body: unknown): CosellError {
    const oauth = DvOAuthErrorSchema.safeParse(body);
    const error = oauth.success ? oauth.data.error : `HTTP ${status}`;
    // Entra ID's descriptions start with an AADSTS code and carry trace ids; the first line says enough.
    const description = redactDataverse(
      (oauth.success ? (oauth.data.error_description ?? '') : '').split(/\r?\n/)[0] ?? '',
    );
    // invalid_grant on a refresh: the token was revoked, or its user disabled (it dies with its user).
    if (error === 'invalid_grant' && this.#options.grant.kind === 'refresh-token') {
      return new CosellError(
        'AUTH_REFRESH_FAILED',
        { system: dynamicsSystem, identity: this.identity },
        { detail: error },
      );
    }
    return new CosellError('AUTH_SIGN_IN_FAILED', {
      system: dynamicsName,
      reason: description === '' ? error : `${error}: ${description}`,
    });
  }
}
