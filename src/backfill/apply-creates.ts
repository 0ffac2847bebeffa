// Creates in the CRM: a page of referrals with no counterpart goes to the CRM in one batched upsert (keyed on
// the Referral Identifier, so a resumed page updates what the cut-short attempt created, never a second
// record), then each CRM id goes back to its referral (R8), then the links are stored in one statement.
import type { InboundUpsert } from '../crm/adapter.js';
import { hashState } from '../domain/sync/sync-state.js';
import type { RunRecorder } from '../engine/run-recorder.js';
import { mappingVersion } from '../flows/partner-center-to-crm/job.js';
import type { JobInput } from '../store/jobs.js';
import { referralFollowUp } from './follow-ups.js';
import { snapshotOf, snapshotState, syncStateOfWrite } from '../flows/partner-center-to-crm/states.js';
import { saveLinksSnapshots, type LinkSnapshotsInput } from '../store/links.js';
import type { ItemOutcome, PlanItemRow } from '../store/plans.js';
import { AuditAction, AuditDirection, PlanItemStatus } from '../store/schema.js';
import type { ApplyContext } from './context.js';
import { failItem, haltOf, type PageResult } from './pages.js';
import { writeBackPage } from './write-back.js';

interface CreateDetail {
  readonly upsert: InboundUpsert;
  readonly pcState: Readonly<Record<string, unknown>>;
  readonly pcEtag: string | null;
}

export async function applyCreatePage(
  ctx: ApplyContext,
  page: readonly PlanItemRow[],
  run: RunRecorder,
): Promise<PageResult> {
  const { crm, db } = ctx;
  const crmSystem = crm.capabilities.system;
  const details = page.map((item) => item.detail as unknown as CreateDetail);
  const upserts = await run.step('helper.upsert', async (step) => {
    const results = await crm.upsertFromReferrals(details.map((d) => d.upsert));
    step.detail({ records: results.length, created: results.filter((r) => r.ok && r.created).length });
    return results;
  });

  const outcomes: ItemOutcome[] = [];
  const followUps: JobInput[] = [];
  const written: { item: PlanItemRow; detail: CreateDetail; crmId: string; created: boolean }[] = [];
  upserts.forEach((result, i) => {
    const item = page[i];
    const detail = details[i];
    if (item === undefined || detail === undefined) return;
    if (result.ok) {
      written.push({ item, detail, crmId: result.id, created: result.created });
      return;
    }
    const halt = haltOf(result.error, ctx.now());
    if (halt !== undefined) return; // waits as deferred with the rest of the page
    outcomes.push(
      failItem(
        run,
        item.seq,
        {
          referralId: detail.upsert.referralId,
          crmSystem,
          fieldDiff: { name: detail.upsert.opportunity.name, plan: ctx.planId },
        },
        result.error,
      ),
    );
  });

  const { results: backs, halt } = await writeBackPage(
    ctx,
    run,
    written.map((w) => ({ referralId: w.detail.upsert.referralId, crmId: w.crmId, eTag: w.detail.pcEtag })),
  );

  const now = ctx.now();
  const linkRows: LinkSnapshotsInput[] = [];
  written.forEach((w, i) => {
    const answer = backs[i];
    const back = answer === 'none' ? undefined : answer;
    const pcState = snapshotState(w.detail.pcState);
    const crmState = syncStateOfWrite(
      w.detail.upsert.opportunity,
      pcState.status,
      w.detail.upsert.solutionIds,
    );
    // The record exists either way: its link is kept even when the write-back waits for the budget, so a
    // resume (or the running sync) finds it rather than creating it again.
    linkRows.push({
      referralId: w.detail.upsert.referralId,
      crmSystem,
      crmRecordId: w.crmId,
      mappingVersion,
      pcSnapshot: snapshotOf(pcState),
      pcStateHash: hashState(pcState),
      pcEtag: back?.ok === true ? (back.eTag ?? null) : w.detail.pcEtag,
      crmSnapshot: snapshotOf(crmState),
      crmStateHash: hashState(crmState),
      syncedAt: now,
      ...(back?.ok === true && back.changedAt !== undefined ? { pcChangeSeenAt: back.changedAt } : {}),
    });
    if (back === undefined) return; // waits as deferred: the write-back is redone on resume
    if (!back.ok) {
      // Changed in Partner Center after the plan: the normal sync merges it against the new link.
      followUps.push(referralFollowUp(ctx.planId, w.item.seq, w.detail.upsert.referralId));
    }
    outcomes.push({
      seq: w.item.seq,
      status: PlanItemStatus.done,
      outcome: { crmRecordId: w.crmId, ...(back.ok ? {} : { handedOver: true }) },
    });
    run.audit({
      referralId: w.detail.upsert.referralId,
      crmSystem,
      crmRecordId: w.crmId,
      direction: AuditDirection.toCrm,
      // A resumed page finds its own record from the cut-short attempt: still the plan's create.
      action: w.created || w.item.attempts > 0 ? AuditAction.created : AuditAction.updated,
      fieldDiff: { ...snapshotOf(crmState), plan: ctx.planId },
      mappingVersion,
    });
  });
  await run.step('save-links', () => saveLinksSnapshots(db, linkRows));
  return { outcomes, followUps, ...(halt !== undefined ? { halt } : {}) };
}
