// The last outcome, shown on the CRM record itself: the Audit field's text and the ✔/✖ name marker. Written
// only when it differs from what the record shows (no call otherwise); a failure to write it is logged, never
// the run's failure: the run and the audit already hold the outcome.
import { withNameMarker } from '../../domain/sync/name-marker.js';
import type { CrmOpportunity, CrmOpportunityFields } from '../../crm/adapter.js';
import type { SkipReason } from '../../domain/sync/reasons.js';
import type { CosellError } from '../../errors.js';
import { describeError, t, type MessageKey, type Params } from '../../i18n/index.js';
import { RunTrigger } from '../../store/schema.js';
import type { OutboundContext } from './context.js';

/** Salesforce text fields hold 255 characters; longer texts are cut with an ellipsis. */
const maxAuditText = 255;

export interface RecordOutcome {
  readonly ok: boolean;
  readonly key: MessageKey;
  readonly params?: Params | undefined;
  /** Rendered into the `reason` parameter in the record's language. */
  readonly reason?: SkipReason | undefined;
  /** Rendered into the `message` and `fix` parameters in the record's language. */
  readonly error?: Pick<CosellError, 'code' | 'params'> | undefined;
}

export function outcomeFields(
  ctx: Pick<OutboundContext, 'locale' | 'deps'>,
  opportunity: Pick<CrmOpportunity, 'name' | 'auditText'>,
  outcome: RecordOutcome,
): Partial<CrmOpportunityFields> {
  const params: Record<string, string | number> = { ...outcome.params };
  if (outcome.reason !== undefined) params['reason'] = t(ctx.locale, `reasons.${outcome.reason}`);
  if (outcome.error !== undefined) {
    const described = describeError(ctx.locale, outcome.error);
    params['message'] = described.message;
    params['fix'] = described.fix;
  }
  let text = t(ctx.locale, outcome.key, params);
  if (text.length > maxAuditText) text = `${text.slice(0, maxAuditText - 1)}…`;
  const fields: { auditText?: string; name?: string } = {};
  if (text !== opportunity.auditText) fields.auditText = text;
  if (ctx.deps.nameMarker !== false) {
    const name = withNameMarker(opportunity.name, outcome.ok);
    if (name !== opportunity.name) fields.name = name;
  }
  return fields;
}

/**
 * Whether the record shows `outcome` exactly, as we last wrote it, and was last changed by us: the change
 * feed brought our own write back. Never for a sync asked for by hand or a resubmit.
 */
export async function showsOwnOutcome(
  ctx: OutboundContext,
  opportunity: Pick<CrmOpportunity, 'name' | 'auditText' | 'lastModifiedById'>,
  outcome: RecordOutcome,
): Promise<boolean> {
  const trigger = ctx.job.job.trigger;
  if (trigger === RunTrigger.manual || trigger === RunTrigger.resubmit) return false;
  if (opportunity.lastModifiedById === undefined) return false;
  if (Object.keys(outcomeFields(ctx, opportunity, outcome)).length > 0) return false;
  return opportunity.lastModifiedById.toLowerCase() === (await ctx.orgFacts.ownUserId());
}

export async function showOutcomeOnRecord(
  ctx: OutboundContext,
  opportunity: Pick<CrmOpportunity, 'id' | 'name' | 'auditText'>,
  outcome: RecordOutcome,
): Promise<void> {
  const fields = outcomeFields(ctx, opportunity, outcome);
  if (Object.keys(fields).length === 0) return;
  try {
    await ctx.job.run.step('show-outcome', async (step) => {
      const [result] = await ctx.deps.crm.updateOpportunities([{ id: opportunity.id, fields }]);
      step.detail({ fields: Object.keys(fields) });
      if (result !== undefined && !result.ok) throw result.error;
    });
  } catch (error) {
    ctx.job.logger.warn(
      { err: error, crmRecordId: opportunity.id },
      'could not show the outcome on the record',
    );
  }
}
