// The webhook receiver against real signed deliveries from the emulator, over real HTTP, on the suite's
// database: exactly-once into the inbox, forged and malformed requests refused with coded bodies.
import { createSign, X509Certificate } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import fc from 'fast-check';
import { generate } from 'selfsigned';
import { beforeAll, describe, expect, it } from 'vitest';
import { errorCatalogue } from '../../src/errors.js';
import { registerWebhooks } from '../../src/partner-center/webhooks/register.js';
import { countInbox, listInbox } from '../../src/store/inbox.js';
import { useTestDb } from '../support/db.js';
import { startPcFixture, type PcFixture } from '../support/partner-center.js';

const testDb = useTestDb();
const maxBytes = 4096;
let signing: { privateKeyPem: string; certificatePem: string };
let otherKey: string;

beforeAll(async () => {
  const attrs = [
    { name: 'commonName', value: 'pcnotifications-dispatch.microsoft.com' },
    { name: 'organizationName', value: 'Microsoft Corporation' },
  ];
  const pems = await generate(attrs, { keySize: 2048, notAfterDate: new Date(Date.now() + 30 * 86_400_000) });
  signing = { privateKeyPem: pems.private, certificatePem: pems.cert };
  otherKey = (await generate(attrs, { keySize: 2048, notAfterDate: new Date(Date.now() + 30 * 86_400_000) }))
    .private;
});

async function start(options: Parameters<typeof startPcFixture>[1] = {}): Promise<PcFixture> {
  return startPcFixture(testDb, {
    ...options,
    emulator: { certificate: signing, ...options.emulator },
    env: { COSELL_WEBHOOK_MAX_BYTES: String(maxBytes), ...options.env },
  });
}

function sign(body: Buffer | string, key = signing.privateKeyPem): string {
  return createSign('sha256').update(body).sign(key, 'base64');
}

function eventBody(
  referralId: string,
  name = 'referral-updated',
  date = '2026-11-20T10:00:00.1234567+00:00',
): string {
  return JSON.stringify({
    EventName: name,
    ResourceUri: `https://api.partnercenter.microsoft.com/engagements/v1/referrals/${referralId}`,
    ResourceName: 'referral',
    AuditUri: null,
    ResourceChangeUtcDate: date,
  });
}

async function post(
  f: PcFixture,
  body: Buffer | string,
  headers: Record<string, string>,
): Promise<{ status: number; json: unknown }> {
  const response = await fetch(f.webhookUrl, { method: 'POST', headers, body });
  const text = await response.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = text;
  }
  return { status: response.status, json };
}

function signedHeaders(f: PcFixture, body: Buffer | string, key?: string): Record<string, string> {
  return {
    'content-type': 'application/json',
    authorization: `Signature ${sign(body, key)}`,
    'x-ms-certificate-url': f.emulator.certificateUrl,
    'x-ms-signature-algorithm': 'rsa-sha256',
  };
}

function codeOf(json: unknown): string | undefined {
  const error = (json as { error?: { code?: unknown } } | undefined)?.error;
  return typeof error?.code === 'string' ? error.code : undefined;
}

