// Sign-in as Microsoft's identity platform (v2 endpoints) does it for Partner Center's app+user model
// (docs/remote-apis.md §1 "Auth and headers"): the device code flow (device-codes.ts), refresh tokens and, for users given a
// password, the resource-owner password grant of the current doc sample. Access tokens live
// `accessTokenTtlSeconds` on the emulator clock. Choices, following Entra ID where it is known:
// - an id_token only when `openid` is asked for, a refresh_token only when `offline_access` is;
// - refreshing returns a new refresh token; the old one stays valid (Entra ID does not make them single-use)
//   unless `singleUseRefreshTokens` is set; revoking a user's sessions kills all their refresh tokens, while
//   access tokens already issued live until they expire;
// - an access token is for one resource (`aud`); the APIs refuse a token for another resource;
// - JWT time claims use the real wall clock, because relying parties check them against theirs; whether a
//   token is still accepted is decided by the emulator clock alone.
import { randomBytes } from 'node:crypto';
import type { SigningIdentity } from './certificate.js';
import type { Clock } from './clock.js';
import { DeviceCodes, type DeviceAuthorization } from './device-codes.js';
import { signJwt } from './jwt.js';
import { oauthError, type OAuthErrorBody } from './oauth-errors.js';
import { ControlError } from './pc-errors.js';
import { UserDirectory, type EmulatorUser, type UserRecord } from './users.js';

export interface TokenResponse {
  token_type: 'Bearer';
  scope: string;
  expires_in: number;
  ext_expires_in: number;
  access_token: string;
  refresh_token?: string;
  id_token?: string;
}

export type OAuthResult = { ok: true; body: TokenResponse } | { ok: false; body: OAuthErrorBody };

interface AccessToken {
  readonly username: string;
  readonly audience: string;
  readonly expiresAt: number;
}

interface RefreshToken {
  readonly username: string;
  readonly clientId: string;
  readonly scopes: readonly string[];
  revoked: boolean;
}

export interface AuthOptions {
  readonly clock: Clock;
  readonly identity: SigningIdentity;
  readonly tenantId: string;
  readonly users: readonly EmulatorUser[];
  readonly accessTokenTtlSeconds: number;
  readonly deviceCodeIntervalSeconds: number;
  readonly deviceCodeLifetimeSeconds: number;
  readonly singleUseRefreshTokens: boolean;
}

export type Authentication =
  { ok: true; user: UserRecord; audience: string } | { ok: false; reason: 'missing' | 'unknown' | 'expired' };

const oidcScopes = new Set(['openid', 'profile', 'offline_access', 'email']);
/** Without a resource scope Entra ID issues a Microsoft Graph token, which Partner Center refuses. */
const graphAudience = '00000003-0000-0000-c000-000000000000';
const words = (scope: string | undefined) => (scope ?? '').split(/\s+/).filter(Boolean);

export class AuthService {
  readonly #users: UserDirectory;
  readonly #deviceCodes: DeviceCodes;
  readonly #accessTokens = new Map<string, AccessToken>();
  readonly #refreshTokens = new Map<string, RefreshToken>();

