// Proposals for what strong ids left: records of one customer at one address with alike names. Blocking by
// country and postal code keeps this linear in practice (50,000 records a side compare only within their
// postal code, never all pairs; a block too big for that is searched through its names' bigrams), and a
// fuzzy pair is only ever proposed, for a person to confirm.
import { compareByScore, DisjointSets, group, groupBy, opportunityNode, referralNode } from './order.js';
import { forEachMaybeAlike } from './prefix-filter.js';
import { minNameSimilarity, type FuzzyFeatures, type Scorer } from './scoring.js';
import type { FlaggedGroup, MatchOptions, MatchPair } from './types.js';

export interface FuzzyMatches {
  readonly proposed: readonly MatchPair[];
  /** crm-duplicates and partner-center-duplicates groups. */
  readonly groups: readonly FlaggedGroup[];
}

/** Blocks with more pairs than this look their pairs up through the names' bigrams (prefix-filter.ts). */
const smallBlock = 256;

/** Every referral-opportunity pair in one block that scores at least minScore. */
export function blockCandidates(
  referrals: readonly FuzzyFeatures[],
  opportunities: readonly FuzzyFeatures[],
  scorer: Scorer,
): MatchPair[] {
  const referralsByBlock = groupBy(referrals, (r) => r.block);
  const candidates: MatchPair[] = [];
  const add = (pair: MatchPair | undefined): void => void (pair && candidates.push(pair));
  for (const [block, inBlock] of groupBy(opportunities, (o) => o.block)) {
    const others = referralsByBlock.get(block);
    if (others === undefined) continue;
    const left = others.map((referral) => [referral, scorer.profile(referral)] as const);
    const right = inBlock.map((opportunity) => [opportunity, scorer.profile(opportunity)] as const);
    if (left.length * right.length <= smallBlock) {
      for (const [referral, a] of left) {
        for (const [opportunity, b] of right) add(scorer.score(referral, a, opportunity, b));
      }
    } else {
      forEachMaybeAlike(
        left.map(([, profile]) => profile),
        right.map(([, profile]) => profile),
        minNameSimilarity,
        (i, j) => {
          const [referral, a] = left[i] ?? [];
          const [opportunity, b] = right[j] ?? [];
          if (referral && a && opportunity && b) add(scorer.score(referral, a, opportunity, b));
        },
      );
    }
  }
  return candidates;
}

/**
 * A record with two or more candidates about as good as its best is a deal entered twice: which entry is
 * the deal is a person's call, so the whole set is flagged and none of it proposed. Everything else is
 * assigned greedily, best score first, each record once.
 */
export function fuzzyMatches(
  referrals: readonly FuzzyFeatures[],
  opportunities: readonly FuzzyFeatures[],
  scorer: Scorer,
  options: MatchOptions,
): FuzzyMatches {
  const candidates = blockCandidates(referrals, opportunities, scorer);
  const sets = new DisjointSets<string>();
  const flaggedPairs: MatchPair[] = [];
  const crmSeeds: string[] = [];
  for (const [referralId, pairs] of groupBy(candidates, (pair) => pair.referralId)) {
    const near = aboutEqual(pairs, options.duplicateMargin);
    if (near.length < 2) continue;
    crmSeeds.push(referralNode(referralId));
    tie(sets, near);
    flaggedPairs.push(...near);
  }
  for (const pairs of groupBy(candidates, (pair) => pair.opportunityId).values()) {
    const near = aboutEqual(pairs, options.duplicateMargin);
    if (near.length < 2) continue;
    tie(sets, near);
    flaggedPairs.push(...near);
  }

  // A record in both kinds of set makes one group: a person sorts out the whole tangle at once. Such a
  // group is called crm-duplicates, the first reason that raised it.
  const crmRoots = new Set(crmSeeds.map((node) => sets.find(node)));
  const groups = [...groupBy(flaggedPairs, (pair) => sets.find(referralNode(pair.referralId))).entries()].map(
    ([root, pairs]) =>
      group(
        crmRoots.has(root) ? 'crm-duplicates' : 'partner-center-duplicates',
        pairs.map((pair) => pair.referralId),
        pairs.map((pair) => pair.opportunityId),
        pairs,
      ),
  );

  const flaggedReferrals = new Set(groups.flatMap((g) => g.referralIds));
  const flaggedOpportunities = new Set(groups.flatMap((g) => g.opportunityIds));
  const takenReferrals = new Set<string>();
  const takenOpportunities = new Set<string>();
  const proposed: MatchPair[] = [];
  for (const pair of [...candidates].sort(compareByScore)) {
    if (flaggedReferrals.has(pair.referralId) || flaggedOpportunities.has(pair.opportunityId)) continue;
    if (takenReferrals.has(pair.referralId) || takenOpportunities.has(pair.opportunityId)) continue;
    takenReferrals.add(pair.referralId);
    takenOpportunities.add(pair.opportunityId);
    proposed.push(pair);
  }
  return { proposed, groups };
}

/** The candidates within `margin` of the best (scores have 3 decimals; the slack absorbs float error). */
function aboutEqual(pairs: readonly MatchPair[], margin: number): MatchPair[] {
  const best = pairs.reduce((max, pair) => Math.max(max, pair.score), 0);
  return pairs.filter((pair) => best - pair.score <= margin + 1e-9);
}

function tie(sets: DisjointSets<string>, pairs: readonly MatchPair[]): void {
  for (const pair of pairs) sets.union(referralNode(pair.referralId), opportunityNode(pair.opportunityId));
}
