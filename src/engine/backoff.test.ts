import { describe, expect, it } from 'vitest';
import { backoffDelayMs, type BackoffPolicy } from './backoff.js';

const policy: BackoffPolicy = { baseMs: 1_000, factor: 2, maxMs: 10_000, jitter: 'none' };

describe('backoffDelayMs', () => {
  it('grows by the factor per retry up to the cap', () => {
    expect([1, 2, 3, 4, 5, 6].map((n) => backoffDelayMs(policy, n))).toEqual([
      1_000, 2_000, 4_000, 8_000, 10_000, 10_000,
    ]);
    // Far past the cap it stays a number.
    expect(backoffDelayMs(policy, 5_000)).toBe(10_000);
  });

  it('full jitter waits a random time below the ceiling', () => {
    const full = { ...policy, jitter: 'full' } as const;
    expect(backoffDelayMs(full, 3, () => 0)).toBe(0);
    expect(backoffDelayMs(full, 3, () => 0.5)).toBe(2_000);
    expect(backoffDelayMs(full, 3, () => 0.999_999)).toBeLessThan(4_000);
    expect(backoffDelayMs(full, 5_000, () => 0.5)).toBe(5_000);
  });
});
