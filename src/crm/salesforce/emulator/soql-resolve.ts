// Binds a parsed query to the org: object and field names (case-insensitive, answered in their canonical
// case), relationship paths (Account.Name, Owner.Profile.Name, Opportunity__r.Name), child relationships of
// parent-child subqueries (Contacts, Microsoft_Solutions__r), and the type of every literal against its field,
// so evaluation never meets a mismatch. Refusals are Salesforce's: INVALID_TYPE,
// INVALID_FIELD, INVALID_QUERY_FILTER_OPERATOR, NUMBER_OUTSIDE_VALID_RANGE, MALFORMED_QUERY.
import { normalizeId } from './ids.js';
import type { Schema } from './schema.js';
import { FieldType, type FieldDef, type FieldValue, type ObjectDef } from './schema-types.js';
import { SfErrorCode } from './sf-errors.js';
import { addDays, dateStartMs } from './sf-time.js';
import type {
  ChildQuery,
  CompareOp,
  Condition,
  FieldPath,
  Literal,
  OrderItem,
  SoqlQuery,
} from './soql-ast.js';
import { dateLiteralRange } from './soql-dates.js';
import { malformed, soqlError } from './soql-errors.js';
import { isNumberType, isTextType } from './values.js';

export interface ResolvedPath {
  /** Reference fields followed, with the object each leads to. */
  readonly hops: readonly { readonly field: FieldDef; readonly target: ObjectDef }[];
  readonly field: FieldDef;
  /** Canonical text (`Account.Name`), used for duplicate detection. */
  readonly canonical: string;
}

/** How values of a field compare. */
export type Category = 'text' | 'id' | 'boolean' | 'number' | 'date' | 'datetime';

/** A literal in the stored form of its field; date literals become half-open ranges [from, to). */
export type Operand =
  | { readonly kind: 'value'; readonly value: FieldValue }
  | { readonly kind: 'range'; readonly from: string | number; readonly to: string | number };

export type CompiledCondition =
  | {
      readonly kind: 'compare';
      readonly path: ResolvedPath;
      readonly category: Category;
      readonly op: CompareOp;
      readonly operand: Operand;
    }
  | { readonly kind: 'like'; readonly path: ResolvedPath; readonly regex: RegExp }
  | {
      readonly kind: 'in';
      readonly path: ResolvedPath;
      readonly category: Category;
      readonly negated: boolean;
      readonly values: readonly FieldValue[];
    }
  | { readonly kind: 'and' | 'or'; readonly left: CompiledCondition; readonly right: CompiledCondition }
  | { readonly kind: 'not'; readonly operand: CompiledCondition };

export interface CompiledOrder {
  readonly path: ResolvedPath;
  readonly category: Category;
  readonly descending: boolean;
  readonly nullsFirst: boolean;
}

/** A parent-child subquery: the child records whose `parentField` points at the outer record. */
export interface CompiledChild {
  /** The child relationship as the schema spells it: the key of its records in each outer row. */
  readonly name: string;
  readonly object: ObjectDef;
  readonly parentField: FieldDef;
  readonly columns: readonly ResolvedPath[];
  readonly where: CompiledCondition | undefined;
  readonly order: readonly CompiledOrder[];
  readonly limit: number | undefined;
  /** Outer columns before it (select order). */
  readonly at: number;
}

export interface CompiledQuery {
  readonly object: ObjectDef;
  readonly count: boolean;
  readonly columns: readonly ResolvedPath[];
  readonly children: readonly CompiledChild[];
  readonly where: CompiledCondition | undefined;
  readonly order: readonly CompiledOrder[];
  readonly limit: number | undefined;
  readonly offset: number | undefined;
}

/** Salesforce refuses OFFSET beyond 2,000. */
export const maxOffset = 2000;

export function categoryOf(field: FieldDef): Category {
  if (field.type === FieldType.id || field.type === FieldType.reference) return 'id';
  if (field.type === FieldType.boolean) return 'boolean';
  if (field.type === FieldType.date) return 'date';
  if (field.type === FieldType.datetime) return 'datetime';
  if (isNumberType(field.type)) return 'number';
  if (isTextType(field.type)) return 'text';
  return 'text';
}

const soapTypeName: Readonly<Record<Category, string>> = {
  text: 'string',
  id: 'id',
  boolean: 'boolean',
  number: 'double',
  date: 'date',
  datetime: 'dateTime',
};

class Resolver {
  constructor(
    private readonly schema: Schema,
    private readonly query: SoqlQuery,
    private readonly nowMs: number,
  ) {}

