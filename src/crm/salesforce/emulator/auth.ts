// Sessions as Salesforce's OAuth 2.0 endpoints hand them out. Grants: password (password, plus the user's
// security token appended when one is set; like Salesforce's username-password flow it issues no refresh
// token), refresh_token, client_credentials (run as the connected app's execution user, no refresh token
// either) and the device flow (device-flow.ts; a refresh token when the scope asks for refresh_token).
// issueTokens stands in for the web-server (authorization code) flow. Access tokens look like `00D…!AQ…`, live `sessionTimeoutSeconds` on the emulator clock
// (Salesforce's default session timeout is 2 hours), and are refused afterwards with INVALID_SESSION_ID.
// Refresh tokens do not expire and are not rotated (a refresh returns a new access token only); revoking a
// refresh token, or all of a user's tokens, also ends the access tokens issued from them.
import { createHmac, randomBytes } from 'node:crypto';
import type { Clock } from '../../../partner-center/emulator/clock.js';
import { DeviceFlow, type DeviceCodeAnswer } from './device-flow.js';
import { ControlError, OAuthError } from './sf-errors.js';
import type { UserAccount, UserDirectory } from './users.js';

export interface TokenResponse {
  access_token: string;
  refresh_token?: string;
  signature: string;
  scope: string;
  instance_url: string;
  id: string;
  token_type: 'Bearer';
  issued_at: string;
}

/** A connected app's credentials; when configured, only these clients may get tokens. */
export interface ConnectedApp {
  readonly clientId: string;
  readonly clientSecret: string;
  /** The user client_credentials tokens run as (default: integration@contoso.example or the first user). */
  readonly runAs?: string;
}

interface Session {
  readonly userId: string;
  readonly expiresAtMs: number;
  readonly refreshToken: string | undefined;
  revoked: boolean;
}

interface Grant {
  readonly userId: string;
  readonly clientId: string;
  revoked: boolean;
}

export type Authentication =
  | { readonly ok: true; readonly user: UserAccount; readonly token: string }
  | { readonly ok: false; readonly reason: 'missing' | 'invalid' | 'expired' };

export interface AuthSettings {
  readonly clock: Clock;
  readonly users: UserDirectory;
  readonly orgId: string;
  readonly sessionTimeoutSeconds: number;
  readonly connectedApp: ConnectedApp | undefined;
  /** The device flow's polling interval and code lifetime (device-flow.ts). */
  readonly deviceFlowIntervalSeconds: number;
  readonly deviceCodeLifetimeSeconds: number;
  /** The emulator's base URL, known once it listens. */
  baseUrl(): string;
}

const token = (bytes: number) => randomBytes(bytes).toString('base64url');

export class SfAuth {
  readonly #sessions = new Map<string, Session>();
  readonly #grants = new Map<string, Grant>();
  readonly #devices: DeviceFlow;

