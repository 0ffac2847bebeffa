// Sign-in as Microsoft's identity platform (v2 endpoints) does it for Dataverse: client_credentials for an
// application user (server-to-server; no refresh token, as Entra ID issues none for that grant), the device
// code flow for a person (`cosell connect dynamics`; a refresh token when the scope has offline_access) and
// refresh_token. The device codes and the OAuth error body are the Partner Center emulator's (same identity
// platform). Access tokens are opaque here (Dataverse clients never read them), live `accessTokenTtlSeconds`
// on the emulator clock (default 3,600, Entra ID's usual hour) and are refused afterwards with 401.
import { randomBytes } from 'node:crypto';
import type { Clock } from '../../../partner-center/emulator/clock.js';
import { DeviceCodes, type DeviceAuthorization } from '../../../partner-center/emulator/device-codes.js';
import { oauthError, type OAuthErrorBody } from '../../../partner-center/emulator/oauth-errors.js';
import { ControlError } from './dv-errors.js';
import type { Directory, UserAccount } from './security.js';

export interface TokenResponse {
  token_type: 'Bearer';
  scope: string;
  expires_in: number;
  ext_expires_in: number;
  access_token: string;
  refresh_token?: string;
}

/** An app registration; when configured, only this client (and secret, for client_credentials) gets tokens. */
export interface AppRegistration {
  readonly clientId: string;
  readonly clientSecret: string;
}

export type OAuthResult = { ok: true; body: TokenResponse } | { ok: false; body: OAuthErrorBody };

export type Authentication =
  | { readonly ok: true; readonly user: UserAccount }
  | { readonly ok: false; readonly reason: 'missing' | 'invalid' | 'expired' };

export interface AuthSettings {
  readonly clock: Clock;
  readonly directory: Directory;
  readonly accessTokenTtlSeconds: number;
  readonly deviceCodeIntervalSeconds: number;
  readonly deviceCodeLifetimeSeconds: number;
  readonly app: AppRegistration | undefined;
}

interface RefreshGrant {
  readonly userId: string;
  readonly clientId: string;
  readonly scopes: readonly string[];
  revoked: boolean;
}

const words = (scope: string | undefined) => (scope ?? '').split(/\s+/).filter(Boolean);

export class DvAuth {
  readonly #access = new Map<
    string,
    { readonly userId: string; readonly expiresAt: number; revoked: boolean }
  >();
  readonly #refresh = new Map<string, RefreshGrant>();
  readonly #devices: DeviceCodes;

