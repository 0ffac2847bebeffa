// Contract: the daily API cap (403 REQUEST_LIMIT_EXCEEDED), the Sforce-Limit-Info header on every API answer,
// /limits, the per-UTC-day counter, and the fault knobs in Salesforce's words (throttle → 403 without
// Retry-After, errorRate → 503 SERVER_UNAVAILABLE / 500 UNKNOWN_EXCEPTION, latency), deterministic per seed.
/* eslint-disable @typescript-eslint/no-explicit-any --
   contract tests read the wire's untyped JSON on purpose: the assertions are the type check. */
import { describe, expect, it } from 'vitest';
import type { SalesforceEmulator } from './index.js';
import { api, call, tokenFor, useSalesforceEmulators } from './test-support.js';

type Json = Record<string, any>;

const { start } = useSalesforceEmulators();

async function statuses(emulator: SalesforceEmulator, n: number, token = tokenFor(emulator)) {
  const out: number[] = [];
  for (let i = 0; i < n; i++) out.push((await api(emulator, '/limits', { token })).status);
  return out;
}

describe('daily API cap', () => {
  it('counts every API call per UTC day, says so in Sforce-Limit-Info, and refuses past the cap with 403', async () => {
    const emulator = await start({ dailyApiCap: 3 });
    const token = tokenFor(emulator);
    const answers = [];
    for (let i = 0; i < 4; i++) answers.push(await api<Json>(emulator, '/limits', { token }));
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 403]);
    expect(answers.map((a) => a.headers.get('sforce-limit-info'))).toEqual([
      'api-usage=1/3',
      'api-usage=2/3',
      'api-usage=3/3',
      'api-usage=4/3',
    ]);
    expect(answers[1]?.body['DailyApiRequests']).toEqual({ Max: 3, Remaining: 1 });
    expect(answers[3]?.body).toEqual([
      { message: 'TotalRequests Limit exceeded.', errorCode: 'REQUEST_LIMIT_EXCEEDED' },
    ]);

    // A bad session is counted and answered with the header too; OAuth and /_emulator are not API calls.
    const anonymous = await api(emulator, '/limits', { token: 'nope' });
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('sforce-limit-info')).toBe('api-usage=5/3');
    await call(`${emulator.url}/services/data/`);
    await call(`${emulator.url}/_emulator/health`);
    expect(emulator.apiCalls()).toEqual({
      day: '2026-11-20',
      total: 5,
      byAccount: { 'admin@contoso.example': 4, '(anonymous)': 1 },
    });

    emulator.advanceClock(14 * 3_600_000); // past midnight UTC
    expect(await statuses(emulator, 1, token)).toEqual([401]); // the 2-hour session expired meanwhile
    expect(await statuses(emulator, 1)).toEqual([200]);
    expect(emulator.apiCalls('2026-11-20').total).toBe(5);
    expect(emulator.apiCalls()).toMatchObject({ day: '2026-11-21', total: 2 });
    emulator.setDailyApiCap(0);
    expect(await statuses(emulator, 1)).toEqual([403]);
  });
});

describe('fault knobs', () => {
  it('throttle answers 403 REQUEST_LIMIT_EXCEEDED without Retry-After (Salesforce does not use 429)', async () => {
    const emulator = await start({ faults: { throttle: { every: 2 } } });
    const token = tokenFor(emulator);
    const answers = [];
    for (let i = 0; i < 4; i++) answers.push(await api<Json[]>(emulator, '/limits', { token }));
    expect(answers.map((a) => a.status)).toEqual([200, 403, 200, 403]);
    expect(answers[1]?.body[0]).toEqual({
      message: 'ConcurrentPerOrgLongTxn Limit exceeded.',
      errorCode: 'REQUEST_LIMIT_EXCEEDED',
    });
    expect(answers[1]?.headers.get('retry-after')).toBeNull();
    expect(answers[1]?.headers.get('sforce-limit-info')).toBe('api-usage=2/100000');
  });

  it('errorRate answers 503 SERVER_UNAVAILABLE or 500 UNKNOWN_EXCEPTION; setFaults at run time; same seed, same faults', async () => {
    const emulator = await start({ faults: { errorRate: 1 }, randomSeed: 5 });
    const token = tokenFor(emulator);
    const kinds = new Set<string>();
    for (let i = 0; i < 20; i++) {
      const r = await api<Json[]>(emulator, '/limits', { token });
      kinds.add(`${r.status} ${r.body[0]?.['errorCode']}`);
    }
    expect(kinds).toEqual(new Set(['500 UNKNOWN_EXCEPTION', '503 SERVER_UNAVAILABLE']));
    emulator.setFaults({ errorRate: 0 });
    expect(await statuses(emulator, 2, token)).toEqual([200, 200]);
    expect(() => emulator.setFaults({ errorRate: 2 })).toThrow(RangeError);

    const run = async () =>
      statuses(await start({ faults: { errorRate: 0.3, throttle: { rate: 0.2 } }, randomSeed: 99 }), 25);
    expect(await run()).toEqual(await run());
  });

  it('latency delays API answers; faults come before the session check, as a gateway would answer', async () => {
    const emulator = await start({ faults: { latencyMs: 60 } });
    const t0 = performance.now();
    expect(await statuses(emulator, 1)).toEqual([200]);
    expect(performance.now() - t0).toBeGreaterThanOrEqual(55);
    emulator.setFaults({ latencyMs: 0, throttle: { rate: 1 } });
    expect((await api(emulator, '/limits', { token: 'nope' })).status).toBe(403);
    // OAuth is not behind the fault gate.
    expect(emulator.issueTokens('admin@contoso.example').access_token).toBeTruthy();
  });
});
