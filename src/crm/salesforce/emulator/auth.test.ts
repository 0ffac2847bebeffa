// Contract: Salesforce's OAuth endpoints and sessions over real HTTP — password (with security token),
// refresh_token and client_credentials grants, session expiry on the emulator clock (401
// INVALID_SESSION_ID), refresh after expiry, revocation (invalid_grant), userinfo and the identity URL,
// connected-app enforcement, and SOAP login.
/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-argument, @typescript-eslint/no-unsafe-return, @typescript-eslint/no-explicit-any --
   contract tests read the wire's untyped JSON on purpose: the assertions are the type check. */
import { describe, expect, it } from 'vitest';
import { defaultUserPassword, type SalesforceEmulator } from './index.js';
import { api, call, useSalesforceEmulators } from './test-support.js';

type Json = Record<string, any>;

const { start } = useSalesforceEmulators();

function token(emulator: SalesforceEmulator, params: Record<string, string>) {
  return call<Json>(`${emulator.url}/services/oauth2/token`, {
    method: 'POST',
    raw: new URLSearchParams(params).toString(),
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
  });
}

const password = (username = 'integration@contoso.example', pass = defaultUserPassword) => ({
  grant_type: 'password',
  client_id: 'cosell-test',
  client_secret: 'secret',
  username,
  password: pass,
});

const limits = (emulator: SalesforceEmulator, accessToken: string) =>
  api<Json>(emulator, '/limits', { token: accessToken });

describe('grants', () => {
  it('password grant: access token (no refresh token, as Salesforce), instance_url, identity URL, signature, issued_at', async () => {
    const emulator = await start();
    const r = await token(emulator, password());
    expect(r.status).toBe(200);
    const user = emulator.users().find((u) => u.username === 'integration@contoso.example');
    expect(r.body).toMatchObject({
      access_token: expect.stringMatching(new RegExp(`^${emulator.orgId.slice(0, 15)}!`)),
      instance_url: emulator.url,
      id: `${emulator.url}/id/${emulator.orgId}/${user?.id}`,
      token_type: 'Bearer',
      issued_at: String(Date.parse('2026-11-20T10:00:00Z')),
      signature: expect.any(String),
    });
    expect(r.body['refresh_token']).toBeUndefined();
    expect((await limits(emulator, r.body['access_token'])).status).toBe(200);
  });

  it('refuses a wrong password, an unknown user, a missing client id and an unknown grant type', async () => {
    const emulator = await start();
    const wrong = await token(emulator, password(undefined, 'nope'));
    expect(wrong.status).toBe(400);
    expect(wrong.body).toEqual({ error: 'invalid_grant', error_description: 'authentication failure' });
    expect((await token(emulator, password('nobody@contoso.example'))).body['error']).toBe('invalid_grant');
    const { client_id: _omit, ...noClient } = password();
    expect((await token(emulator, noClient)).body['error']).toBe('invalid_client_id');
    expect(
      (await token(emulator, { grant_type: 'authorization_code', client_id: 'x', code: 'y' })).body['error'],
    ).toBe('unsupported_grant_type');
  });

  it('a user with a security token must append it to the password', async () => {
    const emulator = await start({
      users: [
        {
          username: 'tok@contoso.example',
          name: 'Tok En',
          profile: 'System Administrator',
          password: 'pw',
          securityToken: 'ST123',
        },
      ],
    });
    expect((await token(emulator, password('tok@contoso.example', 'pw'))).status).toBe(400);
    expect((await token(emulator, password('tok@contoso.example', 'pwST123'))).status).toBe(200);
  });

  it('client_credentials runs as the connected app user and has no refresh token; secrets are checked when configured', async () => {
    const emulator = await start({
      connectedApp: { clientId: 'app', clientSecret: 's3cret', runAs: 'seller2@contoso.example' },
    });
    const r = await token(emulator, {
      grant_type: 'client_credentials',
      client_id: 'app',
      client_secret: 's3cret',
    });
    expect(r.status).toBe(200);
    expect(r.body['refresh_token']).toBeUndefined();
    const seller = emulator.users().find((u) => u.username === 'seller2@contoso.example');
    expect(r.body['id']).toMatch(new RegExp(`/${seller?.id}$`));
    const badSecret = await token(emulator, {
      grant_type: 'client_credentials',
      client_id: 'app',
      client_secret: 'x',
    });
    expect(badSecret.body).toEqual({
      error: 'invalid_client',
      error_description: 'invalid client credentials',
    });
    const otherClient = await token(emulator, { ...password(), client_id: 'other' });
    expect(otherClient.body['error']).toBe('invalid_client_id');
  });
});

