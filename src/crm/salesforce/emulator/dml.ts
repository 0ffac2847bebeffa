// Creating, updating, upserting and deleting records: the one write path for the REST API, composite,
// collections and the handle's "Salesforce UI" edits. Every write stamps the audit fields from the emulator
// clock (whole seconds) with the acting user, keeps derived fields in step (Opportunity IsClosed/IsWon and
// Probability from the stage, Contact/User Name), enforces unique fields, and cascades deletes the way the
// relationships say (Account → Contacts, Opportunities; Opportunity → contact roles; a lookup is cleared).
import type { Clock } from '../../../partner-center/emulator/clock.js';
import { normalizeId } from './ids.js';
import type { IdFactory } from './ids.js';
import { bindWrite, bodyObject, type RuleContext } from './record-rules.js';
import type { Schema } from './schema.js';
import type { FieldValue, ObjectDef } from './schema-types.js';
import { badRequest, notFound, sfError, SfErrorCode } from './sf-errors.js';
import { floorToSecond } from './sf-time.js';
import type { StageDef } from './stages.js';
import type { RecordChange, RecordStore, StoredRecord, WriteSource } from './store.js';
import { canCustomize, type UserAccount } from './users.js';
import { sameKey } from './values.js';

export interface DmlContext extends RuleContext {
  readonly schema: Schema;
  readonly store: RecordStore;
  readonly ids: IdFactory;
  readonly clock: Clock;
  readonly stages: readonly StageDef[];
  readonly corporateCurrency: string | undefined;
}

/** Audit fields a data load may set (Salesforce's "Set Audit Fields upon Record Creation"). */
export interface LoadAudit {
  readonly createdMs?: number;
  readonly createdBy?: UserAccount;
  readonly modifiedMs?: number;
  readonly modifiedBy?: UserAccount;
}

export interface UpsertOutcome {
  readonly record: StoredRecord;
  readonly created: boolean;
}

/** More than one record has the external id value: the API answers 300 with their URLs. */
export class MultipleMatches extends Error {
  constructor(readonly ids: readonly string[]) {
    super(`${ids.length} records match`);
    this.name = 'MultipleMatches';
  }
}

export class Dml {
  constructor(private readonly ctx: DmlContext) {}

  /** The object named in a URL: unknown ones are 404 NOT_FOUND, as the sObject resources answer. */
  objectForUrl(name: string): ObjectDef {
    const object = this.ctx.schema.object(name);
    if (!object) throw notFound();
    return object;
  }

  /** The object named in a record's attributes.type or a query: unknown ones are INVALID_TYPE. */
  objectForType(name: unknown): ObjectDef {
    const object = typeof name === 'string' ? this.ctx.schema.object(name) : undefined;
    if (!object) {
      throw badRequest(SfErrorCode.invalidType, `sObject type '${String(name)}' is not supported.`);
    }
    return object;
  }

  /**
   * A live record by id text: MALFORMED_ID, NOT_FOUND (another object's id, or none), and for a deleted record
   * NOT_FOUND when reading but ENTITY_IS_DELETED when writing, as Salesforce answers.
   */
  record(object: ObjectDef, idText: string, purpose: 'read' | 'write' = 'write'): StoredRecord {
    const id = normalizeId(idText);
    if (!id) throw badRequest(SfErrorCode.malformedId, `malformed id ${idText}`);
    const record = this.ctx.store.get(object.name, id);
    if (!record) throw notFound();
    if (record['IsDeleted'] === true) {
      throw purpose === 'read' ? notFound() : sfError(404, SfErrorCode.entityIsDeleted, 'entity is deleted');
    }
    return record;
  }

