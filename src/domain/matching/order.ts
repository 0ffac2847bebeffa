// Order and grouping helpers: the matcher's answer must not depend on the order the records were read in,
// so everything is sorted by id, in code-unit order (never locale order, which differs between machines).
import type { FlaggedGroup, FlagReason, MatchPair } from './types.js';

export function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function comparePairs(a: MatchPair, b: MatchPair): number {
  return compareIds(a.referralId, b.referralId) || compareIds(a.opportunityId, b.opportunityId);
}

/** Best first; equal scores by ids, so greedy assignment takes the same pair on every run. */
export function compareByScore(a: MatchPair, b: MatchPair): number {
  return b.score - a.score || comparePairs(a, b);
}

export function sortedIds(ids: Iterable<string>): string[] {
  return [...new Set(ids)].sort(compareIds);
}

export function compareGroups(a: FlaggedGroup, b: FlaggedGroup): number {
  return (
    compareIds(a.referralIds[0] ?? '', b.referralIds[0] ?? '') ||
    compareIds(a.opportunityIds[0] ?? '', b.opportunityIds[0] ?? '') ||
    compareIds(a.reason, b.reason)
  );
}

/** A group with its ids de-duplicated and sorted, and one copy of each candidate pair, sorted. */
export function group(
  reason: FlagReason,
  referralIds: Iterable<string>,
  opportunityIds: Iterable<string>,
  candidates: Iterable<MatchPair>,
): FlaggedGroup {
  const unique = new Map<string, MatchPair>();
  for (const pair of candidates) unique.set(pairKey(pair.referralId, pair.opportunityId), pair);
  return {
    reason,
    referralIds: sortedIds(referralIds),
    opportunityIds: sortedIds(opportunityIds),
    candidates: [...unique.values()].sort(comparePairs),
  };
}

export function pairKey(referralId: string, opportunityId: string): string {
  return `${referralId}\u0000${opportunityId}`;
}

/** Keys for records of both sides in one set: a referral and an opportunity may share an id string. */
export const referralNode = (id: string): string => `r\u0000${id}`;
export const opportunityNode = (id: string): string => `o\u0000${id}`;

/** Union-find: which records are tied together, however long the chain. */
export class DisjointSets<K> {
  private readonly parent = new Map<K, K>();

  find(key: K): K {
    let root = key;
    for (let up = this.parent.get(root); up !== undefined && up !== root; up = this.parent.get(root)) {
      root = up;
    }
    // Path compression keeps later finds short.
    for (let node = key; node !== root;) {
      const up = this.parent.get(node) ?? root;
      this.parent.set(node, root);
      node = up;
    }
    return root;
  }

  union(a: K, b: K): void {
    const rootA = this.find(a);
    const rootB = this.find(b);
    if (rootA !== rootB) this.parent.set(rootB, rootA);
  }
}

/** Items grouped by a key, in first-seen order. */
export function groupBy<T>(items: Iterable<T>, keyOf: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    const list = groups.get(key);
    if (list) list.push(item);
    else groups.set(key, [item]);
  }
  return groups;
}
