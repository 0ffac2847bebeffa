// $filter: a recursive-descent parser into a tree checked against the table's columns; odata-evaluate.ts runs
// it per row. Supported: eq ne gt ge lt le; and, or, not; parentheses; contains, startswith, endswith;
// literals: strings, numbers, true/false, null, GUIDs, dates and date-times; properties are columns or a
// lookup's `_<column>_value`. Anything else (arithmetic, `in`, lambdas, other functions) is refused with its
// position. Property names are case-sensitive and lower case, as Dataverse's logical names are.
import { queryError } from './dv-errors.js';
import { ColumnType, type ColumnDef, type EntityDef } from './metadata-types.js';
import { TokenStream, type Token } from './odata-lexer.js';

export type LiteralType = 'string' | 'number' | 'boolean' | 'null' | 'guid' | 'date' | 'datetime';
const comparisonOps = ['eq', 'ne', 'gt', 'ge', 'lt', 'le'] as const;
export type ComparisonOp = (typeof comparisonOps)[number];
const stringFunctions = ['contains', 'startswith', 'endswith'] as const;
export type StringFunction = (typeof stringFunctions)[number];
const maxDepth = 64;

export interface Literal {
  readonly type: LiteralType;
  readonly value: string | number | boolean | null;
}

export type FilterNode =
  | {
      readonly kind: 'compare';
      readonly op: ComparisonOp;
      readonly column: ColumnDef;
      readonly literal: Literal;
    }
  | {
      readonly kind: 'function';
      readonly fn: StringFunction;
      readonly column: ColumnDef;
      readonly text: string;
    }
  | { readonly kind: 'and' | 'or'; readonly left: FilterNode; readonly right: FilterNode }
  | { readonly kind: 'not'; readonly operand: FilterNode };

/** The column a property name in a query means: a column, or `_<lookup>_value`. */
export function resolveProperty(entity: EntityDef, name: string): ColumnDef | undefined {
  const lookup = /^_(.+)_value$/.exec(name);
  if (lookup) {
    const column = entity.columns.get(lookup[1] as string);
    return column?.type === ColumnType.lookup ? column : undefined;
  }
  const column = entity.columns.get(name);
  return column && column.type !== ColumnType.lookup ? column : undefined;
}

export function unknownProperty(entity: EntityDef, name: string) {
  return queryError(
    `Could not find a property named '${name}' on type 'Microsoft.Dynamics.CRM.${entity.logicalName}'.`,
  );
}

/** The Edm type a column is read as, for error messages. */
function edmType(column: ColumnDef): string {
  switch (column.type) {
    case 'string':
    case 'memo':
      return 'Edm.String';
    case 'money':
    case 'decimal':
      return 'Edm.Decimal';
    case 'bigint':
      return 'Edm.Int64';
    case 'boolean':
      return 'Edm.Boolean';
    case 'dateonly':
      return 'Edm.Date';
    case 'datetime':
      return 'Edm.DateTimeOffset';
    case 'uniqueidentifier':
    case 'lookup':
      return 'Edm.Guid';
    default:
      return 'Edm.Int32';
  }
}
const literalEdm: Readonly<Record<LiteralType, string>> = {
  string: 'Edm.String',
  number: 'Edm.Int32',
  boolean: 'Edm.Boolean',
  null: 'null',
  guid: 'Edm.Guid',
  date: 'Edm.Date',
  datetime: 'Edm.DateTimeOffset',
};

function compatible(column: ColumnDef, literal: Literal): boolean {
  if (literal.type === 'null') return true;
  switch (edmType(column)) {
    case 'Edm.String':
      return literal.type === 'string';
    case 'Edm.Boolean':
      return literal.type === 'boolean';
    case 'Edm.Guid':
      return literal.type === 'guid';
    case 'Edm.Date':
    case 'Edm.DateTimeOffset':
      return literal.type === 'date' || literal.type === 'datetime';
    default:
      return literal.type === 'number';
  }
}

class FilterParser {
  #depth = 0;
  readonly #s: TokenStream;

  constructor(
    private readonly entity: EntityDef,
    source: string,
  ) {
    this.#s = new TokenStream('$filter', source);
  }

  parse(): FilterNode {
    const node = this.#or();
    const next = this.#s.peek();
    if (next.kind !== 'eof') throw this.#s.error(next, "expected 'and', 'or' or the end");
    return node;
  }

