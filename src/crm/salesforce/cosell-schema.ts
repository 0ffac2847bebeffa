// What cosell needs in a Salesforce org (P2, R3), declared once: the co-sell custom fields on Opportunity, the
// custom object Microsoft_Solution__c and its fields, each as the Tooling API's `{FullName, Metadata}` body
// that creates it. Field names come from the adapter's own maps (mapping.ts), so the installer creates exactly
// what the adapter reads and writes. The currency is not ours to create: a multi-currency org has
// CurrencyIsoCode, a single-currency org has one corporate currency (R3: either is a configured currency).
import { pcAssistanceRequestCodes } from '../../partner-center/wire.js';
import {
  opportunityFieldNames,
  solutionFieldNames,
  solutionObjectName,
  solutionRelationshipName,
} from './mapping.js';

/** Tooling API CustomField / CustomObject `Metadata` (Metadata API names and values). */
export type SfMetadata = Readonly<Record<string, unknown>>;

export interface SfCustomFieldSpec {
  readonly kind: 'field';
  /** `Opportunity`, or a custom object's API name. */
  readonly object: string;
  /** The field's API name (`Referral_Identifier__c`). */
  readonly field: string;
  readonly metadata: SfMetadata;
}

export interface SfCustomObjectSpec {
  readonly kind: 'object';
  /** The object's API name (`Microsoft_Solution__c`). */
  readonly object: string;
  readonly metadata: SfMetadata;
}

export type SfSchemaItem = SfCustomObjectSpec | SfCustomFieldSpec;

/** `Object.Field__c` for a field, the object's name for an object: the Tooling API's FullName. */
export function fullNameOf(item: SfSchemaItem): string {
  return item.kind === 'object' ? item.object : `${item.object}.${item.field}`;
}

/** `Referral_Identifier__c` → `Referral_Identifier` (Tooling's DeveloperName has no suffix). */
export const developerNameOf = (apiName: string): string => apiName.replace(/__c$/, '');

/**
 * The "How can Microsoft help?" values: Partner Center's assistanceRequestCode values, all but Unknown, in
 * Partner Center's order (the picklist must match Partner Center's values, so it is derived, not restated).
 */
export const helpPicklistValues: readonly string[] = pcAssistanceRequestCodes.filter((c) => c !== 'Unknown');

const o = opportunityFieldNames;
const s = solutionFieldNames;
const opportunityField = (field: string, metadata: SfMetadata): SfCustomFieldSpec => ({
  kind: 'field',
  object: 'Opportunity',
  field,
  metadata,
});
const solutionField = (field: string, metadata: SfMetadata): SfCustomFieldSpec => ({
  kind: 'field',
  object: solutionObjectName,
  field,
  metadata,
});

/** Everything cosell creates, parents first (the object before its fields). */
export const salesforceCoSellSchema: readonly SfSchemaItem[] = [
  opportunityField(o.syncWithPartnerCenter, {
    label: 'Sync with Partner Center',
    type: 'Checkbox',
    defaultValue: 'false',
  }),
  opportunityField(o.referralId, {
    label: 'Referral Identifier',
    type: 'Text',
    length: 255,
    externalId: true,
    unique: true,
    caseSensitive: false,
  }),
  opportunityField(o.referralLink, { label: 'Referral Link', type: 'Url' }),
  opportunityField(o.helpRequested, {
    label: 'How can Microsoft help?',
    type: 'Picklist',
    valueSet: {
      restricted: true,
      valueSetDefinition: {
        sorted: false,
        value: helpPicklistValues.map((value) => ({ fullName: value, label: value, default: false })),
      },
    },
  }),
  opportunityField(o.microsoftCrmId, { label: 'Microsoft CRM Identifier', type: 'Text', length: 255 }),
  opportunityField(o.auditText, {
    label: 'Partner Center Audit',
    type: 'LongTextArea',
    length: 131072,
    visibleLines: 10,
  }),
  {
    kind: 'object',
    object: solutionObjectName,
    metadata: {
      label: 'Microsoft Solution',
      pluralLabel: 'Microsoft Solutions',
      nameField: { label: 'Microsoft Solution Name', type: 'Text' },
      deploymentStatus: 'Deployed',
      sharingModel: 'ReadWrite',
    },
  },
  solutionField(s.solutionId, { label: 'Solution Id', type: 'Text', length: 255, externalId: true }),
  solutionField(s.opportunity, {
    label: 'Opportunity',
    type: 'Lookup',
    referenceTo: 'Opportunity',
    relationshipName: solutionRelationshipName,
    relationshipLabel: 'Microsoft Solutions',
    deleteConstraint: 'SetNull',
  }),
];
