// One column value from a request body, checked and converted to what the store keeps: text within its
// maximum length, whole numbers for whole-number columns and choices (a choice must be one of its options),
// `YYYY-MM-DD` for date-only columns and ISO 8601 for date-times (kept in UTC, whole seconds, as Dataverse
// answers them). Lookups are not set this way: they go through `<navigation>@odata.bind`.
import { DvErrorCode, DvHttpError, payloadError } from './dv-errors.js';
import { ColumnType, type ColumnDef, type EntityDef, type Value } from './metadata-types.js';

const validation = (message: string) =>
  new DvHttpError(400, DvErrorCode.stringTooLong, `A validation error occurred. ${message}`);

/** Dataverse's date-time form: UTC, whole seconds, `Z`. */
export function formatDateTime(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 19)}Z`;
}

const guidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isGuid = (text: string) => guidPattern.test(text);
/** GUIDs compare and are kept in lower case; `{…}` braces are accepted. */
export const normalizeGuid = (text: string): string | undefined => {
  const bare = text.replace(/^\{(.*)\}$/, '$1');
  return isGuid(bare) ? bare.toLowerCase() : undefined;
};

function typeError(entity: EntityDef, column: ColumnDef, value: unknown, edm: string) {
  return payloadError(
    `Error identified in Payload provided by the user for Entity :'${entity.setName}'. Cannot convert the literal '${JSON.stringify(value)}' to the expected type '${edm}' for the property '${column.name}'.`,
  );
}

export function columnValue(entity: EntityDef, column: ColumnDef, value: unknown): Value {
  if (value === null) return null;
  switch (column.type) {
    case ColumnType.string:
    case ColumnType.memo: {
      if (typeof value !== 'string') throw typeError(entity, column, value, 'Edm.String');
      if (column.maxLength !== undefined && value.length > column.maxLength) {
        throw validation(
          `The length of the '${column.name}' attribute of the '${entity.logicalName}' entity exceeded the maximum allowed length of '${column.maxLength}'.`,
        );
      }
      return value === '' ? null : value;
    }
    case ColumnType.boolean:
      if (typeof value !== 'boolean') throw typeError(entity, column, value, 'Edm.Boolean');
      return value;
    case ColumnType.money:
    case ColumnType.decimal:
    case ColumnType.integer:
    case ColumnType.picklist:
    case ColumnType.state:
    case ColumnType.status: {
      const whole = column.type !== ColumnType.money && column.type !== ColumnType.decimal;
      if (typeof value !== 'number' || !Number.isFinite(value) || (whole && !Number.isInteger(value))) {
        throw typeError(entity, column, value, whole ? 'Edm.Int32' : 'Edm.Decimal');
      }
      if (column.options && !column.options.some((o) => o.value === value)) {
        throw validation(
          `The value ${value} of '${column.name}' on record of type '${entity.logicalName}' is outside the valid range.`,
        );
      }
      if (
        (column.min !== undefined && value < column.min) ||
        (column.max !== undefined && value > column.max)
      ) {
        throw validation(
          `The value ${value} of '${column.name}' on record of type '${entity.logicalName}' is outside the valid range (${column.min ?? ''} to ${column.max ?? ''}).`,
        );
      }
      return value;
    }
    case ColumnType.dateonly: {
      const text = typeof value === 'string' ? value : '';
      const day = /^(\d{4}-\d{2}-\d{2})(?:T00:00:00(?:\.0+)?Z?)?$/.exec(text)?.[1];
      if (!day || Number.isNaN(Date.parse(`${day}T00:00:00Z`)))
        throw typeError(entity, column, value, 'Edm.Date');
      return day;
    }
    case ColumnType.datetime: {
      const ms =
        typeof value === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(value) ? Date.parse(value) : Number.NaN;
      if (Number.isNaN(ms)) throw typeError(entity, column, value, 'Edm.DateTimeOffset');
      return formatDateTime(ms);
    }
    case ColumnType.uniqueidentifier: {
      const guid = typeof value === 'string' ? normalizeGuid(value) : undefined;
      if (!guid) throw typeError(entity, column, value, 'Edm.Guid');
      return guid;
    }
    default:
      throw payloadError(`The property '${column.name}' cannot be set directly.`);
  }
}
