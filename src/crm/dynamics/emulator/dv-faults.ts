// Fault knobs: the Partner Center emulator's FaultKnobs (latency, errorRate, throttle, retryAfterSeconds; the
// same seeded streams) plus `dropRate`, the share of Web API requests whose connection is cut without an
// answer (a reset socket, as a failing gateway leaves a client). Dataverse-shaped answers: throttle → 429
// 0x80072326 (the concurrent-requests limit) with Retry-After; errorRate → half 500 0x80040216, half 503
// with Retry-After. `webhooks` knobs are accepted and unused (Dataverse sends none here).
import type { Clock } from '../../../partner-center/emulator/clock.js';
import { FaultInjector, type FaultKnobs } from '../../../partner-center/emulator/faults.js';
import { createRng, type Rng } from '../../../partner-center/emulator/rng.js';
import { DvErrorCode, DvHttpError } from './dv-errors.js';

export interface DataverseFaultKnobs extends FaultKnobs {
  /** Share of Web API requests whose connection is dropped without an answer (0..1). */
  readonly dropRate?: number;
}

export class DvFaults {
  readonly #injector: FaultInjector;
  readonly #drops: Rng;
  #dropRate = 0;

  constructor(seed: number, clock: Clock, knobs: DataverseFaultKnobs = {}) {
    this.#injector = new FaultInjector(seed, clock);
    this.#drops = createRng(seed).fork('drops');
    this.set(knobs);
  }

  get knobs(): DataverseFaultKnobs {
    return { ...this.#injector.knobs, dropRate: this.#dropRate };
  }

  set(partial: DataverseFaultKnobs): DataverseFaultKnobs {
    const { dropRate, ...rest } = partial;
    if (dropRate !== undefined && !(dropRate >= 0 && dropRate <= 1))
      throw new RangeError('dropRate must be between 0 and 1');
    this.#injector.set(rest);
    if (dropRate !== undefined) this.#dropRate = dropRate;
    return this.knobs;
  }

  latencyMs(): number {
    return this.#injector.latencyMs();
  }

  /** Whether this request's connection is cut. */
  drop(): boolean {
    return this.#drops.chance(this.#dropRate);
  }

  /** The injected error answer for this request, if any. */
  fault(): DvHttpError | undefined {
    const fault = this.#injector.apiFault();
    if (!fault) return undefined;
    if (fault.status === 500) {
      return new DvHttpError(500, DvErrorCode.unexpected, 'An unexpected error occurred.');
    }
    const retryAfter = { 'Retry-After': String(fault.retryAfterSeconds) };
    if (fault.status === 429) {
      return new DvHttpError(
        429,
        DvErrorCode.concurrencyLimit,
        'Number of concurrent requests exceeded the limit of 52.',
        retryAfter,
      );
    }
    return new DvHttpError(
      503,
      DvErrorCode.unavailable,
      'The service is temporarily unavailable. Please try again later.',
      retryAfter,
    );
  }
}
