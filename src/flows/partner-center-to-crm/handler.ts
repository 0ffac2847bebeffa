// "Partner Center to CRM" (with its Helper) as the `referral.sync` job handler. Every decision is a step of
// the run and an audit entry (design rule 9); writes are diff-only (rule 5) and keyed on the referral id
// (rule 2); a referral whose mapped fields hash to what the link last agreed is an echo (rule 4).
import { defineHandler, type JobHandler } from '../../engine/handler.js';
import { isMicrosoftSide } from '../../domain/referral.js';
import { isCosellError } from '../../errors.js';
import { syncStateOfReferral } from '../../domain/sync/from-referral.js';
import { SkipReason } from '../../domain/sync/reasons.js';
import { defaultStagePolicy } from '../../domain/sync/status-mapping.js';
import { closedStatuses, hashState } from '../../domain/sync/sync-state.js';
import { getLinkByReferral } from '../../store/links.js';
import { AuditAction, AuditDirection } from '../../store/schema.js';
import { engagementLane, microsoftReferralSyncKind } from '../microsoft-referral-updates/index.js';
import { FlowName } from '../registry.js';
import {
  auditedErrors,
  getReferralCounted,
  type FlowContext,
  type PartnerCenterToCrmDeps,
  type SkipFn,
} from './context.js';
import { createLinked, writeBackCrmId } from './create.js';
import { mappingVersion, parseReferralSyncPayload, type ReferralSyncPayload } from './job.js';
import { CrmOrgFacts } from './org-facts.js';
import { updateLinked } from './update.js';
import { referralMatchesLink } from './echo.js';

export function partnerCenterToCrmHandler(deps: PartnerCenterToCrmDeps): JobHandler<ReferralSyncPayload> {
  const orgFacts = deps.orgFacts ?? new CrmOrgFacts(deps.crm);
  const policy = deps.stagePolicy ?? defaultStagePolicy;
  return defineHandler<ReferralSyncPayload>({
    flow: FlowName.partnerCenterToCrm,
    parse: parseReferralSyncPayload,
    async run(job) {
      const referralId = job.payload.referralId;
      const ctx: FlowContext = { deps, job, referralId, policy, orgFacts };
      const run = job.run;
      const crmSystem = deps.crm.capabilities.system;
      const skip: SkipFn = (reason, crmRecordId, detail) => {
        run.audit({
          referralId,
          crmSystem,
          crmRecordId,
          direction: AuditDirection.toCrm,
          action: AuditAction.skipped,
          reasonCode: reason,
          fieldDiff: detail,
          mappingVersion,
        });
        return { skipped: reason };
      };

      try {
        const link = await run.step('read-link', () => getLinkByReferral(deps.db, referralId));
        // Events about changes the link already accounts for (the echo of our own write whose webhook came
        // in before we noted it) need no read: the inbox usually settles them, this catches the race.
        const stale = await run.step('stale-check', (step) => {
          const changedAt = job.payload.changedAt;
          const seen = link?.pcSeenChangeAt;
          const isStale = changedAt !== undefined && seen != null && Date.parse(changedAt) <= seen.getTime();
          step.detail({ changedAt: changedAt ?? null, seen: seen?.toISOString() ?? null });
          if (isStale) step.skip(SkipReason.echo);
          return isStale;
        });
        if (stale && link !== undefined) return skip(SkipReason.echo, link.crmRecordId);
        const ref = await run.step('read-referral', () => getReferralCounted(ctx));
        const pcState = syncStateOfReferral(ref);

        const echo = await run.step('echo-check', (step) => {
          const isEcho = referralMatchesLink(ref, link);
          step.detail({ hash: hashState(pcState), linked: link !== undefined });
          if (isEcho) step.skip(SkipReason.echo);
          return isEcho;
        });
        if (echo && link !== undefined) return skip(SkipReason.echo, link.crmRecordId);

        if (link !== undefined) {
          const result = await updateLinked(ctx, ref, pcState, link, skip);
          // A write-back that failed after the link was stored is finished here (R8).
          if (result?.skipped !== SkipReason.crmRecordMissing) {
            await writeBackCrmId(ctx, ref, link.crmRecordId);
          }
          return result;
        }

        // Microsoft's referral in a co-sell (the one we invite Microsoft with, or Microsoft's own record) is
        // the other side of a deal whose partner referral syncs, not a deal of its own: the "Microsoft co-sell
        // referral updates" flow shows it on that deal's opportunity.
        if (isMicrosoftSide(ref)) {
          if (ref.engagementId) {
            await job.enqueueCoalesced({
              kind: microsoftReferralSyncKind,
              laneKey: engagementLane(ref.engagementId),
              payload: { referralId, engagementId: ref.engagementId },
              windowMs: 0,
            });
          }
          return skip(SkipReason.microsoftSide);
        }

        // R8: a referral closed in Partner Center before it was ever synced is not created in the CRM: a
        // won or lost deal opened as a new opportunity would be noise, and Partner Center never reopens it.
        if (pcState.status !== undefined && closedStatuses.includes(pcState.status)) {
          return skip(SkipReason.referralClosed);
        }
        return await createLinked(ctx, ref, pcState, skip);
      } catch (error) {
        if (typeof error === 'object' && error !== null && auditedErrors.has(error)) throw error;
        const code = isCosellError(error) ? error.code : 'INTERNAL';
        run.audit({
          referralId,
          crmSystem,
          direction: AuditDirection.toCrm,
          // A limit reached (a daily budget, Retry-After) puts the work back until it may run: deferred,
          // not failed, and nothing is lost.
          action: isCosellError(error) && error.retry === 'after' ? AuditAction.deferred : AuditAction.failed,
          reasonCode: code,
          mappingVersion,
        });
        throw error;
      }
    },
  });
}
