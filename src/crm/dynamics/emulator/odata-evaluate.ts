// Runs a parsed $filter against stored rows and sorts by $orderby. Semantics follow Dataverse's SQL
// underneath: text compares case-insensitively (the default collation); a comparison with a null column is
// false except `eq null` / `ne null` (so `name ne 'x'` does not match rows without a name); date-only columns
// compare by day, date-times by instant; lookups compare by GUID.
import { ColumnType, isLookup, type ColumnDef, type Value } from './metadata-types.js';
import type { ComparisonOp, FilterNode, Literal } from './odata-filter.js';
import type { OrderKey } from './odata-query.js';
import type { Row } from './store.js';

type Comparable = string | number | boolean;

/** A stored value as something to compare: lookups by id, text folded, dates as epoch ms. */
function comparable(column: ColumnDef, value: Value | undefined): Comparable | null {
  if (value === undefined || value === null) return null;
  if (isLookup(value)) return value.id.toLowerCase();
  switch (column.type) {
    case ColumnType.string:
    case ColumnType.memo:
      return String(value).toLowerCase();
    case ColumnType.uniqueidentifier:
      return String(value).toLowerCase();
    case ColumnType.dateonly:
      return Date.parse(`${String(value)}T00:00:00Z`);
    case ColumnType.datetime:
      return Date.parse(String(value));
    default:
      return value;
  }
}

function literalValue(column: ColumnDef, literal: Literal): Comparable | null {
  if (literal.value === null) return null;
  if (column.type === ColumnType.dateonly || column.type === ColumnType.datetime) {
    const text = String(literal.value);
    const ms = Date.parse(literal.type === 'date' ? `${text}T00:00:00Z` : text);
    // A date-only column compared with a date-time compares days.
    return column.type === ColumnType.dateonly ? ms - (ms % 86_400_000) : ms;
  }
  return typeof literal.value === 'string' ? literal.value.toLowerCase() : literal.value;
}

function compare(op: ComparisonOp, left: Comparable | null, right: Comparable | null): boolean {
  if (right === null) return op === 'eq' ? left === null : left !== null;
  if (left === null) return false;
  switch (op) {
    case 'eq':
      return left === right;
    case 'ne':
      return left !== right;
    case 'gt':
      return left > right;
    case 'ge':
      return left >= right;
    case 'lt':
      return left < right;
    case 'le':
      return left <= right;
  }
}

export function matches(node: FilterNode, row: Row): boolean {
  switch (node.kind) {
    case 'and':
      return matches(node.left, row) && matches(node.right, row);
    case 'or':
      return matches(node.left, row) || matches(node.right, row);
    case 'not':
      return !matches(node.operand, row);
    case 'function': {
      const value = comparable(node.column, row[node.column.name]);
      if (typeof value !== 'string') return false;
      const text = node.text.toLowerCase();
      if (node.fn === 'contains') return value.includes(text);
      return node.fn === 'startswith' ? value.startsWith(text) : value.endsWith(text);
    }
    case 'compare':
      return compare(
        node.op,
        comparable(node.column, row[node.column.name]),
        literalValue(node.column, node.literal),
      );
  }
}

/** Sorts rows by the keys (nulls first ascending, as SQL Server sorts them); ties keep creation order. */
export function sortRows(rows: readonly Row[], keys: readonly OrderKey[]): Row[] {
  if (keys.length === 0) return [...rows];
  const indexed = rows.map((row, index) => ({ row, index }));
  indexed.sort((a, b) => {
    for (const key of keys) {
      const x = comparable(key.column, a.row[key.column.name]);
      const y = comparable(key.column, b.row[key.column.name]);
      if (x === y) continue;
      const order = x === null ? -1 : y === null ? 1 : x < y ? -1 : 1;
      return key.descending ? -order : order;
    }
    return a.index - b.index;
  });
  return indexed.map((i) => i.row);
}
