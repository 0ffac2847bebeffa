// Rows per table, in insertion order, with Dataverse's row versions and what change tracking needs. Every write
// takes the next value of one environment-wide version counter (a rowversion, as SQL Server keeps it), so a
// delta token is just "the last version seen". A deleted row stays as a tombstone (its delete's version) so
// a delta link can report it as `$deletedEntity`. Rows are replaced, never mutated: a transaction (a $batch
// change set) only remembers the row each key had before its first write. Changes are announced once the
// outermost transaction commits, never for work that was rolled back.
import type { Value } from './metadata-types.js';

export type Row = Readonly<Record<string, Value>>;

export const WriteSource = {
  /** Through the Web API (a token's user). */
  api: 'api',
  /** Through the emulator handle or /_emulator, as a person in the Dynamics 365 UI. */
  ui: 'ui',
} as const;
export type WriteSource = (typeof WriteSource)[keyof typeof WriteSource];

export interface RowChange {
  readonly kind: 'created' | 'updated' | 'deleted';
  readonly entity: string;
  readonly id: string;
  readonly userId: string;
  /** modifiedon of the write, epoch ms. */
  readonly at: number;
  readonly source: WriteSource;
  /** Columns the write set (created/updated). */
  readonly columns: readonly string[];
}

interface Slot {
  readonly row: Row;
  /** The version of the delete, for tombstones. */
  readonly deletedVersion?: number;
}

interface Journal {
  readonly before: Map<string, { readonly entity: string; readonly slot: Slot | undefined }>;
  readonly changes: RowChange[];
}

const fold = (v: Value | undefined) => (typeof v === 'string' ? v.toLowerCase() : v);

/** The columns' values of a row as one index key (text folded, as SQL Server's collation compares it). */
function indexKey(row: Row | undefined, columns: readonly string[]): string | undefined {
  if (!row) return undefined;
  const values = columns.map((c) => row[c]);
  if (values.some((v) => v === null || v === undefined)) return undefined;
  return JSON.stringify(values.map(fold));
}

interface Index {
  readonly columns: readonly string[];
  readonly ids: Map<string, Set<string>>;
}

export class RowStore {
  readonly #tables = new Map<string, Map<string, Slot>>();
  readonly #journals: Journal[] = [];
  /** entity → sorted column names → index over live rows: built on first lookup, kept in step with writes. */
  readonly #indexes = new Map<string, Map<string, Index>>();
  #version: number;

  constructor(
    private readonly onChange: (change: RowChange) => void,
    firstVersion = 1_000_000,
  ) {
    this.#version = firstVersion;
  }

