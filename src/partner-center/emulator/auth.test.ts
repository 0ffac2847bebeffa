// Contract: sign-in endpoints (device code, refresh, expiry, revocation) and role checks, over real HTTP, with
// raw requests and with openid-client, the library the product uses.
/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-argument, @typescript-eslint/no-unsafe-call, @typescript-eslint/no-explicit-any --
   contract tests read the wire's untyped JSON on purpose: the assertions are the type check. */
import { createPublicKey, verify, type JsonWebKey } from 'node:crypto';
import * as oidc from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeJwtClaims } from './jwt.js';
import { startPartnerCenterEmulator, type PartnerCenterEmulator } from './index.js';
import { call, tokenFor } from './test-support.js';

type Json = Record<string, any>;

let emulator: PartnerCenterEmulator;
const clientId = '11111111-2222-4333-8444-555555555555';

const form = (url: string, params: Record<string, string>) =>
  call<Json>(url, {
    method: 'POST',
    raw: new URLSearchParams(params).toString(),
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
  });

const tokenUrl = () => `${emulator.authorityUrl}/oauth2/v2.0/token`;
const scope = () => `${emulator.resources.referrals}/user_impersonation offline_access openid profile`;
const poll = (deviceCode: string) =>
  form(tokenUrl(), {
    grant_type: 'urn:ietf:params:oauth:grant-type:device_code',
    client_id: clientId,
    device_code: deviceCode,
  });
const referrals = (token: string) => call<Json>(`${emulator.url}/v1.0/engagements/referrals`, { token });

beforeAll(async () => {
  emulator = await startPartnerCenterEmulator({ deviceCodeIntervalSeconds: 5, accessTokenTtlSeconds: 600 });
});
afterAll(() => emulator.close());

describe('device code flow (raw HTTP)', () => {
  it('pending, too fast, then approved: tokens with an RS256 id_token verifiable with the published keys', async () => {
    const start = await form(`${emulator.authorityUrl}/oauth2/v2.0/devicecode`, {
      client_id: clientId,
      scope: scope(),
    });
    expect(start.status).toBe(200);
    expect(start.body).toMatchObject({
      verification_uri: `${emulator.url}/device`,
      expires_in: 900,
      interval: 5,
    });
    expect(start.body['user_code']).toMatch(/^[A-Z0-9]{9}$/);
    expect(start.body['message']).toContain(start.body['user_code']);

    const pending = await poll(start.body['device_code']);
    expect(pending.status).toBe(400);
    expect(pending.body['error']).toBe('authorization_pending');
    expect(pending.body['error_codes']).toEqual([70016]);
    const tooFast = await poll(start.body['device_code']);
    expect(tooFast.body['error']).toBe('slow_down');

    emulator.approveDeviceCode(start.body['user_code'].toLowerCase(), 'admin@contoso.example');
    emulator.advanceClock(10_000);
    const tokens = await poll(start.body['device_code']);
    expect(tokens.status, tokens.text).toBe(200);
    expect(tokens.body).toMatchObject({
      token_type: 'Bearer',
      expires_in: 600,
      ext_expires_in: 600,
      scope: `${emulator.resources.referrals}/user_impersonation`,
    });
    expect(tokens.body['refresh_token']).toEqual(expect.any(String));

    const idToken = tokens.body['id_token'] as string;
    const [header, payload, signature] = idToken.split('.') as [string, string, string];
    const keys = await call<{ keys: JsonWebKey[] }>(`${emulator.authorityUrl}/discovery/v2.0/keys`);
    const key = createPublicKey({ key: keys.body.keys[0] as JsonWebKey, format: 'jwk' });
    expect(
      verify('sha256', Buffer.from(`${header}.${payload}`), key, Buffer.from(signature, 'base64url')),
    ).toBe(true);
    expect(decodeJwtClaims(idToken)).toMatchObject({
      aud: clientId,
      iss: `${emulator.authorityUrl}/v2.0`,
      preferred_username: 'admin@contoso.example',
      name: 'Avery Admin',
      tid: emulator.tenantId,
      oid: expect.stringMatching(/^[0-9a-f-]{36}$/),
    });
    expect((await referrals(tokens.body['access_token'])).status).toBe(200);
    const again = await poll(start.body['device_code']);
    expect(again.body['error']).toBe('invalid_grant');
  });

  it('declined and expired codes end the flow with authorization_declined and expired_token', async () => {
    const declined = await form(`${emulator.authorityUrl}/oauth2/v2.0/devicecode`, {
      client_id: clientId,
      scope: scope(),
    });
    emulator.declineDeviceCode(declined.body['user_code']);
    expect((await poll(declined.body['device_code'])).body['error']).toBe('authorization_declined');

    const expiring = await form(`${emulator.authorityUrl}/oauth2/v2.0/devicecode`, {
      client_id: clientId,
      scope: scope(),
    });
    emulator.advanceClock(901_000);
    const expired = await poll(expiring.body['device_code']);
    expect(expired.status).toBe(400);
    expect(expired.body['error']).toBe('expired_token');
    expect(() => emulator.approveDeviceCode(expiring.body['user_code'], 'admin@contoso.example')).toThrow(
      /expired/,
    );
  });

  it('refuses requests without client_id, unknown grant types and unknown tenants', async () => {
    expect(
      (await form(`${emulator.authorityUrl}/oauth2/v2.0/devicecode`, { scope: scope() })).body['error'],
    ).toBe('invalid_request');
    expect((await form(tokenUrl(), { client_id: clientId, grant_type: 'magic' })).body['error']).toBe(
      'unsupported_grant_type',
    );
    const other = await form(`${emulator.url}/not-our-tenant/oauth2/v2.0/token`, {
      client_id: clientId,
      grant_type: 'refresh_token',
    });
    expect(other.status).toBe(400);
    expect(other.body['error_codes']).toEqual([90002]);
  });

  it('the /device page lets a person approve a code', async () => {
    const start = await form(`${emulator.authorityUrl}/oauth2/v2.0/devicecode`, {
      client_id: clientId,
      scope: scope(),
    });
    const page = await call(`${emulator.url}/device`);
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
    expect(page.text).toContain('seller@contoso.example');
    const posted = await form(`${emulator.url}/device`, {
      code: start.body['user_code'],
      username: 'global.admin@contoso.example',
      action: 'approve',
    });
    expect(posted.status).toBe(200);
    expect(posted.text).toContain('Signed in as global.admin@contoso.example');
    emulator.advanceClock(10_000);
    const tokens = await poll(start.body['device_code']);
    expect(decodeJwtClaims(tokens.body['id_token'])['preferred_username']).toBe(
      'global.admin@contoso.example',
    );
  });
});

