// Contract: webhook registration, validation events, signed delivery, retries and delivery faults, over real
// HTTP, with a node:http receiver standing in for the product's webhook endpoint.
/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-argument, @typescript-eslint/no-unsafe-call, @typescript-eslint/no-unsafe-return, @typescript-eslint/no-explicit-any --
   contract tests read the wire's untyped JSON on purpose: the assertions are the type check. */
import { verify, X509Certificate } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startPartnerCenterEmulator, type DeliveryAttempt, type PartnerCenterEmulator } from './index.js';
import { call, startReceiver, tokenFor, type Receiver, type ReceivedRequest } from './test-support.js';

type Json = Record<string, any>;

const allReferralEvents = [
  'referral-created',
  'referral-updated',
  'related-referral-created',
  'related-referral-updated',
];

let emulator: PartnerCenterEmulator;
let receiver: Receiver;
let webhooksToken: string;
let referralsToken: string;
let registration: string;

const register = (body: unknown, method = 'POST') =>
  call<Json>(registration, { method, token: webhooksToken, body });
const eventOf = (r: ReceivedRequest) => JSON.parse(r.body.toString('utf8')) as Json;

beforeEach(async () => {
  emulator = await startPartnerCenterEmulator({ webhookRetry: { baseDelayMs: 1 } });
  receiver = await startReceiver();
  webhooksToken = tokenFor(emulator, { api: 'webhooks' });
  referralsToken = tokenFor(emulator);
  registration = `${emulator.url}/webhooks/v1/registration`;
});
afterEach(async () => {
  await emulator.close();
  await receiver.close();
});

describe('registration API', () => {
  it('lists the supported events', async () => {
    const res = await call<string[]>(`${registration}/events`, { token: webhooksToken });
    expect(res.body).toEqual([...allReferralEvents, 'test-created']);
  });

  it('create, view, overwrite (one URL per event), delete', async () => {
    expect((await call(registration, { token: webhooksToken })).status).toBe(404);
    expect(
      (await register({ WebhookUrl: receiver.url, WebhookEvents: ['referral-created'] }, 'PUT')).status,
    ).toBe(404);

    const created = await register({ WebhookUrl: receiver.url, WebhookEvents: allReferralEvents });
    expect(created.status).toBe(200);
    expect(created.body).toEqual({
      SubscriberId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      WebhookUrl: receiver.url,
      WebhookEvents: allReferralEvents,
    });
    expect((await call<Json>(registration, { token: webhooksToken })).body).toEqual(created.body);

    const other = 'http://127.0.0.1:9/other';
    const moved = await register(
      { WebhookUrl: other, WebhookEvents: ['referral-updated', 'test-created'] },
      'PUT',
    );
    expect(moved.body).toEqual({
      SubscriberId: created.body['SubscriberId'],
      WebhookUrl: other,
      WebhookEvents: ['referral-updated', 'test-created'],
    });
    const routes = emulator.webhookRoutes();
    expect(routes['referral-updated']?.url).toBe(other);
    expect(routes['referral-created']?.url).toBe(receiver.url);

    // Registering the same events again moves them back.
    await register({ WebhookUrl: receiver.url, WebhookEvents: ['referral-updated'] }, 'PUT');
    expect(emulator.webhookRoutes()['referral-updated']?.url).toBe(receiver.url);

    expect((await call(registration, { method: 'DELETE', token: webhooksToken })).status).toBe(204);
    expect((await call(registration, { token: webhooksToken })).status).toBe(404);
  });

  it.each([
    [{ WebhookUrl: 'not a url', WebhookEvents: ['referral-created'] }, 'WebhookUrl'],
    [{ WebhookUrl: 'ftp://x.example/h', WebhookEvents: ['referral-created'] }, 'WebhookUrl'],
    [{ WebhookUrl: 'https://x.example/h', WebhookEvents: [] }, 'WebhookEvents'],
    [{ WebhookUrl: 'https://x.example/h', WebhookEvents: ['customer-created'] }, 'WebhookEvents'],
  ])('refuses %j', async (body, target) => {
    const res = await register(body);
    expect(res.status).toBe(400);
    expect(res.body['error']).toMatchObject({ code: 'invalidRequest', target });
  });
});

