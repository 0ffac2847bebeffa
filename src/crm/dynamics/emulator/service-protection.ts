// Dataverse's service protection limit on the number of requests: per user, at most `requests` in a sliding
// window of `windowSeconds` (Dataverse: 6,000 in 300 seconds). A request over the limit answers 429 with
// 0x80072322 and `Retry-After` = the seconds until the oldest request in the window leaves it. Requests inside
// a $batch count one by one, as Dataverse counts them. Refused requests do not enter the window (the limit is on
// work done). The emulator clock drives the window, so a test moves time instead of waiting.
import type { Clock } from '../../../partner-center/emulator/clock.js';
import { DvErrorCode, DvHttpError } from './dv-errors.js';

export interface ServiceProtectionLimit {
  /** Requests allowed per user in the window (default 6,000). */
  readonly requests: number;
  /** The window in seconds (default 300). */
  readonly windowSeconds: number;
}

export const defaultServiceProtection: ServiceProtectionLimit = { requests: 6000, windowSeconds: 300 };

export function checkLimit(limit: ServiceProtectionLimit): void {
  if (!(Number.isInteger(limit.requests) && limit.requests >= 1 && limit.windowSeconds > 0)) {
    throw new RangeError('serviceProtection needs requests >= 1 (a whole number) and windowSeconds > 0');
  }
}

export class ServiceProtection {
  readonly #windows = new Map<string, number[]>();

  constructor(
    private readonly clock: Clock,
    private limit: ServiceProtectionLimit,
  ) {
    checkLimit(limit);
  }

  get current(): ServiceProtectionLimit {
    return this.limit;
  }

  set(limit: ServiceProtectionLimit): void {
    checkLimit(limit);
    this.limit = limit;
  }

  reset(): void {
    this.#windows.clear();
  }

  /** Admits one request of the user, or throws the 429. */
  admit(userId: string): void {
    const now = this.clock.now().getTime();
    const windowMs = this.limit.windowSeconds * 1000;
    const window = (this.#windows.get(userId) ?? []).filter((at) => at > now - windowMs);
    this.#windows.set(userId, window);
    if (window.length < this.limit.requests) {
      window.push(now);
      return;
    }
    const retryAfter = Math.max(1, Math.ceil(((window[0] ?? now) + windowMs - now) / 1000));
    throw new DvHttpError(
      429,
      DvErrorCode.requestLimit,
      `Number of requests exceeded the limit of ${this.limit.requests} over time window of ${this.limit.windowSeconds} seconds.`,
      { 'Retry-After': String(retryAfter) },
    );
  }
}
