// "CRM to Partner Center" as the `opportunity.sync` job handler: an opportunity the change feed found (or
// `cosell sync`) is read once; then, by what the store knows of it:
// - linked: echo check by state hash (zero Partner Center calls), else merge and PATCH (update.ts);
// - names a referral but has no link (a link made by hand in the CRM): adopted, nothing written;
// - new: the "Create co-sell referral" flow (create.ts), which a linked opportunity also goes back to while
//   its create is unfinished (cut short by a crash).
// Every decision is a step of the run and an audit entry; the outcome shows on the record (Audit field, ✔/✖).
import { syncedChangeOf } from '../../domain/referral.js';
import { defineHandler, type JobHandler } from '../../engine/handler.js';
import { SkipReason } from '../../domain/sync/reasons.js';
import { defaultStagePolicy } from '../../domain/sync/status-mapping.js';
import { closedStatuses, hashState } from '../../domain/sync/sync-state.js';
import { isCosellError } from '../../errors.js';
import { getLinkByCrmRecord, saveLinkSnapshots } from '../../store/links.js';
import { AuditAction, AuditDirection } from '../../store/schema.js';
import { FlowName } from '../registry.js';
import { auditedErrors } from '../partner-center-to-crm/context.js';
import { mappingVersion } from '../partner-center-to-crm/job.js';
import { CrmOrgFacts } from '../partner-center-to-crm/org-facts.js';
import { snapshotOf, syncStateOfOpportunity } from '../partner-center-to-crm/states.js';
import { syncStateOfReferral } from '../../domain/sync/from-referral.js';
import {
  getReferralCounted,
  type CrmOpportunity,
  type CrmToPartnerCenterDeps,
  type OutboundContext,
  type OutboundSkipFn,
} from './context.js';
import { createCoSellReferral, createInterrupted } from './create.js';
import { parseOpportunitySyncPayload, type OpportunitySyncPayload } from './job.js';
import { showOutcomeOnRecord, showsOwnOutcome } from './record-outcome.js';
import { skippedOutcome, updateReferralFromCrm } from './update.js';

export function crmToPartnerCenterHandler(deps: CrmToPartnerCenterDeps): JobHandler<OpportunitySyncPayload> {
  const orgFacts = deps.orgFacts ?? new CrmOrgFacts(deps.crm);
  const policy = deps.stagePolicy ?? defaultStagePolicy;
  const locale = deps.locale ?? 'en';
  return defineHandler<OpportunitySyncPayload>({
    flow: FlowName.crmToPartnerCenter,
    parse: parseOpportunitySyncPayload,
    async run(job) {
      const crmRecordId = job.payload.crmRecordId;
      const ctx: OutboundContext = { deps, job, crmRecordId, policy, orgFacts, locale };
      const run = job.run;
      const crmSystem = deps.crm.capabilities.system;
      const skip: OutboundSkipFn = (reason, referralId, detail) => {
        run.audit({
          referralId,
          crmSystem,
          crmRecordId,
          direction: AuditDirection.toPartnerCenter,
          action: AuditAction.skipped,
          reasonCode: reason,
          fieldDiff: detail,
          mappingVersion,
        });
        return { skipped: reason };
      };

      let opportunity: CrmOpportunity | undefined;
      let referralId: string | undefined;
      try {
        opportunity = await run.step('read-opportunity', async (step) => {
          const [found] = await deps.crm.getOpportunities([crmRecordId]);
          if (found === undefined) step.skip(SkipReason.crmRecordMissing);
          return found;
        });
        if (opportunity === undefined) return skip(SkipReason.crmRecordMissing);
        if (!opportunity.syncWithPartnerCenter) return skip(SkipReason.syncDisabled, opportunity.referralId);
        const crmState = syncStateOfOpportunity(opportunity, policy);
        const link = await run.step('read-link', () => getLinkByCrmRecord(deps.db, crmSystem, crmRecordId));
        referralId = link?.referralId ?? opportunity.referralId;

        if (link !== undefined) {
          // A create cut short after its referral existed is finished before anything else (create.ts).
          if (await createInterrupted(deps.db, crmSystem, crmRecordId)) {
            return await createCoSellReferral(ctx, opportunity, crmState, link);
          }
          const echo = await run.step('echo-check', (step) => {
            const isEcho = link.crmStateHash === hashState(crmState);
            step.detail({ hash: hashState(crmState) });
            if (isEcho) step.skip(SkipReason.echo);
            return isEcho;
          });
          if (echo) return skip(SkipReason.echo, link.referralId);
          return await updateReferralFromCrm(ctx, opportunity, crmState, link, skip);
        }

        if (opportunity.referralId !== undefined) {
          return await adopt(ctx, opportunity, opportunity.referralId, skip);
        }
        // A deal closed before it was ever shared is not sent as a new referral (nor reopened, R8).
        if (crmState.status !== undefined && closedStatuses.includes(crmState.status)) {
          return skip(SkipReason.opportunityClosed);
        }
        return await createCoSellReferral(ctx, opportunity, crmState);
      } catch (error) {
        if (typeof error === 'object' && error !== null && auditedErrors.has(error)) throw error;
        const code = isCosellError(error) ? error.code : 'INTERNAL';
        run.audit({
          referralId,
          crmSystem,
          crmRecordId,
          direction: AuditDirection.toPartnerCenter,
          // A limit reached (a daily budget, Retry-After) puts the work back until it may run: deferred,
          // not failed, and nothing is lost.
          action: isCosellError(error) && error.retry === 'after' ? AuditAction.deferred : AuditAction.failed,
          reasonCode: code,
          mappingVersion,
        });
        if (opportunity !== undefined && isCosellError(error)) {
          await showOutcomeOnRecord(ctx, opportunity, { ok: false, key: 'sync.record.failed', error });
        }
        throw error;
      }
    },
  });
}

