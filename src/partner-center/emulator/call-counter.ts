// Per-UTC-day, per-account count of API calls (requirement P1: the old connectors' paid tier allowed 10K calls
// a day; remote-apis §3 and "Not confirmed" item 6). Counted: every request to the Referrals API (/v1.0/…) and the
// webhook registration API (/webhooks/v1/…), whatever its answer: 401, 403, injected 429/5xx and 4xx included.
// Not counted: /_emulator controls, the sign-in endpoints (/{tenant}/oauth2/…, discovery, /device) and the
// certificate download, which are not Partner Center API calls.
import { utcDay, type Clock } from './clock.js';

/** Requests without a valid token are counted under this account. */
export const anonymousAccount = '(anonymous)';

export interface CallCount {
  readonly day: string;
  readonly total: number;
  readonly byAccount: Readonly<Record<string, number>>;
}

export class CallCounter {
  readonly #days = new Map<string, Map<string, number>>();

  constructor(private readonly clock: Clock) {}

  record(account: string): void {
    const day = utcDay(this.clock.now());
    let accounts = this.#days.get(day);
    if (!accounts) this.#days.set(day, (accounts = new Map<string, number>()));
    accounts.set(account, (accounts.get(account) ?? 0) + 1);
  }

  /** Counts of one UTC day (`YYYY-MM-DD` or a Date; default: today on the emulator clock). */
  count(day?: string | Date): CallCount {
    const key = day === undefined ? utcDay(this.clock.now()) : typeof day === 'string' ? day : utcDay(day);
    const accounts: ReadonlyMap<string, number> = this.#days.get(key) ?? new Map<string, number>();
    let total = 0;
    for (const n of accounts.values()) total += n;
    return { day: key, total, byAccount: Object.fromEntries(accounts) };
  }

  days(): string[] {
    return [...this.#days.keys()].sort();
  }
}
