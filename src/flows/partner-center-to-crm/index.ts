// "Partner Center to CRM" (with its Helper): inbox events -> `referral.sync` jobs -> CRM opportunities.
export { type PartnerCenterToCrmDeps } from './context.js';
export { enqueueFromInbox, referralEventNames, type EnqueueFromInboxOptions } from './enqueue.js';
export { partnerCenterToCrmHandler } from './handler.js';
export { mappingVersion, referralLane, referralSyncKind, type ReferralSyncPayload } from './job.js';
export { CrmOrgFacts } from './org-facts.js';
export {
  reconcileReferrals,
  reconcileCursorName,
  reconciledEventName,
  type ReconcileResult,
} from './reconcile.js';
export { referralMatchesLink } from './echo.js';
