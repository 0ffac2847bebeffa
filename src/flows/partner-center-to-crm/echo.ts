// Design rule 4, Partner Center side: a referral whose mapped fields hash to what its link last agreed, and
// which still names the linked CRM record, carries no change for us (it is our own write coming back, or a
// change we have synced already).
import { externalIdOf } from '../../domain/referral.js';
import { syncStateOfReferral } from '../../domain/sync/from-referral.js';
import { hashState } from '../../domain/sync/sync-state.js';
import type { PcReferral } from '../../partner-center/wire.js';
import type { Link } from '../../store/links.js';

export function referralMatchesLink(ref: PcReferral, link: Link | undefined): boolean {
  return (
    link !== undefined &&
    link.pcStateHash === hashState(syncStateOfReferral(ref)) &&
    externalIdOf(ref) === link.crmRecordId
  );
}
