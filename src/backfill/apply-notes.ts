// What a backfill leaves alone is audited like any sync decision (R2, R8): every record skipped, flagged as
// a possible duplicate, or proposed and not confirmed gets an entry saying why, so "why was this not
// synced?" has its answer on the record's timeline.
import { isSkipReason, SkipReason } from '../domain/sync/reasons.js';
import type { RunRecorder } from '../engine/run-recorder.js';
import { mappingVersion } from '../flows/partner-center-to-crm/job.js';
import type { PlanItemRow } from '../store/plans.js';
import { AuditAction, AuditDirection, PlanAction, PlanItemStatus } from '../store/schema.js';
import type { ApplyContext } from './context.js';
import type { PageResult } from './pages.js';

const ids = (value: unknown): string[] =>
  Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];

/** The audit entries of one item left alone. */
export function noteOf(ctx: ApplyContext, item: PlanItemRow, run: RunRecorder): void {
  const crmSystem = ctx.crm.capabilities.system;
  const detail = item.detail;
  const reason =
    item.action === PlanAction.propose
      ? SkipReason.matchUnconfirmed
      : typeof detail['reason'] === 'string'
        ? detail['reason']
        : 'UNKNOWN';
  const action =
    isSkipReason(reason) || item.action !== PlanAction.skip ? AuditAction.skipped : AuditAction.failed;
  const context =
    item.action === PlanAction.flag
      ? {
          kind: detail['kind'],
          referralIds: detail['referralIds'],
          opportunityIds: detail['opportunityIds'],
          candidates: detail['candidates'],
        }
      : item.action === PlanAction.propose
        ? {
            candidate: {
              referralId: item.referralId,
              opportunityId: item.crmRecordId,
              score: detail['score'],
              evidence: detail['evidence'],
            },
          }
        : { failures: detail['failures'] };
  const fieldDiff = { name: detail['name'] ?? null, ...context, plan: ctx.planId };
  const referrals =
    item.action === PlanAction.flag
      ? ids(detail['heldReferralIds'])
      : item.referralId === null
        ? []
        : [item.referralId];
  const opportunities =
    item.action === PlanAction.flag
      ? ids(detail['heldOpportunityIds'])
      : item.crmRecordId === null
        ? []
        : [item.crmRecordId];
  const common = { crmSystem, action, reasonCode: reason, fieldDiff, mappingVersion } as const;
  if (item.action === PlanAction.propose) {
    // One pair, one timeline entry on the referral naming the candidate opportunity.
    run.audit({
      ...common,
      referralId: item.referralId ?? undefined,
      crmRecordId: item.crmRecordId ?? undefined,
      direction: AuditDirection.toCrm,
    });
    return;
  }
  for (const referralId of referrals) run.audit({ ...common, referralId, direction: AuditDirection.toCrm });
  for (const crmRecordId of opportunities) {
    run.audit({ ...common, crmRecordId, direction: AuditDirection.toPartnerCenter });
  }
}

export function applyNotePage(
  ctx: ApplyContext,
  page: readonly PlanItemRow[],
  run: RunRecorder,
): Promise<PageResult> {
  for (const item of page) noteOf(ctx, item, run);
  return Promise.resolve({
    outcomes: page.map((item) => ({ seq: item.seq, status: PlanItemStatus.done, outcome: { left: true } })),
  });
}
