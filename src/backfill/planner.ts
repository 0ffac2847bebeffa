// What a first sync would do with every record, decided without I/O from what was read: links by strong
// evidence, fuzzy pairs proposed (applied only when accepted), duplicates and disagreeing ids flagged for a
// person, creates for what exists on one side only, and every record left alone with its reason code.
// The rules are the flows' own, so the plan predicts what the sync then does: a referral closed in Partner
// Center is not created in the CRM (R8), an opportunity without "Sync with Partner Center" is not shared
// (R3), a referral naming a CRM record that does not exist is skipped (R3), records failing the checks are
// not written (R2, R6, P4), and a linked pair's differences are decided per field by the policy (rule 7).
import { matchRecords, type Evidence, type MatchPair, type MatchResult } from '../domain/matching/index.js';
import { merge, type Conflict } from '../domain/sync/merge.js';
import { SkipReason } from '../domain/sync/reasons.js';
import { syncFields, type SyncState } from '../domain/sync/sync-state.js';
import { snapshotOf } from '../flows/partner-center-to-crm/states.js';
import { PlanAction } from '../store/schema.js';
import type { FailureNote, OpportunityRecord, ReferralRecord } from './sides.js';

export interface FieldChange {
  readonly from: unknown;
  readonly to: unknown;
}
export interface PairDiff {
  readonly toCrm: Readonly<Record<string, FieldChange>>;
  readonly toPartnerCenter: Readonly<Record<string, FieldChange>>;
  readonly conflicts: readonly Conflict[];
}

export interface PlannedItem {
  readonly action: PlanAction;
  readonly referralId?: string | undefined;
  readonly crmRecordId?: string | undefined;
  readonly accepted?: boolean | undefined;
  readonly detail: Readonly<Record<string, unknown>>;
}

export interface PlanInput {
  readonly referrals: ReadonlyMap<string, ReferralRecord>;
  readonly opportunities: ReadonlyMap<string, OpportunityRecord>;
  /** Records already linked in the store: the running sync keeps them, the plan leaves them out. */
  readonly linkedReferrals: ReadonlySet<string>;
  readonly linkedOpportunities: ReadonlySet<string>;
  readonly acceptFuzzy: boolean;
}

/** Strong ids first, then the Microsoft CRM Identifier, then fuzzy candidates; linked records left out. */
export function matchInput(input: PlanInput): MatchResult {
  const referrals = [...input.referrals.values()]
    .filter((r) => !input.linkedReferrals.has(r.digest.id))
    .map((r) => r.digest);
  const opportunities = [...input.opportunities.values()]
    .filter((o) => !input.linkedOpportunities.has(o.digest.id))
    .map((o) => o.digest);
  return matchRecords(referrals, opportunities);
}

/** Unmatched opportunities a create in Partner Center would be tried for: their checks need more reads. */
export function sharingCandidates(input: PlanInput, match: MatchResult): OpportunityRecord[] {
  return match.unmatchedOpportunities.flatMap((id) => {
    const o = input.opportunities.get(id);
    return o?.listing !== undefined ? [o] : [];
  });
}

/**
 * The plan's items, in the order a backfill applies them: links, proposals, creates in the CRM, creates in
 * Partner Center, then what is left alone. `sharingFailures` holds the checks of each sharing candidate.
 */
