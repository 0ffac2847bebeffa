// Design rule 7: conflicts are decided per field, by policy. A three-way merge per field between what each
// side holds now and what each side held when the two last agreed (the link's per-side snapshots):
// - changed on one side only: copied to the other, if the field syncs that way;
// - changed on both, to different values: the field's owner wins; the losing value is reported (audited);
// - changed on neither: nothing to do, even if the sides differ (a field that syncs one way only).
// R8 and the on-hold stage are rules over the whole record, applied before any field is written.
import { isLegalTransition } from '../referral-status.js';
import { SkipReason } from './reasons.js';
import { referralStateFor } from './status-mapping.js';
import { closedStatuses, sameValue, syncFields, type SyncField, type SyncState } from './sync-state.js';

export const Side = { partnerCenter: 'partner-center', crm: 'crm' } as const;
export type Side = (typeof Side)[keyof typeof Side];

export interface FieldRule {
  /** Wins when both sides changed the field. */
  readonly owner: Side;
  readonly toCrm: boolean;
  readonly toPartnerCenter: boolean;
}
export type FieldPolicy = Readonly<Record<SyncField, FieldRule>>;

/**
 * Defaults: the CRM owns the deal's commercial data (value, currency, close date, notes, name); Partner
 * Center owns the status once Microsoft or the partner acted on it there. The old connectors synced name
 * only CRM to Partner Center; we do the same, and every other field both ways.
 */
export const defaultFieldPolicy: FieldPolicy = {
  name: { owner: Side.crm, toCrm: false, toPartnerCenter: true },
  dealValue: { owner: Side.crm, toCrm: true, toPartnerCenter: true },
  currency: { owner: Side.crm, toCrm: true, toPartnerCenter: true },
  closeDate: { owner: Side.crm, toCrm: true, toPartnerCenter: true },
  notes: { owner: Side.crm, toCrm: true, toPartnerCenter: true },
  status: { owner: Side.partnerCenter, toCrm: true, toPartnerCenter: true },
  // The old "Microsoft solutions to Partner Center" flow: the solutions are chosen in the CRM.
  solutions: { owner: Side.crm, toCrm: false, toPartnerCenter: true },
};

export interface MergeInput {
  /** The state each side held when they last agreed. */
  readonly base: { readonly partnerCenter: SyncState; readonly crm: SyncState };
  readonly partnerCenter: SyncState;
  readonly crm: SyncState;
  readonly policy?: FieldPolicy;
}

export interface Conflict {
  readonly field: SyncField;
  readonly winner: Side;
  /** The value that lost, for the audit. */
  readonly lost: SyncState[SyncField];
}

export interface Skip {
  readonly field: SyncField | '*';
  readonly direction: 'toCrm' | 'toPartnerCenter';
  readonly reason: SkipReason;
}

export interface MergeResult {
  readonly toCrm: Partial<SyncState>;
  readonly toPartnerCenter: Partial<SyncState>;
  readonly conflicts: readonly Conflict[];
  readonly skipped: readonly Skip[];
  /** The per-side snapshots to store once the writes have landed. */
  readonly next: { readonly partnerCenter: SyncState; readonly crm: SyncState };
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

export function merge(input: MergeInput): MergeResult {
  const policy = input.policy ?? defaultFieldPolicy;
  const toCrm: Mutable<Partial<SyncState>> = {};
  const toPc: Mutable<Partial<SyncState>> = {};
  const conflicts: Conflict[] = [];
  const skipped: Skip[] = [];

  for (const field of syncFields) {
    const pc = input.partnerCenter[field];
    const crm = input.crm[field];
    const pcChanged = !sameValue(pc, input.base.partnerCenter[field]);
    const crmChanged = !sameValue(crm, input.base.crm[field]);
    if (sameValue(pc, crm) || (!pcChanged && !crmChanged)) continue;
    const rule = policy[field];
    let from: Side;
    if (pcChanged && crmChanged) {
      from = rule.owner;
      conflicts.push({ field, winner: rule.owner, lost: rule.owner === Side.crm ? pc : crm });
    } else {
      from = pcChanged ? Side.partnerCenter : Side.crm;
    }
    if (from === Side.partnerCenter) {
      if (rule.toCrm) assign(toCrm, field, pc);
      else skipped.push({ field, direction: 'toCrm', reason: SkipReason.fieldNotSynced });
    } else if (rule.toPartnerCenter) {
      assign(toPc, field, crm);
    } else {
      skipped.push({ field, direction: 'toPartnerCenter', reason: SkipReason.fieldNotSynced });
    }
  }

  const pcStatus = input.partnerCenter.status;
  // R8: a referral closed in Partner Center is never reopened or overwritten from the CRM.
  if (pcStatus !== undefined && closedStatuses.includes(pcStatus)) {
    dropAll(toPc, 'toPartnerCenter', SkipReason.referralClosed, skipped);
  }
  // Edits made while the opportunity waits in the on-hold stage stay in the CRM until it is accepted.
  if (input.crm.status === 'pending' && Object.keys(toPc).length > 0) {
    dropAll(toPc, 'toPartnerCenter', SkipReason.onHold, skipped);
  }
  // A status move Partner Center does not allow (active back to new) is not sent.
  if (toPc.status !== undefined && pcStatus !== undefined) {
    const target = referralStateFor(toPc.status);
    const from = referralStateFor(pcStatus) ?? { status: 'New', substatus: 'Pending' };
    if (target === undefined || !isLegalTransition(from, target).ok) {
      delete toPc.status;
      skipped.push({ field: 'status', direction: 'toPartnerCenter', reason: SkipReason.transitionInvalid });
    }
  }

  return {
    toCrm,
    toPartnerCenter: toPc,
    conflicts,
    skipped,
    next: {
      partnerCenter: { ...input.partnerCenter, ...toPc },
      crm: { ...input.crm, ...toCrm },
    },
  };
}

function assign<F extends SyncField>(
  target: Mutable<Partial<SyncState>>,
  field: F,
  value: SyncState[F],
): void {
  (target as Record<SyncField, SyncState[SyncField]>)[field] = value;
}

function dropAll(
  target: Mutable<Partial<SyncState>>,
  direction: Skip['direction'],
  reason: SkipReason,
  skipped: Skip[],
): void {
  for (const field of Object.keys(target) as SyncField[]) {
    delete target[field];
    skipped.push({ field, direction, reason });
  }
}
