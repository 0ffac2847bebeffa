// A Partner Center referral as a SyncState (the fields that sync once linked).
import type { PcReferral } from '../../partner-center/wire.js';
import { solutionIdsOf } from '../referral.js';
import { coarseStatusOfReferral } from './status-mapping.js';
import { canonicalState, type SyncState } from './sync-state.js';

export function syncStateOfReferral(ref: PcReferral): SyncState {
  const details = ref.details;
  return canonicalState({
    name: ref.name,
    dealValue: details?.dealValue ?? undefined,
    currency: details?.currency,
    closeDate: details?.closingDateTime,
    notes: details?.notes,
    status: coarseStatusOfReferral({ status: ref.status ?? null, substatus: ref.substatus ?? null }),
    solutions: solutionIdsOf(ref),
  });
}
