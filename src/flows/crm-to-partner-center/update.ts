// A linked opportunity changed in the CRM: a three-way merge against the link's snapshots, the Partner Center
// side written as one JSON Patch with If-Match (re-read and re-merged on 412, twice at most), the CRM side
// left to the inbound flow, new snapshots stored. Costs 1 Partner Center read, plus 1 PATCH when something
// is to be sent.
import { syncedChangeOf } from '../../domain/referral.js';
import { merge, type MergeResult } from '../../domain/sync/merge.js';
import { syncStateOfReferral } from '../../domain/sync/from-referral.js';
import { SkipReason } from '../../domain/sync/reasons.js';
import { hashState, syncFields, type SyncField, type SyncState } from '../../domain/sync/sync-state.js';
import type { JobResult } from '../../engine/outcome.js';
import { isCosellError } from '../../errors.js';
import { saveLinkSnapshots, type Link } from '../../store/links.js';
import { AuditAction, AuditDirection } from '../../store/schema.js';
import { partnerCenterSystem } from '../partner-center-to-crm/context.js';
import { mappingVersion } from '../partner-center-to-crm/job.js';
import { snapshotOf, snapshotState } from '../partner-center-to-crm/states.js';
import {
  getReferralCounted,
  type CrmOpportunity,
  type OutboundContext,
  type OutboundSkipFn,
} from './context.js';
import { patchOperations } from './patch.js';
import { showOutcomeOnRecord, type RecordOutcome } from './record-outcome.js';

/** Re-reads after a 412 before the run fails and is retried by the engine. */
const maxRereads = 2;

export async function updateReferralFromCrm(
  ctx: OutboundContext,
  opportunity: CrmOpportunity,
  crmState: SyncState,
  link: Link,
  skip: OutboundSkipFn,
): Promise<JobResult> {
  const { deps, job } = ctx;
  const run = job.run;
  const referralId = link.referralId;
  const base = { partnerCenter: snapshotState(link.pcSnapshot), crm: snapshotState(link.crmSnapshot) };

  let ref = await run.step('read-referral', () => getReferralCounted(ctx, referralId));
  let result: MergeResult | undefined;
  let sent: Partial<SyncState> = {};
  let before: SyncState = {};
  await run.step('patch-referral', async (step) => {
    for (let reread = 0; ; reread++) {
      result = merge({ base, partnerCenter: syncStateOfReferral(ref), crm: crmState });
      const ops = patchOperations(result.toPartnerCenter);
      step.detail({ fields: Object.keys(result.toPartnerCenter), rereads: reread });
      if (ops.length === 0) {
        step.skip(result.skipped[0]?.reason ?? SkipReason.noChange);
        return;
      }
      run.countCall(partnerCenterSystem);
      before = syncStateOfReferral(ref);
      try {
        const updated = await deps.partnerCenter.patchReferral(referralId, ops, {
          ...(ref.eTag ? { ifMatch: ref.eTag } : {}),
          signal: job.signal,
        });
        sent = result.toPartnerCenter;
        ref = updated ?? (await getReferralCounted(ctx, referralId));
        return;
      } catch (error) {
        if (reread >= maxRereads || !isCosellError(error) || error.code !== 'PC_PRECONDITION_FAILED')
          throw error;
        ref = await getReferralCounted(ctx, referralId);
      }
    }
  });
  const merged = result;
  if (merged === undefined) throw new Error('merge did not run');

  // Partner Center's own changes stay "changed" in its snapshot, so the inbound flow still finds them; CRM
  // edits held back by the on-hold stage stay "changed" in the CRM snapshot, so they go once it is accepted.
  const pcNow = syncStateOfReferral(ref);
  const pcNext: Record<string, unknown> = { ...pcNow };
  for (const field of Object.keys(merged.toCrm) as SyncField[]) pcNext[field] = base.partnerCenter[field];
  const crmNext: Record<string, unknown> = { ...crmState };
  for (const held of merged.skipped) {
    if (held.reason === SkipReason.onHold && held.field !== '*') crmNext[held.field] = base.crm[held.field];
  }
  const pcSnapshot = snapshotState(snapshotOf(pcNext));
  const crmSnapshot = snapshotState(snapshotOf(crmNext));
  await run.step('save-link', () =>
    saveLinkSnapshots(deps.db, {
      referralId,
      crmSystem: link.crmSystem,
      crmRecordId: link.crmRecordId,
      mappingVersion,
      pcSnapshot: snapshotOf(pcSnapshot),
      pcStateHash: hashState(pcSnapshot),
      pcEtag: ref.eTag ?? null,
      // Partner Center's state is accounted for unless some of its changes still have to reach the CRM.
      pcChangeSeenAt:
        Object.keys(merged.toCrm).length === 0 ? syncedChangeOf(ref, link.crmRecordId) : undefined,
      crmSnapshot: snapshotOf(crmSnapshot),
      crmStateHash: hashState(crmSnapshot),
      syncedAt: job.now(),
    }),
  );

  const written = syncFields.filter((f) => f in sent);
  if (written.length === 0) {
    const reason = merged.skipped[0]?.reason ?? SkipReason.noChange;
    await showOutcomeOnRecord(ctx, opportunity, skippedOutcome(reason, referralId));
    return skip(reason, referralId, { skipped: merged.skipped, conflicts: merged.conflicts });
  }
  run.audit({
    referralId,
    crmSystem: link.crmSystem,
    crmRecordId: link.crmRecordId,
    direction: AuditDirection.toPartnerCenter,
    action: AuditAction.updated,
    fieldDiff: {
      ...diffOf(written, before, sent),
      ...(merged.conflicts.length > 0 ? { conflicts: merged.conflicts } : {}),
    },
    mappingVersion,
  });
  await showOutcomeOnRecord(ctx, opportunity, {
    ok: true,
    key: 'sync.record.synced',
    params: { referralId },
  });
  return undefined;
}

export function skippedOutcome(reason: SkipReason, referralId: string): RecordOutcome {
  // Waiting on hold or deciding a conflict is how sync works, not a failure: the record keeps its ✔.
  return { ok: true, key: 'sync.record.skipped', params: { referralId }, reason };
}

export function diffOf(
  fields: readonly SyncField[],
  from: SyncState,
  to: Partial<SyncState>,
): Record<string, { from: unknown; to: unknown }> {
  return Object.fromEntries(fields.map((f) => [f, { from: from[f] ?? null, to: to[f] ?? null }]));
}
