// The normal sync jobs a backfill leaves for what it does not write itself: the differences of a linked pair
// (merged by the flows against a link with no common past, exactly as the plan's diff was computed), a
// referral that changed after the plan, and shares to Partner Center (the "Create co-sell referral" flow).
// Keyed by plan item, so a resumed page never queues the same work twice.
import { opportunityLane, opportunitySyncKind } from '../flows/crm-to-partner-center/job.js';
import { referralLane, referralSyncKind } from '../flows/partner-center-to-crm/job.js';
import type { JobInput } from '../store/jobs.js';
import type { CrmSystem } from '../store/schema.js';

const key = (planId: string, seq: number, kind: string) => `backfill:${planId}:${seq}:${kind}`;

export function referralFollowUp(planId: string, seq: number, referralId: string): JobInput {
  return {
    kind: referralSyncKind,
    laneKey: referralLane(referralId),
    payload: { referralId },
    idempotencyKey: key(planId, seq, referralSyncKind),
  };
}

export function opportunityFollowUp(
  planId: string,
  seq: number,
  crmSystem: CrmSystem,
  crmRecordId: string,
  referralId?: string,
): JobInput {
  return {
    kind: opportunitySyncKind,
    laneKey: opportunityLane(crmSystem, crmRecordId, referralId),
    payload: { crmRecordId },
    idempotencyKey: key(planId, seq, opportunitySyncKind),
  };
}
