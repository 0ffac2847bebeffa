// Partner Center sign-in: app+user tokens from Microsoft Entra ID (spec: "Auth and headers").
// A person signs in once with the device code flow (RFC 8628); we keep only the refresh token (encrypted
// in the store) and mint access tokens per resource from it. openid-client does the OAuth work; plain
// http is allowed only for loopback emulators in the sandbox profile, never in production.
import * as oidc from 'openid-client';
import { CosellError } from '../errors.js';
import type { TokenSource } from './request.js';

export interface AuthorityOptions {
  authorityUrl: string;
  clientId: string;
  /** True only in the sandbox profile; even then only loopback hosts may use http. */
  allowLoopbackHttp: boolean;
}

export interface SignIn {
  accessToken: string;
  refreshToken: string;
  expiresAt: Date;
  identity: { username: string; tenantId: string | undefined; name: string | undefined };
}

export interface DeviceSignIn {
  userCode: string;
  verificationUri: string;
  message: string;
  expiresAt: Date;
  /** Polls until the person approves, declines or the code expires. */
  wait(signal?: AbortSignal): Promise<SignIn>;
}

const loopbackHosts = new Set(['127.0.0.1', 'localhost', '[::1]']);

export function scopeFor(resource: string): string {
  return `${resource}/user_impersonation offline_access openid profile`;
}

/** Reads the authority's OpenID metadata (`<authority>/v2.0/.well-known/openid-configuration`). */
export async function discoverAuthority(options: AuthorityOptions): Promise<oidc.Configuration> {
  const server = new URL(`${options.authorityUrl}/v2.0`);
  const insecure = server.protocol === 'http:';
  if (insecure && !(options.allowLoopbackHttp && loopbackHosts.has(server.hostname))) {
    throw new CosellError('AUTH_SIGN_IN_FAILED', {
      system: 'Partner Center',
      reason: 'the authority must use https',
    });
  }
  try {
    return await oidc.discovery(server, options.clientId, undefined, oidc.None(), {
      ...(insecure ? { execute: [oidc.allowInsecureRequests] } : {}),
      timeout: 15,
    });
  } catch (cause) {
    throw new CosellError(
      'AUTH_SIGN_IN_FAILED',
      { system: 'Partner Center', reason: `the sign-in service at ${server.host} cannot be reached` },
      { cause },
    );
  }
}

export async function startDeviceSignIn(config: oidc.Configuration, resource: string): Promise<DeviceSignIn> {
  let response: oidc.DeviceAuthorizationResponse;
  try {
    response = await oidc.initiateDeviceAuthorization(config, { scope: scopeFor(resource) });
  } catch (cause) {
    throw signInError(cause);
  }
  return {
    userCode: response.user_code,
    verificationUri: response.verification_uri,
    message: typeof response.message === 'string' ? response.message : '',
    expiresAt: new Date(Date.now() + response.expires_in * 1000),
    async wait(signal) {
      try {
        const tokens = await oidc.pollDeviceAuthorizationGrant(
          config,
          response,
          undefined,
          signal ? { signal } : {},
        );
        return toSignIn(tokens);
      } catch (cause) {
        throw signInError(cause);
      }
    },
  };
}

export async function refreshSignIn(
  config: oidc.Configuration,
  refreshToken: string,
  resource: string,
  identity: string,
): Promise<SignIn> {
  try {
    const tokens = await oidc.refreshTokenGrant(config, refreshToken, { scope: scopeFor(resource) });
    return toSignIn(tokens, refreshToken, identity);
  } catch (cause) {
    if (oauthErrorCode(cause) === 'invalid_grant') {
      throw new CosellError('AUTH_REFRESH_FAILED', { system: 'partner-center', identity }, { cause });
    }
    throw signInError(cause);
  }
}

function toSignIn(
  tokens: oidc.TokenEndpointResponse & oidc.TokenEndpointResponseHelpers,
  previousRefreshToken?: string,
  previousIdentity?: string,
): SignIn {
  const claims = tokens.claims();
  const username =
    (typeof claims?.preferred_username === 'string' ? claims.preferred_username : undefined) ??
    previousIdentity ??
    'unknown';
  const refreshToken = tokens.refresh_token ?? previousRefreshToken;
  if (refreshToken === undefined) {
    throw new CosellError('AUTH_SIGN_IN_FAILED', {
      system: 'Partner Center',
      reason: 'no refresh token was issued; the offline_access scope must be allowed for the app',
    });
  }
  return {
    accessToken: tokens.access_token,
    refreshToken,
    expiresAt: new Date(Date.now() + (tokens.expires_in ?? 3600) * 1000),
    identity: {
      username,
      tenantId: typeof claims?.tid === 'string' ? claims.tid : undefined,
      name: typeof claims?.name === 'string' ? claims.name : undefined,
    },
  };
}

function oauthErrorCode(cause: unknown): string | undefined {
  if (cause instanceof oidc.ResponseBodyError) return cause.error;
  return undefined;
}

function signInError(cause: unknown): CosellError {
  const code = oauthErrorCode(cause);
  if (code === 'expired_token') return new CosellError('AUTH_DEVICE_CODE_EXPIRED', {}, { cause });
  if (code === 'authorization_declined' || code === 'access_denied') {
    return new CosellError('AUTH_DEVICE_CODE_DECLINED', {}, { cause });
  }
  const reason = code ?? (cause instanceof Error ? cause.message : 'unknown error');
  return new CosellError('AUTH_SIGN_IN_FAILED', { system: 'Partner Center', reason }, { cause });
}

/**
 * Access tokens per resource from one stored refresh token. Tokens are cached until a minute before they
 * expire; concurrent callers share one refresh; a rotated refresh token is handed to `onRotate` to persist.
 */
export class RefreshingTokenSource implements TokenSource {
  readonly #cache = new Map<string, { token: string; expiresAt: number }>();
  readonly #inflight = new Map<string, Promise<string>>();
  #refreshToken: string;

  constructor(
    private readonly config: oidc.Configuration,
    refreshToken: string,
    readonly identity: string,
    private readonly onRotate: (signIn: SignIn) => Promise<void>,
    private readonly now: () => number = Date.now,
  ) {
    this.#refreshToken = refreshToken;
  }

  /** Seeds the cache with a token just issued for `resource` (after sign-in), saving one refresh. */
  prime(resource: string, token: string, expiresAt: Date): void {
    this.#cache.set(resource, { token, expiresAt: expiresAt.getTime() });
  }

  async accessToken(resource: string, options: { refresh?: boolean } = {}): Promise<string> {
    const cached = this.#cache.get(resource);
    if (!options.refresh && cached && cached.expiresAt - 60_000 > this.now()) return cached.token;
    const pending = this.#inflight.get(resource);
    if (pending) return pending;
    const promise = this.#refresh(resource).finally(() => this.#inflight.delete(resource));
    this.#inflight.set(resource, promise);
    return promise;
  }

  async #refresh(resource: string): Promise<string> {
    const signIn = await refreshSignIn(this.config, this.#refreshToken, resource, this.identity);
    this.#cache.set(resource, { token: signIn.accessToken, expiresAt: signIn.expiresAt.getTime() });
    if (signIn.refreshToken !== this.#refreshToken) {
      this.#refreshToken = signIn.refreshToken;
      await this.onRotate(signIn);
    }
    return signIn.accessToken;
  }
}
