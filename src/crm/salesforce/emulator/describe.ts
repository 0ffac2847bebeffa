// describeGlobal and describe (sObject Describe) in Salesforce's shape: the properties clients read (name,
// type, label, length, nillable, createable, updateable, defaultedOnCreate, externalId, unique, picklistValues,
// referenceTo, relationshipName, childRelationships, urls) with the rest present at their usual values.
import type { Schema } from './schema.js';
import { FieldType, type FieldDef, type ObjectDef, type PicklistEntry } from './schema-types.js';
import { isTextType } from './values.js';

const soapType: Readonly<Record<FieldType, string>> = {
  id: 'tns:ID',
  string: 'xsd:string',
  textarea: 'xsd:string',
  boolean: 'xsd:boolean',
  currency: 'xsd:double',
  double: 'xsd:double',
  percent: 'xsd:double',
  int: 'xsd:int',
  date: 'xsd:date',
  datetime: 'xsd:dateTime',
  picklist: 'xsd:string',
  reference: 'tns:ID',
  url: 'xsd:string',
  email: 'xsd:string',
  phone: 'xsd:string',
};

function objectUrls(version: string, name: string): Record<string, string> {
  const base = `/services/data/v${version}/sobjects/${name}`;
  return {
    compactLayouts: `${base}/describe/compactLayouts`,
    rowTemplate: `${base}/{ID}`,
    uiDetailTemplate: `https://emulator.invalid/{ID}`,
    describe: `${base}/describe`,
    layouts: `${base}/describe/layouts`,
    sobject: base,
  };
}

/** One entry of describeGlobal's `sobjects`, also the `objectDescribe` of sObject Basic Information. */
export function objectSummary(object: ObjectDef, version: string): Record<string, unknown> {
  return {
    activateable: false,
    createable: object.createable,
    custom: object.custom,
    customSetting: false,
    deletable: object.deletable,
    deprecatedAndHidden: false,
    feedEnabled: !object.setupObject,
    hasSubtypes: false,
    isSubtype: false,
    keyPrefix: object.keyPrefix,
    label: object.label,
    labelPlural: object.labelPlural,
    layoutable: !object.setupObject,
    mergeable: object.name === 'Account' || object.name === 'Contact',
    mruEnabled: !object.setupObject,
    name: object.name,
    queryable: true,
    replicateable: true,
    retrieveable: true,
    searchable: !object.setupObject,
    triggerable: !object.setupObject,
    undeletable: object.deletable,
    updateable: object.updateable,
    urls: objectUrls(version, object.name),
  };
}

export function describeGlobal(schema: Schema, version: string): Record<string, unknown> {
  return {
    encoding: 'UTF-8',
    maxBatchSize: 200,
    sobjects: schema.objects.map((o) => objectSummary(o, version)),
  };
}

function picklistValues(field: FieldDef, currencies: readonly string[]): PicklistEntry[] {
  if (field.currencyPicklist) {
    return currencies.map((value) => ({ value, label: value, active: true, defaultValue: false }));
  }
  return [...field.picklistValues];
}

function describeField(field: FieldDef, currencies: readonly string[]): Record<string, unknown> {
  const text = isTextType(field.type);
  return {
    aggregatable: field.filterable,
    autoNumber: false,
    byteLength:
      text || field.type === FieldType.id || field.type === FieldType.reference ? field.length * 3 : 0,
    calculated: false,
    calculatedFormula: null,
    cascadeDelete: false,
    caseSensitive: false,
    controllerName: null,
    createable: field.createable,
    custom: field.custom,
    defaultValue: field.defaultValue,
    defaultValueFormula: null,
    defaultedOnCreate: field.defaultedOnCreate,
    dependentPicklist: false,
    deprecatedAndHidden: false,
    digits: field.type === FieldType.int ? field.precision : 0,
    externalId: field.externalId,
    filterable: field.filterable,
    groupable: field.filterable && field.type !== FieldType.double && field.type !== FieldType.currency,
    htmlFormatted: false,
    idLookup: field.type === FieldType.id || field.externalId || field.name === 'Username',
    inlineHelpText: null,
    label: field.label,
    length: text ? field.length : field.type === FieldType.id || field.type === FieldType.reference ? 18 : 0,
    name: field.name,
    nameField: field.nameField,
    namePointing: false,
    nillable: field.nillable,
    permissionable: field.nillable && !field.system,
    picklistValues: picklistValues(field, currencies).map((p) => ({ ...p, validFor: null })),
    polymorphicForeignKey: false,
    precision: field.type === FieldType.int ? 0 : field.precision,
    referenceTargetField: null,
    referenceTo: [...field.referenceTo],
    relationshipName: field.relationshipName,
    relationshipOrder: null,
    restrictedDelete: false,
    restrictedPicklist: field.restrictedPicklist,
    scale: field.scale,
    soapType: soapType[field.type],
    sortable: field.sortable,
    type: field.type,
    unique: field.unique,
    updateable: field.updateable,
    writeRequiresMasterRead: false,
  };
}

export function describeObject(
  schema: Schema,
  object: ObjectDef,
  version: string,
  currencies: readonly string[],
): Record<string, unknown> {
  return {
    ...objectSummary(object, version),
    actionOverrides: [],
    childRelationships: schema.childRelationships(object.name).map((c) => ({
      ...c,
      deprecatedAndHidden: false,
      junctionIdListNames: [],
      junctionReferenceTo: [],
      restrictedDelete: false,
    })),
    compactLayoutable: !object.setupObject,
    fields: object.fields.map((f) => describeField(f, currencies)),
    listviewable: null,
    lookupLayoutable: null,
    namedLayoutInfos: [],
    networkScopeFieldName: null,
    recordTypeInfos: [],
    searchLayoutable: !object.setupObject,
    supportedScopes: [{ label: 'All records', name: 'everything' }],
  };
}