  constructor(private readonly settings: AuthSettings) {
    this.#devices = new DeviceFlow({
      clock: settings.clock,
      intervalSeconds: settings.deviceFlowIntervalSeconds,
      lifetimeSeconds: settings.deviceCodeLifetimeSeconds,
    });
  }

  identityUrl(user: UserAccount): string {
    return `${this.settings.baseUrl()}/id/${this.settings.orgId}/${user.id}`;
  }

  #checkClient(params: Readonly<Record<string, string | undefined>>): string {
    const clientId = params['client_id'] ?? '';
    const app = this.settings.connectedApp;
    if (!app) {
      if (clientId === '') throw new OAuthError('invalid_client_id', 'client identifier invalid');
      return clientId;
    }
    if (clientId !== app.clientId) throw new OAuthError('invalid_client_id', 'client identifier invalid');
    const secret = params['client_secret'];
    if (secret !== undefined && secret !== app.clientSecret) {
      throw new OAuthError('invalid_client', 'invalid client credentials');
    }
    return clientId;
  }

  /** Issues an access token (and a refresh token when asked) for a user, as after a successful grant. */
  issue(user: UserAccount, clientId: string, withRefreshToken: boolean, scope?: string): TokenResponse {
    const issuedAt = this.settings.clock.now().getTime();
    const accessToken = `${this.settings.orgId.slice(0, 15)}!${token(72)}`;
    let refreshToken: string | undefined;
    if (withRefreshToken) {
      refreshToken = `5Aep861${token(64)}`;
      this.#grants.set(refreshToken, { userId: user.id, clientId, revoked: false });
    }
    this.#sessions.set(accessToken, {
      userId: user.id,
      expiresAtMs: issuedAt + this.settings.sessionTimeoutSeconds * 1000,
      refreshToken,
      revoked: false,
    });
    const id = this.identityUrl(user);
    return {
      access_token: accessToken,
      ...(refreshToken === undefined ? {} : { refresh_token: refreshToken }),
      // Salesforce signs id + issued_at with the client secret (HMAC-SHA256, base64).
      signature: createHmac('sha256', this.settings.connectedApp?.clientSecret ?? clientId)
        .update(`${id}${issuedAt}`)
        .digest('base64'),
      scope: scope ?? (withRefreshToken ? 'refresh_token api' : 'api'),
      instance_url: this.settings.baseUrl(),
      id,
      token_type: 'Bearer',
      issued_at: String(issuedAt),
    };
  }

  /** `response_type=device_code` on the token endpoint: the device flow's first step. */
  startDeviceFlow(params: Readonly<Record<string, string | undefined>>): DeviceCodeAnswer {
    const clientId = this.#checkClient(params);
    return this.#devices.start(clientId, params['scope'], `${this.settings.baseUrl()}/setup/connect`);
  }

  /** A person entered the user code, signed in as `username` and allowed access (page or control API). */
  approveDevice(userCode: string, username: string): UserAccount {
    const user = this.settings.users.byUsername(username);
    if (!user) throw new ControlError(404, `No user '${username}'.`);
    if (!user.isActive) throw new ControlError(400, `The user '${username}' is inactive and cannot sign in.`);
    this.#devices.approve(userCode, user.id);
    return user;
  }

  /** A person entered the user code and denied access. */
  denyDevice(userCode: string): void {
    this.#devices.deny(userCode);
  }

  /** The token endpoint: dispatches on grant_type. */
  grant(params: Readonly<Record<string, string | undefined>>): TokenResponse {
    const grantType = params['grant_type'];
    switch (grantType) {
      case 'password': {
        const clientId = this.#checkClient(params);
        const user = this.settings.users.byUsername(params['username'] ?? '');
        const password = params['password'] ?? '';
        const expected = user ? `${user.password}${user.securityToken ?? ''}` : undefined;
        if (!user || password !== expected || !user.isActive) {
          throw new OAuthError('invalid_grant', 'authentication failure');
        }
        return this.issue(user, clientId, false);
      }
      case 'refresh_token': {
        const clientId = this.#checkClient(params);
        const grant = this.#grants.get(params['refresh_token'] ?? '');
        const user = grant && this.settings.users.byId(grant.userId);
        if (!grant || grant.revoked || !user || !user.isActive) {
          throw new OAuthError('invalid_grant', 'expired access/refresh token');
        }
        const response = this.issue(user, clientId, false);
        const session = this.#sessions.get(response.access_token);
        if (session) {
          this.#sessions.set(response.access_token, { ...session, refreshToken: params['refresh_token'] });
        }
        return { ...response, scope: 'refresh_token api' };
      }
      case 'device': {
        const clientId = this.#checkClient(params);
        const approved = this.#devices.poll(params['code'], clientId);
        const user = this.settings.users.byId(approved.userId);
        if (!user || !user.isActive) throw new OAuthError('invalid_grant', 'inactive user');
        const scopes = approved.scope.split(/\s+/);
        const withRefreshToken = scopes.includes('refresh_token') || scopes.includes('offline_access');
        return this.issue(user, clientId, withRefreshToken, scopes.join(' '));
      }
      case 'client_credentials': {
        const clientId = this.#checkClient(params);
        const app = this.settings.connectedApp;
        if (app && params['client_secret'] !== app.clientSecret) {
          throw new OAuthError('invalid_client', 'invalid client credentials');
        }
        const runAs =
          (app?.runAs && this.settings.users.byUsername(app.runAs)) ??
          this.settings.users.byUsername('integration@contoso.example') ??
          this.settings.users.all()[0];
        if (!runAs) throw new OAuthError('invalid_grant', 'no client credentials user enabled');
        return this.issue(runAs, clientId, false);
      }
      case undefined:
      case '':
        throw new OAuthError('invalid_request', 'grant type not supported');
      default:
        throw new OAuthError('unsupported_grant_type', 'grant type not supported');
    }
  }

  /** Checks an `Authorization: Bearer …` (or `OAuth …`) header, or a bare token. */
  authenticate(header: string | undefined, bare?: string): Authentication {
    const match = header ? /^(?:Bearer|OAuth)\s+(\S+)\s*$/i.exec(header) : null;
    const accessToken = match?.[1] ?? bare;
    if (!accessToken) return { ok: false, reason: 'missing' };
    const session = this.#sessions.get(accessToken);
    const user = session && this.settings.users.byId(session.userId);
    if (!session || session.revoked || !user || !user.isActive) return { ok: false, reason: 'invalid' };
    if (session.refreshToken && this.#grants.get(session.refreshToken)?.revoked)
      return { ok: false, reason: 'invalid' };
    if (this.settings.clock.now().getTime() >= session.expiresAtMs) return { ok: false, reason: 'expired' };
    return { ok: true, user, token: accessToken };
  }

  /** /services/oauth2/revoke: a refresh token ends its grant and its access tokens; an access token itself. */
  revoke(tokenText: string): boolean {
    const grant = this.#grants.get(tokenText);
    if (grant) {
      grant.revoked = true;
      return true;
    }
    const session = this.#sessions.get(tokenText);
    if (session) {
      session.revoked = true;
      return true;
    }
    return false;
  }

  /** Ends every token of a user; returns how many refresh tokens were revoked. */
  revokeUser(userId: string): number {
    let revoked = 0;
    for (const grant of this.#grants.values()) {
      if (grant.userId === userId && !grant.revoked) {
        grant.revoked = true;
        revoked++;
      }
    }
    for (const session of this.#sessions.values()) if (session.userId === userId) session.revoked = true;
    return revoked;
  }
}
