// How a referral's status and a CRM opportunity's stage meet (requirements R8, and the old connector's
// "on-hold stage" and "active stage" settings). Both sides are reduced to a CoarseStatus; writes go back
// as a Partner Center status/substatus or a CRM stage name.
import type { ReferralState } from '../referral-status.js';
import { CoarseStatus } from './sync-state.js';

/** Partner Center status/substatus to coarse: undefined for None or values we do not know. */
export function coarseStatusOfReferral(state: {
  status?: string | null;
  substatus?: string | null;
}): CoarseStatus | undefined {
  switch (state.status) {
    case 'New':
      return CoarseStatus.pending;
    case 'Active':
      return CoarseStatus.active;
    case 'Closed':
      return state.substatus === 'Won' ? CoarseStatus.won : CoarseStatus.lost;
    default:
      return undefined;
  }
}

/** What we write to Partner Center for a coarse status; pending is never written (Partner Center cannot go back to New). */
export function referralStateFor(status: CoarseStatus): ReferralState | undefined {
  switch (status) {
    case CoarseStatus.active:
      return { status: 'Active', substatus: 'Accepted' };
    case CoarseStatus.won:
      return { status: 'Closed', substatus: 'Won' };
    case CoarseStatus.lost:
      return { status: 'Closed', substatus: 'Lost' };
    case CoarseStatus.pending:
      return undefined;
  }
}

/** The stage names that carry meaning; configurable per CRM org. */
export interface StagePolicy {
  /** New, unaccepted referrals wait here; edits made while here do not sync. */
  readonly onHoldStage: string;
  /** Moving an opportunity here accepts the referral in Partner Center. */
  readonly activeStage: string;
  readonly wonStage: string;
  readonly lostStage: string;
}

export const defaultStagePolicy: StagePolicy = {
  onHoldStage: 'On Hold',
  activeStage: 'Qualification',
  wonStage: 'Closed Won',
  lostStage: 'Closed Lost',
};

export interface CrmStage {
  readonly name: string;
  readonly isClosed: boolean;
  readonly isWon: boolean;
}

export function coarseStatusOfStage(stage: CrmStage, policy: StagePolicy): CoarseStatus {
  if (stage.isClosed) return stage.isWon ? CoarseStatus.won : CoarseStatus.lost;
  if (stage.name === policy.onHoldStage) return CoarseStatus.pending;
  return CoarseStatus.active;
}

/**
 * The stage to write for a status coming from Partner Center, or undefined to leave the stage alone: an
 * accepted referral leaves an opportunity that is already being worked in whatever open stage it is in.
 */
export function stageFor(
  status: CoarseStatus,
  current: CrmStage | undefined,
  policy: StagePolicy,
): string | undefined {
  const currentStatus = current === undefined ? undefined : coarseStatusOfStage(current, policy);
  if (currentStatus === status) return undefined;
  switch (status) {
    case CoarseStatus.pending:
      return policy.onHoldStage;
    case CoarseStatus.active:
      return policy.activeStage;
    case CoarseStatus.won:
      return policy.wonStage;
    case CoarseStatus.lost:
      return policy.lostStage;
  }
}
