// What the engine and the flows need from a CRM, in CRM-neutral terms. Each CRM (src/crm/<name>/) implements
// it with its own client, wire schemas and mapping, and passes the same contract suite against its
// emulator (adapter.contract.ts). The engine never branches on which CRM it talks to: differences are
// capabilities, given as data.
import type { CrmStage } from '../domain/sync/status-mapping.js';
import type { CrmSystem } from '../store/schema.js';

export interface CrmCapabilities {
  readonly system: CrmSystem;
  /** Most records one write request may carry (Salesforce composite: 25 subrequests; Dataverse $batch: 1,000). */
  readonly maxBatch: number;
  /** Each record says who last changed it, so our own writes are recognised by author (echo suppression). */
  readonly reportsAuthor: boolean;
  /** Updates can be conditional on a version (ETag / If-Match). */
  readonly optimisticConcurrency: boolean;
  /** How changed opportunities are found: polling a modification stamp, or a delta token. */
  readonly changeFeed: 'modstamp' | 'delta-token';
}

/** The co-sell fields an opportunity carries, as the flows read and write them. */
export interface CrmOpportunityFields {
  readonly name: string;
  readonly stageName: string;
  readonly amount?: number | undefined;
  /** ISO 4217; undefined in a single-currency org (the org's currency applies). */
  readonly currency?: string | undefined;
  /** YYYY-MM-DD */
  readonly closeDate?: string | undefined;
  readonly description?: string | undefined;
  /** "Sync with Partner Center": only these go to Partner Center (R3). */
  readonly syncWithPartnerCenter: boolean;
  /** "Referral Identifier": the Partner Center referral id, unique; makes creates idempotent. */
  readonly referralId?: string | undefined;
  readonly referralLink?: string | undefined;
  /** "How can Microsoft help?": a Partner Center assistanceRequestCode; set means co-sell (R2). */
  readonly helpRequested?: string | undefined;
  readonly microsoftCrmId?: string | undefined;
  readonly accountId?: string | undefined;
  readonly ownerId?: string | undefined;
  /** The "Audit" field: the last outcome in words, shown on the record. */
  readonly auditText?: string | undefined;
}

export interface CrmOpportunity extends CrmOpportunityFields {
  readonly id: string;
  readonly stage: CrmStage;
  readonly solutionIds: readonly string[];
  /** Who changed it last (user id), when reportsAuthor. */
  readonly lastModifiedById?: string | undefined;
  /** ISO date-time of the last change (SystemModstamp, modifiedon). */
  readonly modifiedAt: string;
  readonly etag?: string | undefined;
}

/** An opportunity as a first sync reads it: with the account it matches referrals on. */
export interface OpportunityListing extends CrmOpportunity {
  /** The opportunity's account as a first sync matches on it: name, postal code, country. */
  readonly account?:
    | {
        readonly id: string;
        readonly name: string;
        readonly postalCode?: string | undefined;
        readonly country?: string | undefined;
      }
    | undefined;
}

export interface OpportunityListPage {
  readonly opportunities: readonly OpportunityListing[];
  /** Opaque; undefined: no more. */
  readonly next: string | undefined;
}

export interface CrmAccount {
  readonly id: string;
  readonly name: string;
  /** As the CRM holds it: validation checks it is an ISO 3166 alpha-2 code (R6). */
  readonly country?: string | undefined;
  readonly postalCode?: string | undefined;
  readonly city?: string | undefined;
  readonly street?: string | undefined;
  readonly state?: string | undefined;
}

export interface CrmContact {
  readonly id: string;
  readonly accountId?: string | undefined;
  readonly firstName?: string | undefined;
  readonly lastName?: string | undefined;
  readonly email?: string | undefined;
  readonly phone?: string | undefined;
}

export interface CrmUser {
  readonly id: string;
  readonly email: string;
  readonly name: string;
  readonly active: boolean;
}

/**
 * Everything one referral needs in the CRM, written in as few calls as the CRM allows. The opportunity is
 * keyed by `referralId` (an upsert on the Referral Identifier), so a replay can never create a second one.
 */
