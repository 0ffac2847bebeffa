// Tokens of the OData $filter subset Partner Center documents (get-a-list-of-referrals.md; remote-apis §1 "List").
// Every token keeps its position so a refusal can say where the expression went wrong.
import { invalidRequest } from './pc-errors.js';

export type TokenKind =
  'lparen' | 'rparen' | 'comma' | 'colon' | 'slash' | 'string' | 'number' | 'datetime' | 'ident' | 'eof';

export interface Token {
  readonly kind: TokenKind;
  /** The source text of the token. */
  readonly text: string;
  /** String literals: the unescaped value; typed literals: their content. */
  readonly value: string;
  /** 0-based offset of the token in the $filter text. */
  readonly pos: number;
}

export function filterError(pos: number, detail: string) {
  return invalidRequest(`Syntax error at position ${pos} in $filter: ${detail}.`, '$filter');
}

const punctuation: Readonly<Record<string, TokenKind>> = {
  '(': 'lparen',
  ')': 'rparen',
  ',': 'comma',
  ':': 'colon',
  '/': 'slash',
};
const datetimePattern =
  /^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:\d{2})?)?(?![\w.:-])/;
const guidPattern = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}(?![\w-])/;
const numberPattern = /^-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?[mMdDfFlL]?(?![\w.])/;
const identPattern = /^[A-Za-z_$][A-Za-z0-9_]*/;
/** OData v2/v3 typed literals (`datetime'2026-11-20T10:00:00Z'`, `guid'…'`), still common in client code. */
const typedLiteralPrefixes = new Map<string, TokenKind>([
  ['datetime', 'datetime'],
  ['datetimeoffset', 'datetime'],
  ['guid', 'string'],
]);

function readQuoted(source: string, start: number): { value: string; end: number } {
  let value = '';
  let i = start + 1;
  for (;;) {
    const ch = source[i];
    if (ch === undefined) throw filterError(start, 'unterminated string literal');
    if (ch === "'") {
      if (source[i + 1] === "'") {
        value += "'";
        i += 2;
        continue;
      }
      return { value, end: i + 1 };
    }
    value += ch;
    i++;
  }
}

export function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  const push = (kind: TokenKind, text: string, value = text) => {
    tokens.push({ kind, text, value, pos: i });
    i += text.length;
  };
  while (i < source.length) {
    const ch = source[i] as string;
    if (/\s/.test(ch)) {
      i++;
      continue;
    }
    const rest = source.slice(i);
    const punct = punctuation[ch];
    if (punct) {
      push(punct, ch);
      continue;
    }
    if (ch === "'") {
      const { value, end } = readQuoted(source, i);
      push('string', source.slice(i, end), value);
      continue;
    }
    const dt = datetimePattern.exec(rest);
    if (dt) {
      push('datetime', dt[0]);
      continue;
    }
    const guid = guidPattern.exec(rest);
    if (guid) {
      push('string', guid[0]);
      continue;
    }
    const num = numberPattern.exec(rest);
    if (num) {
      push('number', num[0], num[0].replace(/[mMdDfFlL]$/, ''));
      continue;
    }
    const ident = identPattern.exec(rest);
    if (ident) {
      const typed = typedLiteralPrefixes.get(ident[0].toLowerCase());
      if (typed && source[i + ident[0].length] === "'") {
        const { value, end } = readQuoted(source, i + ident[0].length);
        push(typed, source.slice(i, end), value);
        continue;
      }
      push('ident', ident[0]);
      continue;
    }
    throw filterError(i, `unexpected character '${ch}'`);
  }
  tokens.push({ kind: 'eof', text: '', value: '', pos: source.length });
  return tokens;
}
