// Salesforce sessions from one stored refresh token (the web-server flow's result, kept encrypted in the
// store). Salesforce's token answer has no lifetime, so a session is used until a call answers 401; then
// request.ts asks for a fresh one once. The instance URL and the org come from the token answer itself.
// Plain http is allowed only for loopback emulators in the sandbox profile, never in production (the same
// rule as Partner Center's sign-in).
import { CosellError } from '../../errors.js';
import { salesforceName } from './error-map.js';
import type { SalesforceSession, SalesforceTokenSource } from './request.js';
import { refreshTokenGrant } from './token-grant.js';
import type { SfTokenResponse } from './wire.js';

const loopbackHosts = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** The URL, if it is https, or http on a loopback host while `allowLoopbackHttp` (sandbox only). */
export function checkEndpoint(text: string, allowLoopbackHttp: boolean, what: string): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new CosellError('AUTH_SIGN_IN_FAILED', { system: salesforceName, reason: `${what} is not a URL` });
  }
  if (url.protocol === 'https:') return url;
  if (url.protocol === 'http:' && allowLoopbackHttp && loopbackHosts.has(url.hostname)) return url;
  throw new CosellError('AUTH_SIGN_IN_FAILED', {
    system: salesforceName,
    reason: `${what} must use https (${url.host})`,
  });
}

/** A session from a token answer: the identity URL `…/id/<orgId>/<userId>` names the org and the user. */
export function sessionFromToken(token: SfTokenResponse, allowLoopbackHttp: boolean): SalesforceSession {
  const match = /\/id\/([^/]+)\/([^/?#]+)/.exec(token.id);
  if (!match?.[1] || !match[2]) {
    throw new CosellError('CRM_RESPONSE_INVALID', {
      system: salesforceName,
      reason: 'the token answer has no identity URL',
    });
  }
  const instance = checkEndpoint(token.instance_url, allowLoopbackHttp, 'the instance URL');
  return {
    accessToken: token.access_token,
    instanceUrl: instance.origin,
    orgId: match[1],
    userId: match[2],
  };
}

export interface RefreshTokenSourceOptions {
  /** login.salesforce.com, test.salesforce.com, a My Domain, or the emulator (sandbox). */
  readonly loginUrl: string;
  readonly clientId: string;
  /** Confidential connected apps need it; PKCE-only apps do not. */
  readonly clientSecret?: string | undefined;
  readonly refreshToken: string;
  /** The username the refresh token belongs to. */
  readonly identity: string;
  readonly allowLoopbackHttp: boolean;
}

/** Sessions from a stored refresh token; concurrent callers share one refresh. */
export class RefreshTokenSource implements SalesforceTokenSource {
  readonly identity: string;
  readonly #options: RefreshTokenSourceOptions;
  readonly #loginUrl: string;
  #session: SalesforceSession | undefined;
  #inflight: Promise<SalesforceSession> | undefined;

  constructor(options: RefreshTokenSourceOptions) {
    this.#options = options;
    this.identity = options.identity;
    this.#loginUrl = checkEndpoint(options.loginUrl, options.allowLoopbackHttp, 'the login URL').origin;
  }

  /** Seeds the session just issued at sign-in, saving one refresh. */
  prime(token: SfTokenResponse): void {
    this.#session = sessionFromToken(token, this.#options.allowLoopbackHttp);
  }

  session(options: { refresh?: boolean } = {}): Promise<SalesforceSession> {
    if (!options.refresh && this.#session) return Promise.resolve(this.#session);
    this.#inflight ??= this.#refresh().finally(() => {
      this.#inflight = undefined;
    });
    return this.#inflight;
  }

  async #refresh(): Promise<SalesforceSession> {
    const { clientId, clientSecret, refreshToken, allowLoopbackHttp } = this.#options;
    const token = await refreshTokenGrant(
      this.#loginUrl,
      { clientId, clientSecret, refreshToken },
      this.identity,
    );
    this.#session = sessionFromToken(token, allowLoopbackHttp);
    return this.#session;
  }
}