  #table(entity: string): Map<string, Slot> {
    let table = this.#tables.get(entity);
    if (!table) this.#tables.set(entity, (table = new Map<string, Slot>()));
    return table;
  }

  /** The next row version; versions only grow, even across rolled-back work (as rowversion does). */
  nextVersion(): number {
    return ++this.#version;
  }

  /** The last version handed out: a delta token taken now covers every change up to it. */
  get currentVersion(): number {
    return this.#version;
  }

  get(entity: string, id: string): Row | undefined {
    const slot = this.#tables.get(entity)?.get(id.toLowerCase());
    return slot && slot.deletedVersion === undefined ? slot.row : undefined;
  }

  /** Live rows, oldest first. */
  list(entity: string): Row[] {
    const out: Row[] = [];
    for (const slot of this.#tables.get(entity)?.values() ?? [])
      if (slot.deletedVersion === undefined) out.push(slot.row);
    return out;
  }

  /**
   * Live rows whose columns hold these values (text compared case-insensitively), oldest first. An index
   * answers, so alternate-key lookups and duplicate checks stay cheap in an environment of 50,000 rows.
   */
  withValues(entity: string, values: Readonly<Record<string, Value>>): Row[] {
    const columns = Object.keys(values).sort();
    const key = indexKey(values, columns);
    const ids = key === undefined ? undefined : this.#index(entity, columns).ids.get(key);
    if (!ids || ids.size === 0) return [];
    const rows = [...ids].flatMap((id) => {
      const row = this.get(entity, id);
      return row ? [row] : [];
    });
    if (rows.length < 2) return rows;
    return this.list(entity).filter((row) => rows.includes(row));
  }

  #index(entity: string, columns: readonly string[]): Index {
    let indexes = this.#indexes.get(entity);
    if (!indexes) this.#indexes.set(entity, (indexes = new Map<string, Index>()));
    const name = columns.join(',');
    let index = indexes.get(name);
    if (!index) {
      indexes.set(name, (index = { columns, ids: new Map() }));
      for (const [id, slot] of this.#table(entity))
        if (slot.deletedVersion === undefined) this.#indexAdd(index, slot.row, id);
    }
    return index;
  }

  #indexAdd(index: Index, row: Row, id: string): void {
    const key = indexKey(row, index.columns);
    if (key === undefined) return;
    const ids = index.ids.get(key);
    if (ids) ids.add(id);
    else index.ids.set(key, new Set([id]));
  }

  /** Moves a row's index entries from its old slot to its new one (a tombstone or none: no entries). */
  #reindex(entity: string, id: string, before: Slot | undefined, after: Slot | undefined): void {
    const live = (slot: Slot | undefined) => (slot?.deletedVersion === undefined ? slot?.row : undefined);
    for (const index of this.#indexes.get(entity)?.values() ?? []) {
      const from = indexKey(live(before), index.columns);
      const to = live(after);
      if (from !== undefined && from === indexKey(to, index.columns)) continue;
      if (from !== undefined) index.ids.get(from)?.delete(id);
      if (to) this.#indexAdd(index, to, id);
    }
  }

  /** Tombstones deleted after `version`: id and the delete's version. */
  deletedSince(entity: string, version: number): { id: string; version: number }[] {
    const out: { id: string; version: number }[] = [];
    for (const [id, slot] of this.#tables.get(entity)?.entries() ?? []) {
      if (slot.deletedVersion !== undefined && slot.deletedVersion > version)
        out.push({ id, version: slot.deletedVersion });
    }
    return out;
  }

  #write(entity: string, id: string, slot: Slot, change: RowChange | undefined): void {
    const key = id.toLowerCase();
    const table = this.#table(entity);
    const journal = this.#journals.at(-1);
    if (journal && !journal.before.has(`${entity}/${key}`)) {
      journal.before.set(`${entity}/${key}`, { entity, slot: table.get(key) });
    }
    this.#reindex(entity, key, table.get(key), slot);
    // A re-created id (after a delete) goes to the end, as a new row would.
    if (table.get(key)?.deletedVersion !== undefined) table.delete(key);
    table.set(key, slot);
    if (change) {
      if (journal) journal.changes.push(change);
      else this.onChange(change);
    }
  }

  /** Writes a row (its id under `idColumn`); no change: a silent load, as for seeds. */
  put(entity: string, idColumn: string, row: Row, change?: RowChange): void {
    const id = row[idColumn];
    if (typeof id !== 'string') throw new Error('a stored row needs its primary id');
    this.#write(entity, id, { row }, change);
  }

  remove(entity: string, id: string, change: RowChange): void {
    const slot = this.#tables.get(entity)?.get(id.toLowerCase());
    if (!slot || slot.deletedVersion !== undefined) return;
    this.#write(entity, id, { row: slot.row, deletedVersion: this.nextVersion() }, change);
  }

  /** Runs fn atomically: a throw rolls everything back (changes unannounced) and rethrows. */
  atomically<T>(fn: () => T): T {
    const journal: Journal = { before: new Map(), changes: [] };
    this.#journals.push(journal);
    let result: T;
    try {
      result = fn();
    } catch (error) {
      this.#journals.pop();
      for (const [key, { entity, slot }] of journal.before) {
        const table = this.#table(entity);
        const id = key.slice(entity.length + 1);
        this.#reindex(entity, id, table.get(id), slot);
        if (slot === undefined) table.delete(id);
        else table.set(id, slot);
      }
      throw error;
    }
    this.#journals.pop();
    const parent = this.#journals.at(-1);
    if (parent) {
      for (const [key, value] of journal.before) if (!parent.before.has(key)) parent.before.set(key, value);
      parent.changes.push(...journal.changes);
    } else {
      for (const change of journal.changes) this.onChange(change);
    }
    return result;
  }
}
