// Field values across the wire: what a write body may carry for each field type (Salesforce's JSON binding
// is lenient: numbers and booleans as strings, scalars into text fields, '' meaning null for text) and how
// each stored value is written back out.
import { normalizeId } from './ids.js';
import { FieldType, type FieldDef, type FieldValue } from './schema-types.js';
import { badRequest, SfErrorCode } from './sf-errors.js';
import { formatDateTime, parseDate, parseDateTime, utcDate } from './sf-time.js';

const textTypes: ReadonlySet<FieldType> = new Set([
  FieldType.string,
  FieldType.textarea,
  FieldType.url,
  FieldType.email,
  FieldType.phone,
  FieldType.picklist,
]);
const numberTypes: ReadonlySet<FieldType> = new Set([
  FieldType.currency,
  FieldType.double,
  FieldType.percent,
  FieldType.int,
]);

export const isTextType = (type: FieldType): boolean => textTypes.has(type);
export const isNumberType = (type: FieldType): boolean => numberTypes.has(type);

const jsonTypeName: Readonly<Record<FieldType, string>> = {
  id: 'id',
  string: 'String',
  textarea: 'String',
  boolean: 'boolean',
  currency: 'double',
  double: 'double',
  percent: 'double',
  int: 'int',
  date: 'date',
  datetime: 'datetime',
  picklist: 'String',
  reference: 'id',
  url: 'String',
  email: 'String',
  phone: 'String',
};

function describeJson(raw: unknown): string {
  if (raw === null) return 'VALUE_NULL';
  if (Array.isArray(raw)) return 'START_ARRAY';
  switch (typeof raw) {
    case 'string':
      return `VALUE_STRING value ${raw}`;
    case 'number':
      return `VALUE_NUMBER value ${raw}`;
    case 'boolean':
      return `VALUE_${raw ? 'TRUE' : 'FALSE'}`;
    default:
      return 'START_OBJECT';
  }
}

function cannotDeserialize(field: FieldDef, raw: unknown) {
  return badRequest(
    SfErrorCode.jsonParser,
    `Cannot deserialize instance of ${jsonTypeName[field.type]} from ${describeJson(raw)} or request may be missing a required field`,
  );
}

function roundTo(value: number, scale: number): number {
  const factor = 10 ** scale;
  return Math.round(value * factor) / factor;
}

/**
 * A write body's value for a field, in stored form. Type mismatches are JSON_PARSER_ERROR; a malformed id in
 * a reference is MALFORMED_ID. Range, length and picklist checks come after (record-rules.ts).
 */
export function coerceInput(field: FieldDef, raw: unknown): FieldValue {
  if (raw === null || raw === undefined) return null;
  if (typeof raw === 'object') throw cannotDeserialize(field, raw);
  const scalar = raw as string | number | boolean;
  switch (field.type) {
    case FieldType.id:
    case FieldType.reference: {
      if (typeof scalar !== 'string') throw cannotDeserialize(field, raw);
      if (scalar === '') return null;
      const id = normalizeId(scalar);
      if (!id) {
        throw badRequest(SfErrorCode.malformedId, `${field.label}: id value of incorrect type: ${scalar}`, [
          field.name,
        ]);
      }
      return id;
    }
    case FieldType.boolean: {
      if (typeof scalar === 'boolean') return scalar;
      if (typeof scalar === 'string' && /^(true|false)$/i.test(scalar))
        return scalar.toLowerCase() === 'true';
      throw cannotDeserialize(field, raw);
    }
    case FieldType.currency:
    case FieldType.double:
    case FieldType.percent:
    case FieldType.int: {
      if (typeof scalar === 'boolean') throw cannotDeserialize(field, raw);
      if (scalar === '') return null;
      const n = typeof scalar === 'number' ? scalar : Number(scalar.trim());
      if (!Number.isFinite(n) || (typeof scalar === 'string' && scalar.trim() === ''))
        throw cannotDeserialize(field, raw);
      if (field.type === FieldType.int && !Number.isInteger(n)) throw cannotDeserialize(field, raw);
      return field.type === FieldType.int ? n : roundTo(n, field.scale);
    }
    case FieldType.date: {
      if (typeof scalar !== 'string') throw cannotDeserialize(field, raw);
      if (scalar === '') return null;
      const date = parseDate(scalar);
      if (date) return date;
      const ms = parseDateTime(scalar);
      if (ms === undefined) throw cannotDeserialize(field, raw);
      return utcDate(ms);
    }
    case FieldType.datetime: {
      if (typeof scalar !== 'string') throw cannotDeserialize(field, raw);
      if (scalar === '') return null;
      const ms = parseDateTime(scalar);
      if (ms === undefined) throw cannotDeserialize(field, raw);
      return ms;
    }
    default: {
      // Text types: Salesforce stores '' as null and accepts numbers and booleans as their text.
      const text = String(scalar);
      return text === '' ? null : text;
    }
  }
}

/** A stored value as the API writes it. */
export function renderValue(field: FieldDef, value: FieldValue | undefined): FieldValue {
  if (value === undefined || value === null) return null;
  if (field.type === FieldType.datetime && typeof value === 'number') return formatDateTime(value);
  return value;
}

/** Whether two stored values of a unique / external id field are the same key (text: case-insensitive). */
export function sameKey(a: FieldValue | undefined, b: FieldValue | undefined): boolean {
  if (typeof a === 'string' && typeof b === 'string') return a.toLowerCase() === b.toLowerCase();
  return a === b;
}