  constructor(private readonly settings: AuthSettings) {
    this.#devices = new DeviceCodes(
      settings.clock,
      settings.deviceCodeIntervalSeconds,
      settings.deviceCodeLifetimeSeconds,
    );
  }

  error(error: string, code: number, description: string): OAuthErrorBody {
    return oauthError(this.settings.clock, error, code, description);
  }

  #fail(error: string, code: number, description: string): OAuthResult {
    return { ok: false, body: this.error(error, code, description) };
  }

  startDeviceCode(clientId: string, scope: string, verificationUri: string): DeviceAuthorization {
    return this.#devices.start(clientId, scope, verificationUri);
  }

  approveDeviceCode(userCode: string, username: string): UserAccount {
    const user = this.settings.directory.byUsername(username);
    if (!user) throw new ControlError(404, `No user '${username}'.`);
    if (user.isDisabled)
      throw new ControlError(400, `The user '${username}' is disabled and cannot sign in.`);
    this.#devices.approve(userCode, user.username);
    return user;
  }

  declineDeviceCode(userCode: string): void {
    this.#devices.decline(userCode);
  }

  /** The token endpoint: client_credentials, urn:…:device_code and refresh_token. */
  token(params: Readonly<Record<string, string | undefined>>): OAuthResult {
    const clientId = params['client_id'];
    if (!clientId) {
      return this.#fail(
        'invalid_request',
        900144,
        "The request body must contain the following parameter: 'client_id'.",
      );
    }
    const app = this.settings.app;
    if (app && clientId !== app.clientId) {
      return this.#fail(
        'unauthorized_client',
        700016,
        `Application with identifier '${clientId}' was not found in the directory.`,
      );
    }
    const directory = this.settings.directory;
    switch (params['grant_type']) {
      case 'client_credentials': {
        if (app && params['client_secret'] !== app.clientSecret) {
          return this.#fail('invalid_client', 7000215, 'Invalid client secret provided.');
        }
        const user = directory.byApplication(clientId);
        if (!user) return this.#fail('invalid_client', 700016, `No application user for '${clientId}'.`);
        return {
          ok: true,
          body: this.issue(
            user,
            clientId,
            words(params['scope']).filter((s) => s !== 'offline_access'),
          ),
        };
      }
      case 'urn:ietf:params:oauth:grant-type:device_code': {
        const polled = this.#devices.poll(params['device_code'], clientId);
        if (!polled.ok) return this.#fail(polled.error, polled.code, polled.description);
        const user = directory.byUsername(polled.username);
        if (!user || user.isDisabled)
          return this.#fail('invalid_grant', 50057, 'The user account is disabled.');
        return { ok: true, body: this.issue(user, clientId, polled.scopes) };
      }
      case 'refresh_token': {
        const grant = this.#refresh.get(params['refresh_token'] ?? '');
        if (!grant)
          return this.#fail('invalid_grant', 9002313, 'Invalid request. Request is malformed or invalid.');
        const user = directory.byId(grant.userId);
        if (grant.revoked || !user || user.isDisabled) {
          return this.#fail(
            'invalid_grant',
            50173,
            'The provided grant has expired due to it being revoked, a fresh auth token is needed.',
          );
        }
        return {
          ok: true,
          body: this.issue(user, grant.clientId, [...new Set([...grant.scopes, 'offline_access'])]),
        };
      }
      default:
        return this.#fail(
          'unsupported_grant_type',
          70003,
          `The app requested an unsupported grant type '${params['grant_type'] ?? ''}'.`,
        );
    }
  }

  /** Mints tokens (also for tests and the control API); a refresh token when the scopes have offline_access. */
  issue(user: UserAccount, clientId: string, scopes: readonly string[]): TokenResponse {
    const ttl = this.settings.accessTokenTtlSeconds;
    const accessToken = `eyJ0eXAiOiJKV1QiLCJhbGciOiJub25lIn0.${randomBytes(48).toString('base64url')}`;
    this.#access.set(accessToken, {
      userId: user.id,
      expiresAt: this.settings.clock.now().getTime() + ttl * 1000,
      revoked: false,
    });
    const response: TokenResponse = {
      token_type: 'Bearer',
      scope: scopes.filter((s) => s !== 'offline_access').join(' ') || 'user_impersonation',
      expires_in: ttl,
      ext_expires_in: ttl,
      access_token: accessToken,
    };
    if (scopes.includes('offline_access')) {
      const refreshToken = `0.AQ${randomBytes(96).toString('base64url')}`;
      this.#refresh.set(refreshToken, { userId: user.id, clientId, scopes: [...scopes], revoked: false });
      response.refresh_token = refreshToken;
    }
    return response;
  }

  authenticate(header: string | undefined): Authentication {
    const token = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '')?.[1];
    if (!token) return { ok: false, reason: 'missing' };
    const record = this.#access.get(token);
    const user = record && this.settings.directory.byId(record.userId);
    if (!record || record.revoked || !user || user.isDisabled) return { ok: false, reason: 'invalid' };
    if (this.settings.clock.now().getTime() >= record.expiresAt) return { ok: false, reason: 'expired' };
    return { ok: true, user };
  }

  /** Ends every token of a user ("revoke sessions"); returns how many refresh tokens were live. */
  revokeUser(userId: string): number {
    let revoked = 0;
    for (const grant of this.#refresh.values()) {
      if (grant.userId === userId && !grant.revoked) {
        grant.revoked = true;
        revoked++;
      }
    }
    for (const record of this.#access.values()) if (record.userId === userId) record.revoked = true;
    return revoked;
  }
}
