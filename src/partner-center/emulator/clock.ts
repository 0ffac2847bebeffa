// Time inside the emulator. Token expiry, device-code expiry, the 14-day referral expiry, the validation-event
// rate limit and the per-day call counter all read this clock, so tests can move time instead of sleeping
// (tests await events; they never sleep). Webhook retry backoff and the reorder window use real timers:
// they are delivery mechanics, made tiny in tests through their own knobs.

export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/**
 * A clock a test sets by hand. Pass it as `clock` when every emulator decision must be reproducible; the
 * emulator's `advanceClock` works with it and with the default real clock alike.
 */
export class ManualClock implements Clock {
  #ms: number;

  constructor(start: Date | string = '2026-01-15T09:00:00Z') {
    this.#ms = new Date(start).getTime();
  }

  now(): Date {
    return new Date(this.#ms);
  }

  advance(ms: number): Date {
    this.#ms += ms;
    return this.now();
  }

  set(date: Date | string): void {
    this.#ms = new Date(date).getTime();
  }
}

/**
 * The emulator's own clock: the injected (or real) clock plus an offset that only moves forward. Advancing
 * it never touches the injected clock, so one ManualClock can drive several emulators.
 */
export class EmulatorClock implements Clock {
  #offsetMs = 0;

  constructor(private readonly base: Clock) {}

  now(): Date {
    return new Date(this.base.now().getTime() + this.#offsetMs);
  }

  advance(ms: number): Date {
    if (!Number.isFinite(ms) || ms < 0)
      throw new RangeError('advanceClock needs a non-negative number of ms');
    this.#offsetMs += ms;
    return this.now();
  }
}

/** An instant with .NET tick precision (100 ns): Partner Center timestamps carry 7 fraction digits. */
export interface Instant {
  readonly ms: number;
  /** 0..9999: the 100-ns ticks below the millisecond. */
  readonly ticks: number;
}

const instantPattern =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?(Z|[+-]\d{2}:?\d{2})?$/i;

/** Parses ISO 8601 (date, or date-time with up to 9 fraction digits). Without a zone the time is UTC. */
export function parseInstant(text: string): Instant | undefined {
  const m = instantPattern.exec(text.trim());
  if (!m) return undefined;
  const [, y, mo, d, h = '0', mi = '0', s = '0', fraction = '', zone = 'Z'] = m;
  const digits = fraction.padEnd(7, '0');
  let ms = Date.UTC(
    Number(y),
    Number(mo) - 1,
    Number(d),
    Number(h),
    Number(mi),
    Number(s),
    Number(digits.slice(0, 3)),
  );
  if (Number.isNaN(ms) || Number(mo) > 12 || Number(d) > 31 || Number(h) > 23 || Number(mi) > 59)
    return undefined;
  if (zone.toUpperCase() !== 'Z') {
    const sign = zone.startsWith('-') ? -1 : 1;
    const body = zone.slice(1).replace(':', '');
    ms -= sign * (Number(body.slice(0, 2)) * 60 + Number(body.slice(2, 4))) * 60_000;
  }
  return { ms, ticks: Number(digits.slice(3, 7)) };
}

export function compareInstants(a: Instant, b: Instant): number {
  if (a.ms !== b.ms) return a.ms < b.ms ? -1 : 1;
  return Math.sign(a.ticks - b.ticks);
}

/**
 * A referral timestamp as Partner Center writes it: .NET's round-trip form with trailing zero digits dropped
 * (`2018-10-29T21:24:52.040469Z`, `2018-11-13T00:00:00Z` in get-a-list-of-referrals.md).
 */
export function formatInstant(instant: Instant): string {
  const fraction = fixedFraction(instant).replace(/0+$/, '');
  return `${new Date(instant.ms).toISOString().slice(0, 19)}${fraction ? `.${fraction}` : ''}Z`;
}

/** `2018-02-17T00:05:39.5485487+00:00`, the webhook ResourceChangeUtcDate format (docs/remote-apis.md §2 "Payload"). */
export function formatEventDate(instant: Instant): string {
  return `${new Date(instant.ms).toISOString().slice(0, 19)}.${fixedFraction(instant)}+00:00`;
}

function fixedFraction(instant: Instant): string {
  const millis = String(((instant.ms % 1000) + 1000) % 1000).padStart(3, '0');
  return `${millis}${String(instant.ticks).padStart(4, '0')}`;
}

/** `YYYY-MM-DD` of a date in UTC, the key of the per-day call counter. */
export function utcDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/**
 * Hands out strictly increasing instants: two writes in the same millisecond still get distinct, ordered
 * timestamps, as .NET tick timestamps practically always are.
 */
export class InstantSource {
  #last: Instant = { ms: Number.NEGATIVE_INFINITY, ticks: 0 };

  constructor(private readonly clock: Clock) {}

  next(): Instant {
    const ms = this.clock.now().getTime();
    let next: Instant = { ms, ticks: 0 };
    if (compareInstants(next, this.#last) <= 0) {
      const ticks = this.#last.ticks + 1;
      next = ticks > 9999 ? { ms: this.#last.ms + 1, ticks: 0 } : { ms: this.#last.ms, ticks };
    }
    this.#last = next;
    return next;
  }
}
