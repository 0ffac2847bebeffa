// "CRM to Partner Center" (with "Create co-sell referral" and opportunity updates): CRM change feed ->
// `opportunity.sync` jobs -> Partner Center referrals.
export { changeFeedCursorName, pollCrmChanges, type PollResult } from './change-feed.js';
export { type CrmToPartnerCenterDeps } from './context.js';
export { crmToPartnerCenterHandler } from './handler.js';
export { opportunityLane, opportunitySyncKind, type OpportunitySyncPayload } from './job.js';
export { patchOperations } from './patch.js';
