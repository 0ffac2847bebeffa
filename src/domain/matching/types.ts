// What the first sync's matcher reads and answers. Digests are the few fields either side holds about a
// deal, already canonical (trimmed text, money to cents, dates as YYYY-MM-DD; see sync/sync-state.ts).
// Everything here is plain JSON, so a planner can store the answer and show it to a person unchanged.

export interface ReferralDigest {
  readonly id: string;
  /** Microsoft's side of a co-sell (its own referral in the engagement), never a deal of the partner's own. */
  readonly microsoftSide: boolean;
  readonly engagementId?: string | undefined;
  /** The CRM id Partner Center holds for it (externalReferenceId). */
  readonly externalReferenceId?: string | undefined;
  readonly name?: string | undefined;
  readonly customerName?: string | undefined;
  readonly postalCode?: string | undefined;
  /** As entered; compared case-insensitively. */
  readonly country?: string | undefined;
  readonly dealValue?: number | undefined;
  readonly currency?: string | undefined;
  /** YYYY-MM-DD */
  readonly closeDate?: string | undefined;
}

export interface OpportunityDigest {
  readonly id: string;
  /** The CRM's Referral Identifier field. */
  readonly referralId?: string | undefined;
  /** The CRM's Microsoft CRM Identifier field: the id of Microsoft's referral in the same engagement. */
  readonly microsoftCrmId?: string | undefined;
  readonly name?: string | undefined;
  /** The account's name. */
  readonly customerName?: string | undefined;
  readonly postalCode?: string | undefined;
  readonly country?: string | undefined;
  readonly dealValue?: number | undefined;
  readonly currency?: string | undefined;
  /** YYYY-MM-DD */
  readonly closeDate?: string | undefined;
}

export type Evidence =
  /** opportunity.referralId === referral.id */
  | { readonly kind: 'referral-identifier' }
  /** referral.externalReferenceId === opportunity.id */
  | { readonly kind: 'external-reference-id' }
  /** opportunity.microsoftCrmId names Microsoft's referral of the engagement the partner referral is in. */
  | {
      readonly kind: 'microsoft-crm-identifier';
      readonly microsoftReferralId: string;
      readonly engagementId: string;
    }
  /**
   * The parts of a fuzzy score, each 0..1 (3 decimals). postalCode and country are always true (they are
   * the blocking key) but stated, so a person reading a proposal sees what was compared. dealValue and
   * closeDate are null when either side has no value (the score then counts them as 0.5, unknown);
   * closeDateDays is how many days apart the close dates are.
   */
  | {
      readonly kind: 'fuzzy';
      readonly name: number;
      readonly postalCode: boolean;
      readonly country: boolean;
      readonly dealValue: number | null;
      readonly closeDate: number | null;
      readonly closeDateDays: number | null;
    };

export interface MatchPair {
  readonly referralId: string;
  readonly opportunityId: string;
  /** 1 for strong ids; 0..1 (3 decimals) for a fuzzy pair. */
  readonly score: number;
  readonly evidence: readonly Evidence[];
}

export type FlagReason =
  /** Strong ids point different ways (a record in two different strong pairs). */
  | 'ids-disagree'
  /** One referral, several CRM opportunities that match it about equally: the deal entered twice in the CRM. */
  | 'crm-duplicates'
  /** One opportunity, several referrals that match it about equally. */
  | 'partner-center-duplicates'
  /** An unpaired record that matches a record already in a strong pair: a second entry of that deal. */
  | 'duplicate-of-linked';

export interface FlaggedGroup {
  readonly reason: FlagReason;
  readonly referralIds: readonly string[];
  readonly opportunityIds: readonly string[];
  /** The scored pairs that raised the flag. */
  readonly candidates: readonly MatchPair[];
}

export interface MatchOptions {
  /** Close dates further apart than this count nothing towards a fuzzy score. */
  readonly closeDateWindowDays: number;
  /** Fuzzy pairs scoring below this are not proposed. */
  readonly minScore: number;
  /** Candidates within this of the best are "about equal": a person must choose. */
  readonly duplicateMargin: number;
}

export const defaultMatchOptions: MatchOptions = Object.freeze({
  closeDateWindowDays: 30,
  minScore: 0.75,
  duplicateMargin: 0.05,
});

export interface MatchResult {
  /** Score 1, strong evidence: to be linked without asking. */
  readonly exact: readonly MatchPair[];
  /** Fuzzy: only proposed, never applied without a person's confirmation. */
  readonly proposed: readonly MatchPair[];
  readonly flagged: readonly FlaggedGroup[];
  /** Partner referrals (not microsoftSide) in no pair and no group. */
  readonly unmatchedReferrals: readonly string[];
  readonly unmatchedOpportunities: readonly string[];
}
