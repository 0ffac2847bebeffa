// The Tooling API subset an installer uses to add custom fields and objects: `GET tooling/query?q=` over
// CustomField and CustomObject (SOQL on the setup entities, read from the org's live schema), and
// `POST tooling/sobjects/CustomField` / `…/CustomObject` with `{FullName, Metadata}` bodies (Metadata API
// names: Checkbox, Text, Url, Picklist, LongTextArea, Lookup …). A created field or object is part of the
// schema at once: describe, SOQL and writes see it on the next request. Creating needs canCustomize
// (403 INSUFFICIENT_ACCESS_OR_READONLY otherwise); a name already taken is 400 DUPLICATE_DEVELOPER_NAME.
import type { SalesforceContext } from './context.js';
import type { IdFactory } from './ids.js';
import {
  addField,
  currencyField,
  field,
  idField,
  KeyPrefix,
  object,
  ownerField,
  systemFields,
  text,
} from './objects.js';
import type { ApiRequest, ApiResponse, RouteDef } from './rest-router.js';
import { Schema } from './schema.js';
import { FieldType, type FieldDef, type ObjectDef, type PicklistEntry } from './schema-types.js';
import { badRequest, sfError, SfErrorCode } from './sf-errors.js';
import { executeQuery } from './soql-execute.js';
import { parseSoql } from './soql-parser.js';
import { compileQuery } from './soql-resolve.js';
import { RecordStore } from './store.js';
import { canCustomize } from './users.js';

/** Salesforce's key prefixes of the two setup entities. */
const customFieldPrefix = '00N';
const customObjectPrefix = '01I';

/** Stable ids of the org's custom fields and objects, given on first sight (the same history, the same ids). */
export class ToolingIds {
  readonly #ids = new Map<string, string>();

  constructor(private readonly factory: IdFactory) {}

  of(prefix: string, fullName: string): string {
    const key = `${prefix}:${fullName.toLowerCase()}`;
    let id = this.#ids.get(key);
    if (id === undefined) this.#ids.set(key, (id = this.factory.next(prefix)));
    return id;
  }
}

const setupObject = (name: string, prefix: string, fields: FieldDef[]): ObjectDef =>
  object({
    name,
    keyPrefix: prefix,
    label: name,
    labelPlural: `${name}s`,
    writable: false,
    fields: [
      idField(`${name} ID`),
      text('DeveloperName', 'Developer Name', 40, { createable: false, updateable: false }),
      text('NamespacePrefix', 'Namespace Prefix', 15, { createable: false, updateable: false }),
      ...fields,
    ],
  });

const toolingSchema = new Schema([
  setupObject('CustomObject', customObjectPrefix, []),
  setupObject('CustomField', customFieldPrefix, [
    text('TableEnumOrId', 'Table Enum or Id', 40, { createable: false, updateable: false }),
  ]),
]);

const developerName = (apiName: string) => apiName.replace(/__c$/i, '');

/** The setup entities as records, from the schema as it is now. */
function toolingStore(ctx: SalesforceContext): RecordStore {
  const store = new RecordStore(() => undefined);
  for (const o of ctx.schema.objects) {
    const objectId = ctx.tooling.of(customObjectPrefix, o.name);
    if (o.custom) {
      store.put('CustomObject', {
        Id: objectId,
        DeveloperName: developerName(o.name),
        NamespacePrefix: null,
      });
    }
    for (const f of o.fields) {
      if (!f.custom) continue;
      store.put('CustomField', {
        Id: ctx.tooling.of(customFieldPrefix, `${o.name}.${f.name}`),
        DeveloperName: developerName(f.name),
        NamespacePrefix: null,
        // Salesforce names a standard object by its name and a custom object by its id.
        TableEnumOrId: o.custom ? objectId : o.name,
      });
    }
  }
  return store;
}

function toolingQuery(ctx: SalesforceContext, request: ApiRequest): ApiResponse {
  const soql = request.query.get('q');
  if (soql === null || soql.trim() === '') {
    throw badRequest(SfErrorCode.malformedQuery, 'A query string has to be specified');
  }
  const compiled = compileQuery(toolingSchema, parseSoql(soql), ctx.clock.now().getTime());
  const rows = executeQuery(toolingStore(ctx), compiled, { includeDeleted: false, version: request.version });
  const records = rows.records.map((r) => {
    const attributes = r['attributes'] as { type: string; url: string };
    return {
      ...r,
      attributes: { ...attributes, url: attributes.url.replace('/sobjects/', '/tooling/sobjects/') },
    };
  });
  return {
    status: 200,
    body: {
      size: rows.totalSize,
      totalSize: rows.totalSize,
      done: true,
      queryLocator: null,
      entityTypeName: compiled.object.name,
      records,
    },
  };
}

