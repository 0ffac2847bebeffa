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

/**
 * One request the limit judged: when (emulator clock, ms), whose, the HTTP request it came in (a $batch's
 * requests share their batch's number) and the Retry-After of a refusal.
 */
export interface AdmissionRecord {
  readonly at: number;
  readonly userId: string;
  readonly httpRequest: number;
  readonly admitted: boolean;
  readonly retryAfterSeconds?: number;
}

/** Admissions kept for the handle (the newest; enough for any test or demo run to inspect). */
export const admissionLogSize = 20_000;

export class ServiceProtection {
  readonly #windows = new Map<string, number[]>();
  readonly #log: AdmissionRecord[] = [];
  #httpRequests = 0;

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

  /** HTTP requests numbered so far (every Web API request past the token check; a $batch is one). */
  get httpRequests(): number {
    return this.#httpRequests;
  }

  /** Numbers the HTTP requests, in the order they arrive. */
  nextHttpRequest(): number {
    return ++this.#httpRequests;
  }

  /** Every request judged so far (top-level requests and the requests inside each $batch), oldest first. */
  log(): readonly AdmissionRecord[] {
    return this.#log;
  }

  #record(entry: AdmissionRecord): void {
    this.#log.push(entry);
    if (this.#log.length > admissionLogSize) this.#log.splice(0, this.#log.length - admissionLogSize);
  }

  /** Admits one request of the user (that came in HTTP request `httpRequest`), or throws the 429. */
  admit(userId: string, httpRequest = 0): void {
    const now = this.clock.now().getTime();
    const windowMs = this.limit.windowSeconds * 1000;
    const window = (this.#windows.get(userId) ?? []).filter((at) => at > now - windowMs);
    this.#windows.set(userId, window);
    if (window.length < this.limit.requests) {
      window.push(now);
      this.#record({ at: now, userId, httpRequest, admitted: true });
      return;
    }
    const retryAfter = Math.max(1, Math.ceil(((window[0] ?? now) + windowMs - now) / 1000));
    this.#record({ at: now, userId, httpRequest, admitted: false, retryAfterSeconds: retryAfter });
    throw new DvHttpError(
      429,
      DvErrorCode.requestLimit,
      `Number of requests exceeded the limit of ${this.limit.requests} over time window of ${this.limit.windowSeconds} seconds.`,
      { 'Retry-After': String(retryAfter) },
    );
  }
}
