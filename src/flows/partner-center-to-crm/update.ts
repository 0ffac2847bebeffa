// A linked referral: a three-way merge against the link's snapshots, the CRM side written diff-only, the
// Partner Center side left to the outbound flow (audited), new snapshots stored.
import type { Link } from '../../store/links.js';
import { saveLinkSnapshots } from '../../store/links.js';
import { merge } from '../../domain/sync/merge.js';
import { SkipReason } from '../../domain/sync/reasons.js';
import { stageFor } from '../../domain/sync/status-mapping.js';
import { hashState, syncFields, type SyncField, type SyncState } from '../../domain/sync/sync-state.js';
import type { PcReferral } from '../../partner-center/wire.js';
import { AuditAction, AuditDirection } from '../../store/schema.js';
import type { FlowContext, SkipFn } from './context.js';
import { mappingVersion } from './job.js';
import { crmFieldsOf, snapshotOf, snapshotState, syncStateOfOpportunity } from './states.js';

export async function updateLinked(
  ctx: FlowContext,
  ref: PcReferral,
  pcState: SyncState,
  link: Link,
  skip: SkipFn,
): Promise<{ skipped: SkipReason } | undefined> {
  const { deps, job, referralId, policy } = ctx;
  const run = job.run;
  const crm = deps.crm;
  const crmSystem = crm.capabilities.system;
  const crmRecordId = link.crmRecordId;

  const opportunity = await run.step('read-opportunity', async (step) => {
    const [found] = await crm.getOpportunities([crmRecordId]);
    if (found === undefined) step.skip(SkipReason.crmRecordMissing);
    return found;
  });
  if (opportunity === undefined) return skip(SkipReason.crmRecordMissing, crmRecordId);
  const crmState = syncStateOfOpportunity(opportunity, policy);
  const base = { partnerCenter: snapshotState(link.pcSnapshot), crm: snapshotState(link.crmSnapshot) };
  const result = await run.step('merge', (step) => {
    const merged = merge({ base, partnerCenter: pcState, crm: crmState });
    step.detail({
      toCrm: Object.keys(merged.toCrm),
      toPartnerCenter: Object.keys(merged.toPartnerCenter),
      conflicts: merged.conflicts.length,
    });
    return merged;
  });

  const fields = { ...crmFieldsOf(result.toCrm) };
  const stageName =
    result.toCrm.status !== undefined ? stageFor(result.toCrm.status, opportunity.stage, policy) : undefined;
  const update = stageName !== undefined ? { ...fields, stageName } : fields;
  if (Object.keys(update).length > 0) {
    await run.step('update-opportunity', async (step) => {
      const [outcome] = await crm.updateOpportunities([{ id: crmRecordId, fields: update }]);
      step.detail({ fields: Object.keys(update) });
      if (outcome !== undefined && !outcome.ok) throw outcome.error;
    });
  }

  // The CRM's own changes stay "changed" in the CRM snapshot so the outbound flow still finds them.
  const pending = Object.keys(result.toPartnerCenter) as SyncField[];
  const crmNext: Record<string, unknown> = { ...result.next.crm };
  for (const field of pending) crmNext[field] = base.crm[field];
  const crmSnapshot = snapshotState(snapshotOf(crmNext));
  await run.step('save-link', () =>
    saveLinkSnapshots(deps.db, {
      referralId,
      crmSystem,
      crmRecordId,
      mappingVersion,
      pcSnapshot: snapshotOf(pcState),
      pcStateHash: hashState(pcState),
      pcEtag: ref.eTag ?? null,
      crmSnapshot: snapshotOf(crmSnapshot),
      crmStateHash: hashState(crmSnapshot),
      syncedAt: job.now(),
    }),
  );

  const entry = { referralId, crmSystem, crmRecordId, mappingVersion } as const;
  if (pending.length > 0) {
    run.audit({
      ...entry,
      direction: AuditDirection.toPartnerCenter,
      action: AuditAction.skipped,
      reasonCode: SkipReason.outboundPending,
      fieldDiff: diffOf(pending, pcState, result.toPartnerCenter),
    });
  }
  // CRM changes Partner Center will not take (R8: closed there) are decided here: the audit says why.
  const refused = result.skipped.filter((s) => s.direction === 'toPartnerCenter');
  if (refused.length > 0 && pending.length === 0) {
    run.audit({
      ...entry,
      direction: AuditDirection.toPartnerCenter,
      action: AuditAction.skipped,
      reasonCode: refused[0]?.reason,
      fieldDiff: { skipped: refused },
    });
  }
  const written = syncFields.filter((f) => f in result.toCrm);
  if (written.length === 0) {
    run.audit({
      ...entry,
      direction: AuditDirection.toCrm,
      action: AuditAction.skipped,
      reasonCode: result.skipped[0]?.reason ?? SkipReason.noChange,
      fieldDiff: { skipped: result.skipped, conflicts: result.conflicts },
    });
    return { skipped: SkipReason.noChange };
  }
  run.audit({
    ...entry,
    direction: AuditDirection.toCrm,
    action: AuditAction.updated,
    fieldDiff: {
      ...diffOf(written, crmState, result.toCrm),
      ...(result.conflicts.length > 0 ? { conflicts: result.conflicts } : {}),
    },
  });
  return undefined;
}

function diffOf(
  fields: readonly SyncField[],
  from: SyncState,
  to: Partial<SyncState>,
): Record<string, { from: unknown; to: unknown }> {
  return Object.fromEntries(fields.map((f) => [f, { from: from[f] ?? null, to: to[f] ?? null }]));
}
