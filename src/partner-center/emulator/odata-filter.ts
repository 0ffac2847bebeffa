// A real (small) OData $filter parser: recursive descent over tokens into a typed tree, checked against the
// referral model; odata-evaluate.ts runs the tree per referral. Supported: eq ne gt ge lt le on strings, numbers,
// booleans and date-times (quoted or not), and / or / not, parentheses, paths with `/`
// (customerProfile/address/country) and the lambdas any/all (team/any(t:t/email eq 'x')). Anything else
// (functions, arithmetic, `in`, `has`) is refused with its position (docs/remote-apis.md §1 "List").
//
// Choices where OData leaves room: property names are case-sensitive (OData URL conventions); `not` applies
// to the comparison after it, so `not status eq 'New'` means `not (status eq 'New')`; string comparison is
// ordinal and case-sensitive.
import { parseInstant, type Instant } from './clock.js';
import { filterError, tokenize, type Token } from './odata-lexer.js';
import { referralModel, type FieldModel } from './referral-model.js';

export type ValueType =
  'string' | 'number' | 'boolean' | 'datetime' | 'null' | 'collection' | 'object' | 'json';
const comparisonOps = ['eq', 'ne', 'gt', 'ge', 'lt', 'le'] as const;
export type ComparisonOp = (typeof comparisonOps)[number];
const unsupportedOperators = new Set(['add', 'sub', 'mul', 'div', 'mod', 'has', 'in', 'divby']);
const maxDepth = 64;

export type Scalar = string | number | boolean | Instant | null;

export type FilterNode =
  | { readonly kind: 'literal'; readonly type: ValueType; readonly value: Scalar; readonly pos: number }
  | {
      readonly kind: 'path';
      readonly type: ValueType;
      readonly root: string | undefined;
      readonly segments: readonly string[];
      readonly pos: number;
    }
  | {
      readonly kind: 'lambda';
      readonly type: 'boolean';
      readonly fn: 'any' | 'all';
      readonly collection: FilterNode;
      readonly variable: string | undefined;
      readonly body: FilterNode | undefined;
      readonly pos: number;
    }
  | {
      readonly kind: 'compare';
      readonly type: 'boolean';
      readonly op: ComparisonOp;
      readonly left: FilterNode;
      readonly right: FilterNode;
      readonly pos: number;
    }
  | {
      readonly kind: 'and' | 'or';
      readonly type: 'boolean';
      readonly left: FilterNode;
      readonly right: FilterNode;
      readonly pos: number;
    }
  | { readonly kind: 'not'; readonly type: 'boolean'; readonly operand: FilterNode; readonly pos: number };

class Parser {
  #i = 0;
  #depth = 0;
  readonly #scopes = new Map<string, FieldModel>();

  constructor(private readonly tokens: readonly Token[]) {}

  parse(): FilterNode {
    const node = this.#or();
    const next = this.#peek();
    if (next.kind !== 'eof') throw filterError(next.pos, `unexpected '${next.text}'`);
    this.#expectBoolean(node);
    return node;
  }

  #peek(offset = 0): Token {
    return this.tokens[Math.min(this.#i + offset, this.tokens.length - 1)] as Token;
  }

  #take(): Token {
    const token = this.#peek();
    this.#i++;
    return token;
  }