describe('webhook receiver', () => {
  it('R8: a referral created in Partner Center reaches the inbox exactly once although delivered three times, out of order with others', async () => {
    const f = await start({
      emulator: { faults: { webhooks: { duplicateCopies: 2, reorderWindowMs: 50 } } },
    });
    try {
      const client = await f.connect();
      await registerWebhooks(client, f.webhookUrl, { pollMs: 20 });
      await f.emulator.waitForDeliveriesIdle();
      const created = [0, 1, 2, 3, 4].map(() => f.emulator.createReferral({ direction: 'Incoming' }));
      await f.emulator.waitForDeliveriesIdle();
      const first = String(created[0]?.['id']);
      const deliveriesOfFirst = f.emulator.deliveries.filter(
        (d) =>
          d.event.EventName === 'referral-created' && d.event.ResourceUri.endsWith(first) && d.status === 200,
      );
      expect(deliveriesOfFirst.length).toBe(3);
      const order = f.emulator.deliveries
        .filter((d) => d.event.EventName === 'referral-created')
        .map((d) => d.event.ResourceUri);
      const createdOrder = created.map((r) => String(r['id']));
      const firstSeen = [...new Set(order.map((uri) => uri.split('/').at(-1)))];
      expect(firstSeen).toHaveLength(5);
      expect(firstSeen).not.toEqual(createdOrder); // reordered (the seed makes this deterministic)
      const rows = await listInbox(f.db, { resourceId: first });
      expect(rows.filter((r) => r.eventName === 'referral-created')).toHaveLength(1);
      expect(await countInbox(f.db, {})).toBe(5 + 1); // five creates and the validation event
    } finally {
      await f.close();
    }
  });

  it('C4/C5: registration subscribes all four referral events with overwrite and the validation round trip succeeds', async () => {
    const f = await start();
    try {
      const client = await f.connect();
      const first = await registerWebhooks(client, 'http://127.0.0.1:1/elsewhere', {
        pollMs: 20,
        timeoutMs: 2_000,
      }).catch((e: unknown) => e);
      expect(codeOf({ error: first })).toBe('WEBHOOK_VALIDATION_FAILED');
      const report = await registerWebhooks(client, f.webhookUrl, { pollMs: 20 });
      expect(report.roundTripOk).toBe(true);
      expect([...report.registration.WebhookEvents].sort()).toEqual(
        [
          'referral-created',
          'referral-updated',
          'related-referral-created',
          'related-referral-updated',
          'test-created',
        ].sort(),
      );
      // Overwrite moved every event to the receiver: nothing still points at the old URL.
      expect(new Set(Object.values(f.emulator.webhookRoutes()).map((t) => t.url))).toEqual(
        new Set([f.webhookUrl]),
      );
      expect(await countInbox(f.db, {})).toBe(1);
    } finally {
      await f.close();
    }
  });

  it('accepts the x-ms-signature header variant and answers 200 to a redelivery without storing it twice', async () => {
    const f = await start();
    try {
      const body = eventBody('a1b2c3');
      const headers = { ...signedHeaders(f, body), 'x-ms-signature': sign(body) };
      delete (headers as Record<string, string | undefined>).authorization;
      const first = await post(f, body, headers);
      const second = await post(f, body, headers);
      expect([first.status, second.status]).toEqual([200, 200]);
      expect((second.json as { status: string }).status).toBe('duplicate');
      expect(await countInbox(f.db, {})).toBe(1);
    } finally {
      await f.close();
    }
  });

  it('R8: 120 deliveries at once, repeats among them, are stored together: each event once, each delivery answered for its own event', async () => {
    const f = await start();
    try {
      const bodies = Array.from({ length: 120 }, (_, i) =>
        eventBody(`burst-${i % 80}`, 'referral-updated', '2026-11-20T10:00:00.1234567+00:00'),
      );
      const answers = await Promise.all(bodies.map((b) => post(f, b, signedHeaders(f, b))));
      expect(answers.map((a) => a.status)).toEqual(bodies.map(() => 200));
      const accepted = answers.filter((a) => (a.json as { status: string }).status === 'accepted');
      const duplicates = answers.filter((a) => (a.json as { status: string }).status === 'duplicate');
      expect([accepted.length, duplicates.length]).toEqual([80, 40]);
      expect(await countInbox(f.db, {})).toBe(80);
      // Each accepted answer's correlation id is the one stored with its own event.
      const stored = await listInbox(f.db, {});
      const byCorrelation = new Map(stored.map((e) => [e.correlationId, e.resourceId]));
      for (const [i, a] of answers.entries()) {
        const { status, correlationId } = a.json as { status: string; correlationId: string };
        if (status === 'accepted') expect(byCorrelation.get(correlationId)).toBe(`burst-${i % 80}`);
      }
    } finally {
      await f.close();
    }
  });

  it('a signed event carrying a NUL character (which the store cannot hold) gets a coded 400 alone; deliveries beside it land', async () => {
    const f = await start();
    try {
      const poison = JSON.stringify({
        ...JSON.parse(eventBody('nul-1')),
        AuditUri: 'https://x.example/\u0000',
      });
      const good = [eventBody('nul-ok-1'), eventBody('nul-ok-2')];
      const [bad, ...fine] = await Promise.all([poison, ...good].map((b) => post(f, b, signedHeaders(f, b))));
      expect(bad?.status).toBe(400);
      expect(bad?.json).toMatchObject({ error: { code: 'WEBHOOK_BODY_MALFORMED' } });
      expect(fine.map((a) => a.status)).toEqual([200, 200]);
      expect((await listInbox(f.db, {})).map((e) => e.resourceId).sort()).toEqual(['nul-ok-1', 'nul-ok-2']);
    } finally {
      await f.close();
    }
  });

  it('a forged or unsigned webhook is rejected with a coded 401 and stores nothing', async () => {
    const f = await start();
    try {
      const body = eventBody('forged1');
      const forged = await post(f, body, signedHeaders(f, body, otherKey));
      expect(forged.status).toBe(401);
      expect(codeOf(forged.json)).toBe('WEBHOOK_SIGNATURE_INVALID');
      const tampered = await post(f, body.replace('forged1', 'forged2'), signedHeaders(f, body));
      expect(codeOf(tampered.json)).toBe('WEBHOOK_SIGNATURE_INVALID');
      const unsigned = await post(f, body, { 'content-type': 'application/json' });
      expect(unsigned.status).toBe(401);
      expect(codeOf(unsigned.json)).toBe('WEBHOOK_SIGNATURE_MISSING');
      expect(await countInbox(f.db, {})).toBe(0);
    } finally {
      await f.close();
    }
  });

  it('a certificate URL on a host that is not allow-listed is refused without being fetched', async () => {
    const f = await start();
    let hits = 0;
    const evil: Server = createServer((_req, res) => {
      hits++;
      res.end(new X509Certificate(signing.certificatePem).raw);
    });
    await new Promise<void>((resolve) => evil.listen(0, '127.0.0.1', resolve));
    try {
      const body = eventBody('evil1');
      const headers = {
        ...signedHeaders(f, body),
        'x-ms-certificate-url': `http://127.0.0.1:${(evil.address() as AddressInfo).port}/cert.cer`,
      };
      const res = await post(f, body, headers);
      expect(res.status).toBe(401);
      expect(codeOf(res.json)).toBe('WEBHOOK_CERT_HOST_NOT_ALLOWED');
      expect(hits).toBe(0);
      expect(await countInbox(f.db, {})).toBe(0);
    } finally {
      await new Promise((resolve) => evil.close(resolve));
      await f.close();
    }
  });

  it('1,000 generated malformed webhook requests each get a coded 4xx, nothing is stored and the process stays up', async () => {
    const f = await start();
    try {
      const knownCodes = new Set(Object.keys(errorCatalogue));
      const validBody = eventBody('prop1');
      // Each request starts valid and gets at least one defect, so none may be accepted.
      const defect = fc.oneof(
        fc.record({
          kind: fc.constant('noise' as const),
          body: fc.uint8Array({ maxLength: 600 }),
          headers: fc.dictionary(
            fc.constantFrom(
              'authorization',
              'x-ms-signature',
              'x-ms-certificate-url',
              'x-ms-signature-algorithm',
              'content-type',
            ),
            fc.string({ maxLength: 80 }),
          ),
        }),
        fc.record({
          kind: fc.constant('signed-garbage' as const),
          body: fc.oneof(
            fc.string({ maxLength: 300 }),
            fc.json().map((j) => j),
          ),
        }),
        fc.record({
          kind: fc.constant('bad-event' as const),
          field: fc.constantFrom('EventName', 'ResourceUri', 'ResourceChangeUtcDate', 'ResourceName'),
          value: fc.oneof(
            fc.string({ maxLength: 40 }),
            fc.integer(),
            fc.constant(null),
            fc.constant('../../etc'),
            fc.constant('nope-event'),
          ),
        }),
        fc.record({
          kind: fc.constant('oversized' as const),
          extra: fc.integer({ min: maxBytes + 1, max: maxBytes * 3 }),
        }),
        fc.record({
          kind: fc.constant('bad-header' as const),
          header: fc.constantFrom(
            'authorization',
            'x-ms-certificate-url',
            'x-ms-signature-algorithm',
            'content-type',
          ),
          value: fc.oneof(fc.constant(''), fc.string({ minLength: 1, maxLength: 60 })),
        }),
        fc.record({
          kind: fc.constant('missing-header' as const),
          header: fc.constantFrom('authorization', 'x-ms-certificate-url', 'x-ms-signature-algorithm'),
        }),
      );
      let requests = 0;
      await fc.assert(
        fc.asyncProperty(defect, async (d) => {
          let body: Buffer = Buffer.from(validBody);
          let headers: Record<string, string> = signedHeaders(f, body);
          switch (d.kind) {
            case 'noise':
              body = Buffer.from(d.body);
              headers = { ...d.headers };
              break;
            case 'signed-garbage': {
              const text = typeof d.body === 'string' ? d.body : JSON.stringify(d.body);
              // A valid event is not garbage: make sure this one is not.
              body = Buffer.from(text.includes('EventName') ? `x${text}` : text);
              headers = signedHeaders(f, body);
              break;
            }
            case 'bad-event': {
              const event = JSON.parse(validBody) as Record<string, unknown>;
              event[d.field] =
                d.field === 'ResourceName'
                  ? d.value
                  : typeof d.value === 'string' && d.value.length > 0 && d.field === 'ResourceUri'
                    ? `mailto:${d.value}`
                    : d.value;
              if (d.field === 'ResourceName') event['EventName'] = 'unknown-event';
              body = Buffer.from(JSON.stringify(event));
              headers = signedHeaders(f, body);
              break;
            }
            case 'oversized':
              body = Buffer.from(validBody.replace('"referral"', `"${'x'.repeat(d.extra)}"`));
              headers = signedHeaders(f, body);
              break;
            case 'bad-header':
              headers[d.header] =
                d.header === 'content-type'
                  ? `text/${d.value.replace(/[^a-z]/gi, '') || 'plain'}`
                  : d.value.replace(/[^\x20-\x7e]/g, '');
              if (headers[d.header] === signedHeaders(f, body)[d.header])
                headers[d.header] = `${headers[d.header]}x`;
              break;
            case 'missing-header':
              delete headers[d.header];
              break;
          }
          const res = await fetch(f.webhookUrl, { method: 'POST', headers, body }).catch(
            (error: unknown) => error,
          );
          requests++;
          if (!(res instanceof Response)) throw new Error(`request failed: ${String(res)}`);
          expect(res.status).toBeGreaterThanOrEqual(400);
          expect(res.status).toBeLessThan(500);
          const json = (await res.json()) as {
            error: { code: string; message: string; details: { fix: string } };
          };
          expect(knownCodes.has(json.error.code)).toBe(true);
          expect(json.error.message.length).toBeGreaterThan(0);
          expect(json.error.details.fix.length).toBeGreaterThan(0);
        }),
        { numRuns: 1000, seed: 20261121 },
      );
      expect(requests).toBe(1000);
      expect(await countInbox(f.db, {})).toBe(0);
      const health = await fetch(`${f.receiverUrl}/healthz`);
      expect(health.status).toBe(200);
      // The certificate was fetched once and then served from the cache.
      expect(f.certificates.fetches).toBe(1);
    } finally {
      await f.close();
    }
  }, 90_000);

  it('answers in the caller’s language (Accept-Language)', async () => {
    const f = await start();
    try {
      const body = eventBody('lang1');
      const res = await fetch(f.webhookUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'accept-language': 'nl-NL,nl;q=0.9' },
        body,
      });
      const json = (await res.json()) as { error: { code: string; message: string } };
      expect(json.error.code).toBe('WEBHOOK_SIGNATURE_MISSING');
      expect(json.error.message).toContain('niet');
    } finally {
      await f.close();
    }
  });
});
