// Records as the REST API writes them: `attributes` ({type, url}) first, then the fields in describe order
// (or the ones asked for with ?fields=), date-times as `…T10:00:00.000+0000`.
import type { Schema } from './schema.js';
import type { FieldDef, FieldValue, ObjectDef } from './schema-types.js';
import { badRequest, SfErrorCode } from './sf-errors.js';
import type { StoredRecord } from './store.js';
import { renderValue } from './values.js';

export type RenderedRecord = { attributes: { type: string; url: string } } & Record<string, unknown>;

export function recordUrl(version: string, object: string, id: string): string {
  return `/services/data/v${version}/sobjects/${object}/${id}`;
}

/** The fields of a `?fields=A,B` list (INVALID_FIELD for unknown ones), or all fields when absent. */
export function fieldList(schema: Schema, object: ObjectDef, list: string | undefined): readonly FieldDef[] {
  if (list === undefined || list.trim() === '') return object.fields;
  return list.split(',').map((name) => {
    const field = schema.field(object, name.trim());
    if (!field) {
      throw badRequest(
        SfErrorCode.invalidField,
        `No such column '${name.trim()}' on entity '${object.name}'. If you are attempting to use a custom field, be sure to append the '__c' after the custom field name. Please reference your WSDL or the describe call for the appropriate names.`,
      );
    }
    return field;
  });
}

export function renderRecord(
  object: ObjectDef,
  record: StoredRecord,
  version: string,
  fields: readonly FieldDef[] = object.fields,
): RenderedRecord {
  const out: RenderedRecord = {
    attributes: { type: object.name, url: recordUrl(version, object.name, String(record['Id'])) },
  };
  for (const field of fields) out[field.name] = renderValue(field, record[field.name]);
  return out;
}

/** Plain field values (no attributes), as the handle hands records to tests. */
export function plainRecord(object: ObjectDef, record: StoredRecord): Record<string, FieldValue> {
  const out: Record<string, FieldValue> = {};
  for (const field of object.fields) out[field.name] = renderValue(field, record[field.name]);
  return out;
}
