// Shares to Partner Center: an opportunity with "Sync with Partner Center" on and no referral goes through
// the "Create co-sell referral" flow itself (its checks, the referral, Microsoft's invitation, the Referral
// Identifier, the outcome on the record, its crash-safe intents), as a follow-up job per opportunity:
// Partner Center creates one referral per request, so there is nothing to batch.
import type { PlanItemRow } from '../store/plans.js';
import { PlanItemStatus } from '../store/schema.js';
import type { ApplyContext } from './context.js';
import { opportunityFollowUp } from './follow-ups.js';
import type { PageResult } from './pages.js';

export function applySharePage(ctx: ApplyContext, page: readonly PlanItemRow[]): Promise<PageResult> {
  const crmSystem = ctx.crm.capabilities.system;
  const shares = page.filter((item) => item.crmRecordId !== null);
  return Promise.resolve({
    outcomes: page.map((item) => ({ seq: item.seq, status: PlanItemStatus.done, outcome: { queued: true } })),
    followUps: shares.map((item) =>
      opportunityFollowUp(ctx.planId, item.seq, crmSystem, item.crmRecordId ?? ''),
    ),
  });
}
