// Our own count of Salesforce calls, per org and UTC day, in the store's budget table (P1, design rule 8).
// Salesforce enforces its real limit itself (a rolling 24 hours, read back from Sforce-Limit-Info); this cap
// is a guard an operator can set below it so the connector never eats the org's whole allowance, and the
// count is what `cosell status` reports. The default is deliberately high.
import { CosellError } from '../../errors.js';
import { consumeToday } from '../../store/budget.js';
import type { Queryable } from '../../store/db.js';
import { System } from '../../store/schema.js';
import { salesforceName } from './error-map.js';
import type { SfBudgetMeter } from './request.js';

export const defaultSalesforceDailyCap = 100_000;

/** Counts every call before it is sent; at the cap the call is not made and the work waits for the next day. */
export function storeSalesforceBudget(
  db: Queryable,
  cap: number = defaultSalesforceDailyCap,
  now: () => Date = () => new Date(),
): SfBudgetMeter {
  return {
    async consume(orgId, calls) {
      const result = await consumeToday(db, {
        system: System.salesforce,
        account: orgId,
        cap,
        calls,
        now: now(),
      });
      if (!result.allowed) {
        throw new CosellError(
          'CRM_DAILY_LIMIT',
          { system: salesforceName, used: result.used, limit: cap, resumeAt: result.resumeAt.toISOString() },
          { retryAfterMs: result.retryAfterMs, detail: 'our own daily cap' },
        );
      }
    },
  };
}
