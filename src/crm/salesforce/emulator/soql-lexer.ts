// Tokens of SOQL. Keywords are case-insensitive and recognised by the parser from `ident` tokens (so a
// field may be called Type or Name). Every token keeps its offset for the caret in error messages.
// String literals take SOQL's escapes (\n \r \t \b \f \" \' \\ \uXXXX, and \% \_ for LIKE); each string
// token also carries its LIKE pattern as a regular expression, where only unescaped % and _ are wildcards.
import { malformed } from './soql-errors.js';

export type SoqlTokenKind =
  | 'ident'
  | 'string'
  | 'number'
  | 'date'
  | 'datetime'
  | 'op'
  | 'lparen'
  | 'rparen'
  | 'comma'
  | 'dot'
  | 'colon'
  | 'eof';

export interface SoqlToken {
  readonly kind: SoqlTokenKind;
  readonly text: string;
  /** Strings: the unescaped value; everything else: the text. */
  readonly value: string;
  readonly pos: number;
  /** Strings: the LIKE pattern as an anchored regular expression source. */
  readonly like?: string;
}

const simpleEscapes: Readonly<Record<string, string>> = {
  n: '\n',
  N: '\n',
  r: '\r',
  R: '\r',
  t: '\t',
  T: '\t',
  b: '\b',
  B: '\b',
  f: '\f',
  F: '\f',
  '"': '"',
  "'": "'",
  '\\': '\\',
};
const regexSpecial = /[.*+?^${}()|[\]\\/]/g;
const escapeRegex = (ch: string) => ch.replace(regexSpecial, '\\$&');

// Sticky patterns, matched at the current offset.
const dateTimePattern = /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,3})?(?:Z|[+-]\d{2}:?\d{2})(?![\w:.])/iy;
const datePattern = /\d{4}-\d{2}-\d{2}(?![\w:.-])/y;
const numberPattern = /[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?![\w.])/y;
const identPattern = /[A-Za-z_][A-Za-z0-9_]*/y;
const opPattern = /!=|<>|<=|>=|=|<|>/y;
/** A date-time without seconds or zone: refused with a hint rather than lexed as numbers. */
const incompleteDateTime = /\d{4}-\d{2}-\d{2}T[\d:.]*/y;

// Tried in order at each offset.
const rules: readonly (readonly [SoqlTokenKind | 'refuse', RegExp])[] = [
  ['datetime', dateTimePattern],
  ['refuse', incompleteDateTime],
  ['date', datePattern],
  ['number', numberPattern],
  ['ident', identPattern],
  ['op', opPattern],
  ['dot', /\./y],
];

function matchAt(pattern: RegExp, source: string, at: number): string | undefined {
  pattern.lastIndex = at;
  return pattern.exec(source)?.[0];
}

function readString(source: string, start: number): SoqlToken {
  let value = '';
  let like = '';
  let i = start + 1;
  for (;;) {
    const ch = source[i];
    if (ch === undefined || ch === '\n') throw malformed(source, start, 'unterminated string literal');
    if (ch === "'") {
      const text = source.slice(start, i + 1);
      return { kind: 'string', text, value, pos: start, like: `^${like}$` };
    }
    if (ch === '\\') {
      const next = source[i + 1];
      if (next === undefined) throw malformed(source, start, 'unterminated string literal');
      if (next === '%' || next === '_') {
        value += next;
        like += escapeRegex(next);
        i += 2;
        continue;
      }
      if (next === 'u') {
        const hex = source.slice(i + 2, i + 6);
        if (!/^[0-9a-fA-F]{4}$/.test(hex)) {
          throw malformed(source, i, `Invalid string literal: illegal escape sequence '\\u${hex}'`);
        }
        const decoded = String.fromCharCode(parseInt(hex, 16));
        value += decoded;
        like += escapeRegex(decoded);
        i += 6;
        continue;
      }
      const decoded = simpleEscapes[next];
      if (decoded === undefined) {
        throw malformed(
          source,
          i,
          `Invalid string literal. Illegal character sequence '\\${next}' in string literal.`,
        );
      }
      value += decoded;
      like += escapeRegex(decoded);
      i += 2;
      continue;
    }
    value += ch;
    like += ch === '%' ? '.*' : ch === '_' ? '.' : escapeRegex(ch);
    i++;
  }
}

export function tokenizeSoql(source: string): SoqlToken[] {
  const tokens: SoqlToken[] = [];
  let i = 0;
  const push = (kind: SoqlTokenKind, text: string): void => {
    tokens.push({ kind, text, value: text, pos: i });
    i += text.length;
  };
  while (i < source.length) {
    const ch = source[i] as string;
    if (/\s/.test(ch)) {
      i++;
      continue;
    }
    if (ch === "'") {
      const token = readString(source, i);
      tokens.push(token);
      i += token.text.length;
      continue;
    }
    if (ch === '(') push('lparen', ch);
    else if (ch === ')') push('rparen', ch);
    else if (ch === ',') push('comma', ch);
    else if (ch === ':') push('colon', ch);
    else {
      let matched = false;
      for (const [kind, pattern] of rules) {
        const text = matchAt(pattern, source, i);
        if (text === undefined) continue;
        if (kind === 'refuse') {
          throw malformed(
            source,
            i,
            'a datetime literal needs seconds and a time zone: 2026-11-20T10:00:00Z',
          );
        }
        push(kind, text);
        matched = true;
        break;
      }
      if (!matched) throw malformed(source, i, `unexpected token: '${ch}'`);
    }
  }
  tokens.push({ kind: 'eof', text: '', value: '', pos: source.length });
  return tokens;
}
