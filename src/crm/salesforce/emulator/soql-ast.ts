// The syntax tree of the SOQL subset: what the parser produces before names are resolved against the org.

export interface FieldPath {
  /** Segments as written: relationship names, then the field (`Owner`, `Profile`, `Name`). */
  readonly segments: readonly string[];
  readonly text: string;
  readonly pos: number;
}

export type Literal =
  | { readonly kind: 'string'; readonly value: string; readonly like: string; readonly pos: number }
  | { readonly kind: 'number'; readonly value: number; readonly text: string; readonly pos: number }
  | { readonly kind: 'boolean'; readonly value: boolean; readonly pos: number }
  | { readonly kind: 'null'; readonly pos: number }
  | { readonly kind: 'date'; readonly value: string; readonly pos: number }
  | { readonly kind: 'datetime'; readonly value: number; readonly text: string; readonly pos: number }
  /** TODAY, LAST_N_DAYS:30 … */
  | {
      readonly kind: 'dateLiteral';
      readonly name: string;
      readonly n: number | undefined;
      readonly pos: number;
    };

export type CompareOp = '=' | '!=' | '<' | '<=' | '>' | '>=';

export type Condition =
  | {
      readonly kind: 'compare';
      readonly field: FieldPath;
      readonly op: CompareOp;
      readonly value: Literal;
      readonly pos: number;
    }
  | { readonly kind: 'like'; readonly field: FieldPath; readonly pattern: Literal; readonly pos: number }
  | {
      readonly kind: 'in';
      readonly field: FieldPath;
      readonly negated: boolean;
      readonly values: readonly Literal[];
      readonly pos: number;
    }
  | { readonly kind: 'and' | 'or'; readonly left: Condition; readonly right: Condition; readonly pos: number }
  | { readonly kind: 'not'; readonly operand: Condition; readonly pos: number };

export interface OrderItem {
  readonly field: FieldPath;
  readonly descending: boolean;
  /** undefined: Salesforce's default (nulls first ascending, last descending). */
  readonly nullsFirst: boolean | undefined;
}

/**
 * A parent-child relationship query in the field list: `(SELECT Name FROM Contacts WHERE … ORDER BY … LIMIT n)`,
 * FROM naming the child relationship of the outer object.
 */
export interface ChildQuery {
  readonly fields: readonly FieldPath[];
  readonly from: { readonly name: string; readonly pos: number };
  readonly where: Condition | undefined;
  readonly orderBy: readonly OrderItem[];
  readonly limit: number | undefined;
  /** How many of the outer query's fields come before it: answers keep the select order. */
  readonly at: number;
  readonly pos: number;
}

export interface SoqlQuery {
  readonly source: string;
  /** `COUNT()` instead of a field list. */
  readonly count: boolean;
  readonly fields: readonly FieldPath[];
  readonly children: readonly ChildQuery[];
  readonly from: { readonly name: string; readonly pos: number };
  readonly where: Condition | undefined;
  readonly orderBy: readonly OrderItem[];
  readonly limit: number | undefined;
  readonly offset: number | undefined;
  /** Offset of OFFSET's value, for the caret of a range error. */
  readonly offsetPos: number;
}
