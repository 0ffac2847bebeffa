// Which names in a large block can be alike at all, without comparing every pair. A placeholder postal
// code ("00000", "N/A") can put thousands of records of a side in one block, and all pairs of those would
// cost seconds. Prefix filtering (Chaudhuri et al. 2006, Bayardo et al. 2007): for the Dice coefficient to
// reach t, two bigram sets of sizes n and m must share at least t*n/(2-t) bigrams (since m >= shared), so
// with every set in one global order, rarest bigram first, two such sets always share a bigram among the
// first n - ceil(t*n/(2-t)) + 1 of each. Only pairs sharing one there are compared; none that can reach t
// is missed.
import type { NameProfile } from './similarity.js';

/** Repeats of a bigram kept apart: the k-th "an" of "banana" is its own token (k below 1024). */
const repeats = 1024;
const positions = 4096;

/**
 * Calls `visit(left, right)` with the indexes of every pair whose names may reach similarity `threshold`:
 * every pair that does, and some that do not (they are scored and fail). Pairs are visited as they are
 * found, never collected: a big block can have millions.
 */
export function forEachMaybeAlike(
  left: readonly NameProfile[],
  right: readonly NameProfile[],
  threshold: number,
  visit: (left: number, right: number) => void,
): void {
  const leftTokens = left.map(tokensOf);
  const rightTokens = right.map(tokensOf);
  const frequency = new Map<number, number>();
  for (const tokens of [...leftTokens, ...rightTokens]) {
    for (const token of tokens) frequency.set(token, (frequency.get(token) ?? 0) + 1);
  }
  // Rarest first: the prefixes then hold the bigrams few names share, and few pairs meet in them.
  const prefix = (tokens: number[]): number[] =>
    tokens
      .sort((a, b) => (frequency.get(a) ?? 0) - (frequency.get(b) ?? 0) || a - b)
      .slice(0, prefixLength(tokens.length, threshold));

  // Each holder as right index * 4096 + the token's position in its set (positions cap at 4095, which
  // only loosens the bound below).
  const byToken = new Map<number, number[]>();
  rightTokens.forEach((tokens, j) => {
    prefix(tokens).forEach((token, position) => {
      const holder = j * positions + Math.min(position, positions - 1);
      const holders = byToken.get(token);
      if (holders) holders.push(holder);
      else byToken.set(token, [holder]);
    });
  });
  const lastSeenBy = new Int32Array(right.length).fill(-1);
  leftTokens.forEach((tokens, i) => {
    prefix(tokens).forEach((token, x) => {
      for (const holder of byToken.get(token) ?? []) {
        const j = Math.floor(holder / positions);
        if (lastSeenBy[j] === i) continue;
        lastSeenBy[j] = i;
        // The first shared token, at x and y: everything shared comes after it in both sets, so they share
        // at most 1 + the shorter rest (positional filtering, Xiao et al. 2008).
        const size = rightTokens[j]?.length ?? 0;
        const y = holder % positions;
        const most = 1 + Math.min(tokens.length - x - 1, size - y - 1);
        if (2 * most >= threshold * (tokens.length + size) - 1e-9) visit(i, j);
      }
    });
  });
}

/** A set of n tokens shares at least ceil(t*n/(2-t)) with any set it is t-alike with. */
export function prefixLength(size: number, threshold: number): number {
  // The epsilon errs towards a longer prefix: never a missed pair for a rounding error.
  const shared = Math.max(1, Math.ceil((threshold * size) / (2 - threshold) - 1e-9));
  return Math.max(0, size - shared + 1);
}

function tokensOf(profile: NameProfile): number[] {
  const tokens: number[] = [];
  let repeat = 0;
  profile.bigrams.forEach((bigram, i) => {
    repeat = i > 0 && profile.bigrams[i - 1] === bigram ? repeat + 1 : 0;
    tokens.push(bigram * repeats + Math.min(repeat, repeats - 1));
  });
  return tokens;
}