describe('sessions', () => {
  it('expire after sessionTimeoutSeconds on the emulator clock: 401 INVALID_SESSION_ID; refresh gives a working token', async () => {
    const emulator = await start({ sessionTimeoutSeconds: 600 });
    // Refresh tokens come from the web-server flow; issueTokens stands in for it.
    const first = emulator.issueTokens('integration@contoso.example');
    const access = first.access_token;
    expect((await limits(emulator, access)).status).toBe(200);
    emulator.advanceClock(599_000);
    expect((await limits(emulator, access)).status).toBe(200);
    emulator.advanceClock(1_000);
    const expired = await limits(emulator, access);
    expect(expired.status).toBe(401);
    expect(expired.body).toEqual([
      { message: 'Session expired or invalid', errorCode: 'INVALID_SESSION_ID' },
    ]);

    const refreshed = await token(emulator, {
      grant_type: 'refresh_token',
      client_id: 'cosell-test',
      refresh_token: first.refresh_token ?? '',
    });
    expect(refreshed.status).toBe(200);
    expect(refreshed.body['refresh_token']).toBeUndefined();
    expect(refreshed.body['access_token']).not.toBe(access);
    expect((await limits(emulator, refreshed.body['access_token'])).status).toBe(200);
  });

  it('no token, a garbage token or the OAuth scheme', async () => {
    const emulator = await start();
    const none = await call<Json>(`${emulator.url}/services/data/v60.0/limits`);
    expect(none.status).toBe(401);
    expect(none.body[0]['errorCode']).toBe('INVALID_SESSION_ID');
    expect((await limits(emulator, 'garbage')).status).toBe(401);
    const access = emulator.issueTokens('admin@contoso.example').access_token;
    const oauthScheme = await call(`${emulator.url}/services/data/v60.0/limits`, {
      headers: { authorization: `OAuth ${access}` },
    });
    expect(oauthScheme.status).toBe(200);
  });

  it('revokeTokens ends access and refresh tokens: 401 on the API, invalid_grant on refresh', async () => {
    const emulator = await start();
    const tokens = emulator.issueTokens('seller1@contoso.example');
    expect(emulator.revokeTokens('seller1@contoso.example')).toBe(1);
    expect((await limits(emulator, tokens.access_token)).status).toBe(401);
    const refresh = await token(emulator, {
      grant_type: 'refresh_token',
      client_id: 'cosell-test',
      refresh_token: tokens.refresh_token ?? '',
    });
    expect(refresh.status).toBe(400);
    expect(refresh.body).toEqual({
      error: 'invalid_grant',
      error_description: 'expired access/refresh token',
    });
  });

  it('/services/oauth2/revoke: a refresh token takes its access tokens along; unknown tokens are refused', async () => {
    const emulator = await start();
    const tokens = emulator.issueTokens('admin@contoso.example');
    const form = { 'content-type': 'application/x-www-form-urlencoded' };
    const revoked = await call(`${emulator.url}/services/oauth2/revoke`, {
      method: 'POST',
      raw: `token=${encodeURIComponent(tokens.refresh_token ?? '')}`,
      headers: form,
    });
    expect(revoked.status).toBe(200);
    expect((await limits(emulator, tokens.access_token)).status).toBe(401);
    const unknown = await call<Json>(`${emulator.url}/services/oauth2/revoke`, {
      method: 'POST',
      raw: 'token=nope',
      headers: form,
    });
    expect(unknown.status).toBe(400);
    expect(unknown.body['error']).toBe('unsupported_token_type');
  });
});