  #isKeyword(word: string, offset = 0): boolean {
    const token = this.#peek(offset);
    return token.kind === 'ident' && token.text === word;
  }

  #expect(kind: Token['kind'], what: string): Token {
    const token = this.#peek();
    if (token.kind !== kind)
      throw filterError(
        token.pos,
        `expected ${what} but found ${token.kind === 'eof' ? 'the end' : `'${token.text}'`}`,
      );
    return this.#take();
  }

  #expectBoolean(node: FilterNode): void {
    if (node.type !== 'boolean') throw filterError(node.pos, 'a boolean expression is required here');
  }

  #enter(pos: number): void {
    if (++this.#depth > maxDepth) throw filterError(pos, 'the expression is nested too deeply');
  }

  #or(): FilterNode {
    let left = this.#and();
    while (this.#isKeyword('or')) {
      const pos = this.#take().pos;
      const right = this.#and();
      this.#expectBoolean(left);
      this.#expectBoolean(right);
      left = { kind: 'or', type: 'boolean', left, right, pos };
    }
    return left;
  }

  #and(): FilterNode {
    let left = this.#unary();
    while (this.#isKeyword('and')) {
      const pos = this.#take().pos;
      const right = this.#unary();
      this.#expectBoolean(left);
      this.#expectBoolean(right);
      left = { kind: 'and', type: 'boolean', left, right, pos };
    }
    return left;
  }

  #unary(): FilterNode {
    if (this.#isKeyword('not')) {
      const pos = this.#take().pos;
      this.#enter(pos);
      const operand = this.#unary();
      this.#depth--;
      this.#expectBoolean(operand);
      return { kind: 'not', type: 'boolean', operand, pos };
    }
    return this.#comparison();
  }

  #comparison(): FilterNode {
    const left = this.#primary();
    const next = this.#peek();
    if (next.kind === 'ident' && unsupportedOperators.has(next.text)) {
      throw filterError(next.pos, `the operator '${next.text}' is not supported`);
    }
    if (next.kind !== 'ident' || !(comparisonOps as readonly string[]).includes(next.text)) return left;
    this.#take();
    const op = next.text as ComparisonOp;
    const right = this.#primary();
    return { kind: 'compare', type: 'boolean', op, ...coerce(left, right, op, next.pos), pos: next.pos };
  }

  #primary(): FilterNode {
    const token = this.#peek();
    switch (token.kind) {
      case 'lparen': {
        this.#take();
        this.#enter(token.pos);
        const inner = this.#or();
        this.#depth--;
        this.#expect('rparen', "')'");
        return inner;
      }
      case 'string':
        this.#take();
        return { kind: 'literal', type: 'string', value: token.value, pos: token.pos };
      case 'number':
        this.#take();
        return { kind: 'literal', type: 'number', value: Number(token.value), pos: token.pos };
      case 'datetime': {
        this.#take();
        const instant = parseInstant(token.value);
        if (!instant) throw filterError(token.pos, `'${token.value}' is not a valid date-time`);
        return { kind: 'literal', type: 'datetime', value: instant, pos: token.pos };
      }
      case 'ident':
        if (token.text === 'true' || token.text === 'false') {
          this.#take();
          return { kind: 'literal', type: 'boolean', value: token.text === 'true', pos: token.pos };
        }
        if (token.text === 'null') {
          this.#take();
          return { kind: 'literal', type: 'null', value: null, pos: token.pos };
        }
        if (this.#peek(1).kind === 'lparen')
          throw filterError(token.pos, `the function '${token.text}' is not supported`);
        return this.#path();
      default:
        throw filterError(
          token.pos,
          token.kind === 'eof' ? 'the expression ends too early' : `unexpected '${token.text}'`,
        );
    }
  }

  #path(): FilterNode {
    const first = this.#take();
    let root: string | undefined;
    let model: FieldModel | undefined;
    const segments: string[] = [];
    if (this.#scopes.has(first.text)) {
      root = first.text;
      model = this.#scopes.get(first.text);
    } else {
      model = field(referralModel, first.text, first.pos);
      segments.push(first.text);
    }
    while (this.#peek().kind === 'slash') {
      this.#take();
      const segment = this.#expect('ident', 'a property name');
      if ((segment.text === 'any' || segment.text === 'all') && this.#peek().kind === 'lparen') {
        if (model?.kind !== 'collection')
          throw filterError(segment.pos, `'${segment.text}' needs a collection`);
        const collection: FilterNode = {
          kind: 'path',
          type: 'collection',
          root,
          segments: [...segments],
          pos: first.pos,
        };
        return this.#lambda(segment, collection, model.of);
      }
      if (model?.kind === 'collection') {
        throw filterError(segment.pos, `'${segments.join('/') || root}' is a collection; use any() or all()`);
      }
      model = field(model, segment.text, segment.pos);
      segments.push(segment.text);
    }
    const type: ValueType = model ? model.kind : 'json';
    if (type === 'json' || type === 'object')
      throw filterError(
        first.pos,
        `'${[root, ...segments].filter(Boolean).join('/')}' cannot be used in a filter`,
      );
    return { kind: 'path', type, root, segments, pos: first.pos };
  }

  #lambda(fnToken: Token, collection: FilterNode, itemModel: FieldModel): FilterNode {
    const fn = fnToken.text as 'any' | 'all';
    this.#expect('lparen', "'('");
    if (this.#peek().kind === 'rparen') {
      this.#take();
      if (fn === 'all') throw filterError(fnToken.pos, 'all() needs a lambda expression');
      return {
        kind: 'lambda',
        type: 'boolean',
        fn,
        collection,
        variable: undefined,
        body: undefined,
        pos: fnToken.pos,
      };
    }
    const variable = this.#expect('ident', 'a lambda variable');
    this.#expect('colon', "':'");
    if (this.#scopes.has(variable.text))
      throw filterError(variable.pos, `the variable '${variable.text}' is already in use`);
    this.#scopes.set(variable.text, itemModel);
    this.#enter(variable.pos);
    const body = this.#or();
    this.#depth--;
    this.#scopes.delete(variable.text);
    this.#expectBoolean(body);
    this.#expect('rparen', "')'");
    return {
      kind: 'lambda',
      type: 'boolean',
      fn,
      collection,
      variable: variable.text,
      body,
      pos: fnToken.pos,
    };
  }
}

function field(model: FieldModel | undefined, name: string, pos: number): FieldModel {
  if (model?.kind === 'object' && Object.hasOwn(model.fields, name)) return model.fields[name] as FieldModel;
  throw filterError(pos, `could not find a property named '${name}'`);
}

/** Type-checks a comparison; a quoted string compared with a date-time property is read as a date-time. */
function coerce(
  left: FilterNode,
  right: FilterNode,
  op: ComparisonOp,
  pos: number,
): { left: FilterNode; right: FilterNode } {
  const asDate = (node: FilterNode, other: FilterNode): FilterNode => {
    if (other.type !== 'datetime' || node.kind !== 'literal' || node.type !== 'string') return node;
    const text = typeof node.value === 'string' ? node.value : '';
    const instant = parseInstant(text);
    if (!instant) throw filterError(node.pos, `'${text}' is not a valid date-time`);
    return { ...node, type: 'datetime', value: instant };
  };
  const l = asDate(left, right);
  const r = asDate(right, left);
  for (const side of [l, r]) {
    if (side.type === 'collection' || side.type === 'object' || side.type === 'json') {
      throw filterError(side.pos, `a ${side.type} cannot be compared`);
    }
  }
  if (l.type !== 'null' && r.type !== 'null' && l.type !== r.type) {
    throw filterError(pos, `the operator '${op}' cannot compare ${l.type} with ${r.type}`);
  }
  return { left: l, right: r };
}

export function parseFilter(source: string): FilterNode {
  return new Parser(tokenize(source)).parse();
}
