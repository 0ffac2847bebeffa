// Every time the engine decides by (leases, backoff, coalescing windows, deferrals) comes from a Clock, so
// tests move time by hand instead of sleeping through it.
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** A clock that moves only when told to. */
export class ManualClock implements Clock {
  #ms: number;

  constructor(start: Date | number) {
    this.#ms = typeof start === 'number' ? start : start.getTime();
  }

  now(): Date {
    return new Date(this.#ms);
  }

  /** Moves the clock forward and returns the new time. */
  advance(ms: number): Date {
    this.#ms += ms;
    return this.now();
  }

  set(to: Date): void {
    this.#ms = to.getTime();
  }
}
