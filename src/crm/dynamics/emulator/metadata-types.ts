// The shapes of the environment's metadata: tables (entities), their columns and lookups, and the values a
// stored row holds. Names are Dataverse logical names (lower case); the Web API addresses tables by their
// entity set name (`opportunities`) and reads lookups as `_<column>_value`.

/** A lookup's value: the row it points to and that row's table (a customer lookup may point to two tables). */
export interface LookupRef {
  readonly id: string;
  readonly entity: string;
}

export type Value = string | number | boolean | null | LookupRef;

export const ColumnType = {
  string: 'string',
  /** Multiple lines of text. */
  memo: 'memo',
  money: 'money',
  decimal: 'decimal',
  integer: 'integer',
  /** versionnumber: a row version, read as a number here (Edm.Int64). */
  bigint: 'bigint',
  boolean: 'boolean',
  /** Date only (`2026-11-20`). */
  dateonly: 'dateonly',
  /** Date and time in UTC (`2026-11-20T10:00:00Z`). */
  datetime: 'datetime',
  /** The primary key. */
  uniqueidentifier: 'uniqueidentifier',
  lookup: 'lookup',
  /** A choice: whole-number values with labels. */
  picklist: 'picklist',
  /** statecode. */
  state: 'state',
  /** statuscode: each value belongs to one state. */
  status: 'status',
} as const;
export type ColumnType = (typeof ColumnType)[keyof typeof ColumnType];

export interface OptionDef {
  readonly value: number;
  readonly label: string;
  /** statuscode options: the statecode they belong to. */
  readonly state?: number;
}

export interface ColumnDef {
  readonly name: string;
  readonly type: ColumnType;
  readonly maxLength?: number;
  /** Set by the platform only (createdon, modifiedby, versionnumber, customerid …). */
  readonly readOnly?: boolean;
  /** Lookups: the tables a value may point to. */
  readonly targets?: readonly string[];
  /** Choices, states and statuses. */
  readonly options?: readonly OptionDef[];
  readonly min?: number;
  readonly max?: number;
  /**
   * Lookups with one target: the one-to-many relationship's name, which is also the collection-valued
   * navigation property on the target table (`opportunity_parent_account` on account).
   */
  readonly relationship?: string;
}

export interface EntityDef {
  readonly logicalName: string;
  readonly setName: string;
  readonly primaryId: string;
  readonly primaryName: string;
  readonly columns: ReadonlyMap<string, ColumnDef>;
  /** Alternate keys: each a list of columns whose values together identify one row. */
  readonly alternateKeys: readonly (readonly string[])[];
  /** Rows have an owner (ownerid); organisation-owned tables (currencies, users) do not. */
  readonly userOwned: boolean;
  /** Writes through the Web API are refused (users, roles): they come from the emulator's setup. */
  readonly readOnly?: boolean;
}

/**
 * The single-valued navigation property that binds or expands a lookup: the column's name for a lookup with one
 * target (`parentaccountid`), `<column>_<target>` for a customer lookup (`customerid_account`).
 */
export interface NavigationDef {
  readonly name: string;
  readonly column: ColumnDef;
  readonly target: string;
}

export function navigations(entity: EntityDef): NavigationDef[] {
  const out: NavigationDef[] = [];
  for (const column of entity.columns.values()) {
    if (column.type !== ColumnType.lookup) continue;
    const targets = column.targets ?? [];
    if (targets.length === 1) out.push({ name: column.name, column, target: targets[0] as string });
    else for (const target of targets) out.push({ name: `${column.name}_${target}`, column, target });
  }
  return out;
}

export const isLookup = (value: Value | undefined): value is LookupRef =>
  typeof value === 'object' && value !== null;

/**
 * A collection-valued navigation property: from a row to the rows of another table whose lookup points at it
 * (`<prefix>opportunity_<prefix>microsoftsolution` from an opportunity to its Microsoft solutions).
 */
export interface CollectionNavigationDef {
  readonly name: string;
  /** The related (referencing) table. */
  readonly target: string;
  /** Its lookup to this table. */
  readonly column: ColumnDef;
}

export function collectionNavigations(
  tables: Iterable<EntityDef>,
  entity: EntityDef,
): CollectionNavigationDef[] {
  const out: CollectionNavigationDef[] = [];
  for (const table of tables) {
    for (const column of table.columns.values()) {
      if (column.type !== ColumnType.lookup || column.relationship === undefined) continue;
      if (column.targets?.length === 1 && column.targets[0] === entity.logicalName)
        out.push({ name: column.relationship, target: table.logicalName, column });
    }
  }
  return out;
}
