// The Web API's metadata subset an installer uses (Dataverse "Use the Web API with table definitions"):
// `GET EntityDefinitions(LogicalName='x')`, `…/Attributes`, `…/Keys`; `POST EntityDefinitions` (a table with
// its primary name column), `POST EntityDefinitions(LogicalName='x')/Attributes` with an AttributeMetadata body
// (`@odata.type` String, Memo, Boolean, Picklist, Integer, Money, Decimal, DateTime), `POST …/Keys` (an
// alternate key, active at once where Dataverse builds its index in the background) and
// `POST RelationshipDefinitions` (a one-to-many relationship and its lookup column). Creates answer 204 with
// `OData-EntityId`, as Dataverse does; the optional `MSCRM.SolutionUniqueName` header is recorded per component.
// Schema names must carry the environment's publisher prefix. Creating needs a role that may customise
// (System Administrator, System Customizer): others get 403 0x80040220 "missing prvCreateAttribute …".
import type { Rng } from '../../../partner-center/emulator/rng.js';
import { apiRoot, type DataverseContext } from './context.js';
import { DvErrorCode, DvHttpError, payloadError } from './dv-errors.js';
import { ColumnType as T, type ColumnDef, type EntityDef, type OptionDef } from './metadata-types.js';
import type { ApiAnswer, ApiRequest } from './router-types.js';
import { entity as buildEntity } from './tables.js';

/** A metadata component created through the Web API, and the solution it was added to (if named). */
export interface MetadataChange {
  readonly kind: 'table' | 'column' | 'key' | 'relationship';
  readonly name: string;
  readonly solution: string | undefined;
}

/** MetadataIds (stable per name) and the log of created components. */
export class MetadataRegistry {
  readonly #ids = new Map<string, string>();
  readonly #keyNames = new Map<string, string>();
  readonly changes: MetadataChange[] = [];

  constructor(private readonly rng: Rng) {}

  idOf(name: string): string {
    let id = this.#ids.get(name);
    if (id === undefined) this.#ids.set(name, (id = this.rng.guid()));
    return id;
  }

  /** A key's logical name: as created, else `<columns>key` for the keys the environment started with. */
  keyName(table: string, columns: readonly string[]): string {
    return this.#keyNames.get(`${table}:${columns.join(',')}`) ?? `${columns.join('_')}key`;
  }

  nameKey(table: string, columns: readonly string[], name: string): void {
    this.#keyNames.set(`${table}:${columns.join(',')}`, name);
  }
}

const notFoundEntity = (name: string) =>
  new DvHttpError(404, DvErrorCode.notFound, `Could not find entity with name '${name}'.`);
const invalid = (message: string) => new DvHttpError(400, DvErrorCode.invalidArgument, message);

const attributeType: Readonly<Record<string, [string, string]>> = {
  string: ['String', 'StringAttributeMetadata'],
  memo: ['Memo', 'MemoAttributeMetadata'],
  money: ['Money', 'MoneyAttributeMetadata'],
  decimal: ['Decimal', 'DecimalAttributeMetadata'],
  integer: ['Integer', 'IntegerAttributeMetadata'],
  bigint: ['BigInt', 'BigIntAttributeMetadata'],
  boolean: ['Boolean', 'BooleanAttributeMetadata'],
  dateonly: ['DateTime', 'DateTimeAttributeMetadata'],
  datetime: ['DateTime', 'DateTimeAttributeMetadata'],
  uniqueidentifier: ['Uniqueidentifier', 'AttributeMetadata'],
  lookup: ['Lookup', 'LookupAttributeMetadata'],
  picklist: ['Picklist', 'PicklistAttributeMetadata'],
  state: ['State', 'StateAttributeMetadata'],
  status: ['Status', 'StatusAttributeMetadata'],
};