describe('identity', () => {
  it('userinfo and the id URL describe the token user; a bad token is 403 Bad_OAuth_Token', async () => {
    const emulator = await start();
    const tokens = emulator.issueTokens('seller1@contoso.example');
    const info = await call<Json>(`${emulator.url}/services/oauth2/userinfo`, { token: tokens.access_token });
    expect(info.status).toBe(200);
    expect(info.body).toMatchObject({
      user_id: expect.stringMatching(/^005/),
      organization_id: emulator.orgId,
      preferred_username: 'seller1@contoso.example',
      email: 'seller1@contoso.example',
      name: 'Sam Seller',
    });
    const id = await call<Json>(
      `${tokens.id}?format=json&oauth_token=${encodeURIComponent(tokens.access_token)}`,
    );
    expect(id.status).toBe(200);
    expect(id.body).toMatchObject({
      id: tokens.id,
      username: 'seller1@contoso.example',
      organization_id: emulator.orgId,
    });
    const bad = await call(`${emulator.url}/services/oauth2/userinfo`, { token: 'nope' });
    expect(bad.status).toBe(403);
    expect(bad.text).toBe('Bad_OAuth_Token');
  });

  it('/services/data/ lists versions without a session; unsupported versions are 404', async () => {
    const emulator = await start();
    const versions = await call<Json[]>(`${emulator.url}/services/data/`);
    expect(versions.status).toBe(200);
    expect(versions.body).toContainEqual({
      label: "Spring '24",
      url: '/services/data/v60.0',
      version: '60.0',
    });
    expect(versions.body.map((v) => v['version'])).toEqual(expect.arrayContaining(['50.0', '59.0', '62.0']));
    expect((await api(emulator, '/limits', { version: '49.0' })).status).toBe(404);
    expect((await api(emulator, '/limits', { version: '62.0' })).status).toBe(200);
    const directory = await api<Json>(emulator, '/');
    expect(directory.body).toMatchObject({
      sobjects: '/services/data/v60.0/sobjects',
      query: '/services/data/v60.0/query',
    });
  });
});

describe('SOAP login', () => {
  const soap = (username: string, pass: string) =>
    `<se:Envelope xmlns:se="http://schemas.xmlsoap.org/soap/envelope/"><se:Header/><se:Body><login xmlns="urn:partner.soap.sforce.com"><username>${username}</username><password>${pass}</password></login></se:Body></se:Envelope>`;

  it('answers a loginResponse whose sessionId works on the REST API, and a SOAP fault for bad credentials', async () => {
    const emulator = await start();
    const ok = await call(`${emulator.url}/services/Soap/u/60.0`, {
      method: 'POST',
      raw: soap('admin@contoso.example', defaultUserPassword),
      headers: { 'content-type': 'text/xml', soapaction: '""' },
    });
    expect(ok.status).toBe(200);
    const session = /<sessionId>([^<]+)<\/sessionId>/.exec(ok.text)?.[1] ?? '';
    expect(ok.text).toContain(`<organizationId>${emulator.orgId}</organizationId>`);
    expect(ok.text).toContain(
      `<serverUrl>${emulator.url}/services/Soap/u/60.0/${emulator.orgId}</serverUrl>`,
    );
    expect((await limits(emulator, session)).status).toBe(200);
    const bad = await call(`${emulator.url}/services/Soap/u/60.0`, {
      method: 'POST',
      raw: soap('admin@contoso.example', 'wrong'),
      headers: { 'content-type': 'text/xml' },
    });
    expect(bad.status).toBe(500);
    expect(bad.text).toContain(
      '<faultstring>INVALID_LOGIN: Invalid username, password, security token; or user locked out.</faultstring>',
    );
  });
});
