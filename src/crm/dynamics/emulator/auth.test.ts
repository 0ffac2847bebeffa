// The identity endpoints (client_credentials, the device code flow, refresh_token, errors) and the /_emulator
// control surface (rows as a person in the UI, counters, limits, faults, clock).
import { describe, expect, it } from 'vitest';
import type { DynamicsEmulator } from './emulator.js';
import type { WriteEvent } from './options.js';
import { api, call, useDynamicsEmulators } from './test-support.js';

const emulators = useDynamicsEmulators();

async function form<T = Record<string, unknown>>(url: string, fields: Record<string, string>) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields).toString(),
  });
  return { status: response.status, body: (await response.json()) as T };
}

const device = (dv: DynamicsEmulator) => `${dv.url}/organizations/oauth2/v2.0/devicecode`;

describe('sign-in', () => {
  it('issues client_credentials tokens for the application user, without a refresh token', async () => {
    const dv = await emulators.start({ app: { clientId: 'cosell', clientSecret: 's3cret' } });
    const ok = await form<{ access_token: string; refresh_token?: string; expires_in: number }>(dv.tokenUrl, {
      grant_type: 'client_credentials',
      client_id: 'cosell',
      client_secret: 's3cret',
      scope: `${dv.url}/.default`,
    });
    expect(ok.status).toBe(200);
    expect(ok.body.expires_in).toBe(3600);
    expect(ok.body.refresh_token).toBeUndefined();
    const who = await api<{ UserId: string }>(dv, '/WhoAmI', { token: ok.body.access_token });
    expect(who.body.UserId).toBe(dv.users().find((u) => u.application)?.id);

    const badSecret = await form<{ error: string; error_codes: number[] }>(dv.tokenUrl, {
      grant_type: 'client_credentials',
      client_id: 'cosell',
      client_secret: 'wrong',
    });
    expect([badSecret.status, badSecret.body.error, badSecret.body.error_codes]).toEqual([
      400,
      'invalid_client',
      [7000215],
    ]);
    const unsupported = await form<{ error: string }>(dv.tokenUrl, {
      grant_type: 'password',
      client_id: 'cosell',
    });
    expect(unsupported.body.error).toBe('unsupported_grant_type');
  });

  it('runs the device code flow: pending, approved by a person, tokens once, then refresh', async () => {
    const dv = await emulators.start({ deviceCodeIntervalSeconds: 0 });
    const start = await form<{ device_code: string; user_code: string; verification_uri: string }>(
      device(dv),
      {
        client_id: 'cosell-cli',
        scope: `${dv.url}/user_impersonation offline_access`,
      },
    );
    expect(start.body.verification_uri).toBe(`${dv.url}/device`);
    const poll = () =>
      form<{ error?: string; access_token?: string; refresh_token?: string }>(dv.tokenUrl, {
        grant_type: 'urn:ietf:params:oauth:grant-type:device_code',
        client_id: 'cosell-cli',
        device_code: start.body.device_code,
      });
    expect((await poll()).body.error).toBe('authorization_pending');
    const approve = await call(`${dv.url}/_emulator/device/approve`, {
      method: 'POST',
      body: { userCode: start.body.user_code, username: 'seller1@contoso.example' },
    });
    expect(approve.status).toBe(200);
    const tokens = await poll();
    expect(tokens.body.access_token).toBeTruthy();
    expect((await poll()).body.error).toBe('invalid_grant');
    const who = await api<{ UserId: string }>(dv, '/WhoAmI', { token: tokens.body.access_token ?? '' });
    expect(who.body.UserId).toBe(dv.users().find((u) => u.username === 'seller1@contoso.example')?.id);

    const refreshed = await form<{ access_token: string }>(dv.tokenUrl, {
      grant_type: 'refresh_token',
      client_id: 'cosell-cli',
      refresh_token: tokens.body.refresh_token ?? '',
    });
    expect(refreshed.status).toBe(200);
    dv.revokeTokens('seller1@contoso.example');
    expect((await api(dv, '/WhoAmI', { token: refreshed.body.access_token })).status).toBe(401);
    const page = await fetch(`${dv.url}/device`);
    expect(await page.text()).toContain('Sign in to Dynamics 365 (emulator)');
  });
});

