// Retry delays as data, so a flow, a worker and a test can each say how patient to be.

export interface BackoffPolicy {
  /** The ceiling of the first retry's wait. */
  readonly baseMs: number;
  /** How much the ceiling grows per attempt. */
  readonly factor: number;
  /** The ceiling never grows past this. */
  readonly maxMs: number;
  /**
   * full: wait a uniformly random time below the ceiling ("full jitter"), so workers that failed together
   * do not retry together; none: wait the ceiling (tests that want exact times).
   */
  readonly jitter: 'full' | 'none';
}

/** Job retries: up to 1 s, 2 s, 4 s ... capped at 15 minutes. */
export const defaultBackoff: BackoffPolicy = { baseMs: 1_000, factor: 2, maxMs: 15 * 60_000, jitter: 'full' };

/** The worker's own loop (store unreachable): quick at first, then every 30 s at most. */
export const defaultLoopBackoff: BackoffPolicy = { baseMs: 100, factor: 2, maxMs: 30_000, jitter: 'full' };

/** The wait before retry number `retry` (1 = the first retry). */
export function backoffDelayMs(
  policy: BackoffPolicy,
  retry: number,
  random: () => number = Math.random,
): number {
  const exponent = Math.max(0, retry - 1);
  // Capped before exponentiating too: 2 ** 2000 is Infinity, and Infinity * 0 is NaN.
  const ceiling = Math.min(policy.maxMs, policy.baseMs * policy.factor ** Math.min(exponent, 64));
  return policy.jitter === 'full' ? Math.floor(random() * ceiling) : ceiling;
}
