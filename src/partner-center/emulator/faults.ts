// Fault knobs (docs/remote-apis.md §1, errors and limits). Every decision comes from seeded
// streams, one per knob, so turning one knob on does not change what another one decides.
import type { Clock } from './clock.js';
import { createRng, type Rng } from './rng.js';

export type Throttle =
  /** Every n-th API call answers 429. */
  | { readonly every: number }
  /** This fraction of API calls answers 429. */
  | { readonly rate: number }
  /** At most `limit` calls per sliding `windowMs` (emulator clock); Retry-After says when the window frees up. */
  | { readonly limit: number; readonly windowMs: number };

export interface WebhookFaults {
  /** Fraction of events never delivered (no attempt at all). */
  readonly dropRate?: number;
  /** Fraction of delivered events delivered again, byte-identical (same body, same signature). */
  readonly duplicateRate?: number;
  /** Extra copies of a duplicated event (default 1). Setting it without duplicateRate duplicates every event. */
  readonly duplicateCopies?: number;
  /** Events are held this long and released in a shuffled order, so events of one window arrive out of order. */
  readonly reorderWindowMs?: number;
}

export interface FaultKnobs {
  /** Added before every API answer: fixed, or uniform in [min, max]. */
  readonly latencyMs?: number | readonly [number, number];
  /** Fraction of API calls answering 500 generalException or 503 serviceNotAvailable (with Retry-After), half each. */
  readonly errorRate?: number;
  readonly throttle?: Throttle | null;
  /** Retry-After, in seconds, on injected 429 and 503 answers (default 1). */
  readonly retryAfterSeconds?: number;
  readonly webhooks?: WebhookFaults;
}

export type ApiFault =
  | { readonly status: 429; readonly retryAfterSeconds: number }
  | { readonly status: 500 }
  | { readonly status: 503; readonly retryAfterSeconds: number };

export interface WebhookFate {
  readonly drop: boolean;
  /** Extra deliveries after the first successful one. */
  readonly copies: number;
}

function checkRate(name: string, value: number | undefined): void {
  if (value !== undefined && !(value >= 0 && value <= 1))
    throw new RangeError(`${name} must be between 0 and 1`);
}

export class FaultInjector {
  #knobs: FaultKnobs = {};
  #calls = 0;
  #window: number[] = [];
  readonly #latency: Rng;
  readonly #errors: Rng;
  readonly #throttle: Rng;
  readonly #webhooks: Rng;
  readonly #reorder: Rng;

  constructor(
    seed: number,
    private readonly clock: Clock,
    knobs: FaultKnobs = {},
  ) {
    const root = createRng(seed);
    this.#latency = root.fork('latency');
    this.#errors = root.fork('errors');
    this.#throttle = root.fork('throttle');
    this.#webhooks = root.fork('webhooks');
    this.#reorder = root.fork('reorder');
    this.set(knobs);
  }

  get knobs(): FaultKnobs {
    return this.#knobs;
  }

  /** Merges a partial setting; `webhooks` merges one level deeper. `throttle: null` switches throttling off. */
  set(partial: FaultKnobs): FaultKnobs {
    const next: FaultKnobs = {
      ...this.#knobs,
      ...partial,
      webhooks: { ...this.#knobs.webhooks, ...partial.webhooks },
    };
    checkRate('errorRate', next.errorRate);
    checkRate('webhooks.dropRate', next.webhooks?.dropRate);
    checkRate('webhooks.duplicateRate', next.webhooks?.duplicateRate);
    const copies = next.webhooks?.duplicateCopies;
    if (copies !== undefined && !(Number.isInteger(copies) && copies >= 0)) {
      throw new RangeError('webhooks.duplicateCopies must be a non-negative integer');
    }
    const t = next.throttle;
    if (t && 'rate' in t) checkRate('throttle.rate', t.rate);
    if (t && 'every' in t && !(Number.isInteger(t.every) && t.every >= 1))
      throw new RangeError('throttle.every must be a positive integer');
    if (t && 'limit' in t && !(t.limit >= 1 && t.windowMs > 0))
      throw new RangeError('throttle needs limit >= 1 and windowMs > 0');
    if (!t || !('every' in t)) this.#calls = 0;
    this.#knobs = next;
    return next;
  }

  latencyMs(): number {
    const l = this.#knobs.latencyMs;
    if (l === undefined) return 0;
    if (typeof l === 'number') return Math.max(0, l);
    const [min, max] = l;
    return Math.max(0, min + this.#latency.next() * (max - min));
  }

  /** The injected failure for this API call, if any. Throttling is decided before errors. */
  apiFault(): ApiFault | undefined {
    const retryAfterSeconds = this.#knobs.retryAfterSeconds ?? 1;
    const throttled = this.#throttled();
    if (throttled !== undefined) return { status: 429, retryAfterSeconds: throttled };
    if (this.#errors.chance(this.#knobs.errorRate ?? 0)) {
      return this.#errors.next() < 0.5 ? { status: 500 } : { status: 503, retryAfterSeconds };
    }
    return undefined;
  }

  /** undefined: let through; a number: throttled with that Retry-After. */
  #throttled(): number | undefined {
    const t = this.#knobs.throttle;
    const fallback = this.#knobs.retryAfterSeconds ?? 1;
    if (!t) return undefined;
    if ('every' in t) return ++this.#calls % t.every === 0 ? fallback : undefined;
    if ('rate' in t) return this.#throttle.chance(t.rate) ? fallback : undefined;
    const now = this.clock.now().getTime();
    this.#window = this.#window.filter((at) => at > now - t.windowMs);
    if (this.#window.length < t.limit) {
      this.#window.push(now);
      return undefined;
    }
    const oldest = this.#window[0] ?? now;
    return Math.max(1, Math.ceil((oldest + t.windowMs - now) / 1000));
  }

  webhookFate(): WebhookFate {
    const w = this.#knobs.webhooks ?? {};
    const drop = this.#webhooks.chance(w.dropRate ?? 0);
    const rate = w.duplicateRate ?? (w.duplicateCopies ? 1 : 0);
    const duplicate = !drop && this.#webhooks.chance(rate);
    return { drop, copies: duplicate ? Math.max(1, Math.floor(w.duplicateCopies ?? 1)) : 0 };
  }

  reorderWindowMs(): number {
    return Math.max(0, this.#knobs.webhooks?.reorderWindowMs ?? 0);
  }

  /**
   * A permutation of 0..n-1 that is never the identity when n >= 2: a reorder window that happens to keep the
   * order would make the knob untestable.
   */
  shuffle(n: number): number[] {
    const order = Array.from({ length: n }, (_, i) => i);
    for (let i = n - 1; i > 0; i--) {
      const j = this.#reorder.int(0, i);
      [order[i], order[j]] = [order[j] as number, order[i] as number];
    }
    if (n >= 2 && order.every((v, i) => v === i)) [order[0], order[1]] = [1, 0];
    return order;
  }
}