function tableOf(ctx: DataverseContext, segment: string): EntityDef {
  const m = /^EntityDefinitions\(LogicalName='([^']*)'\)$/.exec(segment);
  if (!m)
    throw new DvHttpError(
      404,
      DvErrorCode.resourceNotFound,
      `Resource not found for the segment '${segment}'.`,
    );
  const found = ctx.tables.get((m[1] as string).toLowerCase());
  if (!found) throw notFoundEntity(m[1] as string);
  return found;
}

const isCustom = (ctx: DataverseContext, name: string) => name.startsWith(ctx.settings.publisherPrefix);

function renderTable(ctx: DataverseContext, table: EntityDef): Record<string, unknown> {
  return {
    '@odata.context': `${apiRoot(ctx)}/$metadata#EntityDefinitions/$entity`,
    MetadataId: ctx.metadata.idOf(table.logicalName),
    LogicalName: table.logicalName,
    SchemaName: table.logicalName,
    EntitySetName: table.setName,
    PrimaryIdAttribute: table.primaryId,
    PrimaryNameAttribute: table.primaryName,
    OwnershipType: table.userOwned ? 'UserOwned' : 'OrganizationOwned',
    IsCustomEntity: isCustom(ctx, table.logicalName),
  };
}

function renderColumn(ctx: DataverseContext, table: EntityDef, column: ColumnDef): Record<string, unknown> {
  const [type, odataType] = attributeType[column.type] ?? ['Virtual', 'AttributeMetadata'];
  return {
    '@odata.type': `#Microsoft.Dynamics.CRM.${odataType}`,
    MetadataId: ctx.metadata.idOf(`${table.logicalName}.${column.name}`),
    LogicalName: column.name,
    SchemaName: column.name,
    EntityLogicalName: table.logicalName,
    AttributeType: type,
    IsCustomAttribute: isCustom(ctx, column.name),
    IsPrimaryId: column.name === table.primaryId,
    IsPrimaryName: column.name === table.primaryName,
    ...(column.maxLength === undefined ? {} : { MaxLength: column.maxLength }),
    ...(column.targets ? { Targets: [...column.targets] } : {}),
  };
}

function renderKey(
  ctx: DataverseContext,
  table: EntityDef,
  columns: readonly string[],
): Record<string, unknown> {
  const name = ctx.metadata.keyName(table.logicalName, columns);
  return {
    MetadataId: ctx.metadata.idOf(`${table.logicalName}:key:${name}`),
    LogicalName: name,
    SchemaName: name,
    EntityLogicalName: table.logicalName,
    KeyAttributes: [...columns],
    EntityKeyIndexStatus: 'Active',
  };
}

function list(ctx: DataverseContext, context: string, value: unknown[]): ApiAnswer {
  return { status: 200, body: { '@odata.context': `${apiRoot(ctx)}/$metadata#${context}`, value } };
}

// ---- creating ----

function requireCustomizer(
  ctx: DataverseContext,
  request: ApiRequest,
  privilege: string,
  entity: string,
): void {
  if (ctx.directory.canCustomize(request.user)) return;
  const user = request.user;
  throw new DvHttpError(
    403,
    DvErrorCode.privilege,
    `Principal user (Id=${user.id}, type=8, roleCount=${user.roles.length}, privilegeCount=0), is missing prv${privilege} privilege on entity '${entity}'. Consider adding the privilege to one of the principal's security roles.`,
  );
}

type Json = Readonly<Record<string, unknown>>;

/** A JSON property as text ('' when it is not a string). */
const str = (value: unknown): string => (typeof value === 'string' ? value : '');

function bodyOf(request: ApiRequest): Json {
  const body = request.body;
  if (body === null || typeof body !== 'object' || Array.isArray(body))
    throw payloadError('The request needs a JSON body.');
  return body as Json;
}

/** The logical name of a schema name, which must carry the publisher's customization prefix. */
function logicalNameOf(ctx: DataverseContext, schemaName: unknown, what: string): string {
  if (typeof schemaName !== 'string' || !/^[A-Za-z][A-Za-z0-9_]*$/.test(schemaName)) {
    throw invalid(`The ${what} needs a SchemaName of letters, digits and '_'.`);
  }
  const logical = schemaName.toLowerCase();
  const prefix = ctx.settings.publisherPrefix;
  if (!logical.startsWith(prefix) || logical.length === prefix.length) {
    throw invalid(
      `The schema name ${schemaName} for type ${what} is not prefixed with the publisher customization prefix ${prefix}.`,
    );
  }
  return logical;
}

