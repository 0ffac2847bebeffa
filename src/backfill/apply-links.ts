// Links: pairs found by strong evidence, and proposed pairs a person accepted. Each side gets the id it is
// missing (the CRM's Referral Identifier in one batched update, Partner Center's externalReferenceId by
// PATCH), then the link is stored. A pair that already agrees is stored as agreed (nothing more to write);
// a pair with differences is stored with no common past and handed to the normal sync, whose per-field
// merge is the one the plan's diff shows (rule 7): the owner of each differing field wins.
import { hashState } from '../domain/sync/sync-state.js';
import type { RunRecorder } from '../engine/run-recorder.js';
import { mappingVersion } from '../flows/partner-center-to-crm/job.js';
import { snapshotOf, snapshotState } from '../flows/partner-center-to-crm/states.js';
import type { JobInput } from '../store/jobs.js';
import { saveLinksSnapshots, type LinkSnapshotsInput } from '../store/links.js';
import type { ItemOutcome, PlanItemRow } from '../store/plans.js';
import { AuditAction, AuditDirection, PlanAction, PlanItemStatus } from '../store/schema.js';
import type { ApplyContext } from './context.js';
import { opportunityFollowUp, referralFollowUp } from './follow-ups.js';
import { noteOf } from './apply-notes.js';
import { failItem, haltOf, type PageResult } from './pages.js';
import { hasChanges, type PairDiff } from './planner.js';
import { writeBackPage } from './write-back.js';

interface PairDetail {
  readonly score: number;
  readonly evidence: readonly unknown[];
  readonly writes: { readonly referralIdentifier: boolean; readonly externalReferenceId: boolean };
  readonly diff: PairDiff;
  readonly pcState: Readonly<Record<string, unknown>>;
  readonly crmState: Readonly<Record<string, unknown>>;
  readonly pcEtag: string | null;
}

interface Pair {
  readonly item: PlanItemRow;
  readonly referralId: string;
  readonly crmId: string;
  readonly detail: PairDetail;
}

export async function applyLinkPage(
  ctx: ApplyContext,
  page: readonly PlanItemRow[],
  run: RunRecorder,
): Promise<PageResult> {
  const crmSystem = ctx.crm.capabilities.system;
  const outcomes: ItemOutcome[] = [];
  const pairs: Pair[] = [];
  for (const item of page) {
    if (item.action === PlanAction.propose && !item.accepted) {
      // Not confirmed: both records are left alone, and their audit says why.
      noteOf(ctx, item, run);
      outcomes.push({ seq: item.seq, status: PlanItemStatus.done, outcome: { left: true } });
      continue;
    }
    if (item.referralId === null || item.crmRecordId === null) continue;
    pairs.push({
      item,
      referralId: item.referralId,
      crmId: item.crmRecordId,
      detail: item.detail as unknown as PairDetail,
    });
  }

  // The CRM's Referral Identifier, batched.
  const needIdentifier = pairs.filter((p) => p.detail.writes.referralIdentifier);
  const identifierResults = await run.step('write-referral-identifier', async (step) => {
    step.detail({ records: needIdentifier.length });
    if (needIdentifier.length === 0) return [];
    return ctx.crm.updateOpportunities(
      needIdentifier.map((p) => ({ id: p.crmId, fields: { referralId: p.referralId } })),
    );
  });
  const refused = new Map<number, unknown>();
  identifierResults.forEach((result, i) => {
    const pair = needIdentifier[i];
    if (pair !== undefined && !result.ok) refused.set(pair.item.seq, result.error);
  });

  // One answer per pair, in order: none for a pair whose id is there already or whose CRM write failed.
  const { results: backs, halt } = await writeBackPage(
    ctx,
    run,
    pairs.map((p) =>
      p.detail.writes.externalReferenceId && !refused.has(p.item.seq)
        ? { referralId: p.referralId, crmId: p.crmId, eTag: p.detail.pcEtag }
        : undefined,
    ),
  );

  const now = ctx.now();
  const linkRows: LinkSnapshotsInput[] = [];
  const followUps: JobInput[] = [];
  for (const [i, p] of pairs.entries()) {
    const error = refused.get(p.item.seq);
    if (error !== undefined) {
      if (haltOf(error, now) !== undefined) continue; // waits as deferred
      outcomes.push(
        failItem(
          run,
          p.item.seq,
          { referralId: p.referralId, crmSystem, crmRecordId: p.crmId, fieldDiff: { plan: ctx.planId } },
          error,
        ),
      );
      continue;
    }
    const back = backs[i];
    if (back === undefined) continue; // waits as deferred: redone on resume
    const changedSincePlan = back !== 'none' && !back.ok;
    const differs = hasChanges(p.detail.diff) || changedSincePlan;
    // Agreed pairs start from what both sides hold; the others from no common past, so the flows' merge
    // decides each differing field by its owner.
    const pcState = differs ? {} : snapshotState(p.detail.pcState);
    const crmState = differs ? {} : snapshotState(p.detail.crmState);
    const written = back !== 'none' && back.ok ? back : undefined;
    linkRows.push({
      referralId: p.referralId,
      crmSystem,
      crmRecordId: p.crmId,
      mappingVersion,
      pcSnapshot: snapshotOf(pcState),
      pcStateHash: hashState(pcState),
      pcEtag: written?.eTag ?? p.detail.pcEtag,
      crmSnapshot: snapshotOf(crmState),
      crmStateHash: hashState(crmState),
      syncedAt: now,
      ...(written?.changedAt !== undefined && !differs ? { pcChangeSeenAt: written.changedAt } : {}),
    });
    if (differs) {
      followUps.push(referralFollowUp(ctx.planId, p.item.seq, p.referralId));
      if (Object.keys(p.detail.diff.toPartnerCenter).length > 0 || changedSincePlan) {
        followUps.push(opportunityFollowUp(ctx.planId, p.item.seq, crmSystem, p.crmId, p.referralId));
      }
    }
    outcomes.push({
      seq: p.item.seq,
      status: PlanItemStatus.done,
      outcome: { linked: true, followUp: differs },
    });
    run.audit({
      referralId: p.referralId,
      crmSystem,
      crmRecordId: p.crmId,
      direction: AuditDirection.toCrm,
      action: AuditAction.updated,
      fieldDiff: {
        linked: { from: null, to: p.crmId },
        evidence: p.detail.evidence,
        score: p.detail.score,
        plan: ctx.planId,
      },
      mappingVersion,
    });
  }
  await run.step('save-links', () => saveLinksSnapshots(ctx.db, linkRows));
  return { outcomes, followUps, ...(halt !== undefined ? { halt } : {}) };
}
