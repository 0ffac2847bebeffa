// Runs a compiled query over the store: filter, sort, OFFSET/LIMIT, then shape each row as the REST API
// does (attributes, selected fields in select order, relationship fields nested under the relationship name,
// null when the lookup is empty; a parent-child subquery as a nested `{totalSize, done, records}` under the
// child relationship's name, null when there are no child records). Semantics where SOQL differs from SQL: text compares case-insensitively,
// `!=` and NOT IN match nulls, ORDER BY puts nulls first ascending and last descending by default, and ties
// keep id order so paging is stable.
import type { FieldValue, ObjectDef } from './schema-types.js';
import type { RecordStore, StoredRecord } from './store.js';
import { recordUrl } from './render.js';
import type {
  Category,
  CompiledChild,
  CompiledCondition,
  CompiledOrder,
  CompiledQuery,
  Operand,
  ResolvedPath,
} from './soql-resolve.js';
import { renderValue } from './values.js';

export interface QueryRows {
  readonly totalSize: number;
  /** Empty for COUNT(). */
  readonly records: readonly Record<string, unknown>[];
}

type Comparable = string | number | boolean;

function comparable(category: Category, value: FieldValue): Comparable | null {
  if (value === null) return null;
  return category === 'text' && typeof value === 'string' ? value.toLowerCase() : value;
}

function compare(a: Comparable, b: Comparable): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

class Evaluator {
  constructor(
    private readonly store: RecordStore,
    private readonly version: string,
  ) {}

  /** The record at the end of the path's hops (undefined when a lookup is empty). */
  #holder(record: StoredRecord, path: ResolvedPath): StoredRecord | undefined {
    let current: StoredRecord | undefined = record;
    for (const hop of path.hops) {
      const id: FieldValue | undefined = current[hop.field.name];
      current = typeof id === 'string' ? this.store.get(hop.target.name, id) : undefined;
      if (!current) return undefined;
    }
    return current;
  }

  value(record: StoredRecord, path: ResolvedPath): FieldValue {
    return this.#holder(record, path)?.[path.field.name] ?? null;
  }

  #compare(category: Category, op: string, raw: FieldValue, operand: Operand): boolean {
    const value = comparable(category, raw);
    if (operand.kind === 'range') {
      if (value === null) return op === '!=';
      const inside = value >= operand.from && value < operand.to;
      switch (op) {
        case '=':
          return inside;
        case '!=':
          return !inside;
        case '<':
          return value < operand.from;
        case '<=':
          return value < operand.to;
        case '>':
          return value >= operand.to;
        default:
          return value >= operand.from;
      }
    }
    const target = comparable(category, operand.value);
    if (target === null) return op === '=' ? value === null : op === '!=' ? value !== null : false;
    if (value === null) return op === '!=';
    const c = compare(value, target);
    switch (op) {
      case '=':
        return c === 0;
      case '!=':
        return c !== 0;
      case '<':
        return c < 0;
      case '<=':
        return c <= 0;
      case '>':
        return c > 0;
      default:
        return c >= 0;
    }
  }

  matches(record: StoredRecord, condition: CompiledCondition): boolean {
    switch (condition.kind) {
      case 'and':
        return this.matches(record, condition.left) && this.matches(record, condition.right);
      case 'or':
        return this.matches(record, condition.left) || this.matches(record, condition.right);
      case 'not':
        return !this.matches(record, condition.operand);
      case 'compare':
        return this.#compare(
          condition.category,
          condition.op,
          this.value(record, condition.path),
          condition.operand,
        );
      case 'like': {
        const value = this.value(record, condition.path);
        return typeof value === 'string' && condition.regex.test(value);
      }
      case 'in': {
        const value = comparable(condition.category, this.value(record, condition.path));
        const found = condition.values.some((v) => comparable(condition.category, v) === value);
        return condition.negated ? !found : found;
      }
    }
  }

  /** Sorted by the keys; ties keep id order (the store's), so paging is stable. */
  sort(rows: readonly StoredRecord[], order: readonly CompiledOrder[]): StoredRecord[] {
    if (order.length === 0) return [...rows];
    const keyed = rows.map((record, index) => ({
      record,
      index,
      keys: order.map((o) => comparable(o.category, this.value(record, o.path))),
    }));
    keyed.sort((a, b) => {
      for (const [i, o] of order.entries()) {
        const x = a.keys[i] ?? null;
        const y = b.keys[i] ?? null;
        if (x === null && y === null) continue;
        if (x === null) return o.nullsFirst ? -1 : 1;
        if (y === null) return o.nullsFirst ? 1 : -1;
        const c = compare(x, y);
        if (c !== 0) return o.descending ? -c : c;
      }
      return a.index - b.index;
    });
    return keyed.map((k) => k.record);
  }

  /**
   * The child records of each parent a subquery asks about, filtered, sorted and limited per parent. One pass
   * over the child object for the whole page, not one per parent row.
   */
  children(
    child: CompiledChild,
    parentIds: ReadonlySet<string>,
    includeDeleted: boolean,
  ): Map<string, StoredRecord[]> {
    const byParent = new Map<string, StoredRecord[]>();
    for (const record of this.store.list(child.object.name)) {
      if (!includeDeleted && record['IsDeleted'] === true) continue;
      const parent = record[child.parentField.name];
      if (typeof parent !== 'string' || !parentIds.has(parent)) continue;
      if (child.where && !this.matches(record, child.where)) continue;
      const list = byParent.get(parent) ?? [];
      list.push(record);
      byParent.set(parent, list);
    }
    for (const [parent, list] of byParent) {
      const sorted = this.sort(list, child.order);
      byParent.set(parent, child.limit === undefined ? sorted : sorted.slice(0, child.limit));
    }
    return byParent;
  }

  project(
    object: ObjectDef,
    record: StoredRecord,
    columns: readonly ResolvedPath[],
    children: readonly { readonly child: CompiledChild; readonly rows: Map<string, StoredRecord[]> }[] = [],
  ): Record<string, unknown> {
    const row: Record<string, unknown> = {
      attributes: { type: object.name, url: recordUrl(this.version, object.name, String(record['Id'])) },
    };
    const nest = (at: number) => {
      for (const { child, rows } of children) {
        if (child.at !== at) continue;
        const found = rows.get(String(record['Id'])) ?? [];
        row[child.name] =
          found.length === 0
            ? null
            : {
                totalSize: found.length,
                done: true,
                records: found.map((r) => this.project(child.object, r, child.columns)),
              };
      }
    };
    for (const [index, column] of columns.entries()) {
      nest(index);
      let target = row;
      let current: StoredRecord | undefined = record;
      for (const hop of column.hops) {
        const key = hop.field.relationshipName ?? hop.field.name;
        const id: FieldValue | undefined = current?.[hop.field.name];
        current = typeof id === 'string' ? this.store.get(hop.target.name, id) : undefined;
        if (!(key in target)) {
          target[key] = current
            ? {
                attributes: {
                  type: hop.target.name,
                  url: recordUrl(this.version, hop.target.name, String(current['Id'])),
                },
              }
            : null;
        }
        const next = target[key];
        if (next === null || typeof next !== 'object') {
          current = undefined;
          break;
        }
        target = next as Record<string, unknown>;
      }
      if (column.hops.length === 0 || current)
        target[column.field.name] = renderValue(column.field, current?.[column.field.name]);
    }
    nest(columns.length);
    return row;
  }
}

