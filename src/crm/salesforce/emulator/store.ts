// The org's records, one table per object, in insertion (= id) order. Records are replaced, never mutated,
// so a transaction only has to remember the record each key had before its first write. Transactions nest
// (a composite request with allOrNone wraps collection subrequests that have their own); changes are
// announced once the outermost transaction commits, never for work that was rolled back.
import type { FieldValue } from './schema-types.js';

export type StoredRecord = Readonly<Record<string, FieldValue>>;

export const WriteSource = {
  /** Through the REST API (a token's user). */
  api: 'api',
  /** Through the emulator handle or /_emulator, as a person in Salesforce's UI. */
  ui: 'ui',
} as const;
export type WriteSource = (typeof WriteSource)[keyof typeof WriteSource];

export interface RecordChange {
  readonly kind: 'created' | 'updated' | 'deleted';
  readonly object: string;
  readonly id: string;
  /** The user who wrote (LastModifiedById). */
  readonly userId: string;
  /** SystemModstamp of the write, epoch ms. */
  readonly at: number;
  readonly source: WriteSource;
  /** Fields the write set (created/updated), as named in the object's describe. */
  readonly fields: readonly string[];
}

interface Journal {
  readonly before: Map<string, { readonly object: string; readonly record: StoredRecord | undefined }>;
  readonly changes: RecordChange[];
}

/** A started transaction; finish it with commit() or rollback(), innermost first. */
export interface Transaction {
  commit(): void;
  rollback(): void;
}

/** A value as unique and external-id fields compare it: text case-insensitively, anything else exactly. */
function valueKey(value: FieldValue | undefined): string | undefined {
  if (value === null || value === undefined) return undefined;
  return typeof value === 'string' ? `s:${value.toLowerCase()}` : `${typeof value}:${String(value)}`;
}

export class RecordStore {
  readonly #tables = new Map<string, Map<string, StoredRecord>>();
  readonly #journals: Journal[] = [];
  /** object → id → the order it was first written in: what `list` orders by, for index answers too. */
  readonly #order = new Map<string, Map<string, number>>();
  /** object → field → value key → ids: built on first lookup, kept in step with every write and rollback. */
  readonly #indexes = new Map<string, Map<string, Map<string, Set<string>>>>();

  constructor(private readonly onChange: (change: RecordChange) => void) {}

  #table(object: string): Map<string, StoredRecord> {
    let table = this.#tables.get(object);
    if (!table) this.#tables.set(object, (table = new Map<string, StoredRecord>()));
    return table;
  }

  get(object: string, id: string): StoredRecord | undefined {
    return this.#tables.get(object)?.get(id);
  }

  /** Every record of the object, deleted ones included (IsDeleted), oldest first. */
  list(object: string): StoredRecord[] {
    return [...(this.#tables.get(object)?.values() ?? [])];
  }

  /**
   * Records whose field holds the value (text compared case-insensitively, as unique fields and external ids
   * compare), deleted ones included, in no particular order. An index answers, so a unique check on every
   * insert stays cheap in an org of 50,000 records.
   */
  withValue(object: string, field: string, value: FieldValue): StoredRecord[] {
    const key = valueKey(value);
    const ids = key === undefined ? undefined : this.#index(object, field).get(key);
    return [...(ids ?? [])].flatMap((id) => {
      const record = this.get(object, id);
      return record ? [record] : [];
    });
  }

  /**
   * Records whose field holds any of the values (compared as `withValue` does), in `list`'s order: the
   * candidates of a query filtering on that field, found without reading the whole table.
   */
  withAnyValue(object: string, field: string, values: readonly FieldValue[]): StoredRecord[] {
    const found = new Map<string, StoredRecord>();
    for (const value of values)
      for (const r of this.withValue(object, field, value)) found.set(String(r['Id']), r);
    const order = this.#order.get(object);
    const at = (r: StoredRecord) => order?.get(String(r['Id'])) ?? 0;
    return [...found.values()].sort((a, b) => at(a) - at(b));
  }

  #index(object: string, field: string): Map<string, Set<string>> {
    let fields = this.#indexes.get(object);
    if (!fields) this.#indexes.set(object, (fields = new Map<string, Map<string, Set<string>>>()));
    let index = fields.get(field);
    if (!index) {
      fields.set(field, (index = new Map<string, Set<string>>()));
      for (const record of this.#table(object).values())
        this.#indexAdd(index, record[field], String(record['Id']));
    }
    return index;
  }

  #indexAdd(index: Map<string, Set<string>>, value: FieldValue | undefined, id: string): void {
    const key = valueKey(value);
    if (key === undefined) return;
    const ids = index.get(key);
    if (ids) ids.add(id);
    else index.set(key, new Set([id]));
  }

  /** Moves the record's index entries from what it held to what it holds now. */
  #reindex(object: string, id: string, before: StoredRecord | undefined, after: StoredRecord | undefined) {
    for (const [field, index] of this.#indexes.get(object) ?? []) {
      const from = valueKey(before?.[field]);
      if (from !== undefined && from === valueKey(after?.[field])) continue;
      if (from !== undefined) index.get(from)?.delete(id);
      this.#indexAdd(index, after?.[field], id);
    }
  }

  /** Writes a record; `change` is announced on commit (no change: a silent load, as for seeds). */
  put(object: string, record: StoredRecord, change?: RecordChange): void {
    const id = record['Id'];
    if (typeof id !== 'string') throw new Error('a stored record needs an Id');
    const table = this.#table(object);
    const journal = this.#journals.at(-1);
    if (journal && !journal.before.has(id)) journal.before.set(id, { object, record: table.get(id) });
    this.#reindex(object, id, table.get(id), record);
    let order = this.#order.get(object);
    if (!order) this.#order.set(object, (order = new Map<string, number>()));
    if (!order.has(id)) order.set(id, order.size);
    // Re-inserting keeps the original position: Map.set on an existing key does not move it.
    table.set(id, record);
    if (change) {
      if (journal) journal.changes.push(change);
      else this.onChange(change);
    }
  }

  begin(): Transaction {
    const journal: Journal = { before: new Map(), changes: [] };
    this.#journals.push(journal);
    let open = true;
    const finish = (): void => {
      if (!open) throw new Error('transaction already finished');
      if (this.#journals.at(-1) !== journal) throw new Error('transactions must finish innermost first');
      open = false;
      this.#journals.pop();
    };
    return {
      commit: () => {
        finish();
        const parent = this.#journals.at(-1);
        if (parent) {
          for (const [key, value] of journal.before)
            if (!parent.before.has(key)) parent.before.set(key, value);
          parent.changes.push(...journal.changes);
        } else {
          for (const change of journal.changes) this.onChange(change);
        }
      },
      rollback: () => {
        finish();
        for (const [id, { object, record }] of journal.before) {
          const table = this.#table(object);
          this.#reindex(object, id, table.get(id), record);
          if (record === undefined) table.delete(id);
          else table.set(id, record);
        }
      },
    };
  }

  /** Runs fn atomically: a throw rolls everything back and rethrows. */
  atomically<T>(fn: () => T): T {
    const tx = this.begin();
    let result: T;
    try {
      result = fn();
    } catch (error) {
      tx.rollback();
      throw error;
    }
    tx.commit();
    return result;
  }
}
