// "Microsoft co-sell referral updates to CRM": Microsoft's side of our co-sells, shown on the opportunity.
export { microsoftReferralUpdatesHandler, type MicrosoftReferralUpdatesDeps } from './handler.js';
export { engagementLane, microsoftReferralSyncKind, type MicrosoftReferralPayload } from './job.js';
