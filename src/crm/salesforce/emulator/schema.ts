// Lookups over the org's objects: by name (case-insensitive, as the API is), by key prefix, fields,
// relationships and the child relationships describe lists.
import type { FieldDef, ObjectDef } from './schema-types.js';

export interface ChildRelationship {
  readonly childSObject: string;
  readonly field: string;
  readonly relationshipName: string | null;
  readonly cascadeDelete: boolean;
}

export class Schema {
  readonly #objects: ObjectDef[];
  readonly #byName: Map<string, ObjectDef>;
  readonly #byPrefix: Map<string, ObjectDef>;

  constructor(objects: readonly ObjectDef[]) {
    this.#objects = [...objects];
    this.#byName = new Map(objects.map((o) => [o.name.toLowerCase(), o]));
    this.#byPrefix = new Map(objects.map((o) => [o.keyPrefix, o]));
  }

  /** Every object, in describeGlobal order (objects created later come last). */
  get objects(): readonly ObjectDef[] {
    return this.#objects;
  }

  /**
   * Adds an object, or replaces the one of the same name (a custom field or object created through the
   * Tooling API). Every request looks objects up by name, so the change is seen by the next one.
   */
  put(object: ObjectDef): void {
    const key = object.name.toLowerCase();
    const at = this.#objects.findIndex((o) => o.name.toLowerCase() === key);
    if (at >= 0) this.#objects[at] = object;
    else this.#objects.push(object);
    this.#byName.set(key, object);
    this.#byPrefix.set(object.keyPrefix, object);
  }

  object(name: string): ObjectDef | undefined {
    return this.#byName.get(name.toLowerCase());
  }

  objectOfId(id: string): ObjectDef | undefined {
    return this.#byPrefix.get(id.slice(0, 3));
  }

  field(object: ObjectDef, name: string): FieldDef | undefined {
    return object.fieldsByName.get(name.toLowerCase());
  }

  /** Reference fields of other objects that point at this one, with what deleting a parent does to them. */
  children(objectName: string): { object: ObjectDef; field: FieldDef }[] {
    const out: { object: ObjectDef; field: FieldDef }[] = [];
    for (const o of this.objects) {
      for (const f of o.fields) {
        if (!f.system && f.referenceTo.includes(objectName)) out.push({ object: o, field: f });
      }
    }
    return out;
  }

  childRelationships(objectName: string): ChildRelationship[] {
    return this.children(objectName).map(({ object, field }) => ({
      childSObject: object.name,
      field: field.name,
      relationshipName: field.childRelationshipName,
      cascadeDelete: field.onParentDelete === 'cascade',
    }));
  }
}