describe('the control surface', () => {
  it('changes rows as a person in the UI, moves the clock, reads counters and sets limits and faults', async () => {
    const dv = await emulators.start({ generate: 3 });
    const events: WriteEvent[] = [];
    dv.on('write', (e) => events.push(e));
    const control = (path: string, init: Parameters<typeof call>[1] = {}) =>
      call<Record<string, unknown>>(`${dv.url}/_emulator${path}`, init);
    expect((await control('/health')).body).toMatchObject({ ok: true, publisherPrefix: 'cosell_' });
    const opportunities = await call<Record<string, unknown>[]>(`${dv.url}/_emulator/rows/opportunities`);
    expect(opportunities.body.length).toBeGreaterThan(0);
    const open = opportunities.body.find((r) => r['statecode'] === 0);
    const id = String(open?.['opportunityid']);

    await control('/clock/advance', { method: 'POST', body: { ms: 3_600_000 } });
    const edited = await control(`/rows/opportunity/${id}?asUser=seller2@contoso.example`, {
      method: 'PATCH',
      body: { description: 'Edited in the UI' },
    });
    expect(edited.body).toMatchObject({
      description: 'Edited in the UI',
      modifiedon: '2026-11-20T11:00:00Z',
    });
    expect(events).toEqual([
      expect.objectContaining({ kind: 'updated', source: 'ui', username: 'seller2@contoso.example' }),
    ]);
    const refused = await control(`/rows/opportunity/${id}`, { method: 'PATCH', body: { statuscode: 3 } });
    expect(refused.status).toBe(400);

    await api(dv, '/WhoAmI');
    expect((await control('/counters')).body).toMatchObject({
      total: 1,
      serviceProtection: { requests: 6000 },
    });
    expect(
      (await control('/limits', { method: 'PUT', body: { requests: 10, windowSeconds: 60 } })).status,
    ).toBe(200);
    expect(dv.serviceProtection).toEqual({ requests: 10, windowSeconds: 60 });
    expect((await control('/faults', { method: 'PUT', body: { errorRate: 2 } })).status).toBe(400);
    expect((await control('/faults', { method: 'PUT', body: { latencyMs: 5 } })).body).toMatchObject({
      latencyMs: 5,
    });
  });

  it('creates many rows in one call as a person (all or none), each readable through the Web API', async () => {
    const dv = await emulators.start();
    const url = `${dv.url}/_emulator/rows/opportunities/bulk?asUser=seller1@contoso.example`;
    const bulk = await call<{ ids: string[] }>(url, {
      method: 'POST',
      body: {
        rows: [
          { name: 'Bulk 1' },
          { name: 'Bulk 2', cosell_referralidentifier: 'R-BULK' },
          { name: 'Bulk 3' },
        ],
      },
    });
    expect(bulk.status, bulk.text).toBe(201);
    expect(bulk.body.ids).toHaveLength(3);
    const seller = dv.users().find((u) => u.username === 'seller1@contoso.example')?.id;
    for (const [n, id] of bulk.body.ids.entries()) {
      const read = await api<Record<string, unknown>>(
        dv,
        `/opportunities(${id})?$select=name,_createdby_value`,
      );
      expect(read.status).toBe(200);
      expect(read.body).toMatchObject({ name: `Bulk ${n + 1}`, _createdby_value: seller });
    }

    // A duplicate Referral Identifier (an alternate key) in the third row: nothing of the call is kept.
    const refused = await call<{ error: { message: string } }>(url, {
      method: 'POST',
      body: { rows: [{ name: 'Bulk 4' }, { name: 'Bulk 5' }, { cosell_referralidentifier: 'r-bulk' }] },
    });
    expect(refused.status).toBe(412);
    expect(refused.body.error.message).toBe(
      '0x80040237: rows[2]: A record with matching key values already exists.',
    );
    expect(dv.rows('opportunity')).toHaveLength(3);
    expect((await call(url, { method: 'POST', body: {} })).status).toBe(400);
  });

  it('loads seed rows parents first, with binds and owners, and names a bad row', async () => {
    const accountId = '1a2b3c4d-0000-4000-8000-000000000001';
    const dv = await emulators.start({
      seed: {
        opportunities: [
          {
            name: 'Seeded',
            'parentaccountid@odata.bind': `/accounts(${accountId})`,
            '@owner': 'seller3@contoso.example',
          },
        ],
        accounts: [{ accountid: accountId, name: 'Seed Account' }],
      },
    });
    expect(dv.rows('opportunity')[0]).toMatchObject({
      name: 'Seeded',
      customerid: { id: accountId, entity: 'account' },
      ownerid: {
        id: dv.users().find((u) => u.username === 'seller3@contoso.example')?.id,
        entity: 'systemuser',
      },
    });
    await expect(emulators.start({ seed: { accounts: [{ name: 'ok' }, { nonsense: 1 }] } })).rejects.toThrow(
      /^seed accounts\[1\]: 0x80048d19/,
    );
  });

  it('generates the same environment for the same seed', async () => {
    const a = await emulators.start({ generate: 4, randomSeed: 42 });
    const b = await emulators.start({ generate: 4, randomSeed: 42 });
    expect(a.rows('opportunity')).toEqual(b.rows('opportunity'));
    expect(a.rows('account').length).toBe(4);
    expect(a.rows('cosell_microsoftsolution').every((r) => r['cosell_opportunityid'] !== null)).toBe(true);
  });
});
