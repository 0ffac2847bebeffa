// Reading both sides for a first sync, a page at a time: each Partner Center referral and each CRM
// opportunity becomes a compact record (what matching compares, the state the policy merges, what a create
// would write). Full referral bodies are dropped page by page; only these records are kept for matching.
import type { CrmAdapter, InboundUpsert, OpportunityListing } from '../crm/adapter.js';
import { changedAtOf, externalIdOf, isMicrosoftSide } from '../domain/referral.js';
import type { OpportunityDigest, ReferralDigest } from '../domain/matching/index.js';
import { syncStateOfReferral } from '../domain/sync/from-referral.js';
import { closedStatuses, type SyncState } from '../domain/sync/sync-state.js';
import type { StagePolicy } from '../domain/sync/status-mapping.js';
import type { RuleFailure } from '../domain/validation/index.js';
import { validateInbound } from '../flows/partner-center-to-crm/create.js';
import { inboundUpsertOf, teamEmailsOf } from '../flows/partner-center-to-crm/inbound-upsert.js';
import { syncStateOfOpportunity } from '../flows/partner-center-to-crm/states.js';
import type { PartnerCenterClient } from '../partner-center/client.js';
import type { PcReferral } from '../partner-center/wire.js';

export interface FailureNote {
  readonly code: string;
  readonly field?: string | undefined;
  readonly params?: Readonly<Record<string, unknown>> | undefined;
}

/** A referral as the planner needs it. */
export interface ReferralRecord {
  readonly digest: ReferralDigest;
  readonly state: SyncState;
  readonly eTag: string | undefined;
  /** updatedDateTime (ISO) as read. */
  readonly changedAt: string | undefined;
  readonly closed: boolean;
  /** The inbound checks a create in the CRM would fail (R2, R3, R6, P4). */
  readonly failures: readonly FailureNote[];
  /** The one upsert a create in the CRM would send (owner mapped, outcome shown on the record). */
  readonly upsert: InboundUpsert;
}

/** An opportunity as the planner needs it. */
export interface OpportunityRecord {
  readonly digest: OpportunityDigest;
  readonly state: SyncState;
  readonly syncWithPartnerCenter: boolean;
  readonly closed: boolean;
  readonly accountId: string | undefined;
  /** The opportunity as read, kept only while it may still be shared (its checks need it). */
  readonly listing?: OpportunityListing | undefined;
}

export interface ReferralReadOptions {
  readonly policy: StagePolicy;
  readonly enabledCurrencies: readonly string[];
  readonly defaultOwnerId: string | undefined;
  readonly nameMarker: boolean;
  /** The Audit field's text for a referral synced (localized by the caller). */
  readonly auditText: (referralId: string) => string;
  readonly signal?: AbortSignal | undefined;
}

function opt(value: string | null | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed === undefined || trimmed === '' ? undefined : trimmed;
}

export function referralDigestOf(ref: PcReferral, state: SyncState): ReferralDigest {
  const address = ref.customerProfile?.address;
  return {
    id: ref.id,
    microsoftSide: isMicrosoftSide(ref),
    engagementId: opt(ref.engagementId),
    externalReferenceId: externalIdOf(ref),
    name: state.name,
    customerName: opt(ref.customerProfile?.name),
    postalCode: opt(address?.postalCode),
    country: opt(address?.country),
    dealValue: state.dealValue,
    currency: state.currency,
    closeDate: state.closeDate,
  };
}

export function opportunityDigestOf(o: OpportunityListing, state: SyncState): OpportunityDigest {
  return {
    id: o.id,
    referralId: opt(o.referralId),
    microsoftCrmId: opt(o.microsoftCrmId),
    name: state.name,
    customerName: opt(o.account?.name),
    postalCode: opt(o.account?.postalCode),
    country: opt(o.account?.country),
    dealValue: state.dealValue,
    currency: state.currency,
    closeDate: state.closeDate,
  };
}

export function failureNote(f: RuleFailure): FailureNote {
  return { code: f.code, field: f.field, params: f.params };
}

/**
 * Every referral, a page (100, following nextLink) at a time. The team e-mails of a page are mapped to CRM
 * users in one call (only e-mails not asked about before), so owners cost a call per page, not per referral.
 */
export async function* readReferrals(
  partnerCenter: PartnerCenterClient,
  crm: CrmAdapter,
  options: ReferralReadOptions,
): AsyncGenerator<ReferralRecord[]> {
  const users = new Map<string, string | undefined>();
  for await (const page of partnerCenter.listAll({ orderby: 'createdDateTime asc' }, options.signal)) {
    const unknown = [...new Set(page.flatMap((ref) => teamEmailsOf(ref).map((e) => e.toLowerCase())))].filter(
      (e) => !users.has(e),
    );
    if (unknown.length > 0) {
      const found = await crm.findUsersByEmail(unknown);
      for (const e of unknown) users.set(e, found.get(e)?.id);
    }
    yield page.map((ref) => {
      const state = syncStateOfReferral(ref);
      const owner = teamEmailsOf(ref)
        .map((e) => users.get(e.toLowerCase()))
        .find((id) => id !== undefined);
      return {
        digest: referralDigestOf(ref, state),
        state,
        eTag: opt(ref.eTag),
        changedAt: changedAtOf(ref)?.toISOString(),
        closed: state.status !== undefined && closedStatuses.includes(state.status),
        failures: validateInbound(ref, options.enabledCurrencies).map(failureNote),
        upsert: inboundUpsertOf(ref.id, ref, {
          policy: options.policy,
          ownerId: owner ?? options.defaultOwnerId,
          shown: { nameMarker: options.nameMarker, auditText: options.auditText(ref.id) },
        }),
      };
    });
  }
}

/** Opportunities per page: Salesforce's query batch size, and well inside a Dataverse page. */
export const crmPageSize = 2000;

/** Every opportunity in the CRM, a page at a time (keyset paging in the adapter). */
export async function* readOpportunities(
  crm: CrmAdapter,
  policy: StagePolicy,
): AsyncGenerator<OpportunityRecord[]> {
  let after: string | undefined;
  do {
    const page = await crm.listOpportunities(after, crmPageSize);
    yield page.opportunities.map((o) => {
      const state = syncStateOfOpportunity(o, policy);
      return {
        digest: opportunityDigestOf(o, state),
        state,
        syncWithPartnerCenter: o.syncWithPartnerCenter,
        closed: o.stage.isClosed,
        accountId: o.accountId,
        ...(o.syncWithPartnerCenter && o.referralId === undefined && !o.stage.isClosed ? { listing: o } : {}),
      };
    });
    after = page.next;
  } while (after !== undefined);
}
