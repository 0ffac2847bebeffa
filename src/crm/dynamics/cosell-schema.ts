// What cosell needs in a Dataverse environment (P2, R3), declared once per publisher prefix: the co-sell
// columns on opportunity, the alternate key on the Referral Identifier (the inbound upsert addresses
// opportunities by it), the Microsoft solution table, its Solution Id column and its lookup to the
// opportunity. Each item carries the Web API metadata request that creates it; names come from dvColumns,
// so the installer creates exactly what the adapter reads and writes. The currency is standard
// (transactioncurrencyid); R3 asks only that a currency is enabled, which the installer reports.
import { dvColumns, helpChoiceOf, type DvColumns } from './columns.js';

type Body = Readonly<Record<string, unknown>>;

export interface DvSchemaItem {
  /** `opportunity.cosell_referralidentifier`, `opportunity.cosell_referralidentifierkey`, `cosell_microsoftsolution` … */
  readonly name: string;
  readonly kind: 'object' | 'field' | 'key';
  /** The table the item belongs to (the table itself for a table). */
  readonly table: string;
  /** The column, key or table logical name. */
  readonly logicalName: string;
  /** Where the creating POST goes, under the Web API root. */
  readonly path: string;
  readonly body: Body;
}

const label = (text: string): Body => ({
  '@odata.type': 'Microsoft.Dynamics.CRM.Label',
  LocalizedLabels: [
    { '@odata.type': 'Microsoft.Dynamics.CRM.LocalizedLabel', Label: text, LanguageCode: 1033 },
  ],
});
const optional = {
  Value: 'None',
  CanBeChanged: true,
  ManagedPropertyLogicalName: 'canmodifyrequirementlevelsettings',
};

/** `cosell_referralidentifier` → `cosell_ReferralIdentifier` (the schema name's case is only cosmetic). */
function schemaName(prefix: string, words: string): string {
  return `${prefix}${words.replace(/\s+/g, '')}`;
}

/** The "How can Microsoft help?" labels, by choice value (the publisher's custom values start at 100,000,000). */
export const helpChoiceLabels: readonly string[] = [
  'General or Other',
  'Architecture Services',
  'Workload Specific Value Proposition',
  'Cost or Pricing',
  'Technical Consultation',
  'Deal Registration',
  'Customer Executive Sponsorship',
  'Solution Demonstration',
  'Product Support',
];

const attributes = (table: string) => `EntityDefinitions(LogicalName='${table}')/Attributes`;

function column(c: DvColumns, logicalName: string, words: string, type: string, more: Body): DvSchemaItem {
  return {
    name: `opportunity.${logicalName}`,
    kind: 'field',
    table: 'opportunity',
    logicalName,
    path: attributes('opportunity'),
    body: {
      '@odata.type': `Microsoft.Dynamics.CRM.${type}`,
      SchemaName: schemaName(c.prefix, words),
      DisplayName: label(words.replace(/([a-z])([A-Z])/g, '$1 $2')),
      RequiredLevel: optional,
      ...more,
    },
  };
}

