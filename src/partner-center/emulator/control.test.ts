// Contract: the /_emulator control surface another process (`cosell emulate partner-center`, the demo) drives.
/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-argument, @typescript-eslint/no-unsafe-return, @typescript-eslint/no-explicit-any --
   contract tests read the wire's untyped JSON on purpose: the assertions are the type check. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPartnerCenterEmulator, type PartnerCenterEmulator } from './index.js';
import { call, startReceiver, tokenFor, type Receiver } from './test-support.js';

type Json = Record<string, any>;

let emulator: PartnerCenterEmulator;
let receiver: Receiver;
let control: string;

beforeAll(async () => {
  emulator = await startPartnerCenterEmulator({
    webhookRetry: { baseDelayMs: 1 },
    accessTokenTtlSeconds: 60,
  });
  receiver = await startReceiver();
  control = `${emulator.url}/_emulator`;
  await call(`${emulator.url}/webhooks/v1/registration`, {
    method: 'POST',
    token: tokenFor(emulator, { api: 'webhooks' }),
    body: {
      WebhookUrl: receiver.url,
      WebhookEvents: [
        'referral-created',
        'referral-updated',
        'related-referral-created',
        'related-referral-updated',
      ],
    },
  });
});
afterAll(async () => {
  await emulator.close();
  await receiver.close();
});

