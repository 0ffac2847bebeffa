// A recursive-descent parser for the SOQL subset the emulator serves:
//   SELECT (COUNT() | item, …) FROM Object [WHERE cond] [ORDER BY path [ASC|DESC] [NULLS FIRST|LAST], …]
//   [LIMIT n] [OFFSET n]
// item: a path, or a parent-child relationship query `(SELECT path, … FROM ChildRelationship [WHERE cond]
// [ORDER BY …] [LIMIT n])` (one level, as Salesforce's REST API allows before v58).
// cond: OR of ANDs of [NOT] (cond) or comparisons `path op literal`, `path LIKE 'x%'`, `path [NOT] IN (…)`.
// Literals: strings, numbers, true/false/null, dates, date-times and date literals (TODAY, LAST_N_DAYS:n …).
// Refused with MALFORMED_QUERY and the offending position: everything else, including semi-joins, subqueries
// inside subqueries, GROUP BY, aggregate functions other than COUNT(), TYPEOF, bind variables and the clauses
// SOQL has that this does not.
import type {
  ChildQuery,
  CompareOp,
  Condition,
  FieldPath,
  Literal,
  OrderItem,
  SoqlQuery,
} from './soql-ast.js';
import { malformed } from './soql-errors.js';
import { tokenizeSoql, type SoqlToken } from './soql-lexer.js';
import { parseDateTime } from './sf-time.js';

/** Date literals; those taking `:n` are listed in `withN`. */
export const dateLiterals = new Set([
  'TODAY',
  'YESTERDAY',
  'TOMORROW',
  'LAST_N_DAYS',
  'NEXT_N_DAYS',
  'N_DAYS_AGO',
]);
const withN = new Set(['LAST_N_DAYS', 'NEXT_N_DAYS', 'N_DAYS_AGO']);
const unsupportedClauses = new Set(['GROUP', 'HAVING', 'WITH', 'FOR', 'USING', 'UPDATE', 'TYPEOF', 'ALL']);
const clauseStarts = new Set(['WHERE', 'ORDER', 'LIMIT', 'OFFSET', ...unsupportedClauses]);
const maxDepth = 64;

class Parser {
  #i = 0;
  #depth = 0;

  constructor(
    private readonly source: string,
    private readonly tokens: readonly SoqlToken[],
  ) {}

  #peek(offset = 0): SoqlToken {
    return this.tokens[Math.min(this.#i + offset, this.tokens.length - 1)] as SoqlToken;
  }

  #take(): SoqlToken {
    const token = this.#peek();
    this.#i++;
    return token;
  }