  #error(code: Parameters<typeof soqlError>[0], pos: number, detail: string): never {
    throw soqlError(code, this.query.source, pos, detail);
  }

  object(): ObjectDef {
    const { name, pos } = this.query.from;
    const object = this.schema.object(name);
    if (!object) {
      this.#error(
        SfErrorCode.invalidType,
        pos,
        `sObject type '${name}' is not supported. If you are attempting to use a custom object, be sure to append the '__c' after the entity name. Please reference your WSDL or the describe call for the appropriate names.`,
      );
    }
    return object;
  }

  path(object: ObjectDef, path: FieldPath): ResolvedPath {
    const hops: { field: FieldDef; target: ObjectDef }[] = [];
    let current = object;
    const names: string[] = [];
    for (const segment of path.segments.slice(0, -1)) {
      const reference = current.relationshipsByName.get(segment.toLowerCase());
      const target = reference && this.schema.object(reference.referenceTo[0] ?? '');
      if (!reference || !target) {
        this.#error(
          SfErrorCode.invalidField,
          path.pos,
          `Didn't understand relationship '${segment}' in field path. If you are attempting to use a custom relationship, be sure to append the '__r' after the custom relationship name. Please reference your WSDL or the describe call for the appropriate names.`,
        );
      }
      hops.push({ field: reference, target });
      names.push(reference.relationshipName ?? reference.name);
      current = target;
    }
    const last = path.segments.at(-1) ?? '';
    const field = this.schema.field(current, last);
    if (!field) {
      this.#error(
        SfErrorCode.invalidField,
        path.pos,
        `No such column '${last}' on entity '${current.name}'. If you are attempting to use a custom field, be sure to append the '__c' after the custom field name. Please reference your WSDL or the describe call for the appropriate names.`,
      );
    }
    names.push(field.name);
    return { hops, field, canonical: names.join('.') };
  }

  #filterable(object: ObjectDef, path: FieldPath): ResolvedPath {
    const resolved = this.path(object, path);
    if (!resolved.field.filterable) {
      this.#error(
        SfErrorCode.invalidField,
        path.pos,
        `field '${resolved.field.name}' can not be filtered in a query call`,
      );
    }
    return resolved;
  }

  #typeError(field: FieldDef, category: Category, literal: Literal): never {
    const quoted = category === 'text' || category === 'id';
    this.#error(
      SfErrorCode.invalidQueryFilterOperator,
      literal.pos,
      `value of filter criterion for field '${field.name}' must be of type ${soapTypeName[category]} and ${quoted ? 'should be enclosed in quotes' : 'should not be enclosed in quotes'}`,
    );
  }

  /** A scalar literal in the field's stored form (null allowed everywhere). */
  #scalar(field: FieldDef, category: Category, literal: Literal): FieldValue {
    if (literal.kind === 'null') return null;
    switch (category) {
      case 'text':
        if (literal.kind !== 'string') this.#typeError(field, category, literal);
        return literal.value;
      case 'id': {
        if (literal.kind !== 'string') this.#typeError(field, category, literal);
        const id = normalizeId(literal.value);
        if (!id)
          this.#error(
            SfErrorCode.invalidQueryFilterOperator,
            literal.pos,
            `invalid ID field: ${literal.value}`,
          );
        return id;
      }
      case 'boolean':
        if (literal.kind !== 'boolean') this.#typeError(field, category, literal);
        return literal.value;
      case 'number':
        if (literal.kind !== 'number') this.#typeError(field, category, literal);
        return literal.value;
      case 'date':
        if (literal.kind !== 'date') this.#typeError(field, category, literal);
        return literal.value;
      case 'datetime':
        if (literal.kind !== 'datetime') this.#typeError(field, category, literal);
        return literal.value;
    }
  }

  #operand(field: FieldDef, category: Category, literal: Literal): Operand {
    if (literal.kind !== 'dateLiteral')
      return { kind: 'value', value: this.#scalar(field, category, literal) };
    if (category !== 'date' && category !== 'datetime') this.#typeError(field, category, literal);
    const range = dateLiteralRange(literal.name, literal.n, this.nowMs);
    const end = addDays(range.last, 1);
    return category === 'date'
      ? { kind: 'range', from: range.first, to: end }
      : { kind: 'range', from: dateStartMs(range.first), to: dateStartMs(end) };
  }

  condition(object: ObjectDef, condition: Condition): CompiledCondition {
    switch (condition.kind) {
      case 'and':
      case 'or':
        return {
          kind: condition.kind,
          left: this.condition(object, condition.left),
          right: this.condition(object, condition.right),
        };
      case 'not':
        return { kind: 'not', operand: this.condition(object, condition.operand) };
      case 'compare': {
        const path = this.#filterable(object, condition.field);
        const category = categoryOf(path.field);
        const operand = this.#operand(path.field, category, condition.value);
        if (category === 'boolean' && condition.op !== '=' && condition.op !== '!=') {
          this.#error(
            SfErrorCode.invalidQueryFilterOperator,
            condition.pos,
            `invalid operator on boolean field: ${condition.op}`,
          );
        }
        return { kind: 'compare', path, category, op: condition.op, operand };
      }
      case 'like': {
        const path = this.#filterable(object, condition.field);
        if (categoryOf(path.field) !== 'text') {
          this.#error(
            SfErrorCode.invalidQueryFilterOperator,
            condition.pos,
            `invalid operator on ${soapTypeName[categoryOf(path.field)]} field: LIKE`,
          );
        }
        if (condition.pattern.kind !== 'string') this.#typeError(path.field, 'text', condition.pattern);
        return { kind: 'like', path, regex: new RegExp(condition.pattern.like, 'is') };
      }
      case 'in': {
        const path = this.#filterable(object, condition.field);
        const category = categoryOf(path.field);
        if (category === 'boolean') {
          this.#error(
            SfErrorCode.invalidQueryFilterOperator,
            condition.pos,
            'invalid operator on boolean field: IN',
          );
        }
        const values = condition.values.map((literal) => this.#scalar(path.field, category, literal));
        return { kind: 'in', path, category, negated: condition.negated, values };
      }
    }
  }

  /** Selected paths, each once (`duplicate field selected`, as Salesforce refuses a repeat). */
  #columns(object: ObjectDef, fields: readonly FieldPath[], seen: Set<string>): ResolvedPath[] {
    return fields.map((f) => {
      const column = this.path(object, f);
      const key = column.canonical.toLowerCase();
      if (seen.has(key))
        throw malformed(this.query.source, f.pos, `duplicate field selected: ${column.canonical}`);
      seen.add(key);
      return column;
    });
  }

  #order(object: ObjectDef, items: readonly OrderItem[]): CompiledOrder[] {
    return items.map((item) => {
      const path = this.path(object, item.field);
      if (!path.field.sortable) {
        this.#error(
          SfErrorCode.invalidField,
          item.field.pos,
          `field '${path.field.name}' can not be sorted in a query call`,
        );
      }
      return {
        path,
        category: categoryOf(path.field),
        descending: item.descending,
        nullsFirst: item.nullsFirst ?? !item.descending,
      };
    });
  }

  /** A subquery's FROM names a child relationship of the outer object (case-insensitive). */
  #child(parent: ObjectDef, child: ChildQuery, seen: Set<string>): CompiledChild {
    const { name, pos } = child.from;
    const link = this.schema
      .children(parent.name)
      .find((c) => c.field.childRelationshipName?.toLowerCase() === name.toLowerCase());
    const relationship = link?.field.childRelationshipName;
    if (!link || !relationship) {
      this.#error(
        SfErrorCode.invalidType,
        pos,
        `Didn't understand relationship '${name}' in FROM part of query call. If you are attempting to use a custom relationship, be sure to append the '__r' after the custom relationship name. Please reference your WSDL or the describe call for the appropriate names.`,
      );
    }
    if (seen.has(relationship.toLowerCase()))
      throw malformed(this.query.source, pos, `duplicate field selected: ${relationship}`);
    seen.add(relationship.toLowerCase());
    return {
      name: relationship,
      object: link.object,
      parentField: link.field,
      columns: this.#columns(link.object, child.fields, new Set()),
      where: child.where && this.condition(link.object, child.where),
      order: this.#order(link.object, child.orderBy),
      limit: child.limit,
      at: child.at,
    };
  }

  compile(): CompiledQuery {
    const { query } = this;
    const object = this.object();
    const seen = new Set<string>();
    const columns = this.#columns(object, query.fields, seen);
    const children = query.children.map((c) => this.#child(object, c, seen));
    const order = this.#order(object, query.orderBy);
    if (query.offset !== undefined && query.offset > maxOffset) {
      this.#error(
        SfErrorCode.numberOutsideRange,
        query.offsetPos,
        `Maximum SOQL offset allowed is ${maxOffset}`,
      );
    }
    return {
      object,
      count: query.count,
      columns,
      children,
      where: query.where && this.condition(object, query.where),
      order,
      limit: query.limit,
      offset: query.offset,
    };
  }
}

export function compileQuery(schema: Schema, query: SoqlQuery, nowMs: number): CompiledQuery {
  return new Resolver(schema, query, nowMs).compile();
}
