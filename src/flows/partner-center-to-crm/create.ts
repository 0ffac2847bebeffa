// A referral with no link: checks, one upsert (the Helper), the link with both snapshots, and the CRM id
// written back to Partner Center (R8). Warm, a new referral costs 2 Partner Center calls (GET, PATCH) and
// 2 CRM calls (the upsert's lookup and its write).
import {
  checkContact,
  checkCountry,
  checkCurrency,
  type RuleFailure,
} from '../../domain/validation/index.js';
import { checkCloseDate, checkDealValue } from '../../domain/validation/index.js';
import { changedAtOf, draftFromPcReferral, externalIdOf, syncedChangeOf } from '../../domain/referral.js';
import { SkipReason } from '../../domain/sync/reasons.js';
import { hashState, type SyncState } from '../../domain/sync/sync-state.js';
import { coarseStatusOfReferral } from '../../domain/sync/status-mapping.js';
import { isCosellError } from '../../errors.js';
import { t } from '../../i18n/index.js';
import type { PcReferral } from '../../partner-center/wire.js';
import { notePcChangeSeen, saveLinkSnapshots } from '../../store/links.js';
import { AuditAction, AuditDirection } from '../../store/schema.js';
import {
  auditedErrors,
  getReferralCounted,
  partnerCenterSystem,
  validationError,
  type FlowContext,
  type SkipFn,
} from './context.js';
import { inboundUpsertOf, teamEmailsOf } from './inbound-upsert.js';
import { mappingVersion } from './job.js';
import { snapshotOf, syncStateOfOpportunity, syncStateOfWrite } from './states.js';
import type { CrmOpportunity } from '../../crm/adapter.js';

export async function createLinked(
  ctx: FlowContext,
  ref: PcReferral,
  pcState: SyncState,
  skip: SkipFn,
): Promise<{ skipped: SkipReason } | undefined> {
  const { deps, job, referralId, policy, orgFacts } = ctx;
  const run = job.run;
  const crm = deps.crm;
  const crmSystem = crm.capabilities.system;

  // R3: Partner Center names a CRM record: it must exist, or the referral is skipped (and audited).
  const named = externalIdOf(ref);
  if (named !== undefined) {
    const found = await run.step('check-crm-record', async (step) => {
      // An id the CRM cannot even parse (another system's) names no record of ours either.
      const [opportunity] = await crm.getOpportunities([named]).catch((error: unknown) => {
        if (isCosellError(error) && error.code === 'CRM_REQUEST_INVALID') return [];
        throw error;
      });
      step.detail({ crmRecordId: named, found: opportunity !== undefined });
      if (opportunity === undefined) step.skip(SkipReason.crmRecordMissing);
      return opportunity;
    });
    if (found === undefined) return skip(SkipReason.crmRecordMissing, named);
    return adoptNamed(ctx, ref, pcState, found);
  }

  await run.step('validate', async (step) => {
    const failures = validateInbound(ref, await orgFacts.enabledCurrencies());
    step.detail({ failures: failures.map((f) => f.code) });
    const first = failures[0];
    if (first === undefined) return;
    run.audit({
      referralId,
      crmSystem,
      direction: AuditDirection.toCrm,
      action: AuditAction.failed,
      reasonCode: first.code,
      // The name lets the console list a record that never synced by what people call it.
      fieldDiff: {
        name: pcState.name,
        failures: failures.map((f) => ({ code: f.code, field: f.field, params: f.params })),
      },
      mappingVersion,
    });
    const error = validationError(first);
    auditedErrors.add(error);
    throw error;
  });

  const ownerId = await run.step('map-owner', async (step) => {
    const emails = teamEmailsOf(ref);
    const user = emails.length > 0 ? await orgFacts.ownerFor(emails) : undefined;
    const id = user?.id ?? deps.defaultOwnerId;
    step.detail({ mapped: user !== undefined, unmapped: user === undefined ? emails : [] });
    return id;
  });

  const item = inboundUpsertOf(referralId, ref, {
    policy,
    ownerId,
    shown: {
      nameMarker: deps.nameMarker !== false,
      auditText: t(deps.locale ?? 'en', 'sync.record.synced', { referralId }),
    },
  });
  const outcome = await run.step('helper.upsert', async (step) => {
    const [result] = await crm.upsertFromReferrals([item]);
    if (result === undefined) throw new Error('upsert returned no outcome');
    if (!result.ok) throw result.error;
    step.detail({ crmRecordId: result.id, created: result.created });
    return result;
  });

  const crmState = syncStateOfWrite(
    item.opportunity,
    coarseStatusOfReferral({ status: ref.status ?? null, substatus: ref.substatus ?? null }),
    item.solutionIds,
  );
  await run.step('save-link', () =>
    saveLinkSnapshots(deps.db, {
      referralId,
      crmSystem,
      crmRecordId: outcome.id,
      mappingVersion,
      pcSnapshot: snapshotOf(pcState),
      pcStateHash: hashState(pcState),
      pcEtag: ref.eTag ?? null,
      crmSnapshot: snapshotOf(crmState),
      crmStateHash: hashState(crmState),
      syncedAt: job.now(),
    }),
  );

  await writeBackCrmId(ctx, ref, outcome.id);

  run.audit({
    referralId,
    crmSystem,
    crmRecordId: outcome.id,
    direction: AuditDirection.toCrm,
    action: outcome.created ? AuditAction.created : AuditAction.updated,
    fieldDiff: snapshotOf(crmState),
    mappingVersion,
  });
  return undefined;
}

