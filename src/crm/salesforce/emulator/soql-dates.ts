// Date literals (TODAY, YESTERDAY, TOMORROW, LAST_N_DAYS:n, NEXT_N_DAYS:n, N_DAYS_AGO:n) as ranges of whole
// days [first, last], evaluated at query time on the emulator clock in UTC (the emulated users' time zone
// is GMT). LAST_N_DAYS:n covers today and the n days before it; NEXT_N_DAYS:n the n days after today.
import { addDays, utcDate } from './sf-time.js';

export interface DayRange {
  /** First day in the range, `YYYY-MM-DD`. */
  readonly first: string;
  /** Last day in the range (inclusive). */
  readonly last: string;
}

export function dateLiteralRange(name: string, n: number | undefined, nowMs: number): DayRange {
  const today = utcDate(nowMs);
  const days = n ?? 0;
  switch (name) {
    case 'TODAY':
      return { first: today, last: today };
    case 'YESTERDAY': {
      const day = addDays(today, -1);
      return { first: day, last: day };
    }
    case 'TOMORROW': {
      const day = addDays(today, 1);
      return { first: day, last: day };
    }
    case 'LAST_N_DAYS':
      return { first: addDays(today, -days), last: today };
    case 'NEXT_N_DAYS':
      return { first: addDays(today, 1), last: addDays(today, days) };
    case 'N_DAYS_AGO': {
      const day = addDays(today, -days);
      return { first: day, last: day };
    }
    default:
      throw new RangeError(`unknown date literal ${name}`);
  }
}