describe('signed delivery', () => {
  async function verifySignature(
    request: ReceivedRequest,
    headerName: 'authorization' | 'x-ms-signature',
  ): Promise<X509Certificate> {
    const h = request.headers;
    expect(h['content-type']).toBe('application/json');
    expect(h['x-ms-signature-algorithm']).toBe('rsa-sha256');
    expect(h['x-ms-certificate-url']).toBe(`${emulator.url}/certificates/pcnotifications-dispatch.cer`);
    const download = await fetch(h['x-ms-certificate-url'] as string);
    expect(download.headers.get('content-type')).toBe('application/pkix-cert');
    const cert = new X509Certificate(Buffer.from(await download.arrayBuffer()));
    expect(cert.subject).toContain('CN=pcnotifications-dispatch.microsoft.com');
    expect(cert.issuer).toContain('O=Microsoft Corporation');
    const raw = String(h[headerName]);
    const signature = Buffer.from(
      headerName === 'authorization' ? raw.replace(/^Signature /, '') : raw,
      'base64',
    );
    expect(verify('sha256', request.body, cert.publicKey, signature)).toBe(true);
    expect(verify('sha256', Buffer.concat([request.body, Buffer.from(' ')]), cert.publicKey, signature)).toBe(
      false,
    );
    return cert;
  }

  it('a created and an updated referral (API and UI) are thin events signed over the raw body, verifiable with the certificate', async () => {
    await register({ WebhookUrl: receiver.url, WebhookEvents: allReferralEvents });
    const created = await call<Json>(`${emulator.url}/v1.0/engagements/referrals`, {
      method: 'POST',
      token: referralsToken,
      body: {
        type: 'Independent',
        customerProfile: { name: 'Coho Foods' },
        consent: {},
        details: { dealValue: 1 },
      },
    });
    const id = created.body['id'] as string;
    const [first] = await receiver.waitFor(1);
    const cert = await verifySignature(first as ReceivedRequest, 'authorization');
    expect(emulator.certificatePem.trim()).toBe(cert.toString().trim());
    const event = eventOf(first as ReceivedRequest);
    expect(event).toEqual({
      EventName: 'referral-created',
      ResourceUri: `${emulator.url}/engagements/v1/referrals/${id}`,
      ResourceName: 'referral',
      AuditUri: null,
      ResourceChangeUtcDate: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{7}\+00:00$/),
    });
    expect(Date.parse(event['ResourceChangeUtcDate'])).toBe(Date.parse(created.body['updatedDateTime']));
    const documented = JSON.parse(
      await readFile(
        new URL('../../../test/fixtures/partner-center/webhook-event.referral-updated.json', import.meta.url),
        'utf8',
      ),
    ) as Json;
    expect(Object.keys(event)).toEqual(Object.keys(documented));

    await call(`${emulator.url}/v1.0/engagements/referrals/${id}`, {
      method: 'PATCH',
      token: referralsToken,
      body: [{ op: 'replace', path: '/name', value: 'x' }],
    });
    emulator.updateReferral(id, { details: { notes: 'changed in the UI' } });
    const microsoft = emulator.createReferral(
      { engagementId: created.body['engagementId'] as string },
      { as: 'microsoft' },
    );
    emulator.updateReferral(microsoft['id'], { status: 'Active', substatus: 'Accepted' });
    const all = await receiver.waitFor(5);
    expect(all.map((r) => eventOf(r)['EventName'])).toEqual([
      'referral-created',
      'referral-updated',
      'referral-updated',
      'related-referral-created',
      'related-referral-updated',
    ]);
    expect(eventOf(all[4] as ReceivedRequest)['ResourceUri']).toBe(
      `${emulator.url}/engagements/v1/referrals/${microsoft.id}`,
    );
    for (const r of all) await verifySignature(r, 'authorization');
  });

  it('with signatureTokenToMsSignatureHeader the signature moves to x-ms-signature', async () => {
    await register({
      WebhookUrl: receiver.url,
      WebhookEvents: ['referral-created'],
      signatureTokenToMsSignatureHeader: true,
    });
    emulator.createReferral();
    const [request] = await receiver.waitFor(1);
    expect(request?.headers['authorization']).toBeUndefined();
    await verifySignature(request as ReceivedRequest, 'x-ms-signature');
  });

  it('unregistered events are not delivered', async () => {
    await register({ WebhookUrl: receiver.url, WebhookEvents: ['referral-updated'] });
    const created = emulator.createReferral();
    emulator.updateReferral(created['id'], { name: 'now updated' });
    await emulator.waitForDeliveriesIdle();
    expect(receiver.received.map((r) => eventOf(r)['EventName'])).toEqual(['referral-updated']);
  });
});

