// Service protection (429 + Retry-After on the emulator clock), the daily counter, token expiry (401 with the
// Entra ID challenge) and the fault knobs: latency, errorRate, throttle and dropped connections.
import { describe, expect, it } from 'vitest';
import { api, tokenFor, useDynamicsEmulators } from './test-support.js';

const emulators = useDynamicsEmulators();

describe('limits and faults', () => {
  it('answers 429 0x80072322 with Retry-After past the service protection limit, until the window moves on', async () => {
    const dv = await emulators.start({ serviceProtection: { requests: 3, windowSeconds: 300 } });
    const token = tokenFor(dv);
    for (let i = 0; i < 3; i++) {
      expect((await api(dv, '/WhoAmI', { token })).status).toBe(200);
      dv.advanceClock(10_000);
    }
    const refused = await api<{ error: { code: string; message: string } }>(dv, '/WhoAmI', { token });
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe('270');
    expect(refused.body.error).toEqual({
      code: '0x80072322',
      message: 'Number of requests exceeded the limit of 3 over time window of 300 seconds.',
    });
    // Another user has a window of their own.
    expect((await api(dv, '/WhoAmI', { token: tokenFor(dv, 'seller1@contoso.example') })).status).toBe(200);
    dv.advanceClock(270_000);
    expect((await api(dv, '/WhoAmI', { token })).status).toBe(200);
    // The log of what the limit judged: the refusal with its Retry-After, the other user, the later admission.
    expect(
      dv.serviceProtectionLog().map((e) => [e.at.toISOString(), e.username, e.admitted, e.retryAfterSeconds]),
    ).toEqual([
      ['2026-11-20T10:00:00.000Z', 'admin@contoso.example', true, undefined],
      ['2026-11-20T10:00:10.000Z', 'admin@contoso.example', true, undefined],
      ['2026-11-20T10:00:20.000Z', 'admin@contoso.example', true, undefined],
      ['2026-11-20T10:00:30.000Z', 'admin@contoso.example', false, 270],
      ['2026-11-20T10:00:30.000Z', 'seller1@contoso.example', true, undefined],
      ['2026-11-20T10:05:00.000Z', 'admin@contoso.example', true, undefined],
    ]);
    expect(dv.apiCalls()).toMatchObject({
      day: '2026-11-20',
      total: 6,
      byAccount: { 'admin@contoso.example': 5, 'seller1@contoso.example': 1 },
    });
  });

  it('refuses an expired token with 401 and the WWW-Authenticate challenge', async () => {
    const dv = await emulators.start({ accessTokenTtlSeconds: 60 });
    const token = tokenFor(dv);
    expect((await api(dv, '/WhoAmI', { token })).status).toBe(200);
    dv.advanceClock(60_000);
    const expired = await api<{ error: { code: string } }>(dv, '/WhoAmI', { token });
    expect(expired.status).toBe(401);
    expect(expired.headers.get('www-authenticate')).toMatch(
      /^Bearer error="invalid_token", error_description="The access token has expired."/,
    );
    expect(expired.body.error.code).toBe('invalid_token');
    const anonymous = await fetch(`${dv.apiUrl}/accounts`);
    expect(anonymous.status).toBe(401);
    expect(dv.apiCalls().byAccount).toMatchObject({ '(anonymous)': 2 });
  });

  it('injects 500/503 with errorRate and 429 0x80072326 with throttle, both with Retry-After where Dataverse sends it', async () => {
    const dv = await emulators.start({ faults: { errorRate: 1, retryAfterSeconds: 7 } });
    const statuses = new Set<number>();
    for (let i = 0; i < 12; i++) {
      const answer = await api<{ error: { code: string } }>(dv, '/WhoAmI');
      statuses.add(answer.status);
      if (answer.status === 503) expect(answer.headers.get('retry-after')).toBe('7');
      if (answer.status === 500) expect(answer.body.error.code).toBe('0x80040216');
    }
    expect([...statuses].sort()).toEqual([500, 503]);
    dv.setFaults({ errorRate: 0, throttle: { every: 2 } });
    const answers = [await api(dv, '/WhoAmI'), await api<{ error: { code: string } }>(dv, '/WhoAmI')];
    expect(answers.map((a) => a.status)).toEqual([200, 429]);
    expect((answers[1]?.body as { error: { code: string } }).error.code).toBe('0x80072326');
  });

  it('drops connections with dropRate and adds latency', async () => {
    const dv = await emulators.start({ faults: { dropRate: 1 } });
    await expect(api(dv, '/WhoAmI')).rejects.toThrow();
    dv.setFaults({ dropRate: 0, latencyMs: 120 });
    const started = Date.now();
    expect((await api(dv, '/WhoAmI')).status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(100);
    expect(dv.faults).toMatchObject({ dropRate: 0, latencyMs: 120 });
  });
});