  #isWord(word: string, offset = 0): boolean {
    const token = this.#peek(offset);
    return token.kind === 'ident' && token.text.toUpperCase() === word;
  }

  #unexpected(token: SoqlToken, expected?: string): never {
    const found = token.kind === 'eof' ? '<EOF>' : token.text;
    throw malformed(
      this.source,
      token.pos,
      expected ? `expecting ${expected}, found '${found}'` : `unexpected token: '${found}'`,
    );
  }

  #word(word: string): SoqlToken {
    if (!this.#isWord(word)) this.#unexpected(this.#peek(), `'${word}'`);
    return this.#take();
  }

  #expect(kind: SoqlToken['kind'], what: string): SoqlToken {
    if (this.#peek().kind !== kind) this.#unexpected(this.#peek(), what);
    return this.#take();
  }

  parse(): SoqlQuery {
    this.#word('SELECT');
    let count = false;
    const fields: FieldPath[] = [];
    const children: ChildQuery[] = [];
    if (this.#isWord('COUNT') && this.#peek(1).kind === 'lparen') {
      this.#take();
      this.#take();
      if (this.#peek().kind !== 'rparen') {
        throw malformed(
          this.source,
          this.#peek().pos,
          'the emulator supports COUNT() only, not COUNT(field)',
        );
      }
      this.#take();
      count = true;
    } else {
      do {
        if (this.#peek().kind === 'lparen') children.push(this.#childQuery(fields.length));
        else fields.push(this.#selectItem());
      } while (this.#peek().kind === 'comma' && this.#take());
    }
    this.#word('FROM');
    const object = this.#expect('ident', 'an object name');
    const { where, orderBy, limit, offset, offsetPos } = this.#clauses();
    const next = this.#peek();
    if (next.kind !== 'eof') {
      this.#refuseUnsupported(next);
      this.#unexpected(next);
    }
    return {
      source: this.source,
      count,
      fields,
      children,
      from: { name: object.text, pos: object.pos },
      where,
      orderBy,
      limit,
      offset,
      offsetPos,
    };
  }

  /** `(SELECT … FROM Relationship …)`; the opening parenthesis is next. */
  #childQuery(at: number): ChildQuery {
    const open = this.#take();
    this.#word('SELECT');
    const fields: FieldPath[] = [];
    do fields.push(this.#selectItem());
    while (this.#peek().kind === 'comma' && this.#take());
    this.#word('FROM');
    const relationship = this.#expect('ident', 'a relationship name');
    const { where, orderBy, limit, offset, offsetPos } = this.#clauses();
    if (offset !== undefined) {
      throw malformed(this.source, offsetPos, 'the emulator does not support OFFSET in a subquery');
    }
    this.#refuseUnsupported(this.#peek());
    this.#expect('rparen', "')'");
    return {
      fields,
      from: { name: relationship.text, pos: relationship.pos },
      where,
      orderBy,
      limit,
      at,
      pos: open.pos,
    };
  }

  /** WHERE, ORDER BY, LIMIT and OFFSET after `FROM name`, each optional. */
  #clauses(): {
    where: Condition | undefined;
    orderBy: OrderItem[];
    limit: number | undefined;
    offset: number | undefined;
    offsetPos: number;
  } {
    let where: Condition | undefined;
    const orderBy: OrderItem[] = [];
    let limit: number | undefined;
    let offset: number | undefined;
    let offsetPos = 0;
    if (this.#peek().kind === 'ident' && !clauseStarts.has(this.#peek().text.toUpperCase())) {
      throw malformed(
        this.source,
        this.#peek().pos,
        `unexpected token: '${this.#peek().text}' (aliases are not supported)`,
      );
    }
    if (this.#isWord('WHERE')) {
      this.#take();
      where = this.#or();
    }
    if (this.#isWord('ORDER')) {
      this.#take();
      this.#word('BY');
      do orderBy.push(this.#orderItem());
      while (this.#peek().kind === 'comma' && this.#take());
    }
    if (this.#isWord('LIMIT')) {
      this.#take();
      limit = this.#count('LIMIT');
    }
    if (this.#isWord('OFFSET')) {
      this.#take();
      offsetPos = this.#peek().pos;
      offset = this.#count('OFFSET');
    }
    return { where, orderBy, limit, offset, offsetPos };
  }

  #refuseUnsupported(token: SoqlToken): void {
    if (token.kind === 'ident' && unsupportedClauses.has(token.text.toUpperCase())) {
      throw malformed(this.source, token.pos, `the emulator does not support ${token.text.toUpperCase()}`);
    }
  }

  #count(clause: string): number {
    const token = this.#peek();
    if (token.kind !== 'number' || !/^\d+$/.test(token.text))
      this.#unexpected(token, `a whole number after ${clause}`);
    this.#take();
    return Number(token.text);
  }

  /** A field path; an opening parenthesis here is a subquery inside a subquery (the top level reads its own). */
  #selectItem(): FieldPath {
    const token = this.#peek();
    if (token.kind === 'lparen') {
      throw malformed(this.source, token.pos, 'the emulator does not support subqueries inside a subquery');
    }
    if (token.kind === 'ident' && this.#peek(1).kind === 'lparen') {
      throw malformed(this.source, token.pos, `the emulator does not support ${token.text.toUpperCase()}()`);
    }
    return this.#path();
  }

  #path(): FieldPath {
    const first = this.#expect('ident', 'a field name');
    const segments = [first.text];
    let end = first.pos + first.text.length;
    while (this.#peek().kind === 'dot') {
      this.#take();
      const next = this.#expect('ident', 'a field name');
      segments.push(next.text);
      end = next.pos + next.text.length;
    }
    return { segments, text: this.source.slice(first.pos, end), pos: first.pos };
  }

  #orderItem(): OrderItem {
    const field = this.#path();
    let descending = false;
    let nullsFirst: boolean | undefined;
    if (this.#isWord('ASC') || this.#isWord('DESC')) descending = this.#take().text.toUpperCase() === 'DESC';
    if (this.#isWord('NULLS')) {
      this.#take();
      if (this.#isWord('FIRST')) nullsFirst = true;
      else if (this.#isWord('LAST')) nullsFirst = false;
      else this.#unexpected(this.#peek(), 'FIRST or LAST');
      this.#take();
    }
    return { field, descending, nullsFirst };
  }

  #enter(pos: number): void {
    if (++this.#depth > maxDepth) throw malformed(this.source, pos, 'the condition is nested too deeply');
  }

  #or(): Condition {
    let left = this.#and();
    while (this.#isWord('OR')) {
      const pos = this.#take().pos;
      left = { kind: 'or', left, right: this.#and(), pos };
    }
    return left;
  }

  #and(): Condition {
    let left = this.#not();
    while (this.#isWord('AND')) {
      const pos = this.#take().pos;
      left = { kind: 'and', left, right: this.#not(), pos };
    }
    return left;
  }

  #not(): Condition {
    if (this.#isWord('NOT')) {
      const pos = this.#take().pos;
      this.#enter(pos);
      const operand = this.#not();
      this.#depth--;
      return { kind: 'not', operand, pos };
    }
    if (this.#peek().kind === 'lparen') {
      const open = this.#take();
      this.#enter(open.pos);
      const inner = this.#or();
      this.#depth--;
      this.#expect('rparen', "')'");
      return inner;
    }
    return this.#comparison();
  }

  #comparison(): Condition {
    const field = this.#path();
    const token = this.#peek();
    if (token.kind === 'op') {
      this.#take();
      const op = (token.text === '<>' ? '!=' : token.text) as CompareOp;
      return { kind: 'compare', field, op, value: this.#literal(), pos: token.pos };
    }
    if (this.#isWord('LIKE')) {
      this.#take();
      return { kind: 'like', field, pattern: this.#literal(), pos: token.pos };
    }
    let negated = false;
    if (this.#isWord('NOT') && this.#isWord('IN', 1)) {
      this.#take();
      negated = true;
    }
    if (this.#isWord('IN')) {
      this.#take();
      this.#expect('lparen', "'('");
      if (this.#isWord('SELECT')) {
        throw malformed(this.source, this.#peek().pos, 'the emulator does not support semi-join subqueries');
      }
      const values: Literal[] = [];
      do values.push(this.#literal());
      while (this.#peek().kind === 'comma' && this.#take());
      this.#expect('rparen', "')'");
      return { kind: 'in', field, negated, values, pos: token.pos };
    }
    if (this.#isWord('INCLUDES') || this.#isWord('EXCLUDES')) {
      throw malformed(this.source, token.pos, `the emulator does not support ${token.text.toUpperCase()}`);
    }
    this.#unexpected(token, 'a comparison operator');
  }

  #literal(): Literal {
    const token = this.#take();
    switch (token.kind) {
      case 'string':
        return { kind: 'string', value: token.value, like: token.like ?? '', pos: token.pos };
      case 'number':
        return { kind: 'number', value: Number(token.text), text: token.text, pos: token.pos };
      case 'date':
        return { kind: 'date', value: token.text, pos: token.pos };
      case 'datetime': {
        const ms = parseDateTime(token.text);
        if (ms === undefined)
          throw malformed(this.source, token.pos, `invalid datetime literal: ${token.text}`);
        return { kind: 'datetime', value: ms, text: token.text, pos: token.pos };
      }
      case 'ident': {
        const word = token.text.toUpperCase();
        if (word === 'TRUE' || word === 'FALSE')
          return { kind: 'boolean', value: word === 'TRUE', pos: token.pos };
        if (word === 'NULL') return { kind: 'null', pos: token.pos };
        if (dateLiterals.has(word)) {
          if (!withN.has(word)) return { kind: 'dateLiteral', name: word, n: undefined, pos: token.pos };
          this.#expect('colon', `':' and a number after ${word}`);
          const n = this.#peek();
          if (n.kind !== 'number' || !/^\d+$/.test(n.text))
            this.#unexpected(n, `a whole number after ${word}:`);
          this.#take();
          return { kind: 'dateLiteral', name: word, n: Number(n.text), pos: token.pos };
        }
        return this.#unexpected(token);
      }
      case 'colon':
        throw malformed(this.source, token.pos, 'bind variables (:name) exist only in Apex');
      default:
        return this.#unexpected(token);
    }
  }
}

/** Parses SOQL text; MALFORMED_QUERY (with position) when it is not in the subset. */
export function parseSoql(source: string): SoqlQuery {
  return new Parser(source, tokenizeSoql(source)).parse();
}
