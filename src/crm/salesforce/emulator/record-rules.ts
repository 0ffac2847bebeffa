// What a create or update body must satisfy before anything is stored, in Salesforce's order and words:
// unknown fields (INVALID_FIELD), read-only fields (INVALID_FIELD_FOR_INSERT_UPDATE), types
// (JSON_PARSER_ERROR, MALFORMED_ID), lengths (STRING_TOO_LONG), e-mail syntax (INVALID_EMAIL_ADDRESS), numeric
// ranges (NUMBER_OUTSIDE_VALID_RANGE), restricted picklists and references (FIELD_INTEGRITY_EXCEPTION,
// ENTITY_IS_DELETED) and required fields (REQUIRED_FIELD_MISSING).
import type { Schema } from './schema.js';
import { FieldType, type FieldDef, type FieldValue, type ObjectDef } from './schema-types.js';
import type { RecordStore } from './store.js';
import { badRequest, SfErrorCode } from './sf-errors.js';
import { coerceInput, isNumberType, isTextType } from './values.js';

export interface RuleContext {
  readonly schema: Schema;
  readonly store: RecordStore;
  /** ISO codes of the org's active currencies (empty without multi-currency). */
  activeCurrencies(): readonly string[];
}

export type WriteMode = 'create' | 'update';

// A pragmatic address check, close to what Salesforce accepts: local@domain.tld without spaces.
const emailPattern =
  /^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+$/;

/** The object-shaped body of a write, or JSON_PARSER_ERROR. */
export function bodyObject(body: unknown, object: ObjectDef): Record<string, unknown> {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw badRequest(
      SfErrorCode.jsonParser,
      `Cannot deserialize instance of ${object.name} from ${Array.isArray(body) ? 'START_ARRAY' : 'VALUE'} or request may be missing a required field`,
    );
  }
  return body as Record<string, unknown>;
}

function checkValue(ctx: RuleContext, field: FieldDef, value: FieldValue): void {
  if (value === null) return;
  if (typeof value === 'string' && isTextType(field.type) && value.length > field.length) {
    throw badRequest(
      SfErrorCode.stringTooLong,
      `${field.label}: data value too large: ${value.slice(0, 60)}${value.length > 60 ? '...' : ''} (max length=${field.length})`,
      [field.name],
    );
  }
  if (field.type === FieldType.email && typeof value === 'string' && !emailPattern.test(value)) {
    throw badRequest(SfErrorCode.invalidEmail, `${field.label}: invalid email address: ${value}`, [
      field.name,
    ]);
  }
  if (typeof value === 'number' && isNumberType(field.type) && field.precision > 0) {
    const integerDigits = Math.trunc(Math.abs(value)).toString().length;
    if (integerDigits > field.precision - field.scale) {
      throw badRequest(
        SfErrorCode.numberOutsideRange,
        `${field.label}: value outside of valid range on numeric field: ${value}`,
        [field.name],
      );
    }
  }
  if (field.type === FieldType.picklist && field.restrictedPicklist && typeof value === 'string') {
    const allowed = field.currencyPicklist
      ? ctx.activeCurrencies()
      : field.picklistValues.filter((p) => p.active).map((p) => p.value);
    if (!allowed.includes(value)) {
      throw badRequest(
        SfErrorCode.fieldIntegrity,
        `${field.label}: bad value for restricted picklist field: ${value}`,
        [field.name],
      );
    }
  }
  if (field.type === FieldType.reference && typeof value === 'string') {
    const target = ctx.schema.objectOfId(value);
    if (!target || !field.referenceTo.includes(target.name)) {
      throw badRequest(SfErrorCode.fieldIntegrity, `${field.label}: id value of incorrect type: ${value}`, [
        field.name,
      ]);
    }
    const record = ctx.store.get(target.name, value);
    if (!record) {
      throw badRequest(
        SfErrorCode.fieldIntegrity,
        `${field.label}: id value of incorrect type or not found: ${value}`,
        [field.name],
      );
    }
    if (record['IsDeleted'] === true) {
      throw badRequest(SfErrorCode.entityIsDeleted, 'entity is deleted', [field.name]);
    }
  }
}

/**
 * Binds a write body to the object's fields: canonical names, stored value forms, every check above.
 * `ignore` names fields the caller has already consumed (the external id of an upsert, Id of a collection
 * update). Returns only the fields the body set.
 */
export function bindWrite(
  ctx: RuleContext,
  object: ObjectDef,
  body: Record<string, unknown>,
  mode: WriteMode,
  ignore: readonly string[] = [],
): Map<string, FieldValue> {
  const skip = new Set(['attributes', ...ignore.map((n) => n.toLowerCase())]);
  const given: [FieldDef, unknown][] = [];
  for (const [key, raw] of Object.entries(body)) {
    if (skip.has(key.toLowerCase())) continue;
    const field = ctx.schema.field(object, key);
    if (!field) {
      throw badRequest(SfErrorCode.invalidField, `No such column '${key}' on sobject of type ${object.name}`);
    }
    given.push([field, raw]);
  }
  const readOnly = given
    .filter(([f]) => !(mode === 'create' ? f.createable : f.updateable))
    .map(([f]) => f.name);
  if (readOnly.length > 0) {
    throw badRequest(
      SfErrorCode.invalidFieldForInsertUpdate,
      `Unable to ${mode} fields: ${readOnly.join(', ')}. Please check the security settings of this field and verify that it is read/write for your profile or permission set.`,
      readOnly,
    );
  }
  const values = new Map<string, FieldValue>();
  for (const [field, raw] of given) {
    let value = coerceInput(field, raw);
    // Non-nillable checkboxes read null as false, as Salesforce does.
    if (value === null && field.type === FieldType.boolean && !field.nillable) value = false;
    checkValue(ctx, field, value);
    values.set(field.name, value);
  }
  const missing = object.fields
    .filter((f) => !f.nillable && !f.system)
    .filter((f) =>
      mode === 'create'
        ? f.createable && !f.defaultedOnCreate && (values.get(f.name) ?? null) === null
        : values.has(f.name) && values.get(f.name) === null,
    )
    .map((f) => f.name);
  if (missing.length > 0) {
    throw badRequest(
      SfErrorCode.requiredFieldMissing,
      `Required fields are missing: [${missing.join(', ')}]`,
      missing,
    );
  }
  return values;
}
