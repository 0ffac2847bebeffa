// Timers for the due times a worker is told of (a retry, a deferral, a coalescing window), so a job queued to
// run later is claimed when it is due rather than at the next poll. One real timer runs at a time, for the
// earliest due time; the rest wait in a short sorted list.
import { performance } from 'node:perf_hooks';
import type { Clock } from './clock.js';

const maxTimerMs = 2 ** 31 - 1;
/** Past this many, the latest are dropped: the poll still finds their jobs. */
const maxDueTimes = 256;
/** Due timers fire this much late rather than early. */
const timerSlackMs = 2;
/** A due timer that finds the clock short of the time by at most this waits again. */
const maxRewaitMs = 50;

interface Due {
  /** By the worker's clock (ms). */
  readonly at: number;
  /** performance.now() when the timer should fire. */
  readonly deadline: number;
}

export class DueTimers {
  readonly #clock: Clock;
  readonly #onDue: () => void;
  #due: Due[] = [];
  #timer: NodeJS.Timeout | undefined;
  #timerAt: number | undefined;

  /** `onDue` looks for work; it is called when a due time comes, or at once for one already past. */
  constructor(clock: Clock, onDue: () => void) {
    this.#clock = clock;
    this.#onDue = onDue;
  }

  /**
   * Calls onDue when `at` comes by the clock: a real timer for the clock's distance to it. When the timer
   * fires and the clock is not there yet (timers may fire a little early; a test's clock does not move by
   * itself), a short remainder is waited again and a long one is left to wake()s and the poll.
   */
  arm(at: Date): void {
    const delay = at.getTime() - this.#clock.now().getTime();
    if (delay <= 0) {
      this.#onDue();
      return;
    }
    const due: Due = {
      at: at.getTime(),
      deadline: performance.now() + Math.min(delay + timerSlackMs, maxTimerMs),
    };
    const index = this.#due.findIndex((d) => d.deadline > due.deadline);
    if (index === -1) this.#due.push(due);
    else this.#due.splice(index, 0, due);
    if (this.#due.length > maxDueTimes) this.#due.pop();
    this.#rearm();
  }

  /** Forgets every due time. */
  clear(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#timerAt = undefined;
    this.#due = [];
  }

  #rearm(): void {
    const head = this.#due[0];
    if (head === undefined || head.deadline === this.#timerAt) return;
    clearTimeout(this.#timer);
    this.#timerAt = head.deadline;
    this.#timer = setTimeout(() => this.#fire(), Math.max(0, head.deadline - performance.now()));
    this.#timer.unref();
  }

  #fire(): void {
    this.#timer = undefined;
    this.#timerAt = undefined;
    const real = performance.now();
    const clock = this.#clock.now().getTime();
    const again: number[] = [];
    while (this.#due[0] !== undefined && this.#due[0].deadline <= real) {
      const due = this.#due.shift();
      const remaining = (due?.at ?? 0) - clock;
      if (due !== undefined && remaining > 0 && remaining <= maxRewaitMs) again.push(due.at);
    }
    this.#onDue();
    for (const at of again) this.arm(new Date(at));
    this.#rearm();
  }
}
