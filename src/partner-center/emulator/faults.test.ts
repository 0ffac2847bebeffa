// Contract: API fault knobs (throttling with Retry-After, 500/503, latency), their determinism, and the per-day,
// per-account call counter (P1), over real HTTP.
/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-explicit-any --
   contract tests read the wire's untyped JSON on purpose: the assertions are the type check. */
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock, startPartnerCenterEmulator, type PartnerCenterEmulator } from './index.js';
import { call, tokenFor } from './test-support.js';

type Json = Record<string, any>;

const started: PartnerCenterEmulator[] = [];
async function start(options: Parameters<typeof startPartnerCenterEmulator>[0] = {}) {
  const emulator = await startPartnerCenterEmulator(options);
  started.push(emulator);
  return emulator;
}
afterEach(async () => {
  await Promise.all(started.splice(0).map((e) => e.close()));
});

const list = (emulator: PartnerCenterEmulator, token = tokenFor(emulator)) =>
  call<Json>(`${emulator.url}/v1.0/engagements/referrals?$top=1`, { token });

async function statuses(emulator: PartnerCenterEmulator, n: number): Promise<number[]> {
  const token = tokenFor(emulator);
  const out: number[] = [];
  for (let i = 0; i < n; i++) out.push((await list(emulator, token)).status);
  return out;
}

describe('throttling', () => {
  it('throttle {every: 3}: every third call is 429 with Retry-After and a Partner Center error body', async () => {
    const emulator = await start({ faults: { throttle: { every: 3 }, retryAfterSeconds: 7 } });
    const token = tokenFor(emulator);
    const answers = [];
    for (let i = 0; i < 6; i++) answers.push(await list(emulator, token));
    expect(answers.map((a) => a.status)).toEqual([200, 200, 429, 200, 200, 429]);
    expect(answers[2]?.headers.get('retry-after')).toBe('7');
    expect(answers[2]?.body['error'].code).toBe('serviceNotAvailable');
  });

  it('throttle {limit, windowMs}: a sliding window on the emulator clock, Retry-After says when it frees up', async () => {
    const emulator = await start({
      clock: new ManualClock(),
      faults: { throttle: { limit: 2, windowMs: 10_000 } },
    });
    expect(await statuses(emulator, 3)).toEqual([200, 200, 429]);
    expect((await list(emulator)).headers.get('retry-after')).toBe('10');
    emulator.advanceClock(10_001);
    expect(await statuses(emulator, 1)).toEqual([200]);
  });

  it('throttle {rate} and setFaults at run time; throttle: null switches it off', async () => {
    const emulator = await start();
    expect(await statuses(emulator, 3)).toEqual([200, 200, 200]);
    emulator.setFaults({ throttle: { rate: 1 } });
    expect(await statuses(emulator, 2)).toEqual([429, 429]);
    emulator.setFaults({ throttle: null });
    expect(await statuses(emulator, 2)).toEqual([200, 200]);
    expect(() => emulator.setFaults({ errorRate: 2 })).toThrow(RangeError);
  });
});

describe('errors and latency', () => {
  it('errorRate 1: every call fails with 500 generalException or 503 serviceNotAvailable + Retry-After', async () => {
    const emulator = await start({ faults: { errorRate: 1 }, randomSeed: 3 });
    const token = tokenFor(emulator);
    const answers = [];
    for (let i = 0; i < 20; i++) answers.push(await list(emulator, token));
    const kinds = new Set(
      answers.map((a) => `${a.status} ${a.body['error'].code} ${a.headers.get('retry-after') ?? '-'}`),
    );
    expect(kinds).toEqual(new Set(['500 generalException -', '503 serviceNotAvailable 1']));
  });

  it('the same seed gives the same sequence of faults', async () => {
    const run = async () =>
      statuses(await start({ faults: { errorRate: 0.3, throttle: { rate: 0.2 } }, randomSeed: 99 }), 30);
    const a = await run();
    const b = await run();
    expect(a).toEqual(b);
    expect(new Set(a).size).toBeGreaterThan(2);
  });

  it('latencyMs delays answers', async () => {
    const emulator = await start({ faults: { latencyMs: [40, 60] } });
    const token = tokenFor(emulator);
    const begun = performance.now();
    await list(emulator, token);
    expect(performance.now() - begun).toBeGreaterThanOrEqual(39);
  });
});

describe('call counter (P1)', () => {
  it('counts every API call per UTC day and account, failed ones included; not sign-in or control calls', async () => {
    const clock = new ManualClock('2026-11-20T23:59:00Z');
    const emulator = await start({ clock, faults: { throttle: { every: 4 } } });
    const admin = tokenFor(emulator);
    const seller = tokenFor(emulator, { username: 'seller@contoso.example' });
    for (let i = 0; i < 4; i++) await list(emulator, admin); // the 4th is throttled, still counted
    expect((await list(emulator, seller)).status).toBe(403);
    expect((await call(`${emulator.url}/v1.0/engagements/referrals`)).status).toBe(401);
    await call(`${emulator.url}/webhooks/v1/registration/events`, {
      token: tokenFor(emulator, { api: 'webhooks' }),
    });
    // Not counted: sign-in, discovery, certificate, control.
    await call(`${emulator.authorityUrl}/v2.0/.well-known/openid-configuration`);
    await call(`${emulator.url}/_emulator/counters`);
    await call(`${emulator.certificateUrl}`);

    expect(emulator.callCount()).toEqual({
      day: '2026-11-20',
      total: 7,
      byAccount: { 'admin@contoso.example': 5, 'seller@contoso.example': 1, '(anonymous)': 1 },
    });

    emulator.advanceClock(120_000);
    await list(emulator, tokenFor(emulator));
    expect(emulator.callCount()).toEqual({
      day: '2026-11-21',
      total: 1,
      byAccount: { 'admin@contoso.example': 1 },
    });
    expect(emulator.callCount('2026-11-20').total).toBe(7);
    const overHttp = await call<Json>(`${emulator.url}/_emulator/counters?day=2026-11-20`);
    expect(overHttp.body['total']).toBe(7);
  });
});
