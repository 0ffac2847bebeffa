// Waiting for engine events in tests: await the event, never sleep for it.
import type { Worker, WorkerEvents } from '../../src/engine/worker.js';

/** The next `event` (matching `filter`) the worker emits; rejects after `timeoutMs`. */
export function nextEvent<K extends keyof WorkerEvents>(
  worker: Worker,
  event: K,
  filter: (...args: WorkerEvents[K]) => boolean = () => true,
  timeoutMs = 10_000,
): Promise<WorkerEvents[K]> {
  return new Promise((resolve, reject) => {
    const emitter = worker as unknown as NodeJS.EventEmitter;
    const listener = (...args: unknown[]): void => {
      const typed = args as WorkerEvents[K];
      if (!filter(...typed)) return;
      clearTimeout(timer);
      emitter.off(event, listener);
      resolve(typed);
    };
    const timer = setTimeout(() => {
      emitter.off(event, listener);
      reject(new Error(`timed out after ${timeoutMs} ms waiting for '${event}'`));
    }, timeoutMs);
    emitter.on(event, listener);
  });
}

/** Resolves after `count` events (matching `filter`) from any of the workers. */
export function countEvents<K extends keyof WorkerEvents>(
  workers: readonly Worker[],
  event: K,
  count: number,
  timeoutMs = 60_000,
): Promise<void> {
  return new Promise((resolve, reject) => {
    let seen = 0;
    const emitters = workers as unknown as NodeJS.EventEmitter[];
    const listener = (): void => {
      if (++seen < count) return;
      done();
      resolve();
    };
    const done = (): void => {
      clearTimeout(timer);
      for (const e of emitters) e.off(event, listener);
    };
    const timer = setTimeout(() => {
      done();
      reject(new Error(`timed out after ${timeoutMs} ms: ${seen} of ${count} '${event}' events`));
    }, timeoutMs);
    for (const e of emitters) e.on(event, listener);
  });
}

/** A promise with its resolve function outside, to hold a handler until the test lets it go. */
export function gate(): { promise: Promise<void>; open: () => void } {
  let open!: () => void;
  const promise = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { promise, open };
}

/** A seeded PRNG (mulberry32), so a random test can be replayed from its seed. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A count from the environment (long runs set them), or `fallback`; anything but a whole number is refused. */
export function countFromEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  const value = raw === undefined ? fallback : Number(raw);
  if (!Number.isInteger(value) || value < 0) throw new Error(`${name} must be a whole number`);
  return value;
}
