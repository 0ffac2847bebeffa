// Second entries of a deal that is already linked. Once a referral and an opportunity are paired by ids,
// another unpaired opportunity that scores as that referral's deal (or another referral as that
// opportunity's) is most likely the same deal typed in again. Left unmatched, a first sync would create a
// counterpart for it on the other side: a duplicate deal. So it is flagged next to the pair it copies.
import { blockCandidates } from './fuzzy.js';
import { compareByScore, group, groupBy, pairKey } from './order.js';
import type { FuzzyFeatures, Scorer } from './scoring.js';
import type { LinkedDuplicate } from './strong.js';
import type { FlaggedGroup, MatchPair } from './types.js';

/**
 * Unpaired records that fuzzy-match a record of an exact pair (same blocking and minScore as proposals).
 * A record that matches several pairs goes with the one it matches best, so it is in one group only.
 */
export function fuzzyLinkedDuplicates(
  exact: readonly MatchPair[],
  features: {
    readonly referrals: ReadonlyMap<string, FuzzyFeatures>;
    readonly opportunities: ReadonlyMap<string, FuzzyFeatures>;
  },
  unpaired: {
    readonly referrals: readonly FuzzyFeatures[];
    readonly opportunities: readonly FuzzyFeatures[];
  },
  scorer: Scorer,
): LinkedDuplicate[] {
  const pairOfReferral = new Map(exact.map((pair) => [pair.referralId, pair]));
  const pairOfOpportunity = new Map(exact.map((pair) => [pair.opportunityId, pair]));
  const linkedReferrals = exact.flatMap((pair) => features.referrals.get(pair.referralId) ?? []);
  const linkedOpportunities = exact.flatMap((pair) => features.opportunities.get(pair.opportunityId) ?? []);
  const best = new Map<string, LinkedDuplicate>();
  const offer = (key: string, linked: MatchPair | undefined, candidate: MatchPair): void => {
    if (linked === undefined) return;
    const held = best.get(key);
    if (held === undefined || compareByScore(candidate, held.candidate) < 0) {
      best.set(key, { linked, candidate });
    }
  };
  for (const candidate of blockCandidates(linkedReferrals, unpaired.opportunities, scorer)) {
    offer(`o\u0000${candidate.opportunityId}`, pairOfReferral.get(candidate.referralId), candidate);
  }
  for (const candidate of blockCandidates(unpaired.referrals, linkedOpportunities, scorer)) {
    offer(`r\u0000${candidate.referralId}`, pairOfOpportunity.get(candidate.opportunityId), candidate);
  }
  return [...best.values()];
}

/** One group per linked pair, listing the pair's records and every second entry of its deal. */
export function linkedDuplicateGroups(raises: readonly LinkedDuplicate[]): FlaggedGroup[] {
  return [...groupBy(raises, (r) => pairKey(r.linked.referralId, r.linked.opportunityId)).values()].map(
    (forPair) => {
      const pairs = forPair.flatMap(({ linked, candidate }) => [linked, candidate]);
      return group(
        'duplicate-of-linked',
        pairs.map((pair) => pair.referralId),
        pairs.map((pair) => pair.opportunityId),
        forPair.map((raise) => raise.candidate),
      );
    },
  );
}