  constructor(private readonly options: AuthOptions) {
    this.#users = new UserDirectory(options.users);
    this.#deviceCodes = new DeviceCodes(
      options.clock,
      options.deviceCodeIntervalSeconds,
      options.deviceCodeLifetimeSeconds,
    );
  }

  users(): UserRecord[] {
    return this.#users.all();
  }

  user(username: string): UserRecord | undefined {
    return this.#users.find(username);
  }

  setUserRoles(username: string, roles: readonly string[]): boolean {
    return this.#users.setRoles(username, roles);
  }

  error(error: string, code: number, description: string): OAuthErrorBody {
    return oauthError(this.options.clock, error, code, description);
  }

  startDeviceCode(clientId: string, scope: string, verificationUri: string): DeviceAuthorization {
    return this.#deviceCodes.start(clientId, scope, verificationUri);
  }

  /** A person entered the code and signed in as `username` (the /device page or the control API). */
  approveDeviceCode(userCode: string, username: string): UserRecord {
    const user = this.user(username);
    if (!user) throw new ControlError(404, `No user '${username}'.`);
    this.#deviceCodes.approve(userCode, user.username);
    return user;
  }

  declineDeviceCode(userCode: string): void {
    this.#deviceCodes.decline(userCode);
  }

  /** The token endpoint: device_code, refresh_token and password grants. */
  token(params: Readonly<Record<string, string | undefined>>, issuer: string): OAuthResult {
    const fail = (error: string, code: number, description: string): OAuthResult => ({
      ok: false,
      body: this.error(error, code, description),
    });
    const clientId = params['client_id'];
    if (!clientId)
      return fail(
        'invalid_request',
        900144,
        "The request body must contain the following parameter: 'client_id'.",
      );
    switch (params['grant_type']) {
      case 'urn:ietf:params:oauth:grant-type:device_code': {
        const polled = this.#deviceCodes.poll(params['device_code'], clientId);
        if (!polled.ok) return fail(polled.error, polled.code, polled.description);
        const user = this.user(polled.username);
        if (!user) return fail('invalid_grant', 70000, 'The user no longer exists.');
        return this.#issue(user, clientId, polled.scopes, issuer, fail);
      }
      case 'refresh_token': {
        const record = params['refresh_token'] ? this.#refreshTokens.get(params['refresh_token']) : undefined;
        if (!record)
          return fail('invalid_grant', 9002313, 'Invalid request. Request is malformed or invalid.');
        if (record.revoked) {
          return fail(
            'invalid_grant',
            50173,
            'The provided grant has expired due to it being revoked, a fresh auth token is needed.',
          );
        }
        const user = this.user(record.username);
        if (!user) return fail('invalid_grant', 50173, 'The user no longer exists.');
        if (this.options.singleUseRefreshTokens) record.revoked = true;
        const scopes = params['scope'] ? words(params['scope']) : record.scopes;
        // offline_access granted once stays granted for the session (Entra ID keeps returning refresh tokens).
        const keep = record.scopes.includes('offline_access') ? ['offline_access'] : [];
        return this.#issue(user, record.clientId, [...new Set([...scopes, ...keep])], issuer, fail);
      }
      case 'password': {
        const user = params['username'] ? this.user(params['username']) : undefined;
        if (!user || user.password === undefined || user.password !== params['password']) {
          return fail(
            'invalid_grant',
            50126,
            'Error validating credentials due to invalid username or password.',
          );
        }
        return this.#issue(user, clientId, words(params['scope']), issuer, fail);
      }
      default:
        return fail(
          'unsupported_grant_type',
          70003,
          `The app requested an unsupported grant type '${params['grant_type'] ?? ''}'.`,
        );
    }
  }

  #issue(
    user: UserRecord,
    clientId: string,
    scopes: readonly string[],
    issuer: string,
    fail: (error: string, code: number, description: string) => OAuthResult,
  ): OAuthResult {
    const resourceScopes = scopes.filter((s) => !oidcScopes.has(s));
    const resources = [
      ...new Set(
        resourceScopes.map((s) => (s.includes('/') ? s.slice(0, s.lastIndexOf('/')) : graphAudience)),
      ),
    ];
    if (resources.length > 1) {
      return fail(
        'invalid_scope',
        28000,
        'Provided value for the input parameter scope is not valid because it contains more than one resource.',
      );
    }
    return {
      ok: true,
      body: this.issueTokens(user, clientId, resources[0] ?? graphAudience, scopes, issuer),
    };
  }

  /** Mints tokens directly (tests and the control API use it to skip the interactive sign-in). */
  issueTokens(
    user: UserRecord,
    clientId: string,
    audience: string,
    scopes: readonly string[],
    issuer: string,
  ): TokenResponse {
    const ttl = this.options.accessTokenTtlSeconds;
    const iat = Math.floor(Date.now() / 1000);
    const { tenantId, identity } = this.options;
    const common = { iat, nbf: iat, exp: iat + ttl, name: user.displayName, oid: user.oid, tid: tenantId };
    const sign = (claims: Record<string, unknown>) => signJwt(claims, identity.privateKeyPem, identity.keyId);
    const accessToken = sign({
      aud: audience,
      iss: `https://sts.windows.net/${tenantId}/`,
      ...common,
      appid: clientId,
      scp: 'user_impersonation',
      upn: user.username,
      unique_name: user.username,
      uti: randomBytes(16).toString('base64url'),
      ver: '1.0',
    });
    const expiresAt = this.options.clock.now().getTime() + ttl * 1000;
    this.#accessTokens.set(accessToken, { username: user.username, audience, expiresAt });
    const response: TokenResponse = {
      token_type: 'Bearer',
      scope: scopes.filter((s) => !oidcScopes.has(s)).join(' ') || `${audience}/user_impersonation`,
      expires_in: ttl,
      ext_expires_in: ttl,
      access_token: accessToken,
    };
    if (scopes.includes('offline_access')) {
      const refreshToken = `0.AQ${randomBytes(150).toString('base64url')}`;
      this.#refreshTokens.set(refreshToken, {
        username: user.username,
        clientId,
        scopes: [...scopes],
        revoked: false,
      });
      response.refresh_token = refreshToken;
    }
    if (scopes.includes('openid')) {
      response.id_token = sign({
        aud: clientId,
        iss: issuer,
        ...common,
        exp: iat + 3600,
        preferred_username: user.username,
        sub: user.oid,
        ver: '2.0',
      });
    }
    return response;
  }

  authenticate(authorization: string | undefined): Authentication {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
    if (!match?.[1]) return { ok: false, reason: 'missing' };
    const record = this.#accessTokens.get(match[1]);
    if (!record) return { ok: false, reason: 'unknown' };
    if (record.expiresAt <= this.options.clock.now().getTime()) return { ok: false, reason: 'expired' };
    const user = this.user(record.username);
    return user ? { ok: true, user, audience: record.audience } : { ok: false, reason: 'unknown' };
  }

  /** "Revoke sessions": every refresh token of the user stops working; returns how many were live. */
  revokeRefreshTokens(username: string): number {
    let revoked = 0;
    for (const record of this.#refreshTokens.values()) {
      if (record.username.toLowerCase() === username.toLowerCase() && !record.revoked) {
        record.revoked = true;
        revoked++;
      }
    }
    return revoked;
  }
}
