// Contract: Salesforce's OAuth 2.0 device flow on the token endpoint over real HTTP — the code request
// (user code, verification URI, interval), polling (authorization_pending, slow_down with a longer interval,
// access_denied, expired_token, one redemption), approval and denial through the control API and the
// /setup/connect page, the refresh token only with the refresh_token scope, connected-app enforcement.
/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-argument, @typescript-eslint/no-explicit-any --
   contract tests read the wire's untyped JSON on purpose: the assertions are the type check. */
import { describe, expect, it } from 'vitest';
import type { SalesforceEmulator } from './index.js';
import { api, call, useSalesforceEmulators } from './test-support.js';

type Json = Record<string, any>;

const { start } = useSalesforceEmulators();
const form = { 'content-type': 'application/x-www-form-urlencoded' };

function token(emulator: SalesforceEmulator, params: Record<string, string>) {
  return call<Json>(`${emulator.url}/services/oauth2/token`, {
    method: 'POST',
    raw: new URLSearchParams(params).toString(),
    headers: form,
  });
}

const requestCode = (emulator: SalesforceEmulator, extra: Record<string, string> = {}) =>
  token(emulator, {
    response_type: 'device_code',
    client_id: 'cosell-test',
    scope: 'api refresh_token',
    ...extra,
  });
const poll = (emulator: SalesforceEmulator, code: string, clientId = 'cosell-test') =>
  token(emulator, { grant_type: 'device', client_id: clientId, code });

function control(emulator: SalesforceEmulator, path: string, body: Json) {
  return call<Json>(`${emulator.url}/_emulator${path}`, { method: 'POST', body });
}

