// Our own count of Dataverse requests, per environment and UTC day, in the store's budget table (P1, design
// rule 8). Dataverse itself enforces service protection (6,000 requests per user in 5 minutes: a 429 with
// Retry-After, handled in request.ts) and licenses a daily request entitlement that it does not refuse
// calls over; this cap is the guard that keeps the connector inside whatever share an operator gives it,
// and the count is what `cosell status` reports. Counted as Dataverse counts: a $batch once, and every
// request inside it once more.
import { CosellError } from '../../errors.js';
import { consumeToday } from '../../store/budget.js';
import type { Queryable } from '../../store/db.js';
import { System } from '../../store/schema.js';
import { dynamicsName } from './error-map.js';

export const defaultDynamicsDailyCap = 100_000;

/** Reserves budget for requests against an environment; throws CRM_DAILY_LIMIT at our own cap. */
export interface DvBudgetMeter {
  consume(environment: string, requests: number): Promise<void>;
}

/**
 * Counts every request before it is sent; at the cap the request is not made and the work waits for the
 * next UTC day. `cap` may be a function so an operator's change (or a test) applies without a new client.
 */
export function storeDynamicsBudget(
  db: Queryable,
  cap: number | (() => number) = defaultDynamicsDailyCap,
  now: () => Date = () => new Date(),
): DvBudgetMeter {
  return {
    async consume(environment, requests) {
      const limit = typeof cap === 'function' ? cap() : cap;
      const result = await consumeToday(db, {
        system: System.dynamics,
        account: environment,
        cap: limit,
        calls: requests,
        now: now(),
      });
      if (!result.allowed) {
        throw new CosellError(
          'CRM_DAILY_LIMIT',
          { system: dynamicsName, used: result.used, limit, resumeAt: result.resumeAt.toISOString() },
          { retryAfterMs: result.retryAfterMs, detail: 'our own daily cap' },
        );
      }
    },
  };
}
