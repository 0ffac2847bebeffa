// Tokens of the OData query subset Dataverse's Web API speaks ($filter, $orderby, $select, $expand). Every
// token keeps its position so a refusal can say where the text went wrong. GUIDs are unquoted literals
// (`_parentaccountid_value eq 7d5e…`), dates and date-times too (`createdon ge 2026-11-01T00:00:00Z`), as in
// OData 4.0; strings use single quotes with '' for a quote.
import { queryError } from './dv-errors.js';

export type TokenKind =
  | 'lparen'
  | 'rparen'
  | 'comma'
  | 'semicolon'
  | 'equals'
  | 'slash'
  | 'string'
  | 'number'
  | 'guid'
  | 'date'
  | 'datetime'
  | 'ident'
  | 'eof';

export interface Token {
  readonly kind: TokenKind;
  /** The source text of the token. */
  readonly text: string;
  /** String literals: the unescaped value. */
  readonly value: string;
  /** 0-based offset in the option's text. */
  readonly pos: number;
}

/** A syntax error, worded as Dataverse's OData layer words them. */
export function syntaxError(option: string, source: string, pos: number, detail?: string) {
  return queryError(
    `Syntax error at position ${pos} in '${source}'${detail ? `: ${detail}` : ''}. (${option})`,
  );
}

const punctuation: Readonly<Record<string, TokenKind>> = {
  '(': 'lparen',
  ')': 'rparen',
  ',': 'comma',
  ';': 'semicolon',
  '=': 'equals',
  '/': 'slash',
};
const guidPattern = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}(?![\w-])/;
const datetimePattern =
  /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,7})?)?(?:Z|[+-]\d{2}:\d{2})(?![\w.:-])/;
const datePattern = /^\d{4}-\d{2}-\d{2}(?![\w.:-])/;
const numberPattern = /^-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?[mMdDfFlL]?(?![\w.])/;
const identPattern = /^[A-Za-z_$][A-Za-z0-9_.]*/;
const literalPatterns: readonly (readonly [TokenKind, RegExp])[] = [
  ['guid', guidPattern],
  ['datetime', datetimePattern],
  ['date', datePattern],
  ['number', numberPattern],
  ['ident', identPattern],
];

export function tokenize(option: string, source: string): Token[] {
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
    const punct = punctuation[ch];
    if (punct) {
      push(punct, ch);
      continue;
    }
    if (ch === "'") {
      let value = '';
      let j = i + 1;
      for (;;) {
        const c = source[j];
        if (c === undefined) throw syntaxError(option, source, i, 'unterminated string literal');
        if (c === "'") {
          if (source[j + 1] !== "'") break;
          value += "'";
          j += 2;
          continue;
        }
        value += c;
        j++;
      }
      push('string', source.slice(i, j + 1), value);
      continue;
    }
    const rest = source.slice(i);
    // Order matters: a GUID or a date starts with digits, so they are tried before numbers.
    const found = literalPatterns
      .map(([kind, pattern]) => [kind, pattern.exec(rest)] as const)
      .find(([, m]) => m !== null);
    if (!found?.[1]) throw syntaxError(option, source, i, `unexpected character '${ch}'`);
    const [kind, m] = found as readonly [TokenKind, RegExpExecArray];
    push(kind, m[0], kind === 'number' ? m[0].replace(/[mMdDfFlL]$/, '') : m[0]);
  }
  tokens.push({ kind: 'eof', text: '', value: '', pos: source.length });
  return tokens;
}

/** A cursor over tokens with the expectations every parser here needs. */
export class TokenStream {
  #i = 0;

  constructor(
    readonly option: string,
    readonly source: string,
    private readonly tokens: readonly Token[] = tokenize(option, source),
  ) {}

  peek(offset = 0): Token {
    return this.tokens[Math.min(this.#i + offset, this.tokens.length - 1)] as Token;
  }

  take(): Token {
    const token = this.peek();
    this.#i++;
    return token;
  }

  isWord(word: string, offset = 0): boolean {
    const token = this.peek(offset);
    return token.kind === 'ident' && token.text === word;
  }

  expect(kind: TokenKind, what: string): Token {
    const token = this.peek();
    if (token.kind !== kind) throw this.error(token, `expected ${what}`);
    return this.take();
  }

  error(token: Token, detail: string) {
    return syntaxError(
      this.option,
      this.source,
      token.pos,
      `${detail}${token.kind === 'eof' ? ' but the text ends' : ` but found '${token.text}'`}`,
    );
  }
}
