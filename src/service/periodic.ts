// A background pass that runs one at a time: on a timer, and at once when woken (a webhook arrived, a job
// settled). A wake during a pass runs one more pass after it, so no wake is lost and passes never overlap.
// A failing pass is logged and tried again on the next wake or tick: the work it covers stays in the store.
import type { Logger } from '../logger.js';

export interface PeriodicOptions {
  readonly name: string;
  readonly everyMs: number;
  readonly run: (signal: AbortSignal) => Promise<void>;
  readonly logger: Logger;
  /** Run a first pass at start; default true. */
  readonly runAtStart?: boolean | undefined;
}

export interface Periodic {
  wake(): void;
  /** Resolves when the pass in flight (if any) has finished; no pass starts after. */
  stop(): Promise<void>;
  /** Resolves when no pass is running or queued (tests and the demo's "until synced"). */
  settled(): Promise<void>;
}

export function startPeriodic(options: PeriodicOptions): Periodic {
  const controller = new AbortController();
  let running: Promise<void> | undefined;
  let again = false;
  let stopped = false;

  const pass = (): void => {
    if (stopped) return;
    if (running !== undefined) {
      again = true;
      return;
    }
    running = options
      .run(controller.signal)
      .catch((error: unknown) => {
        if (!stopped) options.logger.warn({ err: error, pass: options.name }, 'background pass failed');
      })
      .finally(() => {
        running = undefined;
        if (again) {
          again = false;
          pass();
        }
      });
  };

  const timer = setInterval(pass, options.everyMs);
  timer.unref();
  if (options.runAtStart !== false) pass();

  return {
    wake: pass,
    async stop() {
      stopped = true;
      clearInterval(timer);
      controller.abort();
      await running;
    },
    async settled() {
      while (running !== undefined) await running;
    },
  };
}