describe('validation events', () => {
  it('need test-created, deliver a test event, report its result, and are limited to 2 a minute', async () => {
    const refused = await call<Json>(`${registration}/validationEvents`, {
      method: 'POST',
      token: webhooksToken,
    });
    expect(refused.status).toBe(400);

    await register({ WebhookUrl: receiver.url, WebhookEvents: ['test-created'] });
    const first = await call<Json>(`${registration}/validationEvents`, {
      method: 'POST',
      token: webhooksToken,
    });
    expect(first.status).toBe(200);
    const correlationId = first.body['correlationId'] as string;
    const [test] = await receiver.waitFor(1);
    expect(eventOf(test as ReceivedRequest)).toMatchObject({
      EventName: 'test-created',
      ResourceName: 'test',
      ResourceUri: `${registration}/validationEvents/${correlationId}`,
    });
    await emulator.waitForDeliveriesIdle();
    const status = await call<Json>(`${registration}/validationEvents/${correlationId}`, {
      token: webhooksToken,
    });
    expect(status.body).toMatchObject({ correlationId, status: 'completed', callbackUrl: receiver.url });
    expect(status.body['results']).toEqual([
      { responseCode: 'OK', responseMessage: 'ok', systemError: false, dateTimeUtc: expect.any(String) },
    ]);

    receiver.script([500], 200);
    const second = await call<Json>(`${registration}/validationEvents`, {
      method: 'POST',
      token: webhooksToken,
    });
    expect(second.status).toBe(200);
    await emulator.waitForDeliveriesIdle();
    const secondStatus = await call<Json>(
      `${registration}/validationEvents/${second.body['correlationId']}`,
      { token: webhooksToken },
    );
    expect(secondStatus.body['results'].map((r: Json) => r['responseCode'])).toEqual([
      'InternalServerError',
      'OK',
    ]);

    const third = await call<Json>(`${registration}/validationEvents`, {
      method: 'POST',
      token: webhooksToken,
    });
    expect(third.status).toBe(429);
    expect(Number(third.headers.get('retry-after'))).toBeGreaterThan(0);
    emulator.advanceClock(60_000);
    expect(
      (await call(`${registration}/validationEvents`, { method: 'POST', token: webhooksToken })).status,
    ).toBe(200);
    expect((await call(`${registration}/validationEvents/unknown`, { token: webhooksToken })).status).toBe(
      404,
    );
  });
});

