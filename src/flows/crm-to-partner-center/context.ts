// What the outbound flow's paths share: dependencies, the per-job context, and Partner Center reads counted
// against the run.
import type { CrmOpportunity } from '../../crm/adapter.js';
import type { JobContext } from '../../engine/handler.js';
import type { SkipReason } from '../../domain/sync/reasons.js';
import type { StagePolicy } from '../../domain/sync/status-mapping.js';
import type { Locale } from '../../i18n/index.js';
import type { PcReferral } from '../../partner-center/wire.js';
import type { PartnerCenterToCrmDeps } from '../partner-center-to-crm/context.js';
import { partnerCenterSystem } from '../partner-center-to-crm/context.js';
import type { CrmOrgFacts } from '../partner-center-to-crm/org-facts.js';
import type { OpportunitySyncPayload } from './job.js';

export type CrmToPartnerCenterDeps = PartnerCenterToCrmDeps;

export interface OutboundContext {
  readonly deps: CrmToPartnerCenterDeps;
  readonly job: JobContext<OpportunitySyncPayload>;
  readonly crmRecordId: string;
  readonly policy: StagePolicy;
  readonly orgFacts: CrmOrgFacts;
  readonly locale: Locale;
}

/** Audits a skip (outbound direction) and returns the job result saying so. */
export type OutboundSkipFn = (
  reason: SkipReason,
  referralId?: string,
  detail?: unknown,
) => { skipped: SkipReason };

export function getReferralCounted(ctx: OutboundContext, referralId: string): Promise<PcReferral> {
  ctx.job.run.countCall(partnerCenterSystem);
  return ctx.deps.partnerCenter.getReferral(referralId, ctx.job.signal);
}

export type { CrmOpportunity };