describe('/_emulator', () => {
  it('health answers with the URL and the emulator time', async () => {
    const res = await call<Json>(`${control}/health`);
    expect(res.body).toMatchObject({ ok: true, url: emulator.url });
  });

  it('creates referrals as the partner or as Microsoft, like Partner Center’s UI, firing webhooks', async () => {
    const partner = await call<Json>(`${control}/referrals`, {
      method: 'POST',
      body: { referral: { name: 'From the UI', customerProfile: { address: { country: 'JP' } } } },
    });
    expect(partner.status).toBe(201);
    expect(partner.body).toMatchObject({
      name: 'From the UI',
      status: 'New',
      substatus: 'Pending',
      organizationId: emulator.partnerOrganization.id,
    });
    expect(partner.body['details'].currency).toBe('JPY');
    const microsoft = await call<Json>(`${control}/referrals`, {
      method: 'POST',
      body: { as: 'microsoft', referral: { engagementId: partner.body['engagementId'] } },
    });
    expect(microsoft.body).toMatchObject({
      organizationName: 'Microsoft',
      engagementId: partner.body['engagementId'],
    });
    await emulator.waitForDeliveriesIdle();
    const names = receiver.received.map((r) => (JSON.parse(r.body.toString()) as Json)['EventName']);
    expect(names).toEqual(['referral-created', 'related-referral-created']);
    expect((await call(`${control}/referrals`, { method: 'POST', body: { as: 'someone' } })).status).toBe(
      400,
    );

    const listed = await call<Json[]>(`${control}/referrals`);
    expect(listed.body.map((r) => r['id'])).toEqual([partner.body['id'], microsoft.body['id']]);
    expect((await call<Json>(`${control}/referrals/${partner.body['id']}`)).body['name']).toBe('From the UI');
    expect((await call(`${control}/referrals/nope`)).status).toBe(404);
  });

  it('updates referrals like the UI: merged, stamped, webhook fired; transitions still enforced', async () => {
    const created = emulator.createReferral();
    const id = created['id'];
    const won = await call<Json>(`${control}/referrals/${id}`, {
      method: 'PATCH',
      body: { status: 'Closed', substatus: 'Won', details: { notes: 'Signed' } },
    });
    expect(won.status).toBe(200);
    expect(won.body).toMatchObject({ status: 'Closed', substatus: 'Won' });
    expect(won.body['details']).toMatchObject({ notes: 'Signed', currency: created.details?.currency });
    expect(won.body['eTag']).not.toBe(created['eTag']);
    const reopen = await call<Json>(`${control}/referrals/${id}`, {
      method: 'PATCH',
      body: { status: 'Active', substatus: 'Accepted' },
    });
    expect(reopen.status).toBe(400);
    expect(reopen.body['error'].code).toBe('invalidRequest');
    expect((await call(`${control}/referrals/${id}`, { method: 'PATCH', body: { id: 'x' } })).status).toBe(
      400,
    );
    expect((await call(`${control}/referrals/missing`, { method: 'PATCH', body: {} })).status).toBe(404);
  });

  it('creates many referrals in one call (all or none), each readable through the Referrals API', async () => {
    const own = await startPartnerCenterEmulator({});
    try {
      const url = `${own.url}/_emulator/referrals/bulk`;
      const bulk = await call<Json>(url, {
        method: 'POST',
        body: {
          referrals: [
            { name: 'Bulk 1', customerProfile: { address: { country: 'NL' } } },
            { name: 'Bulk 2' },
            { name: 'Bulk 3', status: 'Active', substatus: 'Accepted' },
          ],
        },
      });
      expect(bulk.status, bulk.text).toBe(201);
      const ids: string[] = bulk.body['ids'];
      expect(ids).toHaveLength(3);
      const token = tokenFor(own);
      const read = await Promise.all(
        ids.map((id) => call<Json>(`${own.url}/v1.0/engagements/referrals/${id}`, { token })),
      );
      expect(read.map((r) => [r.status, r.body['name'], r.body['status']])).toEqual([
        [200, 'Bulk 1', 'New'],
        [200, 'Bulk 2', 'New'],
        [200, 'Bulk 3', 'Active'],
      ]);
      expect(read[0]?.body['customerProfile'].address.country).toBe('NL');

      const refused = await call<Json>(url, {
        method: 'POST',
        body: { referrals: [{ name: 'Fine' }, { customerProfile: { address: { country: 'Holland' } } }] },
      });
      expect(refused.status).toBe(400);
      expect(refused.body['error']).toMatchObject({
        code: 'invalidRequest',
        target: 'referrals[1].customerProfile.address.country',
      });
      expect(refused.body['error'].message).toMatch(/^referrals\[1\]: /);
      expect(own.listReferrals()).toHaveLength(3);
      expect((await call(url, { method: 'POST', body: { referrals: {} } })).status).toBe(400);
    } finally {
      await own.close();
    }
  });

  it('sets faults, reads counters and the delivery log', async () => {
    const set = await call<Json>(`${control}/faults`, {
      method: 'PUT',
      body: { throttle: { every: 1 }, retryAfterSeconds: 3 },
    });
    expect(set.body).toMatchObject({ throttle: { every: 1 }, retryAfterSeconds: 3 });
    const throttled = await call(`${emulator.url}/v1.0/engagements/referrals`, { token: tokenFor(emulator) });
    expect(throttled.status).toBe(429);
    expect(throttled.headers.get('retry-after')).toBe('3');
    await call(`${control}/faults`, { method: 'PUT', body: { throttle: null } });
    expect((await call<Json>(`${control}/faults`)).body['throttle']).toBeNull();
    expect((await call(`${control}/faults`, { method: 'PUT', body: { errorRate: 5 } })).status).toBe(400);

    const counters = await call<Json>(`${control}/counters`);
    expect(counters.body['total']).toBe(emulator.callCount().total);
    expect(counters.body['total']).toBeGreaterThan(0);

    expect((await call<Json>(`${control}/deliveries/wait-idle`, { method: 'POST' })).body).toEqual({
      idle: true,
    });
    const deliveries = await call<Json>(`${control}/deliveries`);
    expect(deliveries.body['deliveries'].length).toBe(emulator.deliveries.length);
    expect(deliveries.body['deliveries'][0]).toMatchObject({
      event: { EventName: 'referral-created' },
      attempt: 1,
      status: 200,
      url: receiver.url,
    });
    expect(deliveries.body).toMatchObject({ offline: [], dropped: [] });
    expect((await call<Json>(`${control}/webhooks`)).body['referral-created']).toEqual({
      url: receiver.url,
      msSignatureHeader: false,
    });
  });

  it('issues tokens, approves device codes, revokes sessions and moves the clock', async () => {
    const tokens = await call<Json>(`${control}/tokens`, {
      method: 'POST',
      body: { username: 'admin@contoso.example' },
    });
    const api = `${emulator.url}/v1.0/engagements/referrals?$top=1`;
    expect((await call(api, { token: tokens.body['access_token'] })).status).toBe(200);
    const advanced = await call<Json>(`${control}/clock/advance`, { method: 'POST', body: { ms: 61_000 } });
    expect(Date.parse(advanced.body['now'])).toBeGreaterThan(Date.now() + 55_000);
    expect((await call(api, { token: tokens.body['access_token'] })).status).toBe(401);

    const revoked = await call<Json>(`${control}/users/admin@contoso.example/revoke-refresh-tokens`, {
      method: 'POST',
    });
    expect(revoked.body['revoked']).toBeGreaterThan(0);
    const bad = await call<Json>(`${control}/device/approve`, {
      method: 'POST',
      body: { userCode: 'NOPE', username: 'admin@contoso.example' },
    });
    expect(bad.status).toBe(404);
    expect((await call(`${control}/device/approve`, { method: 'POST', body: {} })).status).toBe(400);
    expect((await call(`${control}/clock/advance`, { method: 'POST', body: { ms: -1 } })).status).toBe(400);
  });

  it('unknown paths answer 404 with a Partner Center error body', async () => {
    const res = await call<Json>(`${emulator.url}/v1.0/nothing-here`);
    expect(res.status).toBe(404);
    expect(res.body['error'].code).toBe('itemNotFound');
  });
});