export function dynamicsCoSellSchema(prefix: string): DvSchemaItem[] {
  const c = dvColumns(prefix);
  const solutionTable = `${prefix}microsoftsolution`;
  const firstChoice = Math.min(...Object.values(helpChoiceOf));
  return [
    column(c, c.sync, 'SyncWithPartnerCenter', 'BooleanAttributeMetadata', {
      DefaultValue: false,
      OptionSet: {
        '@odata.type': 'Microsoft.Dynamics.CRM.BooleanOptionSetMetadata',
        TrueOption: { Value: 1, Label: label('Yes') },
        FalseOption: { Value: 0, Label: label('No') },
        OptionSetType: 'Boolean',
      },
    }),
    column(c, c.referralId, 'ReferralIdentifier', 'StringAttributeMetadata', {
      MaxLength: 100,
      FormatName: { Value: 'Text' },
    }),
    column(c, c.referralLink, 'ReferralLink', 'StringAttributeMetadata', {
      MaxLength: 500,
      FormatName: { Value: 'Url' },
    }),
    column(c, c.help, 'HowCanMicrosoftHelp', 'PicklistAttributeMetadata', {
      OptionSet: {
        '@odata.type': 'Microsoft.Dynamics.CRM.OptionSetMetadata',
        IsGlobal: false,
        OptionSetType: 'Picklist',
        Options: helpChoiceLabels.map((text, i) => ({ Value: firstChoice + i, Label: label(text) })),
      },
    }),
    column(c, c.microsoftCrmId, 'MicrosoftCrmIdentifier', 'StringAttributeMetadata', {
      MaxLength: 100,
      FormatName: { Value: 'Text' },
    }),
    column(c, c.audit, 'PartnerCenterAudit', 'MemoAttributeMetadata', {
      MaxLength: 1_048_576,
      Format: 'TextArea',
    }),
    {
      name: `opportunity.${c.referralId}key`,
      kind: 'key',
      table: 'opportunity',
      logicalName: `${c.referralId}key`,
      path: `EntityDefinitions(LogicalName='opportunity')/Keys`,
      body: {
        SchemaName: schemaName(prefix, 'ReferralIdentifierKey'),
        DisplayName: label('Referral Identifier'),
        KeyAttributes: [c.referralId],
      },
    },
    {
      name: solutionTable,
      kind: 'object',
      table: solutionTable,
      logicalName: solutionTable,
      path: 'EntityDefinitions',
      body: {
        '@odata.type': 'Microsoft.Dynamics.CRM.EntityMetadata',
        SchemaName: schemaName(prefix, 'MicrosoftSolution'),
        DisplayName: label('Microsoft Solution'),
        DisplayCollectionName: label('Microsoft Solutions'),
        Description: label('A Microsoft co-sell solution of an opportunity'),
        OwnershipType: 'UserOwned',
        IsActivity: false,
        HasActivities: false,
        HasNotes: false,
        Attributes: [
          {
            '@odata.type': 'Microsoft.Dynamics.CRM.StringAttributeMetadata',
            SchemaName: schemaName(prefix, 'Name'),
            IsPrimaryName: true,
            MaxLength: 100,
            FormatName: { Value: 'Text' },
            RequiredLevel: { ...optional, Value: 'ApplicationRequired' },
            DisplayName: label('Name'),
          },
        ],
      },
    },
    {
      name: `${solutionTable}.${c.solutionId}`,
      kind: 'field',
      table: solutionTable,
      logicalName: c.solutionId,
      path: attributes(solutionTable),
      body: {
        '@odata.type': 'Microsoft.Dynamics.CRM.StringAttributeMetadata',
        SchemaName: schemaName(prefix, 'SolutionId'),
        MaxLength: 100,
        FormatName: { Value: 'Text' },
        RequiredLevel: optional,
        DisplayName: label('Solution Id'),
      },
    },
    {
      // A lookup is created with its relationship (RelationshipDefinitions), not as a bare attribute.
      name: `${solutionTable}.${c.solutionOpportunity}`,
      kind: 'field',
      table: solutionTable,
      logicalName: c.solutionOpportunity,
      path: 'RelationshipDefinitions',
      body: {
        '@odata.type': 'Microsoft.Dynamics.CRM.OneToManyRelationshipMetadata',
        SchemaName: c.solutionRelationship,
        ReferencedEntity: 'opportunity',
        ReferencedAttribute: 'opportunityid',
        ReferencingEntity: solutionTable,
        CascadeConfiguration: {
          Assign: 'NoCascade',
          Delete: 'RemoveLink',
          Merge: 'NoCascade',
          Reparent: 'NoCascade',
          Share: 'NoCascade',
          Unshare: 'NoCascade',
        },
        Lookup: {
          '@odata.type': 'Microsoft.Dynamics.CRM.LookupAttributeMetadata',
          SchemaName: schemaName(prefix, 'OpportunityId'),
          DisplayName: label('Opportunity'),
          RequiredLevel: optional,
        },
      },
    },
  ];
}