  #or(): FilterNode {
    let left = this.#and();
    while (this.#s.isWord('or')) {
      this.#s.take();
      left = { kind: 'or', left, right: this.#and() };
    }
    return left;
  }

  #and(): FilterNode {
    let left = this.#unary();
    while (this.#s.isWord('and')) {
      this.#s.take();
      left = { kind: 'and', left, right: this.#unary() };
    }
    return left;
  }

  #unary(): FilterNode {
    if (this.#s.isWord('not')) {
      this.#s.take();
      return { kind: 'not', operand: this.#nested(() => this.#unary()) };
    }
    const token = this.#s.peek();
    if (token.kind === 'lparen') {
      this.#s.take();
      const inner = this.#nested(() => this.#or());
      this.#s.expect('rparen', "')'");
      return inner;
    }
    if (token.kind === 'ident' && this.#s.peek(1).kind === 'lparen') return this.#function(token);
    return this.#comparison();
  }

  #nested(fn: () => FilterNode): FilterNode {
    if (++this.#depth > maxDepth) throw queryError('The $filter expression is nested too deeply.');
    const node = fn();
    this.#depth--;
    return node;
  }

  #function(name: Token): FilterNode {
    const fn = name.text.toLowerCase() as StringFunction;
    if (!(stringFunctions as readonly string[]).includes(name.text)) {
      throw queryError(`An unknown function with name '${name.text}' was found. (${this.#s.source})`);
    }
    this.#s.take();
    this.#s.expect('lparen', "'('");
    const column = this.#property();
    this.#s.expect('comma', "','");
    const literal = this.#s.expect('string', 'a string literal');
    this.#s.expect('rparen', "')'");
    if (column.type !== ColumnType.string && column.type !== ColumnType.memo) {
      throw queryError(`The function '${fn}' needs a text property; '${column.name}' is ${edmType(column)}.`);
    }
    return { kind: 'function', fn, column, text: literal.value };
  }

  #property(): ColumnDef {
    const token = this.#s.peek();
    if (token.kind !== 'ident' || ['true', 'false', 'null'].includes(token.text)) {
      throw this.#s.error(token, 'expected a property name');
    }
    this.#s.take();
    if (this.#s.peek().kind === 'slash') {
      throw queryError(`Navigation paths in $filter ('${token.text}/…') are not supported by this service.`);
    }
    const column = resolveProperty(this.entity, token.text);
    if (!column) throw unknownProperty(this.entity, token.text);
    return column;
  }

  #literal(): Literal {
    const token = this.#s.take();
    switch (token.kind) {
      case 'string':
        return { type: 'string', value: token.value };
      case 'number':
        return { type: 'number', value: Number(token.value) };
      case 'guid':
        return { type: 'guid', value: token.text.toLowerCase() };
      case 'date':
      case 'datetime':
        if (Number.isNaN(Date.parse(token.kind === 'date' ? `${token.text}T00:00:00Z` : token.text))) {
          throw queryError(
            `'${token.text}' is not a valid ${token.kind === 'date' ? 'Edm.Date' : 'Edm.DateTimeOffset'} literal.`,
          );
        }
        return { type: token.kind, value: token.text };
      case 'ident':
        if (token.text === 'true' || token.text === 'false')
          return { type: 'boolean', value: token.text === 'true' };
        if (token.text === 'null') return { type: 'null', value: null };
        break;
      default:
        break;
    }
    throw this.#s.error(token, 'expected a literal value');
  }

  #comparison(): FilterNode {
    const column = this.#property();
    const opToken = this.#s.peek();
    if (opToken.kind !== 'ident' || !(comparisonOps as readonly string[]).includes(opToken.text)) {
      throw this.#s.error(opToken, "expected a comparison operator ('eq', 'ne', 'gt', 'ge', 'lt', 'le')");
    }
    this.#s.take();
    const op = opToken.text as ComparisonOp;
    const literal = this.#literal();
    if (!compatible(column, literal)) {
      throw queryError(
        `A binary operator with incompatible types was detected. Found operand types '${edmType(column)}' and '${literalEdm[literal.type]}' for operator kind '${op}'.`,
      );
    }
    if (literal.type === 'null' && op !== 'eq' && op !== 'ne') {
      throw queryError(`The operator '${op}' cannot compare with null.`);
    }
    return { kind: 'compare', op, column, literal };
  }
}

export function parseFilter(entity: EntityDef, source: string): FilterNode {
  if (source.trim() === '') throw queryError('The $filter option is empty.');
  return new FilterParser(entity, source).parse();
}
