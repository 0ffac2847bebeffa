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
  /**
   * A wake while idle runs the pass this much later (default 0: at once), so a burst of wakes (webhooks
   * arriving one request at a time) is handled by one pass rather than one pass each.
   */
  readonly gatherMs?: number | undefined;
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
  // A pass waiting out gatherMs; `started` resolves when it starts (or the pass is stopped).
  let gathering: { timer: NodeJS.Timeout; started: Promise<void>; start: () => void } | undefined;
  const gatherMs = options.gatherMs ?? 0;
  const wake = (): void => {
    if (stopped || gathering !== undefined) return;
    if (running !== undefined || gatherMs <= 0) {
      pass();
      return;
    }
    let start = (): void => undefined;
    const started = new Promise<void>((resolve) => (start = resolve));
    const timer = setTimeout(() => {
      gathering = undefined;
      pass();
      start();
    }, gatherMs);
    gathering = { timer, started, start };
  };

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
    wake,
    async stop() {
      stopped = true;
      clearInterval(timer);
      if (gathering !== undefined) {
        clearTimeout(gathering.timer);
        gathering.start();
      }
      gathering = undefined;
      controller.abort();
      await running;
    },
    async settled() {
      while (running !== undefined || gathering !== undefined) {
        if (gathering !== undefined) await gathering.started;
        await running;
      }
    },
  };
}