describe('retries', () => {
  it('retries non-2xx answers with backoff and stops at the first success', async () => {
    await register({ WebhookUrl: receiver.url, WebhookEvents: ['referral-created'] });
    receiver.script([500, 503, 404], 200);
    const seen: DeliveryAttempt[] = [];
    emulator.on('delivery', (d) => seen.push(d));
    emulator.createReferral();
    await emulator.waitForDeliveriesIdle();
    expect(emulator.deliveries.map((d) => [d.attempt, d.status])).toEqual([
      [1, 500],
      [2, 503],
      [3, 404],
      [4, 200],
    ]);
    expect(seen).toHaveLength(4);
    expect(new Set(receiver.received.map((r) => r.body.toString())).size).toBe(1);
    expect(emulator.offlineEvents).toHaveLength(0);
  });

  it('after 10 failed attempts the event goes offline and is not retried again', async () => {
    await register({ WebhookUrl: receiver.url, WebhookEvents: ['referral-created'] });
    receiver.script([], 503);
    emulator.createReferral();
    await emulator.waitForDeliveriesIdle();
    expect(emulator.deliveries.map((d) => d.attempt)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(emulator.offlineEvents).toEqual([
      expect.objectContaining({
        event: expect.objectContaining({ EventName: 'referral-created' }),
        url: receiver.url,
        attempts: 10,
      }),
    ]);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(receiver.received).toHaveLength(10);
  });

  it('connection errors count as failed attempts', async () => {
    const closed = await startReceiver();
    await closed.close();
    const short = await startPartnerCenterEmulator({ webhookRetry: { baseDelayMs: 1, attempts: 3 } });
    try {
      await call(`${short.url}/webhooks/v1/registration`, {
        method: 'POST',
        token: tokenFor(short, { api: 'webhooks' }),
        body: { WebhookUrl: closed.url, WebhookEvents: ['referral-created'] },
      });
      short.createReferral();
      await short.waitForDeliveriesIdle();
      expect(short.deliveries.map((d) => d.status)).toEqual([null, null, null]);
      expect(short.deliveries[0]?.error).toMatch(/ECONNREFUSED|fetch failed/);
      expect(short.offlineEvents).toHaveLength(1);
    } finally {
      await short.close();
    }
  });
});

describe('delivery faults', () => {
  it('dropRate: the event is never delivered', async () => {
    await register({ WebhookUrl: receiver.url, WebhookEvents: ['referral-created'] });
    emulator.setFaults({ webhooks: { dropRate: 1 } });
    emulator.createReferral();
    await emulator.waitForDeliveriesIdle();
    expect(receiver.received).toHaveLength(0);
    expect(emulator.droppedEvents).toEqual([
      expect.objectContaining({
        event: expect.objectContaining({ EventName: 'referral-created' }),
        attempts: 0,
      }),
    ]);
  });

  it('duplicateRate: the same bytes and signature arrive twice', async () => {
    await register({ WebhookUrl: receiver.url, WebhookEvents: ['referral-created'] });
    emulator.setFaults({ webhooks: { duplicateRate: 1 } });
    emulator.createReferral();
    const [a, b] = await receiver.waitFor(2);
    expect(a?.body.equals(b?.body as Buffer)).toBe(true);
    expect(a?.headers['authorization']).toBe(b?.headers['authorization']);
    await emulator.waitForDeliveriesIdle();
    expect(emulator.deliveries.map((d) => d.duplicate)).toEqual([false, true]);
  });

  it('duplicateCopies: a duplicated event arrives 1 + n times (every event when no rate is set)', async () => {
    await register({ WebhookUrl: receiver.url, WebhookEvents: ['referral-created'] });
    emulator.setFaults({ webhooks: { duplicateCopies: 2 } });
    emulator.createReferral();
    await emulator.waitForDeliveriesIdle();
    expect(receiver.received).toHaveLength(3);
    expect(new Set(receiver.received.map((r) => r.body.toString())).size).toBe(1);
    expect(() => emulator.setFaults({ webhooks: { duplicateCopies: -1 } })).toThrow(RangeError);
  });

  it('reorderWindowMs: events of one window arrive out of order, none lost', async () => {
    await register({ WebhookUrl: receiver.url, WebhookEvents: ['referral-created'] });
    emulator.setFaults({ webhooks: { reorderWindowMs: 30 } });
    const ids = Array.from({ length: 6 }, () => emulator.createReferral()['id']);
    await emulator.waitForDeliveriesIdle();
    const arrived = receiver.received.map((r) => String(eventOf(r)['ResourceUri']).split('/').at(-1));
    expect([...arrived].sort()).toEqual([...ids].sort());
    expect(arrived).not.toEqual(ids);
  });
});

describe('one emulator across tests', () => {
  let shared: PartnerCenterEmulator;
  beforeAll(async () => {
    shared = await startPartnerCenterEmulator();
  });
  afterAll(() => shared.close());

  it('without a registration nothing is delivered and the log stays empty', async () => {
    shared.createReferral();
    await shared.waitForDeliveriesIdle();
    expect(shared.deliveries).toHaveLength(0);
  });
});
