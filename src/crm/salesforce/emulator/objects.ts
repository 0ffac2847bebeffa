// The emulated org's objects: Opportunity with the co-sell custom fields, Account, Contact,
// OpportunityContactRole, User and Profile, the custom object Microsoft_Solution__c and, with multi-currency,
// CurrencyType. Field names, types, lengths and key prefixes follow Salesforce's object reference; the
// co-sell fields are the ones the product's setup guide has admins create.
import { pcAssistanceRequestCodes } from '../../../partner-center/wire.js';
import { salesforceCoSellSchema } from '../cosell-schema.js';
import type { StageDef } from './stages.js';
import { FieldType, type FieldDef, type ObjectDef, type PicklistEntry } from './schema-types.js';

/** Key prefixes (the first 3 characters of every id of the object). */
export const KeyPrefix = {
  Account: '001',
  Contact: '003',
  User: '005',
  Opportunity: '006',
  Profile: '00e',
  OpportunityContactRole: '00K',
  Microsoft_Solution__c: 'a0X',
  CurrencyType: '02m',
} as const;

type HelpCode = Exclude<(typeof pcAssistanceRequestCodes)[number], 'Unknown'>;

/**
 * The values of How_can_Microsoft_help__c: Partner Center's assistanceRequestCode values, all but Unknown, in
 * Partner Center's order. The picklist must match Partner Center's values by design, so it is derived from
 * Partner Center's list rather than restated.
 */
export const howCanMicrosoftHelpValues: readonly HelpCode[] = pcAssistanceRequestCodes.filter(
  (code) => code !== 'Unknown',
);

export const contactRoles = [
  'Business User',
  'Decision Maker',
  'Economic Buyer',
  'Economic Decision Maker',
  'Evaluator',
  'Executive Sponsor',
  'Influencer',
  'Technical Buyer',
  'Other',
] as const;

export const accountIndustries = [
  'Agriculture',
  'Banking',
  'Biotechnology',
  'Communications',
  'Consulting',
  'Education',
  'Energy',
  'Finance',
  'Government',
  'Healthcare',
  'Hospitality',
  'Insurance',
  'Manufacturing',
  'Media',
  'Retail',
  'Technology',
  'Telecommunications',
  'Transportation',
  'Utilities',
  'Other',
] as const;

const picklist = (values: readonly string[], defaultValue?: string): PicklistEntry[] =>
  values.map((value) => ({ value, label: value, active: true, defaultValue: value === defaultValue }));

type FieldSpec = Partial<Omit<FieldDef, 'name' | 'label' | 'type'>> & {
  readonly name: string;
  readonly label: string;
  readonly type: FieldType;
};

export function field(spec: FieldSpec): FieldDef {
  const longText = spec.type === FieldType.textarea && (spec.length ?? 255) > 255;
  return {
    length: 0,
    precision: 0,
    scale: 0,
    nillable: true,
    createable: true,
    updateable: true,
    defaultedOnCreate: false,
    defaultValue: null,
    externalId: false,
    unique: false,
    custom: spec.name.endsWith('__c'),
    nameField: false,
    filterable: !longText,
    sortable: !longText,
    picklistValues: [],
    restrictedPicklist: false,
    currencyPicklist: false,
    referenceTo: [],
    relationshipName: null,
    childRelationshipName: null,
    onParentDelete: 'setNull',
    system: false,
    ...spec,
  };
}

export const text = (name: string, label: string, length: number, more: Partial<FieldSpec> = {}) =>
  field({ name, label, type: FieldType.string, length, ...more });

const readOnly = { createable: false, updateable: false } as const;