/** The inbound checks: R6 country, P4 currency, R2 contact when help is asked, R3 value and date when qualifying. */
export function validateInbound(ref: PcReferral, enabledCurrencies: readonly string[]): RuleFailure[] {
  const draft = draftFromPcReferral(ref);
  return [
    checkCountry(draft.customer.country),
    checkCurrency(draft, enabledCurrencies),
    checkContact(draft),
    checkDealValue(draft),
    checkCloseDate(draft),
  ].filter((r): r is RuleFailure => !r.ok);
}

/**
 * R8: the CRM id goes back to Partner Center, conditional on the eTag read; one re-read on a 412. It is the
 * last step of syncing `ref`, so this is where the link notes that state as accounted for (its events, and
 * the echo of this write, are then stale): noted any earlier, a crash before the write-back would leave
 * a rerun that skips as stale and never writes the id back.
 */
export async function writeBackCrmId(ctx: FlowContext, ref: PcReferral, crmId: string): Promise<void> {
  const { deps, job, referralId } = ctx;
  await job.run.step('write-back-crm-id', async (step) => {
    let current = ref;
    for (let attempt = 1; ; attempt++) {
      if (externalIdOf(current) === crmId) {
        step.skip(SkipReason.noChange);
        const synced = attempt === 1 ? changedAtOf(ref) : undefined;
        if (synced !== undefined) await notePcChangeSeen(deps.db, referralId, synced);
        return;
      }
      job.run.countCall(partnerCenterSystem);
      try {
        const written = await deps.partnerCenter.patchReferral(
          referralId,
          [{ op: 'replace', path: '/externalReferenceId', value: crmId }],
          {
            ...(current.eTag ? { ifMatch: current.eTag } : {}),
            signal: job.signal,
          },
        );
        step.detail({ attempts: attempt });
        // Our write changed no synced field, and it was made on the state this run synced: its own webhook
        // brings nothing, so it is settled without a read. Not after a re-read (that state was not synced).
        const at = written === undefined || attempt > 1 ? undefined : changedAtOf(written);
        if (at !== undefined) await notePcChangeSeen(deps.db, referralId, at);
        return;
      } catch (error) {
        if (attempt > 1 || !isCosellError(error) || error.code !== 'PC_PRECONDITION_FAILED') throw error;
        current = await getReferralCounted(ctx);
      }
    }
  });
}

/**
 * Partner Center names an opportunity that exists but has no link yet (a referral created from it before its
 * link was stored, or an id typed in by hand): linked as both sides are now, never created a second time; the
 * opportunity gets the referral's id in its Referral Identifier.
 */
async function adoptNamed(
  ctx: FlowContext,
  ref: PcReferral,
  pcState: SyncState,
  opportunity: CrmOpportunity,
): Promise<undefined> {
  const { deps, job, referralId, policy } = ctx;
  const crmSystem = deps.crm.capabilities.system;
  const crmState = syncStateOfOpportunity(opportunity, policy);
  await job.run.step('adopt-opportunity', async (step) => {
    if (opportunity.referralId !== referralId) {
      const [result] = await deps.crm.updateOpportunities([{ id: opportunity.id, fields: { referralId } }]);
      if (result !== undefined && !result.ok) throw result.error;
    }
    step.detail({ crmRecordId: opportunity.id });
  });
  await job.run.step('save-link', () =>
    saveLinkSnapshots(deps.db, {
      referralId,
      crmSystem,
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
    crmSystem,
    crmRecordId: opportunity.id,
    direction: AuditDirection.toCrm,
    action: AuditAction.updated,
    fieldDiff: { linked: { from: null, to: opportunity.id } },
    mappingVersion,
  });
  return undefined;
}
