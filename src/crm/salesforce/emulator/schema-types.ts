// The shape of the emulated org's metadata: objects and fields with the describe properties the API exposes
// and the write rules (record-rules.ts) and SOQL (soql-resolve.ts) enforce.

export const FieldType = {
  id: 'id',
  string: 'string',
  textarea: 'textarea',
  boolean: 'boolean',
  currency: 'currency',
  double: 'double',
  percent: 'percent',
  int: 'int',
  date: 'date',
  datetime: 'datetime',
  picklist: 'picklist',
  reference: 'reference',
  url: 'url',
  email: 'email',
  phone: 'phone',
} as const;
export type FieldType = (typeof FieldType)[keyof typeof FieldType];

export interface PicklistEntry {
  readonly value: string;
  readonly label: string;
  readonly active: boolean;
  readonly defaultValue: boolean;
}

export interface FieldDef {
  readonly name: string;
  readonly label: string;
  readonly type: FieldType;
  /** Text length limit (string, textarea, url, email, phone, picklist). */
  readonly length: number;
  /** Numbers: total digits and digits after the point. */
  readonly precision: number;
  readonly scale: number;
  readonly nillable: boolean;
  readonly createable: boolean;
  readonly updateable: boolean;
  /** The org fills it when a create leaves it out (defaults, Owner, audit fields, derived flags). */
  readonly defaultedOnCreate: boolean;
  readonly defaultValue: string | number | boolean | null;
  readonly externalId: boolean;
  readonly unique: boolean;
  readonly custom: boolean;
  readonly nameField: boolean;
  /** Long text areas can be neither filtered nor sorted in SOQL. */
  readonly filterable: boolean;
  readonly sortable: boolean;
  readonly picklistValues: readonly PicklistEntry[];
  /** Values outside the list are refused (FIELD_INTEGRITY_EXCEPTION). */
  readonly restrictedPicklist: boolean;
  /** The picklist is the org's active currencies, read at the time of use. */
  readonly currencyPicklist: boolean;
  readonly referenceTo: readonly string[];
  readonly relationshipName: string | null;
  /** Name of the child relationship on the referenced object (e.g. Account.Opportunities). */
  readonly childRelationshipName: string | null;
  /** What deleting the referenced record does to this record. */
  readonly onParentDelete: 'cascade' | 'setNull';
  /** Maintained by the org on every write (Id, audit fields, IsDeleted). */
  readonly system: boolean;
}

export interface ObjectDef {
  readonly name: string;
  readonly label: string;
  readonly labelPlural: string;
  readonly keyPrefix: string;
  readonly custom: boolean;
  readonly createable: boolean;
  readonly updateable: boolean;
  readonly deletable: boolean;
  /** Writes need canCustomize(user) (org configuration rather than business data). */
  readonly setupObject: boolean;
  readonly fields: readonly FieldDef[];
  /** Lower-case field name → field. */
  readonly fieldsByName: ReadonlyMap<string, FieldDef>;
  /** Lower-case relationship name → its reference field. */
  readonly relationshipsByName: ReadonlyMap<string, FieldDef>;
}

/** A stored field value: dates as `YYYY-MM-DD`, date-times as epoch ms, everything else as JSON scalars. */
export type FieldValue = string | number | boolean | null;