export interface InboundUpsert {
  readonly referralId: string;
  readonly opportunity: Omit<CrmOpportunityFields, 'referralId' | 'accountId' | 'ownerId'>;
  /** Matched by name + postal code, else created (the old connector's rule). */
  readonly account: Omit<CrmAccount, 'id'>;
  readonly contact?: Omit<CrmContact, 'id' | 'accountId'> | undefined;
  /** The referral team member mapped to a CRM user; the default owner when it maps to none (P4). */
  readonly ownerId?: string | undefined;
  readonly solutionIds: readonly string[];
}

export type UpsertOutcome =
  | { readonly ok: true; readonly referralId: string; readonly id: string; readonly created: boolean }
  | { readonly ok: false; readonly referralId: string; readonly error: unknown };

export interface OpportunityUpdate {
  readonly id: string;
  readonly fields: Partial<CrmOpportunityFields>;
  /** Only when optimisticConcurrency; a mismatch fails this update alone. */
  readonly ifMatch?: string | undefined;
}

export type UpdateOutcome =
  | { readonly ok: true; readonly id: string; readonly etag?: string | undefined }
  | { readonly ok: false; readonly id: string; readonly error: unknown };

export interface ChangePage {
  readonly opportunities: readonly CrmOpportunity[];
  /** Opaque; stored only after the page's work has landed (design: cursors commit after their batch). */
  readonly cursor: string;
  readonly more: boolean;
}

export interface CrmAdapter {
  readonly capabilities: CrmCapabilities;
  /** The identity we act as, and whether it may customise the org (P2: System administrator or customizer). */
  whoAmI(): Promise<{ readonly userId: string; readonly username: string; readonly canCustomize: boolean }>;
  getOpportunities(ids: readonly string[]): Promise<CrmOpportunity[]>;
  findOpportunitiesByReferral(referralIds: readonly string[]): Promise<CrmOpportunity[]>;
  /** Batched; one outcome per input, in order. Creates are idempotent on referralId. */
  upsertFromReferrals(items: readonly InboundUpsert[]): Promise<UpsertOutcome[]>;
  /** Diff-only updates, batched; one outcome per input, in order. */
  updateOpportunities(updates: readonly OpportunityUpdate[]): Promise<UpdateOutcome[]>;
  getAccounts(ids: readonly string[]): Promise<CrmAccount[]>;
  getContactsOfOpportunity(opportunityId: string): Promise<CrmContact[]>;
  /** The contacts of many opportunities, by opportunity id, in a few queries (not one call per record). */
  getContactsOfOpportunities(opportunityIds: readonly string[]): Promise<ReadonlyMap<string, CrmContact[]>>;
  /** Sets accounts' country (the doctor's confirmed R6 fix); one outcome per input, in order. */
  updateAccountCountries(
    updates: readonly { readonly id: string; readonly country: string }[],
  ): Promise<UpdateOutcome[]>;
  /** The CRM's own daily API allowance, where it reports one (Salesforce /limits); undefined otherwise. */
  dailyApiAllowance(): Promise<{ readonly max: number; readonly remaining: number } | undefined>;
  /** Users by e-mail (lower-cased keys); e-mails with no active user are absent (P4). */
  findUsersByEmail(emails: readonly string[]): Promise<ReadonlyMap<string, CrmUser>>;
  /** ISO 4217 codes enabled in the org (P4). */
  enabledCurrencies(): Promise<readonly string[]>;
  /** A change-feed cursor from which changes made after `since` are delivered (a first sync of older deals). */
  cursorSince(since: Date): string;
  /** Opportunities changed since the cursor (undefined: from now), oldest first. */
  changedOpportunities(cursor: string | undefined, limit: number): Promise<ChangePage>;
  /**
   * Every opportunity in the org (any stage, with or without Sync with Partner Center), in a stable order, page
   * by page (a first sync reads them all; keyset paging, not OFFSET). `after` is the previous page's `next`
   * (undefined: from the start); a page holds at most `limit` (the CRM may cap it lower).
   */
  listOpportunities(after: string | undefined, limit: number): Promise<OpportunityListPage>;
}