export function systemFields(): FieldDef[] {
  const audit = { ...readOnly, nillable: false, defaultedOnCreate: true, system: true } as const;
  const userRef = (name: string, label: string, relationshipName: string) =>
    field({
      name,
      label,
      type: FieldType.reference,
      length: 18,
      referenceTo: ['User'],
      relationshipName,
      ...audit,
    });
  return [
    field({ name: 'IsDeleted', label: 'Deleted', type: FieldType.boolean, defaultValue: false, ...audit }),
    field({ name: 'CreatedDate', label: 'Created Date', type: FieldType.datetime, ...audit }),
    userRef('CreatedById', 'Created By ID', 'CreatedBy'),
    field({ name: 'LastModifiedDate', label: 'Last Modified Date', type: FieldType.datetime, ...audit }),
    userRef('LastModifiedById', 'Last Modified By ID', 'LastModifiedBy'),
    field({ name: 'SystemModstamp', label: 'System Modstamp', type: FieldType.datetime, ...audit }),
  ];
}

export const idField = (label: string) =>
  field({
    name: 'Id',
    label,
    type: FieldType.id,
    length: 18,
    nillable: false,
    defaultedOnCreate: true,
    system: true,
    ...readOnly,
  });

export const ownerField = () =>
  field({
    name: 'OwnerId',
    label: 'Owner ID',
    type: FieldType.reference,
    length: 18,
    nillable: false,
    defaultedOnCreate: true,
    referenceTo: ['User'],
    relationshipName: 'Owner',
  });

/** The lookup to the record's Account; deleting the Account deletes the record. */
const accountIdField = (childRelationshipName: string) =>
  field({
    name: 'AccountId',
    label: 'Account ID',
    type: FieldType.reference,
    length: 18,
    referenceTo: ['Account'],
    relationshipName: 'Account',
    childRelationshipName,
    onParentDelete: 'cascade',
  });

export const currencyField = (label: string) =>
  field({
    name: 'CurrencyIsoCode',
    label,
    type: FieldType.picklist,
    length: 3,
    nillable: true,
    defaultedOnCreate: true,
    restrictedPicklist: true,
    currencyPicklist: true,
  });

interface ObjectSpec {
  readonly name: string;
  /** Default: the KeyPrefix of the name. */
  readonly keyPrefix?: string;
  readonly label: string;
  readonly labelPlural: string;
  readonly fields: readonly FieldDef[];
  readonly writable?: boolean;
  readonly setupObject?: boolean;
  readonly deletable?: boolean;
}

export function object(spec: ObjectSpec): ObjectDef {
  const writable = spec.writable ?? true;
  return {
    name: spec.name,
    label: spec.label,
    labelPlural: spec.labelPlural,
    keyPrefix: spec.keyPrefix ?? KeyPrefix[spec.name as keyof typeof KeyPrefix],
    custom: spec.name.endsWith('__c'),
    createable: writable,
    updateable: writable,
    deletable: spec.deletable ?? writable,
    setupObject: spec.setupObject ?? false,
    fields: spec.fields,
    fieldsByName: new Map(spec.fields.map((f) => [f.name.toLowerCase(), f])),
    relationshipsByName: new Map(
      spec.fields.flatMap((f) =>
        f.relationshipName ? [[f.relationshipName.toLowerCase(), f] as const] : [],
      ),
    ),
  };
}

/** The object with these fields (lookups by name and relationship rebuilt). */
export function withFields(object: ObjectDef, fields: readonly FieldDef[]): ObjectDef {
  return {
    ...object,
    fields,
    fieldsByName: new Map(fields.map((f) => [f.name.toLowerCase(), f])),
    relationshipsByName: new Map(
      fields.flatMap((f) => (f.relationshipName ? [[f.relationshipName.toLowerCase(), f] as const] : [])),
    ),
  };
}

/** The object with one more field, placed before the audit fields (where Salesforce's describe lists it). */
export function addField(object: ObjectDef, added: FieldDef): ObjectDef {
  const at = object.fields.findIndex((f) => f.system && f.name !== 'Id');
  const fields = [...object.fields];
  fields.splice(at < 0 ? fields.length : at, 0, added);
  return withFields(object, fields);
}

export interface ObjectSettings {
  readonly stages: readonly StageDef[];
  readonly multiCurrency: boolean;
  /** An org before cosell's installer ran: no co-sell fields on Opportunity, no Microsoft_Solution__c. */
  readonly bare?: boolean;
}