/**
 * When the WHERE requires one of the object's own id or text fields to equal one of a few values (`Id IN
 * (...)`, `Referral_Identifier__c = '...'`, alone or ANDed with more), the records holding them, found through
 * the store's index; undefined otherwise (the whole table is read). Every candidate still goes through the
 * full WHERE, so this only spares reading 50,000 records to answer a lookup of 25.
 */
function indexedCandidates(
  store: RecordStore,
  object: string,
  where: CompiledCondition | undefined,
): StoredRecord[] | undefined {
  const conjuncts: CompiledCondition[] = [];
  const walk = (c: CompiledCondition | undefined): void => {
    if (c === undefined) return;
    if (c.kind === 'and') {
      walk(c.left);
      walk(c.right);
    } else conjuncts.push(c);
  };
  walk(where);
  for (const c of conjuncts) {
    if (c.kind !== 'in' && c.kind !== 'compare') continue;
    if (c.path.hops.length > 0 || (c.category !== 'id' && c.category !== 'text')) continue;
    if (c.kind === 'in' && !c.negated && !c.values.includes(null)) {
      return store.withAnyValue(object, c.path.field.name, c.values);
    }
    if (c.kind === 'compare' && c.op === '=' && c.operand.kind === 'value' && c.operand.value !== null) {
      return store.withAnyValue(object, c.path.field.name, [c.operand.value]);
    }
  }
  return undefined;
}

export function executeQuery(
  store: RecordStore,
  query: CompiledQuery,
  options: { includeDeleted: boolean; version: string },
): QueryRows {
  const evaluator = new Evaluator(store, options.version);
  let rows = (indexedCandidates(store, query.object.name, query.where) ?? store.list(query.object.name))
    .filter((r) => options.includeDeleted || r['IsDeleted'] !== true)
    .filter((r) => !query.where || evaluator.matches(r, query.where));
  rows = evaluator.sort(rows, query.order);
  const start = query.offset ?? 0;
  rows = rows.slice(start, query.limit === undefined ? undefined : start + query.limit);
  if (query.count) return { totalSize: rows.length, records: [] };
  const ids = new Set(rows.map((r) => String(r['Id'])));
  const children = query.children.map((child) => ({
    child,
    rows: evaluator.children(child, ids, options.includeDeleted),
  }));
  return {
    totalSize: rows.length,
    records: rows.map((r) => evaluator.project(query.object, r, query.columns, children)),
  };
}
