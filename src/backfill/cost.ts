// What applying a plan will cost in API calls, per side, from the flows' own call counts (README "API
// budget"), set against what is left of today's budget. An estimate, stated as one: a referral that changes
// while the backfill runs costs a re-read, and Partner Center's answers decide whether Microsoft is invited.
import { PlanAction } from '../store/schema.js';
import type { PlannedItem } from './planner.js';

export interface CallEstimate {
  readonly partnerCenter: number;
  readonly crm: number;
}

const perBatch = (n: number, batch: number) => (n === 0 ? 0 : Math.ceil(n / batch));

interface Writes {
  readonly referralIdentifier?: boolean;
  readonly externalReferenceId?: boolean;
}
interface DiffShape {
  readonly toCrm?: Readonly<Record<string, unknown>>;
  readonly toPartnerCenter?: Readonly<Record<string, unknown>>;
}

/** Calls to apply `items` with a CRM that takes `maxBatch` records per write request. */
export function estimateCalls(items: Iterable<PlannedItem>, maxBatch: number): CallEstimate {
  let identifierWrites = 0;
  let writeBacks = 0;
  let inbound = 0;
  let outbound = 0;
  let creates = 0;
  let shares = 0;
  for (const item of items) {
    const linking =
      item.action === PlanAction.link || (item.action === PlanAction.propose && item.accepted === true);
    if (linking) {
      const writes = (item.detail['writes'] ?? {}) as Writes;
      const diff = (item.detail['diff'] ?? {}) as DiffShape;
      if (writes.referralIdentifier === true) identifierWrites++;
      if (writes.externalReferenceId === true) writeBacks++;
      if (Object.keys(diff.toCrm ?? {}).length > 0) inbound++;
      if (Object.keys(diff.toPartnerCenter ?? {}).length > 0) outbound++;
    } else if (item.action === PlanAction.createInCrm) {
      creates++;
    } else if (item.action === PlanAction.createInPartnerCenter) {
      shares++;
    }
  }
  return {
    // Write-backs of ids: one PATCH each. A pair with differences: the inbound run reads the referral
    // (GET); the outbound run reads it again and PATCHes. A share: its POST and Microsoft's invitation.
    partnerCenter: writeBacks + creates + inbound + outbound * 2 + shares * 2,
    // Referral Identifiers in batches; an inbound run reads and writes the opportunity; an outbound run reads
    // it; creates are an upsert (lookup + write) per batch; a share reads the opportunity, its account and
    // contacts, and writes the Referral Identifier with the outcome.
    crm:
      perBatch(identifierWrites, maxBatch) +
      inbound * 2 +
      outbound +
      perBatch(creates, maxBatch) * 2 +
      shares * 4,
  };
}

export interface BudgetFit {
  readonly cap: number;
  readonly usedToday: number;
  readonly remaining: number;
  readonly needed: number;
  /** Whole UTC days the work takes at the cap, today's remainder first (1: it fits today). */
  readonly days: number;
}

export function budgetFit(cap: number, usedToday: number, needed: number): BudgetFit {
  const remaining = Math.max(0, cap - usedToday);
  const days = needed <= remaining ? 1 : 1 + Math.ceil((needed - remaining) / Math.max(1, cap));
  return { cap, usedToday, remaining, needed, days };
}