describe('device flow', () => {
  it('C2: a code request answers device_code, an 8-character user_code, verification_uri and interval (no expires_in)', async () => {
    const emulator = await start();
    const r = await requestCode(emulator);
    expect(r.status).toBe(200);
    expect(r.body).toEqual({
      device_code: expect.any(String),
      user_code: expect.stringMatching(/^[A-Z2-9]{8}$/),
      verification_uri: `${emulator.url}/setup/connect`,
      interval: 5,
    });
    expect(r.body['device_code'].length).toBeGreaterThan(40);
  });

  it('C2: pending until the person allows; then tokens with a refresh token, once; the session works', async () => {
    const emulator = await start();
    const { body: code } = await requestCode(emulator);
    const pending = await poll(emulator, code['device_code']);
    expect(pending.status).toBe(400);
    expect(pending.body).toEqual({
      error: 'authorization_pending',
      error_description: 'authorization pending',
    });

    const approved = await control(emulator, '/device/approve', {
      userCode: String(code['user_code']).toLowerCase(), // codes are case-insensitive
      username: 'integration@contoso.example',
    });
    expect(approved.status).toBe(200);
    emulator.advanceClock(5_000);
    const granted = await poll(emulator, code['device_code']);
    expect(granted.status).toBe(200);
    const user = emulator.users().find((u) => u.username === 'integration@contoso.example');
    expect(granted.body).toMatchObject({
      access_token: expect.stringMatching(/^00D/),
      refresh_token: expect.stringMatching(/^5Aep861/),
      instance_url: emulator.url,
      id: `${emulator.url}/id/${emulator.orgId}/${user?.id}`,
      scope: 'api refresh_token',
      token_type: 'Bearer',
    });
    expect((await api(emulator, '/limits', { token: granted.body['access_token'] })).status).toBe(200);

    emulator.advanceClock(5_000);
    const again = await poll(emulator, code['device_code']);
    expect(again.body).toEqual({ error: 'invalid_grant', error_description: 'device code already used' });
    const refreshed = await token(emulator, {
      grant_type: 'refresh_token',
      client_id: 'cosell-test',
      refresh_token: granted.body['refresh_token'],
    });
    expect(refreshed.status).toBe(200);
  });

  it('polling sooner than the interval answers slow_down and adds 5 seconds to the interval', async () => {
    const emulator = await start();
    const { body: code } = await requestCode(emulator);
    expect((await poll(emulator, code['device_code'])).body['error']).toBe('authorization_pending');
    emulator.advanceClock(4_999);
    expect((await poll(emulator, code['device_code'])).body).toEqual({
      error: 'slow_down',
      error_description: 'polling too frequently',
    });
    // A refused poll still counts as the last poll, and each one lengthens the interval again: 10 s, then 15 s.
    emulator.advanceClock(9_999);
    expect((await poll(emulator, code['device_code'])).body['error']).toBe('slow_down');
    emulator.advanceClock(15_000);
    expect((await poll(emulator, code['device_code'])).body['error']).toBe('authorization_pending');
  });

  it('C2: a denied sign-in answers access_denied; an expired code expired_token, and the person can no longer allow it', async () => {
    const emulator = await start({ deviceCodeLifetimeSeconds: 60 });
    const { body: denied } = await requestCode(emulator);
    expect((await control(emulator, '/device/deny', { userCode: denied['user_code'] })).status).toBe(200);
    expect((await poll(emulator, denied['device_code'])).body).toEqual({
      error: 'access_denied',
      error_description: 'end-user denied authorization',
    });
    const twice = await control(emulator, '/device/approve', {
      userCode: denied['user_code'],
      username: 'admin@contoso.example',
    });
    expect(twice.status).toBe(409);

    const { body: late } = await requestCode(emulator);
    emulator.advanceClock(60_000);
    expect((await poll(emulator, late['device_code'])).body).toEqual({
      error: 'expired_token',
      error_description: 'expired device code',
    });
    const tooLate = await control(emulator, '/device/approve', {
      userCode: late['user_code'],
      username: 'admin@contoso.example',
    });
    expect(tooLate.status).toBe(400);
    expect(tooLate.body['error']['message']).toContain('has expired');
  });

  it('no refresh token without the refresh_token scope; unknown codes, another client and unknown users are refused', async () => {
    const emulator = await start({ deviceFlowIntervalSeconds: 0 });
    const { body: apiOnly } = await requestCode(emulator, { scope: 'api' });
    emulator.approveDeviceCode(apiOnly['user_code'], 'admin@contoso.example');
    const granted = await poll(emulator, apiOnly['device_code']);
    expect(granted.status).toBe(200);
    expect(granted.body['refresh_token']).toBeUndefined();
    expect(granted.body['scope']).toBe('api');

    expect((await poll(emulator, 'nope')).body).toEqual({
      error: 'invalid_grant',
      error_description: 'invalid device code',
    });
    const { body: code } = await requestCode(emulator);
    expect((await poll(emulator, code['device_code'], 'other-client')).body['error']).toBe('invalid_grant');
    const nobody = await control(emulator, '/device/approve', {
      userCode: code['user_code'],
      username: 'nobody@contoso.example',
    });
    expect(nobody.status).toBe(404);
    expect((await control(emulator, '/device/approve', { userCode: code['user_code'] })).status).toBe(400);
    expect(
      (await control(emulator, '/device/deny', { userCode: 'ZZZZZZZZ' })).body['error']['message'],
    ).toContain('No device sign-in');
  });

  it('a connected app only lets its own client start the flow', async () => {
    const emulator = await start({ connectedApp: { clientId: 'app', clientSecret: 's3cret' } });
    expect((await requestCode(emulator)).body).toEqual({
      error: 'invalid_client_id',
      error_description: 'client identifier invalid',
    });
    expect((await requestCode(emulator, { client_id: 'app' })).status).toBe(200);
  });

  it('the /setup/connect page lets a person allow or deny a code as one of the active users', async () => {
    const emulator = await start({ deviceFlowIntervalSeconds: 0 });
    const { body: code } = await requestCode(emulator);
    const page = await call(`${emulator.url}/setup/connect?user_code=${code['user_code']}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain(`value="${code['user_code']}"`);
    expect(page.text).toContain('integration@contoso.example');
    const allow = await call(`${emulator.url}/setup/connect`, {
      method: 'POST',
      raw: new URLSearchParams({
        user_code: code['user_code'],
        username: 'seller1@contoso.example',
        action: 'allow',
      }).toString(),
      headers: form,
    });
    expect(allow.status).toBe(200);
    expect(allow.text).toContain('Access allowed for seller1@contoso.example');
    expect((await poll(emulator, code['device_code'])).status).toBe(200);

    const { body: other } = await requestCode(emulator);
    const deny = await call(`${emulator.url}/setup/connect`, {
      method: 'POST',
      raw: new URLSearchParams({ user_code: other['user_code'], action: 'deny' }).toString(),
      headers: form,
    });
    expect(deny.text).toContain('Access denied');
    expect((await poll(emulator, other['device_code'])).body['error']).toBe('access_denied');
    const unknown = await call(`${emulator.url}/setup/connect`, {
      method: 'POST',
      raw: new URLSearchParams({ user_code: 'ZZZZZZZZ', action: 'deny' }).toString(),
      headers: form,
    });
    expect(unknown.status).toBe(404);
  });
});
