// "Create co-sell referral": an opportunity with "Sync with Partner Center" on and no referral yet. It is
// checked first (R2, R3, R6, R7, P4: each failure a coded error on the record and in the audit), then created
// as a Shared referral targeting our solution, with Microsoft's referral in the same engagement when help is
// asked. The referral id goes into the opportunity's Referral Identifier and the link is stored.
//
// Idempotent (design rule 2) without an idempotency key on Partner Center's side: an intent is stored before
// each POST; a rerun that finds it looks for the referral the first attempt may have created (the partner's
// referral with the same externalReferenceId, or Microsoft's in the same engagement) before posting again.
// The intents are removed only when the create is complete. A rerun that finds the opportunity linked while
// an intent is still there (cut short after the link, or the inbound flow adopted the new referral first)
// finishes the create on the linked referral: Microsoft's invitation, the Referral Identifier, the outcome.
import { externalIdOf, isMicrosoftSide, syncedChangeOf } from '../../domain/referral.js';
import { validateReferralForSharing } from '../../domain/validation/index.js';
import { syncStateOfReferral } from '../../domain/sync/from-referral.js';
import { SkipReason } from '../../domain/sync/reasons.js';
import { hashState, type SyncState } from '../../domain/sync/sync-state.js';
import type { JobResult } from '../../engine/outcome.js';
import type { PcReferral } from '../../partner-center/wire.js';
import { deleteCursor, getCursor, setCursor } from '../../store/cursors.js';
import type { Db } from '../../store/db.js';
import { saveLinkSnapshots, type Link } from '../../store/links.js';
import { AuditAction, AuditDirection } from '../../store/schema.js';
import { auditedErrors, partnerCenterSystem, validationError } from '../partner-center-to-crm/context.js';
import { mappingVersion } from '../partner-center-to-crm/job.js';
import { snapshotOf } from '../partner-center-to-crm/states.js';
import { getReferralCounted, type CrmOpportunity, type OutboundContext } from './context.js';
import { outcomeFields, showOutcomeOnRecord, showsOwnOutcome } from './record-outcome.js';
import {
  coSellReferralBody,
  draftOfOpportunity,
  microsoftReferralBody,
  type OpportunityParts,
} from './referral-body.js';

/** How far before a stored intent a rerun looks for a referral the first attempt created. */
const intentSlackMs = 5 * 60_000;

