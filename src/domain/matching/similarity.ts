// How alike two company names are: the Dice coefficient over character bigrams, taken word by word.
// Bigrams survive the small differences hand-typed names have (a letter missed, "Pharma" against
// "Pharmaceuticals", a city added in brackets), and they work for Chinese and Japanese names, which have no
// spaces to split words on. Bigrams are taken inside each word only, each word with a leading space so its
// first letter counts too, so word order does not matter ("Pharma Contoso" is "Contoso Pharma") and a
// one-letter word still counts.
import { normalizeCompanyName } from './normalize.js';

/** A name ready to compare many times: its bigrams worked out once, as sorted numbers. */
export interface NameProfile {
  readonly normalized: string;
  /**
   * Each bigram as one number (first code point * 0x110000 + second, exact below 2^53), sorted, repeats
   * kept: comparing two names is then one merge of two short arrays, with nothing allocated.
   */
  readonly bigrams: Float64Array;
}

/** Above any code point, so a bigram of two code points is one number. */
const codePoints = 0x110000;
const wordStart = 0x20;

export function nameProfile(name: string): NameProfile {
  const normalized = normalizeCompanyName(name);
  const bigrams: number[] = [];
  let previous = wordStart;
  // Code points, not UTF-16 units: rarer CJK characters lie outside the BMP.
  for (const char of normalized) {
    const current = char.codePointAt(0) ?? wordStart;
    if (current !== wordStart) bigrams.push(previous * codePoints + current);
    previous = current;
  }
  return { normalized, bigrams: Float64Array.from(bigrams).sort() };
}

/**
 * The best similarity two profiles could reach, from their sizes alone: a cheap test that skips most pairs
 * before their bigrams are compared.
 */
export function similarityBound(a: NameProfile, b: NameProfile): number {
  const total = a.bigrams.length + b.bigrams.length;
  return total === 0 ? 0 : (2 * Math.min(a.bigrams.length, b.bigrams.length)) / total;
}

/** 0..1; 1 for equal normalized names, 0 when either has nothing left to compare. */
export function profileSimilarity(a: NameProfile, b: NameProfile): number {
  if (a.normalized === '' || b.normalized === '') return 0;
  if (a.normalized === b.normalized) return 1;
  const x = a.bigrams;
  const y = b.bigrams;
  let shared = 0;
  for (let i = 0, j = 0; i < x.length && j < y.length;) {
    const left = x[i] ?? 0;
    const right = y[j] ?? 0;
    if (left === right) {
      shared++;
      i++;
      j++;
    } else if (left < right) i++;
    else j++;
  }
  return (2 * shared) / (x.length + y.length);
}

/** How alike two company names are, 0..1, after normalizeCompanyName. */
export function nameSimilarity(a: string, b: string): number {
  return profileSimilarity(nameProfile(a), nameProfile(b));
}