  #checkObject(object: ObjectDef, operation: 'inserted' | 'updated' | 'deleted', actor: UserAccount): void {
    const allowed =
      operation === 'inserted'
        ? object.createable
        : operation === 'updated'
          ? object.updateable
          : object.deletable;
    if (!allowed) {
      throw badRequest(
        SfErrorCode.invalidTypeForOperation,
        `entity type cannot be ${operation}: ${object.name}`,
      );
    }
    if (object.setupObject && !canCustomize(actor)) {
      throw sfError(
        403,
        SfErrorCode.insufficientAccess,
        `insufficient access rights: ${actor.username} lacks the Customize Application permission needed to change ${object.name}`,
      );
    }
  }

  #stamp(): number {
    return floorToSecond(this.ctx.clock.now().getTime());
  }

  /** Fields the org keeps in step with others; `given` are the fields the write set. */
  #derive(
    object: ObjectDef,
    record: Record<string, FieldValue>,
    given: ReadonlyMap<string, FieldValue>,
    creating: boolean,
  ): void {
    if (object.name === 'Opportunity') {
      const stage = this.ctx.stages.find((s) => s.name === record['StageName']);
      if (stage) {
        record['IsClosed'] = stage.isClosed;
        record['IsWon'] = stage.isWon;
        // Moving to a stage sets its default probability unless the same write sets one.
        if ((creating || given.has('StageName')) && !given.has('Probability')) {
          record['Probability'] = stage.probability;
        }
      }
    }
    const named = object.name === 'Contact' || object.name === 'User';
    if (named && (creating || given.has('FirstName') || given.has('LastName'))) {
      record['Name'] = [record['FirstName'], record['LastName']]
        .filter((p) => typeof p === 'string' && p !== '')
        .join(' ');
    }
  }

  #checkUnique(object: ObjectDef, record: StoredRecord): void {
    for (const field of object.fields) {
      if (!field.unique || field.system) continue;
      const value = record[field.name];
      if (value === null || value === undefined) continue;
      const other = this.ctx.store
        .withValue(object.name, field.name, value)
        .find((r) => r['IsDeleted'] !== true && r['Id'] !== record['Id']);
      if (other) {
        throw badRequest(
          SfErrorCode.duplicateValue,
          `duplicate value found: ${field.name} duplicates value on record with id: ${String(other['Id'])}`,
          [],
        );
      }
    }
  }

  create(objectName: string, body: unknown, actor: UserAccount, source: WriteSource): StoredRecord {
    const object = this.objectForType(objectName);
    this.#checkObject(object, 'inserted', actor);
    const values = bindWrite(this.ctx, object, bodyObject(body, object), 'create');
    return this.#insert(object, values, actor, source);
  }

  /**
   * A data load: validated like a create, but with the given audit fields and no write event (seeds and
   * generated data).
   */
  load(
    objectName: string,
    body: Record<string, unknown>,
    actor: UserAccount,
    audit: LoadAudit = {},
  ): StoredRecord {
    const object = this.objectForType(objectName);
    const values = bindWrite(this.ctx, object, body, 'create');
    return this.#insert(object, values, actor, undefined, audit);
  }

  #insert(
    object: ObjectDef,
    values: ReadonlyMap<string, FieldValue>,
    actor: UserAccount,
    source: WriteSource | undefined,
    audit: LoadAudit = {},
  ) {
    const record: Record<string, FieldValue> = {};
    for (const field of object.fields) {
      const given = values.get(field.name);
      if (given !== undefined && given !== null) record[field.name] = given;
      else if (field.name === 'OwnerId') record[field.name] = (audit.createdBy ?? actor).id;
      else if (field.currencyPicklist)
        record[field.name] = actor.currency ?? this.ctx.corporateCurrency ?? null;
      else record[field.name] = field.defaultedOnCreate ? field.defaultValue : (given ?? null);
    }
    this.#derive(object, record, values, true);
    const at = this.#stamp();
    const createdMs = floorToSecond(audit.createdMs ?? at);
    const modifiedMs = floorToSecond(audit.modifiedMs ?? audit.createdMs ?? at);
    Object.assign(record, {
      Id: this.ctx.ids.next(object.keyPrefix),
      IsDeleted: false,
      CreatedDate: createdMs,
      CreatedById: (audit.createdBy ?? actor).id,
      LastModifiedDate: modifiedMs,
      LastModifiedById: (audit.modifiedBy ?? audit.createdBy ?? actor).id,
      SystemModstamp: modifiedMs,
    });
    this.#checkUnique(object, record);
    const change = source && this.#change('created', object, record, actor, source, [...values.keys()]);
    this.ctx.store.put(object.name, record, change);
    return record;
  }

  update(
    objectName: string,
    idText: string,
    body: unknown,
    actor: UserAccount,
    source: WriteSource,
  ): StoredRecord {
    const object = this.objectForType(objectName);
    const current = this.record(object, idText);
    this.#checkObject(object, 'updated', actor);
    const values = bindWrite(this.ctx, object, bodyObject(body, object), 'update');
    return this.#apply(object, current, values, actor, source);
  }

  #apply(
    object: ObjectDef,
    current: StoredRecord,
    values: ReadonlyMap<string, FieldValue>,
    actor: UserAccount,
    source: WriteSource,
  ): StoredRecord {
    const record: Record<string, FieldValue> = { ...current, ...Object.fromEntries(values) };
    this.#derive(object, record, values, false);
    const at = this.#stamp();
    Object.assign(record, { LastModifiedDate: at, LastModifiedById: actor.id, SystemModstamp: at });
    this.#checkUnique(object, record);
    this.ctx.store.put(
      object.name,
      record,
      this.#change('updated', object, record, actor, source, [...values.keys()]),
    );
    return record;
  }

  /** Records whose external id field holds the value (live ones; text compared case-insensitively). */
  findByExternalId(object: ObjectDef, fieldName: string, value: string): StoredRecord[] {
    const field = this.externalIdField(object, fieldName);
    if (field.name === 'Id') {
      const id = normalizeId(value);
      const record = id ? this.ctx.store.get(object.name, id) : undefined;
      return record && record['IsDeleted'] !== true ? [record] : [];
    }
    const found = this.ctx.store
      .withValue(object.name, field.name, value)
      .filter((r) => r['IsDeleted'] !== true);
    // Several matches are listed oldest first, as the 300 answer lists them.
    if (found.length < 2) return found;
    const ids = new Set(found.map((r) => r['Id']));
    return this.ctx.store.list(object.name).filter((r) => ids.has(r['Id']));
  }

  externalIdField(object: ObjectDef, fieldName: string) {
    const field = this.ctx.schema.field(object, fieldName);
    if (!field || !(field.externalId || field.name === 'Id')) {
      throw notFound(`Provided external ID field does not exist or is not accessible: ${fieldName}`);
    }
    return field;
  }

  /** Upsert by external id: update the one match, create when none (unless updateOnly), 300 when several. */
  upsert(
    objectName: string,
    fieldName: string,
    value: string,
    body: unknown,
    actor: UserAccount,
    source: WriteSource,
    options: { updateOnly?: boolean } = {},
  ): UpsertOutcome {
    const object = this.objectForType(objectName);
    const field = this.externalIdField(object, fieldName);
    const input = bodyObject(body, object);
    for (const [key, given] of Object.entries(input)) {
      if (key.toLowerCase() === 'id') {
        throw badRequest(
          SfErrorCode.invalidField,
          'Id is not allowed in the body of an upsert; the record is named by the external ID in the URL',
          ['Id'],
        );
      }
      if (key.toLowerCase() === field.name.toLowerCase() && !sameKey(String(given), value)) {
        throw badRequest(
          SfErrorCode.invalidField,
          `The value of ${field.name} in the body (${String(given)}) differs from the one in the URL (${value})`,
          [field.name],
        );
      }
    }
    const matches = this.findByExternalId(object, field.name, value);
    if (matches.length > 1) throw new MultipleMatches(matches.map((r) => String(r['Id'])));
    const match = matches[0];
    if (match) {
      this.#checkObject(object, 'updated', actor);
      const values = bindWrite(this.ctx, object, input, 'update', [field.name]);
      return { record: this.#apply(object, match, values, actor, source), created: false };
    }
    if (options.updateOnly || field.name === 'Id') throw notFound();
    this.#checkObject(object, 'inserted', actor);
    const values = bindWrite(this.ctx, object, { ...input, [field.name]: value }, 'create');
    return { record: this.#insert(object, values, actor, source), created: true };
  }

  /** Deletes a record (to the recycle bin: IsDeleted, visible to queryAll and getDeleted) and its dependants. */
  delete(objectName: string, idText: string, actor: UserAccount, source: WriteSource): void {
    const object = this.objectForType(objectName);
    const record = this.record(object, idText);
    this.#checkObject(object, 'deleted', actor);
    this.ctx.store.atomically(() => this.#delete(object, record, actor, source));
  }

  #delete(object: ObjectDef, record: StoredRecord, actor: UserAccount, source: WriteSource): void {
    const at = this.#stamp();
    const deleted = {
      ...record,
      IsDeleted: true,
      LastModifiedDate: at,
      LastModifiedById: actor.id,
      SystemModstamp: at,
    };
    this.ctx.store.put(object.name, deleted, this.#change('deleted', object, deleted, actor, source, []));
    for (const child of this.ctx.schema.children(object.name)) {
      for (const dependant of this.ctx.store.list(child.object.name)) {
        if (dependant['IsDeleted'] === true || dependant[child.field.name] !== record['Id']) continue;
        if (child.field.onParentDelete === 'cascade') this.#delete(child.object, dependant, actor, source);
        else this.#apply(child.object, dependant, new Map([[child.field.name, null]]), actor, source);
      }
    }
  }

  #change(
    kind: RecordChange['kind'],
    object: ObjectDef,
    record: StoredRecord,
    actor: UserAccount,
    source: WriteSource,
    fields: readonly string[],
  ): RecordChange {
    return {
      kind,
      object: object.name,
      id: String(record['Id']),
      userId: actor.id,
      at: Number(record['SystemModstamp']),
      source,
      fields,
    };
  }
}
