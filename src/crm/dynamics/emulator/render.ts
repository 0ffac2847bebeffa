// Rows as the Web API writes them: `@odata.etag` (W/"<versionnumber>") first, then the selected columns (all
// without $select; the primary key always), lookups as `_<column>_value`, expanded navigation properties as
// nested rows (single-valued: the row or null; collection-valued: an array, empty when none). With `Prefer: odata.include-annotations` the lookups carry
// `@Microsoft.Dynamics.CRM.lookuplogicalname` and, like choices and yes/no columns,
// `@OData.Community.Display.V1.FormattedValue`. The `Prefer` header itself is read here too.
import { table, type DataverseContext } from './context.js';
import { ColumnType, isLookup, type ColumnDef, type EntityDef } from './metadata-types.js';
import { idOf } from './keys.js';
import { matches, sortRows } from './odata-evaluate.js';
import type { ExpandItem } from './odata-query.js';
import type { Row } from './store.js';
import { etagOf } from './writes.js';

const formatted = 'OData.Community.Display.V1.FormattedValue';
const lookupLogicalName = 'Microsoft.Dynamics.CRM.lookuplogicalname';

export interface Preferences {
  readonly maxPageSize: number | undefined;
  readonly trackChanges: boolean;
  readonly returnRepresentation: boolean;
  readonly continueOnError: boolean;
  /** Annotation names asked for (`*` for all), from odata.include-annotations. */
  readonly annotations: readonly string[];
}

export function readPrefer(header: string | undefined): Preferences {
  const parts = (header ?? '')
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean);
  const value = (name: string) => {
    const part = parts.find((p) => p.toLowerCase().startsWith(`${name}=`));
    return part?.slice(name.length + 1).replace(/^"|"$/g, '');
  };
  const pageSize = Number(value('odata.maxpagesize'));
  return {
    maxPageSize: Number.isInteger(pageSize) && pageSize > 0 ? pageSize : undefined,
    trackChanges: parts.some((p) => p.toLowerCase() === 'odata.track-changes'),
    returnRepresentation: value('return') === 'representation',
    continueOnError: parts.some((p) => p.toLowerCase() === 'odata.continue-on-error'),
    annotations: (value('odata.include-annotations') ?? '')
      .split(',')
      .map((a) => a.trim())
      .filter(Boolean),
  };
}

const wants = (prefs: Preferences | undefined, name: string) =>
  prefs?.annotations.some(
    (a) => a === '*' || a === name || (a.endsWith('*') && name.startsWith(a.slice(0, -1))),
  ) ?? false;

/** The name a column has in an answer. */
export const propertyName = (column: ColumnDef) =>
  column.type === ColumnType.lookup ? `_${column.name}_value` : column.name;

export function renderRow(
  ctx: DataverseContext,
  entity: EntityDef,
  row: Row,
  select: readonly ColumnDef[] | undefined,
  expand: readonly ExpandItem[] = [],
  prefs?: Preferences,
): Record<string, unknown> {
  const out: Record<string, unknown> = { '@odata.etag': etagOf(row) };
  const columns = select ?? [...entity.columns.values()];
  for (const column of columns) {
    const value = row[column.name] ?? null;
    const name = propertyName(column);
    if (isLookup(value)) {
      out[name] = value.id;
      if (wants(prefs, formatted)) {
        const target = ctx.tables.get(value.entity);
        const name2 = target && ctx.store.get(value.entity, value.id)?.[target.primaryName];
        if (typeof name2 === 'string') out[`${name}@${formatted}`] = name2;
      }
      if (wants(prefs, lookupLogicalName)) out[`${name}@${lookupLogicalName}`] = value.entity;
      continue;
    }
    out[name] = value;
    if (value !== null && wants(prefs, formatted)) {
      if (column.options)
        out[`${name}@${formatted}`] = column.options.find((o) => o.value === value)?.label ?? String(value);
      else if (column.type === ColumnType.boolean)
        out[`${name}@${formatted}`] = value === true ? 'Yes' : 'No';
    }
  }
  if (!(entity.primaryId in out)) out[entity.primaryId] = row[entity.primaryId];
  for (const item of expand) {
    if (item.kind === 'collection') {
      const target = table(ctx, item.navigation.target);
      const related = relatedRows(ctx, item).get(idOf(entity, row)) ?? [];
      out[item.navigation.name] = related.map((r) => renderRow(ctx, target, r, item.select, [], prefs));
      continue;
    }
    const ref = row[item.navigation.column.name];
    const target = table(ctx, item.navigation.target);
    const related =
      isLookup(ref) && ref.entity === target.logicalName
        ? ctx.store.get(target.logicalName, ref.id)
        : undefined;
    out[item.navigation.name] = related ? renderRow(ctx, target, related, item.select, [], prefs) : null;
  }
  return out;
}

type CollectionExpand = Extract<ExpandItem, { kind: 'collection' }>;
/**
 * The related rows of a collection-valued expansion by parent id, filtered, sorted and cut to $top per parent:
 * one pass over the related table per answer, not one per row rendered. Kept per expand item, which a query's
 * parse creates for that one request (rows do not change while its answer is rendered).
 */
const relatedIndex = new WeakMap<CollectionExpand, Map<string, Row[]>>();

function relatedRows(ctx: DataverseContext, item: CollectionExpand): Map<string, Row[]> {
  const known = relatedIndex.get(item);
  if (known) return known;
  const byParent = new Map<string, Row[]>();
  for (const related of ctx.store.list(item.navigation.target)) {
    const ref = related[item.navigation.column.name];
    if (!isLookup(ref)) continue;
    if (item.filter && !matches(item.filter, related)) continue;
    const key = ref.id.toLowerCase();
    const rows = byParent.get(key);
    if (rows) rows.push(related);
    else byParent.set(key, [related]);
  }
  for (const [key, rows] of byParent) {
    const sorted = sortRows(rows, item.orderBy);
    byParent.set(key, item.top === undefined ? sorted : sorted.slice(0, item.top));
  }
  relatedIndex.set(item, byParent);
  return byParent;
}

/** `…/$metadata#opportunities(name,estimatedvalue)`: the context URL of a query's answer. */
export function contextUrl(
  root: string,
  entity: EntityDef,
  select: readonly ColumnDef[] | undefined,
  suffix = '',
): string {
  const columns = select ? `(${select.map(propertyName).join(',')})` : '';
  return `${root}/$metadata#${entity.setName}${columns}${suffix}`;
}