export function planItemsOf(
  input: PlanInput,
  match: MatchResult,
  sharingFailures: ReadonlyMap<string, readonly FailureNote[]>,
): PlannedItem[] {
  const links: PlannedItem[] = [];
  const proposals: PlannedItem[] = [];
  const toCrm: PlannedItem[] = [];
  const toPc: PlannedItem[] = [];
  const alone: PlannedItem[] = [];
  const referral = (id: string) => input.referrals.get(id);
  const opportunity = (id: string) => input.opportunities.get(id);

  for (const pair of match.exact) {
    const item = pairItem(PlanAction.link, pair, referral(pair.referralId), opportunity(pair.opportunityId));
    if (item !== undefined) links.push(item);
  }
  for (const pair of match.proposed) {
    const item = pairItem(
      PlanAction.propose,
      pair,
      referral(pair.referralId),
      opportunity(pair.opportunityId),
      input.acceptFuzzy,
    );
    if (item !== undefined) proposals.push(item);
  }
  const paired = new Set(match.exact.flatMap((p) => [p.referralId, p.opportunityId]));
  for (const group of match.flagged) {
    alone.push({
      action: PlanAction.flag,
      referralId: group.referralIds[0],
      crmRecordId: group.opportunityIds[0],
      detail: {
        reason: group.reason === 'ids-disagree' ? SkipReason.idsDisagree : SkipReason.possibleDuplicate,
        kind: group.reason,
        referralIds: group.referralIds,
        opportunityIds: group.opportunityIds,
        // The records this flag leaves alone (a linked pair it names stays linked).
        heldReferralIds: group.referralIds.filter((id) => !paired.has(id)),
        heldOpportunityIds: group.opportunityIds.filter((id) => !paired.has(id)),
        candidates: group.candidates.map(candidateOf),
      },
    });
  }

  for (const r of input.referrals.values()) {
    if (!r.digest.microsoftSide || input.linkedReferrals.has(r.digest.id)) continue;
    alone.push(skipReferral(r, SkipReason.microsoftSide));
  }
  for (const id of match.unmatchedReferrals) {
    const r = referral(id);
    if (r === undefined) continue;
    const named = r.digest.externalReferenceId;
    if (named !== undefined && !input.opportunities.has(named)) {
      alone.push(skipReferral(r, SkipReason.crmRecordMissing, { crmRecordId: named }));
    } else if (r.closed) {
      alone.push(skipReferral(r, SkipReason.referralClosed));
    } else if (r.failures.length > 0) {
      alone.push(skipReferral(r, r.failures[0]?.code ?? 'INVALID', { failures: r.failures }));
    } else {
      toCrm.push({
        action: PlanAction.createInCrm,
        referralId: id,
        detail: {
          name: r.state.name ?? null,
          pcState: snapshotOf(r.state),
          pcEtag: r.eTag ?? null,
          pcChangedAt: r.changedAt ?? null,
          upsert: r.upsert,
        },
      });
    }
  }
  for (const id of match.unmatchedOpportunities) {
    const o = opportunity(id);
    // Opportunities that never concerned co-sell (sync off, no referral) are counted, not listed.
    if (o === undefined || (!o.syncWithPartnerCenter && o.digest.referralId === undefined)) continue;
    if (o.digest.referralId !== undefined) {
      alone.push(skipOpportunity(o, SkipReason.referralMissing, { referralId: o.digest.referralId }));
    } else if (!o.syncWithPartnerCenter) {
      alone.push(skipOpportunity(o, SkipReason.syncDisabled));
    } else if (o.closed) {
      alone.push(skipOpportunity(o, SkipReason.opportunityClosed));
    } else {
      const failures = sharingFailures.get(id) ?? [];
      if (failures.length > 0) {
        alone.push(skipOpportunity(o, failures[0]?.code ?? 'INVALID', { failures }));
      } else {
        toPc.push({
          action: PlanAction.createInPartnerCenter,
          crmRecordId: id,
          detail: { name: o.state.name ?? null, crmState: snapshotOf(o.state) },
        });
      }
    }
  }
  return [...links, ...proposals, ...toCrm, ...toPc, ...alone];
}

/** The two sides of a pair merged with no common past: each field differing is decided by its owner. */
export function pairDiff(pc: SyncState, crm: SyncState): PairDiff {
  const merged = merge({ base: { partnerCenter: {}, crm: {} }, partnerCenter: pc, crm });
  return {
    toCrm: changes(merged.toCrm, crm),
    toPartnerCenter: changes(merged.toPartnerCenter, pc),
    conflicts: merged.conflicts,
  };
}

export function hasChanges(diff: PairDiff): boolean {
  return Object.keys(diff.toCrm).length > 0 || Object.keys(diff.toPartnerCenter).length > 0;
}

function changes(to: Partial<SyncState>, from: SyncState): Record<string, FieldChange> {
  const out: Record<string, FieldChange> = {};
  for (const field of syncFields) {
    if (field in to) out[field] = { from: from[field] ?? null, to: to[field] ?? null };
  }
  return out;
}

function pairItem(
  action: PlanAction,
  pair: MatchPair,
  r: ReferralRecord | undefined,
  o: OpportunityRecord | undefined,
  accepted?: boolean,
): PlannedItem | undefined {
  if (r === undefined || o === undefined) return undefined;
  const diff = pairDiff(r.state, o.state);
  return {
    action,
    referralId: pair.referralId,
    crmRecordId: pair.opportunityId,
    ...(accepted === undefined ? {} : { accepted }),
    detail: {
      name: o.state.name ?? r.state.name ?? null,
      score: pair.score,
      evidence: pair.evidence,
      // The ids each side is missing: the CRM's Referral Identifier, Partner Center's externalReferenceId.
      writes: {
        referralIdentifier: o.digest.referralId !== pair.referralId,
        externalReferenceId: r.digest.externalReferenceId !== pair.opportunityId,
      },
      diff,
      pcState: snapshotOf(r.state),
      crmState: snapshotOf(o.state),
      pcEtag: r.eTag ?? null,
      pcChangedAt: r.changedAt ?? null,
    },
  };
}

function candidateOf(pair: MatchPair): {
  referralId: string;
  opportunityId: string;
  score: number;
  evidence: readonly Evidence[];
} {
  return {
    referralId: pair.referralId,
    opportunityId: pair.opportunityId,
    score: pair.score,
    evidence: pair.evidence,
  };
}

function skipReferral(r: ReferralRecord, reason: string, extra: Record<string, unknown> = {}): PlannedItem {
  return {
    action: PlanAction.skip,
    referralId: r.digest.id,
    detail: { name: r.state.name ?? null, reason, side: 'partner-center', ...extra },
  };
}

function skipOpportunity(
  o: OpportunityRecord,
  reason: string,
  extra: Record<string, unknown> = {},
): PlannedItem {
  return {
    action: PlanAction.skip,
    crmRecordId: o.digest.id,
    detail: { name: o.state.name ?? null, reason, side: 'crm', ...extra },
  };
}

/** Whether applying the item changes anything (a proposal only when accepted). */
export function itemChanges(action: PlanAction, accepted: boolean): boolean {
  return (
    action === PlanAction.link ||
    action === PlanAction.createInCrm ||
    action === PlanAction.createInPartnerCenter ||
    (action === PlanAction.propose && accepted)
  );
}
