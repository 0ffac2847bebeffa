// Which Partner Center referrals and CRM opportunities are the same deal, for a first sync that finds
// records on both sides already. Pure: digests in, plain JSON out, the same answer for the same records in
// any order. Strongest evidence first, each rule working on what the stronger ones left:
// 1. ids one side holds for the other (Referral Identifier, externalReferenceId),
// 2. the Microsoft CRM Identifier, through Microsoft's referral of the engagement,
// 3. customer name, deal value and close date within one country and postal code, only proposed,
// and records that look like a deal entered twice are flagged for a person, never paired (R8: a first sync
// must not link one deal twice nor create a counterpart for a second entry of a linked deal).
import { fuzzyMatches } from './fuzzy.js';
import { fuzzyLinkedDuplicates, linkedDuplicateGroups } from './linked.js';
import { compareGroups, comparePairs, sortedIds } from './order.js';
import { fuzzyFeatures, Scorer, type FuzzyFeatures } from './scoring.js';
import { strongMatches } from './strong.js';
import {
  defaultMatchOptions,
  type MatchOptions,
  type MatchResult,
  type OpportunityDigest,
  type ReferralDigest,
} from './types.js';

export * from './types.js';
export { normalizeCompanyName, normalizeCountry, normalizePostalCode } from './normalize.js';
export { nameSimilarity } from './similarity.js';
export { dateAgreement, valueAgreement } from './scoring.js';

export function matchRecords(
  referrals: readonly ReferralDigest[],
  opportunities: readonly OpportunityDigest[],
  options: Partial<MatchOptions> = {},
): MatchResult {
  const settings = resolveOptions(options);
  const partners = onePerId(referrals.filter((r) => !r.microsoftSide));
  const microsoft = onePerId(referrals.filter((r) => r.microsoftSide));
  const crm = onePerId(opportunities);

  const strong = strongMatches(partners, microsoft, crm);

  const referralFeatures = featuresById(partners);
  const opportunityFeatures = featuresById(crm);
  const freeReferrals = [...referralFeatures.values()].filter((r) => !strong.settledReferrals.has(r.id));
  const freeOpportunities = [...opportunityFeatures.values()].filter(
    (o) => !strong.settledOpportunities.has(o.id),
  );
  const scorer = new Scorer(settings);
  const fuzzy = fuzzyMatches(freeReferrals, freeOpportunities, scorer, settings);

  const placedReferrals = new Set<string>();
  const placedOpportunities = new Set<string>();
  for (const pair of fuzzy.proposed) {
    placedReferrals.add(pair.referralId);
    placedOpportunities.add(pair.opportunityId);
  }
  for (const g of fuzzy.groups) {
    for (const id of g.referralIds) placedReferrals.add(id);
    for (const id of g.opportunityIds) placedOpportunities.add(id);
  }
  const linkedRaises = fuzzyLinkedDuplicates(
    strong.exact,
    { referrals: referralFeatures, opportunities: opportunityFeatures },
    {
      referrals: freeReferrals.filter((r) => !placedReferrals.has(r.id)),
      opportunities: freeOpportunities.filter((o) => !placedOpportunities.has(o.id)),
    },
    scorer,
  );

  const flagged = [
    ...strong.groups,
    ...fuzzy.groups,
    ...linkedDuplicateGroups([...strong.linkedDuplicates, ...linkedRaises]),
  ].sort(compareGroups);
  const exact = [...strong.exact].sort(comparePairs);
  const proposed = [...fuzzy.proposed].sort(comparePairs);

  // Linked duplicates list their pair's records too; those are in `exact` already.
  const referralsPlaced = new Set(strong.settledReferrals);
  const opportunitiesPlaced = new Set(strong.settledOpportunities);
  for (const g of flagged) {
    for (const id of g.referralIds) referralsPlaced.add(id);
    for (const id of g.opportunityIds) opportunitiesPlaced.add(id);
  }
  for (const pair of proposed) {
    referralsPlaced.add(pair.referralId);
    opportunitiesPlaced.add(pair.opportunityId);
  }
  return {
    exact,
    proposed,
    flagged,
    unmatchedReferrals: sortedIds(partners.map((r) => r.id).filter((id) => !referralsPlaced.has(id))),
    unmatchedOpportunities: sortedIds(crm.map((o) => o.id).filter((id) => !opportunitiesPlaced.has(id))),
  };
}

function resolveOptions(options: Partial<MatchOptions>): MatchOptions {
  // An option given as undefined (from JavaScript, or a config field left empty) is the default.
  const closeDateWindowDays = options.closeDateWindowDays ?? defaultMatchOptions.closeDateWindowDays;
  const minScore = options.minScore ?? defaultMatchOptions.minScore;
  const duplicateMargin = options.duplicateMargin ?? defaultMatchOptions.duplicateMargin;
  if (!(closeDateWindowDays >= 0 && Number.isFinite(closeDateWindowDays))) {
    throw new RangeError(`closeDateWindowDays must be a number of days, not ${closeDateWindowDays}`);
  }
  if (!(minScore >= 0 && minScore <= 1)) throw new RangeError(`minScore must be 0..1, not ${minScore}`);
  if (!(duplicateMargin >= 0 && duplicateMargin <= 1)) {
    throw new RangeError(`duplicateMargin must be 0..1, not ${duplicateMargin}`);
  }
  return { closeDateWindowDays, minScore, duplicateMargin };
}

/**
 * A record listed twice (a page read twice while the other side changed) counts once, as its first copy:
 * two records cannot share an id on one side.
 */
function onePerId<T extends { readonly id: string }>(records: readonly T[]): T[] {
  const byId = new Map<string, T>();
  for (const record of records) if (!byId.has(record.id)) byId.set(record.id, record);
  return [...byId.values()];
}

function featuresById(records: readonly (ReferralDigest | OpportunityDigest)[]): Map<string, FuzzyFeatures> {
  const features = new Map<string, FuzzyFeatures>();
  for (const record of records) {
    const digest = fuzzyFeatures(record);
    if (digest) features.set(record.id, digest);
  }
  return features;
}