describe('openid-client against the emulator', () => {
  it('discovers, signs in with a device code approved over /_emulator, and refreshes for the webhook resource', async () => {
    const fast = await startPartnerCenterEmulator({ deviceCodeIntervalSeconds: 0.05 });
    try {
      const config = await oidc.discovery(
        new URL(`${fast.authorityUrl}/v2.0`),
        clientId,
        undefined,
        oidc.None(),
        {
          execute: [oidc.allowInsecureRequests],
        },
      );
      const device = await oidc.initiateDeviceAuthorization(config, {
        scope: `${fast.resources.referrals}/user_impersonation offline_access openid profile`,
      });
      const approved = await call(`${fast.url}/_emulator/device/approve`, {
        method: 'POST',
        body: { userCode: device.user_code, username: 'admin@contoso.example' },
      });
      expect(approved.status).toBe(200);
      const tokens = await oidc.pollDeviceAuthorizationGrant(config, device);
      expect(tokens.claims()?.['preferred_username']).toBe('admin@contoso.example');
      expect(tokens.claims()?.['tid']).toBe(fast.tenantId);

      const webhooks = await oidc.refreshTokenGrant(config, tokens.refresh_token as string, {
        scope: `${fast.resources.webhooks}/user_impersonation offline_access openid profile`,
      });
      expect(webhooks.refresh_token).toBeDefined();
      expect(webhooks.refresh_token).not.toBe(tokens.refresh_token);
      const events = await call<string[]>(`${fast.url}/webhooks/v1/registration/events`, {
        token: webhooks.access_token,
      });
      expect(events.status).toBe(200);
      // A token is for one resource: the referrals token does not open the webhook API.
      expect(
        (await call(`${fast.url}/webhooks/v1/registration/events`, { token: tokens.access_token })).status,
      ).toBe(401);
    } finally {
      await fast.close();
    }
  });
});

