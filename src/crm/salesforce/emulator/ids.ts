// Salesforce record ids: 15 case-sensitive base-62 characters (3-character key prefix of the object, 2 for the
// pod, 1 reserved, 9 for the record) plus the 3-character case-safe suffix that makes the 18-character form.
// The API always answers with 18 characters and accepts either form; an 18-character id typed in the wrong
// case is repaired from its suffix, as Salesforce does.
import type { Rng } from '../../../partner-center/emulator/rng.js';

const base62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const suffixAlphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ012345';
const id15Pattern = /^[0-9A-Za-z]{15}$/;
const id18Pattern = /^[0-9A-Za-z]{18}$/;

/** The 3-character suffix: one character per 5-character chunk, a bit per upper-case letter. */
export function idSuffix(id15: string): string {
  let suffix = '';
  for (let chunk = 0; chunk < 3; chunk++) {
    let flags = 0;
    for (let i = 0; i < 5; i++) {
      const ch = id15.charAt(chunk * 5 + i);
      if (ch >= 'A' && ch <= 'Z') flags |= 1 << i;
    }
    suffix += suffixAlphabet.charAt(flags);
  }
  return suffix;
}

/**
 * The canonical 18-character id for a 15- or 18-character input, or undefined when it cannot be an id
 * (wrong length, characters outside base 62, or a suffix that contradicts the body).
 */
export function normalizeId(text: string): string | undefined {
  if (id15Pattern.test(text)) return text + idSuffix(text);
  if (!id18Pattern.test(text)) return undefined;
  const suffix = text.slice(15).toUpperCase();
  let body = '';
  for (let chunk = 0; chunk < 3; chunk++) {
    const flags = suffixAlphabet.indexOf(suffix.charAt(chunk));
    if (flags < 0) return undefined;
    for (let i = 0; i < 5; i++) {
      const ch = text.charAt(chunk * 5 + i);
      const upper = (flags & (1 << i)) !== 0;
      if (upper && !/[A-Za-z]/.test(ch)) return undefined;
      body += upper ? ch.toUpperCase() : /[A-Za-z]/.test(ch) ? ch.toLowerCase() : ch;
    }
  }
  return body + idSuffix(body);
}

export function keyPrefixOf(id: string): string {
  return id.slice(0, 3);
}

function encode(n: number, width: number): string {
  let out = '';
  let rest = n;
  for (let i = 0; i < width; i++) {
    out = base62.charAt(rest % 62) + out;
    rest = Math.floor(rest / 62);
  }
  return out;
}

function prefixOffset(prefix: string): number {
  let h = 7;
  for (const ch of prefix) h = (h * 31 + ch.charCodeAt(0)) % 62 ** 4;
  return h * 97;
}

/**
 * Hands out ids per key prefix. The 9-character record part counts up from a seed-derived start, so ids sort
 * in creation order (base-62 digits are in ASCII order) and are the same for the same seed and history.
 */
export class IdFactory {
  readonly #pod: string;
  readonly #counters = new Map<string, number>();
  readonly #start: number;

  constructor(rng: Rng) {
    this.#pod = `${base62.charAt(rng.int(1, 9))}${base62.charAt(rng.int(10, 61))}`;
    // Real ids have a few leading zeros in the record part: start well inside 62^6.
    this.#start = rng.int(62 ** 5, 62 ** 6 - 1);
  }

  get pod(): string {
    return this.#pod;
  }

  next(prefix: string): string {
    if (!/^[0-9A-Za-z]{3}$/.test(prefix)) throw new RangeError(`bad key prefix '${prefix}'`);
    // Each prefix starts at its own offset, so the first ids of different objects do not share digits.
    const n = (this.#counters.get(prefix) ?? this.#start + prefixOffset(prefix)) + 1;
    this.#counters.set(prefix, n);
    const id15 = `${prefix}${this.#pod}0${encode(n, 9)}`;
    return id15 + idSuffix(id15);
  }
}
