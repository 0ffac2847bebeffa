// Row addresses in URLs and binds: `accounts(7d5e…)` by primary key, `opportunities(cosell_referralidentifier='R-1')`
// by alternate key (several columns: `a='x',b=2`). Finding the row a key names is here too, so the routes, the
// binds and the batch references all read keys the same way.
import { DvErrorCode, DvHttpError, queryError, rowNotFound } from './dv-errors.js';
import type { EntityDef } from './metadata-types.js';
import type { Row, RowStore } from './store.js';
import { normalizeGuid } from './values.js';

export type RowKey =
  | { readonly kind: 'id'; readonly id: string }
  | { readonly kind: 'alternate'; readonly values: Readonly<Record<string, string | number | boolean>> };

const segmentPattern = /^([A-Za-z_][A-Za-z0-9_.]*)\((.*)\)$/s;

/** `set(key)` → set and key text; undefined when the segment has no parentheses. */
export function splitKeySegment(segment: string): { set: string; keyText: string } | undefined {
  const m = segmentPattern.exec(segment);
  return m ? { set: m[1] as string, keyText: m[2] as string } : undefined;
}

export function parseKey(entity: EntityDef, keyText: string): RowKey {
  const id = normalizeGuid(keyText.trim());
  if (id) return { kind: 'id', id };
  const values: Record<string, string | number | boolean> = {};
  const pair = /\s*([a-z_][a-z0-9_]*)\s*=\s*('(?:[^']|'')*'|-?\d+(?:\.\d+)?|true|false)\s*(?:,|$)/gy;
  let consumed = 0;
  for (let m = pair.exec(keyText); m; m = pair.exec(keyText)) {
    const raw = m[2] as string;
    values[m[1] as string] = raw.startsWith("'")
      ? raw.slice(1, -1).replace(/''/g, "'")
      : raw === 'true' || raw === 'false'
        ? raw === 'true'
        : Number(raw);
    consumed = pair.lastIndex;
  }
  if (consumed !== keyText.length || Object.keys(values).length === 0) {
    throw queryError(
      `Bad Request - Error in query syntax: '${entity.setName}(${keyText})' is not a valid key.`,
    );
  }
  const names = Object.keys(values).sort();
  const known = entity.alternateKeys.some((k) => [...k].sort().join(',') === names.join(','));
  if (!known) {
    throw new DvHttpError(
      400,
      DvErrorCode.invalidArgument,
      `The key attribute(s) ${names.join(', ')} of entity '${entity.logicalName}' are not defined as an alternate key.`,
    );
  }
  return { kind: 'alternate', values };
}

/** The live row a key names, if any (alternate keys compare text case-insensitively, as SQL does). */
export function findRow(store: RowStore, entity: EntityDef, key: RowKey): Row | undefined {
  if (key.kind === 'id') return store.get(entity.logicalName, key.id);
  return store.withValues(entity.logicalName, key.values)[0];
}

export function keyText(key: RowKey): string {
  if (key.kind === 'id') return key.id;
  return Object.entries(key.values)
    .map(([k, v]) => `${k}=${typeof v === 'string' ? `'${v}'` : String(v)}`)
    .join(',');
}

export function requireRow(store: RowStore, entity: EntityDef, key: RowKey): Row {
  const row = findRow(store, entity, key);
  if (!row) throw rowNotFound(entity.logicalName, keyText(key));
  return row;
}

/** A row's primary key (always a lower-case GUID string in the store). */
export const idOf = (entity: EntityDef, row: Row): string => row[entity.primaryId] as string;