interface MetadataBody {
  readonly fullName: string;
  readonly metadata: Readonly<Record<string, unknown>>;
}

function bodyOf(request: ApiRequest): MetadataBody {
  const body = request.body as { FullName?: unknown; Metadata?: unknown } | null;
  if (typeof body !== 'object' || body === null || typeof body.FullName !== 'string') {
    throw badRequest(SfErrorCode.requiredFieldMissing, 'Required fields are missing: [FullName]');
  }
  if (typeof body.Metadata !== 'object' || body.Metadata === null) {
    throw badRequest(SfErrorCode.requiredFieldMissing, 'Required fields are missing: [Metadata]');
  }
  return { fullName: body.FullName, metadata: body.Metadata as Record<string, unknown> };
}

function requireCustomizer(request: ApiRequest, entity: string): void {
  if (!canCustomize(request.user)) {
    throw sfError(
      403,
      SfErrorCode.insufficientAccess,
      `insufficient access rights: ${request.user.username} lacks the Customize Application permission needed to create ${entity}`,
    );
  }
}

const integrity = (message: string) => badRequest(SfErrorCode.fieldIntegrity, message);

function label(metadata: Readonly<Record<string, unknown>>, what = 'Label'): string {
  const value = metadata['label'];
  if (typeof value !== 'string' || value.trim() === '') {
    throw badRequest(SfErrorCode.requiredFieldMissing, `Required fields are missing: [${what}]`);
  }
  return value;
}

function lengthOf(metadata: Readonly<Record<string, unknown>>, min: number, max: number): number {
  const value = Number(metadata['length']);
  if (!(Number.isInteger(value) && value >= min && value <= max)) {
    throw integrity(`Length: value must be between ${min} and ${max}`);
  }
  return value;
}

function picklistEntries(metadata: Readonly<Record<string, unknown>>): {
  values: PicklistEntry[];
  restricted: boolean;
} {
  const valueSet = metadata['valueSet'] as
    { restricted?: unknown; valueSetDefinition?: { value?: unknown } } | undefined;
  const raw = valueSet?.valueSetDefinition?.value;
  if (!Array.isArray(raw) || raw.length === 0) {
    throw integrity('Picklist: a value set with at least one value is required');
  }
  const values = raw.map((v: { fullName?: unknown; label?: unknown; default?: unknown }) => {
    if (typeof v.fullName !== 'string' || v.fullName === '') throw integrity('Picklist value: fullName');
    return {
      value: v.fullName,
      label: typeof v.label === 'string' ? v.label : v.fullName,
      active: true,
      defaultValue: v.default === true,
    };
  });
  return { values, restricted: valueSet?.restricted === true };
}

/** A field definition from Metadata API CustomField metadata. */
function fieldFromMetadata(
  ctx: SalesforceContext,
  name: string,
  metadata: Readonly<Record<string, unknown>>,
): FieldDef {
  const common = {
    name,
    label: label(metadata),
    externalId: metadata['externalId'] === true,
    unique: metadata['unique'] === true,
  };
  const type = metadata['type'];
  switch (type) {
    case 'Checkbox': {
      const defaultValue = metadata['defaultValue'] === true || metadata['defaultValue'] === 'true';
      return field({
        ...common,
        type: FieldType.boolean,
        nillable: false,
        defaultedOnCreate: true,
        defaultValue,
      });
    }
    case 'Text':
      return field({ ...common, type: FieldType.string, length: lengthOf(metadata, 1, 255) });
    case 'TextArea':
      return field({ ...common, type: FieldType.textarea, length: 255 });
    case 'LongTextArea':
      return field({ ...common, type: FieldType.textarea, length: lengthOf(metadata, 256, 131072) });
    case 'Url':
      return field({ ...common, type: FieldType.url, length: 255 });
    case 'Email':
      return field({ ...common, type: FieldType.email, length: 80 });
    case 'Phone':
      return field({ ...common, type: FieldType.phone, length: 40 });
    case 'Date':
      return field({ ...common, type: FieldType.date });
    case 'DateTime':
      return field({ ...common, type: FieldType.datetime });
    case 'Picklist': {
      const { values, restricted } = picklistEntries(metadata);
      return field({
        ...common,
        type: FieldType.picklist,
        length: 255,
        picklistValues: values,
        restrictedPicklist: restricted,
      });
    }
    case 'Lookup': {
      const target = metadata['referenceTo'];
      const parent = typeof target === 'string' ? ctx.schema.object(target) : undefined;
      if (!parent) throw integrity(`Reference To: bad value: ${String(target)}`);
      const child = metadata['relationshipName'];
      if (typeof child !== 'string' || !/^[A-Za-z][A-Za-z0-9_]*$/.test(child)) {
        throw integrity('Child Relationship Name: a valid name is required');
      }
      return field({
        ...common,
        type: FieldType.reference,
        length: 18,
        referenceTo: [parent.name],
        relationshipName: name.replace(/__c$/i, '__r'),
        childRelationshipName: `${child}__r`,
        onParentDelete: metadata['deleteConstraint'] === 'Cascade' ? 'cascade' : 'setNull',
      });
    }
    default:
      throw integrity(`Type: bad value for restricted picklist field: ${String(type)}`);
  }
}