const labelOf = (value: unknown): string | undefined => {
  const labels = (value as { LocalizedLabels?: { Label?: unknown }[] } | undefined)?.LocalizedLabels;
  const first = labels?.[0]?.Label;
  return typeof first === 'string' && first !== '' ? first : undefined;
};

function requireLabel(body: Json, property: string): void {
  if (labelOf(body[property]) === undefined) throw invalid(`The ${property} of the component is required.`);
}

function maxLength(body: Json, max: number): number {
  const value = body['MaxLength'];
  if (!(typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= max)) {
    throw invalid(`MaxLength must be a whole number from 1 to ${max}.`);
  }
  return value;
}

function columnFrom(ctx: DataverseContext, body: Json): ColumnDef {
  const name = logicalNameOf(ctx, body['SchemaName'], 'Attribute');
  requireLabel(body, 'DisplayName');
  const odataType = str(body['@odata.type']).replace(/^#?Microsoft\.Dynamics\.CRM\./, '');
  switch (odataType) {
    case 'StringAttributeMetadata':
      return { name, type: T.string, maxLength: maxLength(body, 4000) };
    case 'MemoAttributeMetadata':
      return { name, type: T.memo, maxLength: maxLength(body, 1_048_576) };
    case 'BooleanAttributeMetadata':
      return { name, type: T.boolean };
    case 'IntegerAttributeMetadata':
      return {
        name,
        type: T.integer,
        min: typeof body['MinValue'] === 'number' ? body['MinValue'] : -2_147_483_648,
        max: typeof body['MaxValue'] === 'number' ? body['MaxValue'] : 2_147_483_647,
      };
    case 'MoneyAttributeMetadata':
      return { name, type: T.money, min: -922_337_203_685_477, max: 922_337_203_685_477 };
    case 'DecimalAttributeMetadata':
      return { name, type: T.decimal };
    case 'DateTimeAttributeMetadata':
      return { name, type: body['Format'] === 'DateOnly' ? T.dateonly : T.datetime };
    case 'PicklistAttributeMetadata': {
      const raw = (body['OptionSet'] as { Options?: unknown } | undefined)?.Options;
      if (!Array.isArray(raw) || raw.length === 0)
        throw invalid('A choice column needs an OptionSet with Options.');
      const options: OptionDef[] = raw.map((o: { Value?: unknown; Label?: unknown }) => {
        if (typeof o.Value !== 'number' || !Number.isInteger(o.Value))
          throw invalid('Every option needs a whole-number Value.');
        return { value: o.Value, label: labelOf(o.Label) ?? String(o.Value) };
      });
      return { name, type: T.picklist, options };
    }
    case 'LookupAttributeMetadata':
      throw invalid('A lookup column is created with its relationship: POST RelationshipDefinitions.');
    default:
      throw payloadError(`The attribute type '${odataType}' is not supported.`);
  }
}

function withColumn(table: EntityDef, column: ColumnDef): EntityDef {
  return { ...table, columns: new Map([...table.columns, [column.name, column]]) };
}

function alreadyExists(what: string, name: string, table?: string): DvHttpError {
  const article = /^[aeiou]/.test(what) ? 'An' : 'A';
  return invalid(
    `${article} ${what} with the specified name ${name} already exists${table ? ` on entity ${table}` : ''}.`,
  );
}

function record(
  ctx: DataverseContext,
  request: ApiRequest,
  kind: MetadataChange['kind'],
  name: string,
): void {
  const solution = request.headers['mscrm.solutionuniquename'];
  ctx.metadata.changes.push({
    kind,
    name,
    solution: solution === undefined || solution === '' ? undefined : solution,
  });
}

const created = (ctx: DataverseContext, entityId: string): ApiAnswer => ({
  status: 204,
  headers: { 'OData-EntityId': `${apiRoot(ctx)}/${entityId}` },
});

function createColumn(ctx: DataverseContext, request: ApiRequest, table: EntityDef): ApiAnswer {
  requireCustomizer(ctx, request, 'CreateAttribute', table.logicalName);
  const column = columnFrom(ctx, bodyOf(request));
  if (table.columns.has(column.name)) throw alreadyExists('attribute', column.name, table.logicalName);
  ctx.tables.set(table.logicalName, withColumn(table, column));
  record(ctx, request, 'column', `${table.logicalName}.${column.name}`);
  return created(
    ctx,
    `EntityDefinitions(${ctx.metadata.idOf(table.logicalName)})/Attributes(${ctx.metadata.idOf(`${table.logicalName}.${column.name}`)})`,
  );
}

function createTable(ctx: DataverseContext, request: ApiRequest): ApiAnswer {
  const body = bodyOf(request);
  const name = logicalNameOf(ctx, body['SchemaName'], 'Entity');
  requireCustomizer(ctx, request, 'CreateEntity', name);
  requireLabel(body, 'DisplayName');
  requireLabel(body, 'DisplayCollectionName');
  if (ctx.tables.has(name)) throw alreadyExists('entity', name);
  const attributes = Array.isArray(body['Attributes']) ? (body['Attributes'] as Json[]) : [];
  const primary = attributes.filter((a) => a['IsPrimaryName'] === true);
  if (primary.length !== 1 || !str(primary[0]?.['@odata.type']).endsWith('StringAttributeMetadata')) {
    throw invalid(
      'A new entity needs exactly one primary name attribute (a StringAttributeMetadata with IsPrimaryName).',
    );
  }
  const columns = attributes.map((a) => columnFrom(ctx, a));
  const primaryName = columns[attributes.indexOf(primary[0] as Json)]?.name as string;
  const ownership = body['OwnershipType'] ?? 'UserOwned';
  if (ownership !== 'UserOwned' && ownership !== 'OrganizationOwned')
    throw invalid(`Unsupported OwnershipType ${str(ownership)}.`);
  const table = buildEntity(name, `${name}s`, primaryName, columns, { userOwned: ownership === 'UserOwned' });
  ctx.tables.set(name, table);
  record(ctx, request, 'table', name);
  return created(ctx, `EntityDefinitions(${ctx.metadata.idOf(name)})`);
}

function createKey(ctx: DataverseContext, request: ApiRequest, table: EntityDef): ApiAnswer {
  requireCustomizer(ctx, request, 'CreateEntityKey', table.logicalName);
  const body = bodyOf(request);
  const name = logicalNameOf(ctx, body['SchemaName'], 'EntityKey');
  requireLabel(body, 'DisplayName');
  const raw = body['KeyAttributes'];
  if (
    !Array.isArray(raw) ||
    raw.length === 0 ||
    raw.some((c) => typeof c !== 'string' || !table.columns.has(c))
  ) {
    throw invalid(`KeyAttributes must name columns of entity ${table.logicalName}.`);
  }
  const columns = raw as string[];
  const same = (k: readonly string[]) => [...k].sort().join(',') === [...columns].sort().join(',');
  if (table.alternateKeys.some(same))
    throw alreadyExists('key for these attributes', name, table.logicalName);
  ctx.tables.set(table.logicalName, { ...table, alternateKeys: [...table.alternateKeys, columns] });
  ctx.metadata.nameKey(table.logicalName, columns, name);
  record(ctx, request, 'key', `${table.logicalName}.${name}`);
  return created(
    ctx,
    `EntityDefinitions(${ctx.metadata.idOf(table.logicalName)})/Keys(${ctx.metadata.idOf(`${table.logicalName}:key:${name}`)})`,
  );
}

function createRelationship(ctx: DataverseContext, request: ApiRequest): ApiAnswer {
  const body = bodyOf(request);
  const odataType = str(body['@odata.type']).replace(/^#?Microsoft\.Dynamics\.CRM\./, '');
  if (odataType !== 'OneToManyRelationshipMetadata') {
    throw payloadError(`The relationship type '${odataType}' is not supported.`);
  }
  const name = logicalNameOf(ctx, body['SchemaName'], 'Relationship');
  const referenced = ctx.tables.get(str(body['ReferencedEntity']).toLowerCase());
  const referencing = ctx.tables.get(str(body['ReferencingEntity']).toLowerCase());
  if (!referenced) throw notFoundEntity(str(body['ReferencedEntity']));
  if (!referencing) throw notFoundEntity(str(body['ReferencingEntity']));
  requireCustomizer(ctx, request, 'CreateRelationship', referencing.logicalName);
  const lookup = body['Lookup'] as Json | undefined;
  if (!lookup) throw invalid('A one-to-many relationship needs its Lookup attribute.');
  const column = logicalNameOf(ctx, lookup['SchemaName'], 'Attribute');
  requireLabel(lookup, 'DisplayName');
  if (referencing.columns.has(column)) throw alreadyExists('attribute', column, referencing.logicalName);
  // The referenced table's collection-valued navigation property: named as the request says, else after the
  // relationship's SchemaName, as Dataverse names it.
  const navigation = body['ReferencedEntityNavigationPropertyName'];
  ctx.tables.set(
    referencing.logicalName,
    withColumn(referencing, {
      name: column,
      type: T.lookup,
      targets: [referenced.logicalName],
      relationship:
        typeof navigation === 'string' && navigation !== '' ? navigation : str(body['SchemaName']),
    }),
  );
  record(ctx, request, 'relationship', name);
  return created(ctx, `RelationshipDefinitions(${ctx.metadata.idOf(`relationship:${name}`)})`);
}

/** `EntityDefinitions…` and `RelationshipDefinitions` requests; undefined for any other path. */
export function metadataDispatch(ctx: DataverseContext, request: ApiRequest): ApiAnswer | undefined {
  const [first = '', second] = request.segments;
  const method = request.method;
  const notAllowed = (allow: string) =>
    new DvHttpError(
      405,
      DvErrorCode.methodNotAllowed,
      `The HTTP method '${method}' is not allowed for this resource.`,
      {
        Allow: allow,
      },
    );
  if (first === 'RelationshipDefinitions' && second === undefined) {
    if (method !== 'POST') throw notAllowed('POST');
    return createRelationship(ctx, request);
  }
  if (first === 'EntityDefinitions' && second === undefined) {
    if (method === 'POST') return createTable(ctx, request);
    if (method !== 'GET') throw notAllowed('GET, POST');
    return list(
      ctx,
      'EntityDefinitions',
      [...ctx.tables.values()].map(({ logicalName, setName }) => ({
        MetadataId: ctx.metadata.idOf(logicalName),
        LogicalName: logicalName,
        EntitySetName: setName,
      })),
    );
  }
  if (!first.startsWith('EntityDefinitions(')) return undefined;
  const table = tableOf(ctx, first);
  if (second === undefined) {
    if (method !== 'GET') throw notAllowed('GET');
    return { status: 200, body: renderTable(ctx, table) };
  }
  if (second === 'Attributes') {
    if (method === 'POST') return createColumn(ctx, request, table);
    if (method !== 'GET') throw notAllowed('GET, POST');
    return list(
      ctx,
      `EntityDefinitions('${table.logicalName}')/Attributes`,
      [...table.columns.values()].map((c) => renderColumn(ctx, table, c)),
    );
  }
  if (second === 'Keys') {
    if (method === 'POST') return createKey(ctx, request, table);
    if (method !== 'GET') throw notAllowed('GET, POST');
    return list(
      ctx,
      `EntityDefinitions('${table.logicalName}')/Keys`,
      table.alternateKeys.map((k) => renderKey(ctx, table, k)),
    );
  }
  throw new DvHttpError(404, DvErrorCode.resourceNotFound, `Resource not found for the segment '${second}'.`);
}