export async function createCoSellReferral(
  ctx: OutboundContext,
  opportunity: CrmOpportunity,
  crmState: SyncState,
  /** The link of a create that was cut short after its referral existed: finish it on that referral. */
  interrupted?: Link,
): Promise<JobResult> {
  const { deps, job, orgFacts } = ctx;
  const run = job.run;
  const crm = deps.crm;
  const crmSystem = crm.capabilities.system;

  const parts: OpportunityParts = await run.step('read-customer', async () => {
    const [accounts, contacts] = await Promise.all([
      opportunity.accountId === undefined ? [] : crm.getAccounts([opportunity.accountId]),
      crm.getContactsOfOpportunity(opportunity.id),
    ]);
    return { opportunity, state: crmState, account: accounts[0], contacts };
  });

  // A finished referral was checked before it was created.
  if (interrupted === undefined) {
    const alreadyShown = await run.step('validate', async (step) => {
      const failures = validateReferralForSharing(draftOfOpportunity(parts), {
        enabledCurrencies: await orgFacts.enabledCurrencies(),
      });
      step.detail({ failures: failures.map((f) => f.code) });
      const first = failures[0];
      if (first === undefined) return false;
      const error = validationError(first);
      const outcome = { ok: false, key: 'sync.record.failed', error } as const;
      // Our own ✖ and Audit text coming back through the change feed: the record already shows this very
      // failure and nobody touched it since we wrote it, so there is nothing to audit twice. A person's save
      // (or a sync asked for by hand) is audited again, whatever it changed.
      if (await showsOwnOutcome(ctx, opportunity, outcome)) {
        step.skip(SkipReason.echo);
        return true;
      }
      run.audit({
        crmSystem,
        crmRecordId: opportunity.id,
        direction: AuditDirection.toPartnerCenter,
        action: AuditAction.failed,
        reasonCode: first.code,
        // The name lets the console list a record that never synced by what people call it.
        fieldDiff: {
          name: crmState.name,
          failures: failures.map((f) => ({ code: f.code, field: f.field, params: f.params })),
        },
        mappingVersion,
      });
      await showOutcomeOnRecord(ctx, opportunity, outcome);
      auditedErrors.add(error);
      throw error;
    });
    if (alreadyShown) return { skipped: SkipReason.echo };
  }

  const own =
    interrupted !== undefined
      ? await run.step('read-referral', () => getReferralCounted(ctx, interrupted.referralId))
      : await createOwnReferral(ctx, parts);

  if (opportunity.helpRequested !== undefined && own.engagementId) {
    const engagementId = own.engagementId;
    await run.step('invite-microsoft', async (step) => {
      const intent = createIntentName(crmSystem, opportunity.id, 'microsoft');
      const found = await findCreated(
        ctx,
        intent,
        (r) => r.id !== own.id && isMicrosoftSide(r),
        `engagementId eq '${engagementId}'`,
      );
      step.detail({ replayed: found !== undefined });
      if (found !== undefined) return;
      await setCursor(deps.db, intent, job.now().toISOString(), job.now());
      run.countCall(partnerCenterSystem);
      await deps.partnerCenter.createReferral(microsoftReferralBody(parts, engagementId), job.signal);
    });
  }

  const pcState = syncStateOfReferral(own);
  await run.step('save-link', () =>
    saveLinkSnapshots(deps.db, {
      referralId: own.id,
      crmSystem,
      crmRecordId: opportunity.id,
      mappingVersion,
      pcSnapshot: snapshotOf(pcState),
      pcStateHash: hashState(pcState),
      pcEtag: own.eTag ?? null,
      pcChangeSeenAt: syncedChangeOf(own, opportunity.id),
      crmSnapshot: snapshotOf(crmState),
      crmStateHash: hashState(crmState),
      syncedAt: job.now(),
    }),
  );

  // The Referral Identifier makes the opportunity's link visible in the CRM, and the outcome shows on it; one
  // write for both.
  await run.step('write-referral-id', async () => {
    const fields = {
      referralId: own.id,
      ...outcomeFields(ctx, opportunity, {
        ok: true,
        key: 'sync.record.created',
        params: { referralId: own.id },
      }),
    };
    const [result] = await crm.updateOpportunities([{ id: opportunity.id, fields }]);
    if (result !== undefined && !result.ok) throw result.error;
  });
  await Promise.all(
    (['own', 'microsoft'] as const).map((side) =>
      deleteCursor(deps.db, createIntentName(crmSystem, opportunity.id, side)),
    ),
  );

  run.audit({
    referralId: own.id,
    crmSystem,
    crmRecordId: opportunity.id,
    direction: AuditDirection.toPartnerCenter,
    action: AuditAction.created,
    fieldDiff: snapshotOf(pcState),
    mappingVersion,
  });
  return undefined;
}

/** The partner's own Shared referral: found again after an interrupted attempt, else posted. */
function createOwnReferral(ctx: OutboundContext, parts: OpportunityParts): Promise<PcReferral> {
  const { deps, job } = ctx;
  const opportunity = parts.opportunity;
  return job.run.step('create-referral', async (step) => {
    const intent = createIntentName(deps.crm.capabilities.system, opportunity.id, 'own');
    // Microsoft's referral in the engagement names the opportunity too: it is not the partner's.
    const found = await findCreated(
      ctx,
      intent,
      (r) => externalIdOf(r) === opportunity.id && !isMicrosoftSide(r),
    );
    step.detail({ replayed: found !== undefined });
    if (found !== undefined) return found;
    await setCursor(deps.db, intent, job.now().toISOString(), job.now());
    job.run.countCall(partnerCenterSystem);
    return deps.partnerCenter.createReferral(coSellReferralBody(parts), job.signal);
  });
}

/** Whether a create for this opportunity was started and not finished (its intent is still stored). */
export async function createInterrupted(db: Db, system: string, crmRecordId: string): Promise<boolean> {
  return (await getCursor(db, createIntentName(system, crmRecordId, 'own'))) !== undefined;
}

export function createIntentName(system: string, crmRecordId: string, side: 'own' | 'microsoft'): string {
  return `create-intent.${system}.${crmRecordId}.${side}`;
}

/**
 * After an interrupted attempt (an intent is stored), the referral it may have created: listed by update time
 * from just before the intent (or in the engagement), newest first. Without an intent, no call is made.
 */
async function findCreated(
  ctx: OutboundContext,
  intent: string,
  matches: (ref: PcReferral) => boolean,
  filter?: string,
): Promise<PcReferral | undefined> {
  const since = await getCursor(ctx.deps.db, intent);
  if (since === undefined) return undefined;
  const from = new Date(Date.parse(since) - intentSlackMs).toISOString();
  for await (const page of ctx.deps.partnerCenter.listAll(
    { filter: filter ?? `updatedDateTime ge ${from}`, orderby: 'createdDateTime desc', top: 100 },
    ctx.job.signal,
  )) {
    ctx.job.run.countCall(partnerCenterSystem);
    const found = page.find(matches);
    if (found !== undefined) return found;
  }
  return undefined;
}
