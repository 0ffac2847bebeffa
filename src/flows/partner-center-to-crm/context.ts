// What the handler's paths share: dependencies, the per-job context, and a few helpers.
import type { CrmAdapter } from '../../crm/adapter.js';
import type { JobContext } from '../../engine/handler.js';
import type { SkipReason } from '../../domain/sync/reasons.js';
import type { StagePolicy } from '../../domain/sync/status-mapping.js';
import type { RuleFailure } from '../../domain/validation/index.js';
import { CosellError, type ErrorCode, type ErrorParams } from '../../errors.js';
import type { PartnerCenterClient } from '../../partner-center/client.js';
import type { PcReferral } from '../../partner-center/wire.js';
import type { Db } from '../../store/db.js';
import type { ReferralSyncPayload } from './job.js';
import type { CrmOrgFacts } from './org-facts.js';
import type { Locale } from '../../i18n/index.js';

export const partnerCenterSystem = 'partner-center';

export interface PartnerCenterToCrmDeps {
  readonly db: Db;
  readonly partnerCenter: PartnerCenterClient;
  readonly crm: CrmAdapter;
  readonly stagePolicy?: StagePolicy | undefined;
  /** Owner of opportunities whose referral team maps to no CRM user (P4); else the CRM's default. */
  readonly defaultOwnerId?: string | undefined;
  /** Shared across jobs so set-up data (currencies, users) is read once per while, not per referral. */
  readonly orgFacts?: CrmOrgFacts | undefined;
  /** The language of the Audit field text written on the CRM record; default English. */
  readonly locale?: Locale | undefined;
  /** ✔/✖ before the opportunity's name, showing the last outcome; default on. */
  readonly nameMarker?: boolean | undefined;
}

export interface FlowContext {
  readonly deps: PartnerCenterToCrmDeps;
  readonly job: JobContext<ReferralSyncPayload>;
  readonly referralId: string;
  readonly policy: StagePolicy;
  readonly orgFacts: CrmOrgFacts;
}

/** Audits a skip and returns the job result saying so. */
export type SkipFn = (reason: SkipReason, crmRecordId?: string, detail?: unknown) => { skipped: SkipReason };

/** GET the referral, counted against the run (the Partner Center client does not count by itself). */
export function getReferralCounted(ctx: FlowContext): Promise<PcReferral> {
  ctx.job.run.countCall(partnerCenterSystem);
  return ctx.deps.partnerCenter.getReferral(ctx.referralId, ctx.job.signal);
}

/** A rule failure as the error the run fails with: its catalogue code, status and retry class ('never'). */
export function validationError(failure: RuleFailure): CosellError {
  const make = CosellError as unknown as new (code: ErrorCode, params: ErrorParams) => CosellError;
  return new make(failure.code, failure.params);
}

/** Errors whose audit entry the flow wrote already (validation lists every failure in it). */
export const auditedErrors = new WeakSet<object>();
