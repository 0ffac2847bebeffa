// Retry timing shared by every remote system's request function (Partner Center, Salesforce, later
// Dataverse), so all of them back off the same way and a fix to one is a fix to all.

/** Full jitter: a random wait in [0, base * 2^attempt), so many workers never retry in step. */
export function backoffMs(baseMs: number, attempt: number, random: () => number): number {
  return Math.floor(random() * baseMs * 2 ** Math.min(attempt, 10));
}

/** Retry-After is either delta-seconds or an HTTP date (RFC 9110 section 10.2.3). */
export function parseRetryAfter(value: string | null, now: () => number = Date.now): number | undefined {
  if (value === null || value.trim() === '') return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return Math.ceil(seconds * 1000);
  const date = Date.parse(value);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now());
}

/** A timer that an abort signal ends early (rejecting with the signal's reason). */
export const abortableSleep = (ms: number, signal?: AbortSignal): Promise<void> =>
  new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason as Error);
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        reject(signal.reason as Error);
      },
      { once: true },
    );
  });