const customName = /^[A-Za-z][A-Za-z0-9_]*__c$/;

function createField(ctx: SalesforceContext, request: ApiRequest): ApiResponse {
  requireCustomizer(request, 'CustomField');
  const { fullName, metadata } = bodyOf(request);
  const dot = fullName.indexOf('.');
  const objectName = fullName.slice(0, dot);
  const fieldName = fullName.slice(dot + 1);
  const target = dot > 0 ? ctx.schema.object(objectName) : undefined;
  if (!target)
    throw integrity(`Entity Enumeration Or ID: bad value for restricted picklist field: ${objectName}`);
  if (!customName.test(fieldName)) {
    throw integrity(`Field Name: ${fieldName} is not a valid custom field name (it ends with __c)`);
  }
  if (ctx.schema.field(target, fieldName)) {
    throw badRequest(
      SfErrorCode.duplicateDeveloperName,
      `There is already a field named ${developerName(fieldName)} on ${target.name}.`,
    );
  }
  const created = fieldFromMetadata(ctx, fieldName, metadata);
  ctx.schema.put(addField(target, created));
  // A new checkbox reads its default on the records that exist already, as Salesforce backfills it.
  if (created.defaultValue !== null) {
    for (const record of ctx.store.list(target.name)) {
      ctx.store.put(target.name, { ...record, [created.name]: created.defaultValue });
    }
  }
  const id = ctx.tooling.of(customFieldPrefix, `${target.name}.${created.name}`);
  return { status: 201, body: { id, success: true, errors: [], warnings: [], infos: [] } };
}

/** The next free key prefix of a custom object (a0X for the solution object, as seeded orgs have it). */
function keyPrefixFor(ctx: SalesforceContext, name: string): string {
  const known = (KeyPrefix as Readonly<Record<string, string>>)[name];
  if (known !== undefined && !ctx.schema.objects.some((o) => o.keyPrefix === known)) return known;
  const taken = new Set(ctx.schema.objects.map((o) => o.keyPrefix));
  for (const c of '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ') {
    const prefix = `a1${c}`;
    if (!taken.has(prefix)) return prefix;
  }
  throw integrity('no key prefix left for another custom object');
}

function createObject(ctx: SalesforceContext, request: ApiRequest): ApiResponse {
  requireCustomizer(request, 'CustomObject');
  const { fullName, metadata } = bodyOf(request);
  if (!customName.test(fullName)) {
    throw integrity(`Object Name: ${fullName} is not a valid custom object name (it ends with __c)`);
  }
  if (ctx.schema.object(fullName)) {
    throw badRequest(
      SfErrorCode.duplicateDeveloperName,
      `There is already an object named ${developerName(fullName)}.`,
    );
  }
  const pluralLabel = metadata['pluralLabel'];
  if (typeof pluralLabel !== 'string' || pluralLabel === '') {
    throw badRequest(SfErrorCode.requiredFieldMissing, 'Required fields are missing: [PluralLabel]');
  }
  const nameField = metadata['nameField'] as Record<string, unknown> | undefined;
  if (nameField?.['type'] !== 'Text') throw integrity('Name Field: a Text name field is required');
  ctx.schema.put(
    object({
      name: fullName,
      keyPrefix: keyPrefixFor(ctx, fullName),
      label: label(metadata),
      labelPlural: pluralLabel,
      fields: [
        idField('Record ID'),
        text('Name', label(nameField, 'Name Field Label'), 80, { nillable: false, nameField: true }),
        ownerField(),
        ...(ctx.settings.multiCurrency ? [currencyField('Currency')] : []),
        ...systemFields(),
      ],
    }),
  );
  const id = ctx.tooling.of(customObjectPrefix, fullName);
  return { status: 201, body: { id, success: true, errors: [], warnings: [], infos: [] } };
}

export function toolingRoutes(ctx: SalesforceContext): RouteDef[] {
  return [
    { path: 'tooling/query', methods: { GET: (r) => toolingQuery(ctx, r) } },
    { path: 'tooling/sobjects/CustomField', methods: { POST: (r) => createField(ctx, r) } },
    { path: 'tooling/sobjects/CustomObject', methods: { POST: (r) => createObject(ctx, r) } },
  ];
}