describe('token lifetime and revocation', () => {
  it('an access token expires on the emulator clock (401 unauthenticated); refresh works; revoked refresh is invalid_grant', async () => {
    const issued = emulator.issueTokens('admin@contoso.example');
    expect((await referrals(issued.access_token)).status).toBe(200);

    emulator.advanceClock(601_000);
    const expired = await referrals(issued.access_token);
    expect(expired.status).toBe(401);
    expect(expired.body['error']).toMatchObject({
      code: 'unauthenticated',
      message: expect.stringMatching(/expired/),
    });
    expect(expired.headers.get('www-authenticate')).toMatch(/^Bearer /);

    const refreshed = await form(tokenUrl(), {
      grant_type: 'refresh_token',
      client_id: clientId,
      refresh_token: issued.refresh_token as string,
    });
    expect(refreshed.status).toBe(200);
    expect(refreshed.body['refresh_token']).not.toBe(issued.refresh_token);
    expect((await referrals(refreshed.body['access_token'])).status).toBe(200);

    expect(emulator.revokeRefreshTokens('admin@contoso.example')).toBeGreaterThanOrEqual(2);
    for (const rt of [issued.refresh_token as string, refreshed.body['refresh_token'] as string]) {
      const revoked = await form(tokenUrl(), {
        grant_type: 'refresh_token',
        client_id: clientId,
        refresh_token: rt,
      });
      expect(revoked.status).toBe(400);
      expect(revoked.body['error']).toBe('invalid_grant');
    }
    // Access tokens already issued live until they expire, as in Entra ID.
    expect((await referrals(refreshed.body['access_token'])).status).toBe(200);
    const unknown = await form(tokenUrl(), {
      grant_type: 'refresh_token',
      client_id: clientId,
      refresh_token: 'nope',
    });
    expect(unknown.body['error']).toBe('invalid_grant');
  });

  it('single-use refresh tokens can be switched on', async () => {
    const strict = await startPartnerCenterEmulator({ singleUseRefreshTokens: true });
    try {
      const rt = strict.issueTokens('admin@contoso.example').refresh_token as string;
      const url = `${strict.authorityUrl}/oauth2/v2.0/token`;
      expect(
        (await form(url, { grant_type: 'refresh_token', client_id: clientId, refresh_token: rt })).status,
      ).toBe(200);
      expect(
        (await form(url, { grant_type: 'refresh_token', client_id: clientId, refresh_token: rt })).body[
          'error'
        ],
      ).toBe('invalid_grant');
    } finally {
      await strict.close();
    }
  });

  it('an unknown or missing token is 401 unauthenticated', async () => {
    for (const token of ['not-a-token', undefined]) {
      const res = await call<Json>(
        `${emulator.url}/v1.0/engagements/referrals`,
        token === undefined ? {} : { token },
      );
      expect(res.status).toBe(401);
      expect(res.body['error'].code).toBe('unauthenticated');
    }
  });
});

describe('roles (R5, P3)', () => {
  it.each([
    [
      'seller@contoso.example',
      /'seller@contoso\.example' \(Referral user\) lacks the 'Referrals admin' or 'Global admin' role/,
    ],
    ['guest@contoso.example', /'guest@contoso\.example' \(no Partner Center role\)/],
  ])(
    '%s gets 403 accessDenied naming the identity and the missing role, on referrals and webhooks',
    async (username, message) => {
      const r = await referrals(tokenFor(emulator, { username }));
      expect(r.status).toBe(403);
      expect(r.body['error'].code).toBe('accessDenied');
      expect(r.body['error'].message).toMatch(message);
      const w = await call<Json>(`${emulator.url}/webhooks/v1/registration`, {
        token: tokenFor(emulator, { username, api: 'webhooks' }),
      });
      expect(w.status).toBe(403);
      expect(w.body['error'].code).toBe('accessDenied');
    },
  );

  it('Referrals admin and Global admin pass; requiredRoles can admit Referral user', async () => {
    expect((await referrals(tokenFor(emulator, { username: 'global.admin@contoso.example' }))).status).toBe(
      200,
    );
    const lenient = await startPartnerCenterEmulator({
      requiredRoles: ['Referrals admin', 'Global admin', 'Referral user'],
    });
    try {
      const res = await call(`${lenient.url}/v1.0/engagements/referrals`, {
        token: tokenFor(lenient, { username: 'seller@contoso.example' }),
      });
      expect(res.status).toBe(200);
    } finally {
      await lenient.close();
    }
  });
});
