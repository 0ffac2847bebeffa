// "Microsoft co-sell referral updates to CRM": Microsoft's side of a co-sell is a referral of its own in the
// same engagement (related referrals share `engagementId`; docs/remote-apis.md). When it changes, the
// partner's referral in that engagement is found with one list call, and its linked opportunity shows
// Microsoft's referral: its id in "Microsoft CRM Identifier" and Microsoft's status in the Audit field.
// Written only when something differs (diff-only, design rule 5); every decision audited.
import type { CrmOpportunityFields } from '../../crm/adapter.js';
import { SkipReason } from '../../domain/sync/reasons.js';
import { defineHandler, type JobHandler } from '../../engine/handler.js';
import { t, type Locale } from '../../i18n/index.js';
import { getLinksByReferrals } from '../../store/links.js';
import { AuditAction, AuditDirection } from '../../store/schema.js';
import { partnerCenterSystem, type PartnerCenterToCrmDeps } from '../partner-center-to-crm/context.js';
import { mappingVersion } from '../partner-center-to-crm/job.js';
import { FlowName } from '../registry.js';
import { isMicrosoftSide } from '../../domain/referral.js';
import { parseMicrosoftReferralPayload, type MicrosoftReferralPayload } from './job.js';

export interface MicrosoftReferralUpdatesDeps extends PartnerCenterToCrmDeps {
  readonly locale?: Locale | undefined;
}

export function microsoftReferralUpdatesHandler(
  deps: MicrosoftReferralUpdatesDeps,
): JobHandler<MicrosoftReferralPayload> {
  const locale = deps.locale ?? 'en';
  return defineHandler<MicrosoftReferralPayload>({
    flow: FlowName.microsoftReferralUpdatesToCrm,
    parse: parseMicrosoftReferralPayload,
    async run(job) {
      const { referralId, engagementId } = job.payload;
      const run = job.run;
      const crmSystem = deps.crm.capabilities.system;
      const engagement = await run.step('read-engagement', async (step) => {
        run.countCall(partnerCenterSystem);
        const page = await deps.partnerCenter.listPage(
          { filter: `engagementId eq '${engagementId}'` },
          job.signal,
        );
        step.detail({ referrals: page.referrals.length });
        return page.referrals;
      });
      const microsoft = engagement.find((r) => r.id === referralId);
      const ours = engagement.filter((r) => !isMicrosoftSide(r)).map((r) => r.id);
      const links = await run.step('read-links', () => getLinksByReferrals(deps.db, ours));
      const link = links[0];
      if (microsoft === undefined || link === undefined) {
        run.audit({
          referralId,
          crmSystem,
          direction: AuditDirection.toCrm,
          action: AuditAction.skipped,
          reasonCode: SkipReason.microsoftSide,
          mappingVersion,
        });
        return { skipped: SkipReason.microsoftSide };
      }
      const [opportunity] = await run.step('read-opportunity', () =>
        deps.crm.getOpportunities([link.crmRecordId]),
      );
      if (opportunity === undefined) {
        run.audit({
          referralId: link.referralId,
          crmSystem,
          crmRecordId: link.crmRecordId,
          direction: AuditDirection.toCrm,
          action: AuditAction.skipped,
          reasonCode: SkipReason.crmRecordMissing,
          mappingVersion,
        });
        return { skipped: SkipReason.crmRecordMissing };
      }
      const status = `${microsoft.status ?? 'None'}/${microsoft.substatus ?? 'None'}`;
      const auditText = t(locale, 'sync.record.microsoft', { referralId: microsoft.id, status });
      const fields: Partial<CrmOpportunityFields> = {
        ...(opportunity.microsoftCrmId !== microsoft.id ? { microsoftCrmId: microsoft.id } : {}),
        ...(opportunity.auditText !== auditText ? { auditText } : {}),
      };
      if (Object.keys(fields).length === 0) {
        run.audit({
          referralId: link.referralId,
          crmSystem,
          crmRecordId: link.crmRecordId,
          direction: AuditDirection.toCrm,
          action: AuditAction.skipped,
          reasonCode: SkipReason.noChange,
          mappingVersion,
        });
        return { skipped: SkipReason.noChange };
      }
      await run.step('update-opportunity', async (step) => {
        const [result] = await deps.crm.updateOpportunities([{ id: link.crmRecordId, fields }]);
        step.detail({ fields: Object.keys(fields) });
        if (result !== undefined && !result.ok) throw result.error;
      });
      run.audit({
        referralId: link.referralId,
        crmSystem,
        crmRecordId: link.crmRecordId,
        direction: AuditDirection.toCrm,
        action: AuditAction.updated,
        fieldDiff: {
          microsoftReferral: { from: opportunity.microsoftCrmId ?? null, to: microsoft.id },
          microsoftStatus: { from: null, to: status },
        },
        mappingVersion,
      });
      return undefined;
    },
  });
}