/** Removes what cosell's installer creates (the same list the installer works from). */
function withoutCoSell(objects: readonly ObjectDef[]): ObjectDef[] {
  const customObjects = new Set(
    salesforceCoSellSchema.flatMap((item) => (item.kind === 'object' ? [item.object] : [])),
  );
  const customFields = new Set(
    salesforceCoSellSchema.flatMap((item) => (item.kind === 'field' ? [`${item.object}.${item.field}`] : [])),
  );
  return objects
    .filter((o) => !customObjects.has(o.name))
    .map((o) => {
      const kept = o.fields.filter((f) => !customFields.has(`${o.name}.${f.name}`));
      return kept.length === o.fields.length ? o : withFields(o, kept);
    });
}

/** Every object of the org for these settings, in describeGlobal order. */
export function buildObjects(settings: ObjectSettings): ObjectDef[] {
  const currency = (label: string): FieldDef[] => (settings.multiCurrency ? [currencyField(label)] : []);

  const account = object({
    name: 'Account',
    label: 'Account',
    labelPlural: 'Accounts',
    fields: [
      idField('Account ID'),
      text('Name', 'Account Name', 255, { nillable: false, nameField: true }),
      field({
        name: 'Type',
        label: 'Account Type',
        type: FieldType.picklist,
        length: 255,
        picklistValues: picklist([
          'Prospect',
          'Customer - Direct',
          'Customer - Channel',
          'Channel Partner / Reseller',
          'Technology Partner',
          'Other',
        ]),
      }),
      field({
        name: 'Industry',
        label: 'Industry',
        type: FieldType.picklist,
        length: 255,
        picklistValues: picklist(accountIndustries),
      }),
      field({ name: 'BillingStreet', label: 'Billing Street', type: FieldType.textarea, length: 255 }),
      text('BillingCity', 'Billing City', 40),
      text('BillingState', 'Billing State/Province', 80),
      text('BillingPostalCode', 'Billing Zip/Postal Code', 20),
      text('BillingCountry', 'Billing Country', 80),
      field({ name: 'Phone', label: 'Account Phone', type: FieldType.phone, length: 40 }),
      field({ name: 'Website', label: 'Website', type: FieldType.url, length: 255 }),
      field({ name: 'NumberOfEmployees', label: 'Employees', type: FieldType.int, precision: 8 }),
      field({ name: 'Description', label: 'Account Description', type: FieldType.textarea, length: 32000 }),
      ownerField(),
      ...currency('Account Currency'),
      ...systemFields(),
    ],
  });

  const contact = object({
    name: 'Contact',
    label: 'Contact',
    labelPlural: 'Contacts',
    fields: [
      idField('Contact ID'),
      accountIdField('Contacts'),
      text('LastName', 'Last Name', 80, { nillable: false }),
      text('FirstName', 'First Name', 40),
      text('Name', 'Full Name', 121, {
        ...readOnly,
        nillable: false,
        defaultedOnCreate: true,
        nameField: true,
      }),
      text('Title', 'Title', 128),
      field({ name: 'Email', label: 'Email', type: FieldType.email, length: 80 }),
      field({ name: 'Phone', label: 'Business Phone', type: FieldType.phone, length: 40 }),
      ownerField(),
      ...currency('Contact Currency'),
      ...systemFields(),
    ],
  });

  const stageField = field({
    name: 'StageName',
    label: 'Stage',
    type: FieldType.picklist,
    length: 255,
    nillable: false,
    restrictedPicklist: true,
    picklistValues: picklist(settings.stages.map((s) => s.name)),
  });

  const opportunity = object({
    name: 'Opportunity',
    label: 'Opportunity',
    labelPlural: 'Opportunities',
    fields: [
      idField('Opportunity ID'),
      accountIdField('Opportunities'),
      text('Name', 'Name', 120, { nillable: false, nameField: true }),
      field({ name: 'Description', label: 'Description', type: FieldType.textarea, length: 32000 }),
      stageField,
      field({ name: 'Amount', label: 'Amount', type: FieldType.currency, precision: 18, scale: 2 }),
      field({
        name: 'Probability',
        label: 'Probability (%)',
        type: FieldType.percent,
        precision: 3,
        scale: 0,
        defaultedOnCreate: true,
      }),
      field({ name: 'CloseDate', label: 'Close Date', type: FieldType.date, nillable: false }),
      field({
        name: 'Type',
        label: 'Opportunity Type',
        type: FieldType.picklist,
        length: 255,
        picklistValues: picklist([
          'Existing Customer - Upgrade',
          'Existing Customer - Replacement',
          'Existing Customer - Downgrade',
          'New Customer',
        ]),
      }),
      text('NextStep', 'Next Step', 255),
      field({
        name: 'IsClosed',
        label: 'Closed',
        type: FieldType.boolean,
        ...readOnly,
        nillable: false,
        defaultedOnCreate: true,
        defaultValue: false,
      }),
      field({
        name: 'IsWon',
        label: 'Won',
        type: FieldType.boolean,
        ...readOnly,
        nillable: false,
        defaultedOnCreate: true,
        defaultValue: false,
      }),
      ownerField(),
      ...currency('Opportunity Currency'),
      field({
        name: 'Sync_with_Partner_Center__c',
        label: 'Sync with Partner Center',
        type: FieldType.boolean,
        nillable: false,
        defaultedOnCreate: true,
        defaultValue: false,
      }),
      text('Referral_Identifier__c', 'Referral Identifier', 255, { externalId: true, unique: true }),
      field({ name: 'Referral_Link__c', label: 'Referral Link', type: FieldType.url, length: 255 }),
      field({
        name: 'How_can_Microsoft_help__c',
        label: 'How can Microsoft help?',
        type: FieldType.picklist,
        length: 255,
        restrictedPicklist: true,
        picklistValues: picklist(howCanMicrosoftHelpValues),
      }),
      text('Microsoft_CRM_Identifier__c', 'Microsoft CRM Identifier', 255),
      field({
        name: 'Partner_Center_Audit__c',
        label: 'Partner Center Audit',
        type: FieldType.textarea,
        length: 131072,
      }),
      ...systemFields(),
    ],
  });

  const contactRole = object({
    name: 'OpportunityContactRole',
    label: 'Opportunity Contact Role',
    labelPlural: 'Opportunity Contact Role',
    fields: [
      idField('Opportunity Contact Role ID'),
      field({
        name: 'OpportunityId',
        label: 'Opportunity ID',
        type: FieldType.reference,
        length: 18,
        nillable: false,
        updateable: false,
        referenceTo: ['Opportunity'],
        relationshipName: 'Opportunity',
        childRelationshipName: 'OpportunityContactRoles',
        onParentDelete: 'cascade',
      }),
      field({
        name: 'ContactId',
        label: 'Contact ID',
        type: FieldType.reference,
        length: 18,
        nillable: false,
        referenceTo: ['Contact'],
        relationshipName: 'Contact',
        childRelationshipName: 'OpportunityContactRoles',
        onParentDelete: 'cascade',
      }),
      field({
        name: 'Role',
        label: 'Role',
        type: FieldType.picklist,
        length: 40,
        picklistValues: picklist(contactRoles),
      }),
      field({
        name: 'IsPrimary',
        label: 'Primary',
        type: FieldType.boolean,
        nillable: false,
        defaultedOnCreate: true,
        defaultValue: false,
      }),
      ...systemFields(),
    ],
  });

  const solution = object({
    name: 'Microsoft_Solution__c',
    label: 'Microsoft Solution',
    labelPlural: 'Microsoft Solutions',
    fields: [
      idField('Record ID'),
      text('Name', 'Microsoft Solution Name', 80, { nillable: false, nameField: true }),
      text('Solution_Id__c', 'Solution Id', 255, { externalId: true }),
      field({
        name: 'Opportunity__c',
        label: 'Opportunity',
        type: FieldType.reference,
        length: 18,
        referenceTo: ['Opportunity'],
        relationshipName: 'Opportunity__r',
        childRelationshipName: 'Microsoft_Solutions__r',
        onParentDelete: 'setNull',
      }),
      ownerField(),
      ...currency('Currency'),
      ...systemFields(),
    ],
  });

  const profile = object({
    name: 'Profile',
    label: 'Profile',
    labelPlural: 'Profiles',
    writable: false,
    fields: [
      idField('Profile ID'),
      text('Name', 'Name', 255, { ...readOnly, nillable: false, nameField: true }),
      field({
        name: 'PermissionsModifyAllData',
        label: 'Modify All Data',
        type: FieldType.boolean,
        ...readOnly,
      }),
      field({
        name: 'PermissionsCustomizeApplication',
        label: 'Customize Application',
        type: FieldType.boolean,
        ...readOnly,
      }),
      field({ name: 'PermissionsApiEnabled', label: 'API Enabled', type: FieldType.boolean, ...readOnly }),
      ...systemFields(),
    ],
  });

  const user = object({
    name: 'User',
    label: 'User',
    labelPlural: 'Users',
    writable: false,
    fields: [
      idField('User ID'),
      text('Username', 'Username', 80, { ...readOnly, nillable: false, unique: true }),
      text('LastName', 'Last Name', 80, { ...readOnly, nillable: false }),
      text('FirstName', 'First Name', 40, readOnly),
      text('Name', 'Full Name', 121, { ...readOnly, nillable: false, nameField: true }),
      text('Alias', 'Alias', 8, { ...readOnly, nillable: false }),
      field({
        name: 'Email',
        label: 'Email',
        type: FieldType.email,
        length: 128,
        ...readOnly,
        nillable: false,
      }),
      field({ name: 'IsActive', label: 'Active', type: FieldType.boolean, ...readOnly, nillable: false }),
      field({
        name: 'ProfileId',
        label: 'Profile ID',
        type: FieldType.reference,
        length: 18,
        ...readOnly,
        nillable: false,
        referenceTo: ['Profile'],
        relationshipName: 'Profile',
      }),
      text('UserType', 'User Type', 40, readOnly),
      text('TimeZoneSidKey', 'Time Zone', 40, readOnly),
      text('LocaleSidKey', 'Locale', 40, readOnly),
      text('LanguageLocaleKey', 'Language', 40, readOnly),
      ...(settings.multiCurrency
        ? [text('DefaultCurrencyIsoCode', 'Default Currency ISO Code', 3, readOnly)]
        : []),
      ...systemFields(),
    ],
  });

  const objects = [account, contact, opportunity, contactRole, solution, profile, user];
  if (settings.multiCurrency) {
    objects.push(
      object({
        name: 'CurrencyType',
        label: 'Currency',
        labelPlural: 'Currencies',
        setupObject: true,
        deletable: false,
        fields: [
          idField('Currency ID'),
          text('IsoCode', 'Currency ISO Code', 3, { nillable: false, updateable: false, nameField: true }),
          field({
            name: 'ConversionRate',
            label: 'Conversion Rate',
            type: FieldType.double,
            precision: 18,
            scale: 6,
            nillable: false,
          }),
          field({
            name: 'DecimalPlaces',
            label: 'Decimal Places',
            type: FieldType.int,
            precision: 1,
            defaultedOnCreate: true,
            defaultValue: 2,
          }),
          field({
            name: 'IsActive',
            label: 'Active',
            type: FieldType.boolean,
            nillable: false,
            defaultedOnCreate: true,
            defaultValue: true,
          }),
          field({
            name: 'IsCorporate',
            label: 'Corporate',
            type: FieldType.boolean,
            ...readOnly,
            nillable: false,
            defaultedOnCreate: true,
            defaultValue: false,
          }),
          ...systemFields(),
        ],
      }),
    );
  }
  return settings.bare === true ? withoutCoSell(objects) : objects;
}