/**
 * The opportunity names a referral (its Referral Identifier) but no link exists: linked as both sides are now,
 * so later changes on either side sync. A referral Partner Center does not have is skipped and audited.
 */
async function adopt(
  ctx: OutboundContext,
  opportunity: CrmOpportunity,
  referralId: string,
  skip: OutboundSkipFn,
) {
  const { deps, job } = ctx;
  // Our own "referral missing" text coming back through the change feed: nothing changed since, no call.
  if (await showsOwnOutcome(ctx, opportunity, skippedOutcome(SkipReason.referralMissing, referralId)))
    return { skipped: SkipReason.echo };
  const ref = await job.run.step('read-referral', async (step) => {
    try {
      return await getReferralCounted(ctx, referralId);
    } catch (error) {
      if (isCosellError(error) && error.code === 'PC_NOT_FOUND') {
        step.skip(SkipReason.referralMissing);
        return undefined;
      }
      throw error;
    }
  });
  if (ref === undefined) {
    await showOutcomeOnRecord(ctx, opportunity, skippedOutcome(SkipReason.referralMissing, referralId));
    return skip(SkipReason.referralMissing, referralId);
  }
  const pcState = syncStateOfReferral(ref);
  const crmState = syncStateOfOpportunity(opportunity, ctx.policy);
  await job.run.step('save-link', () =>
    saveLinkSnapshots(deps.db, {
      referralId,
      crmSystem: deps.crm.capabilities.system,
      crmRecordId: opportunity.id,
      mappingVersion,
      pcSnapshot: snapshotOf(pcState),
      pcStateHash: hashState(pcState),
      pcEtag: ref.eTag ?? null,
      pcChangeSeenAt: syncedChangeOf(ref, opportunity.id),
      crmSnapshot: snapshotOf(crmState),
      crmStateHash: hashState(crmState),
      syncedAt: job.now(),
    }),
  );
  job.run.audit({
    referralId,
    crmSystem: deps.crm.capabilities.system,
    crmRecordId: opportunity.id,
    direction: AuditDirection.toPartnerCenter,
    action: AuditAction.updated,
    fieldDiff: { linked: { from: null, to: referralId } },
    mappingVersion,
  });
  return undefined;
}
