// The environment's tables: opportunity (with the co-sell columns under a publisher prefix), account, contact,
// systemuser, role, transactioncurrency and the custom Microsoft solution table. Column names, types and
// lengths follow the Dataverse table reference (ce/sales/developer/entities/opportunity.md and friends); only
// the columns the product and its tests need are modelled. A lookup names its one-to-many relationship where a
// query may expand it from the other side (the target's collection-valued navigation property).
import { dvColumns } from '../columns.js';
import { dynamicsCoSellSchema, helpChoiceLabels } from '../cosell-schema.js';
import { ColumnType as T, type ColumnDef, type EntityDef, type OptionDef } from './metadata-types.js';

const col = (
  name: string,
  type: ColumnDef['type'],
  more: Omit<ColumnDef, 'name' | 'type'> = {},
): ColumnDef => ({
  name,
  type,
  ...more,
});
const text = (name: string, maxLength: number) => col(name, T.string, { maxLength });
const lookup = (name: string, ...targets: string[]) => col(name, T.lookup, { targets });
const readOnly = (c: ColumnDef): ColumnDef => ({ ...c, readOnly: true });

/** Opportunity statecode and statuscode (the opportunity table reference). */
export const OpportunityState = { open: 0, won: 1, lost: 2 } as const;
export const opportunityStatuses: readonly OptionDef[] = [
  { value: 1, label: 'In Progress', state: 0 },
  { value: 2, label: 'On Hold', state: 0 },
  { value: 3, label: 'Won', state: 1 },
  { value: 4, label: 'Canceled', state: 2 },
  { value: 5, label: 'Out-Sold', state: 2 },
];
const activeInactive = {
  states: [
    { value: 0, label: 'Active' },
    { value: 1, label: 'Inactive' },
  ],
  statuses: [
    { value: 1, label: 'Active', state: 0 },
    { value: 2, label: 'Inactive', state: 1 },
  ],
};
export const salesStages: readonly OptionDef[] = [
  { value: 0, label: 'Qualify' },
  { value: 1, label: 'Develop' },
  { value: 2, label: 'Propose' },
  { value: 3, label: 'Close' },
];
/** The co-sell "how can Microsoft help" choice; custom choice values start at the publisher's 100000000. */
export const howCanMicrosoftHelpOptions: readonly OptionDef[] = helpChoiceLabels.map((label, i) => ({
  value: 100_000_000 + i,
  label,
}));

/** Columns every table has: audit, version and (user-owned tables) owner. */
function common(userOwned: boolean): ColumnDef[] {
  return [
    readOnly(col('createdon', T.datetime)),
    readOnly(col('modifiedon', T.datetime)),
    readOnly(lookup('createdby', 'systemuser')),
    readOnly(lookup('modifiedby', 'systemuser')),
    readOnly(col('versionnumber', T.bigint)),
    ...(userOwned ? [lookup('ownerid', 'systemuser')] : []),
  ];
}

export function entity(
  logicalName: string,
  setName: string,
  primaryName: string,
  columns: ColumnDef[],
  more: { userOwned?: boolean; alternateKeys?: string[][]; readOnly?: boolean } = {},
): EntityDef {
  const userOwned = more.userOwned ?? true;
  const primaryId = `${logicalName}id`;
  const all = [readOnly(col(primaryId, T.uniqueidentifier)), ...columns, ...common(userOwned)];
  return {
    logicalName,
    setName,
    primaryId,
    primaryName,
    columns: new Map(all.map((c) => [c.name, c])),
    alternateKeys: more.alternateKeys ?? [],
    userOwned,
    ...(more.readOnly ? { readOnly: true } : {}),
  };
}

/**
 * An environment before cosell's installer ran: the opportunity without the co-sell columns and their key,
 * no Microsoft solution table (the same list the installer works from).
 */
function withoutCoSell(prefix: string, tables: EntityDef[]): EntityDef[] {
  const items = dynamicsCoSellSchema(prefix);
  const dropTables = new Set(items.flatMap((i) => (i.kind === 'object' ? [i.table] : [])));
  const dropColumns = new Set(
    items.flatMap((i) => (i.kind === 'field' ? [`${i.table}.${i.logicalName}`] : [])),
  );
  return tables
    .filter((t) => !dropTables.has(t.logicalName))
    .map((t) => {
      const columns = [...t.columns.values()].filter((c) => !dropColumns.has(`${t.logicalName}.${c.name}`));
      if (columns.length === t.columns.size) return t;
      const kept = new Set(columns.map((c) => c.name));
      return {
        ...t,
        columns: new Map(columns.map((c) => [c.name, c])),
        alternateKeys: t.alternateKeys.filter((k) => k.every((c) => kept.has(c))),
      };
    });
}

export function buildTables(prefix: string, options: { bare?: boolean } = {}): EntityDef[] {
  const tables = allTables(prefix);
  return options.bare === true ? withoutCoSell(prefix, tables) : tables;
}

function allTables(prefix: string): EntityDef[] {
  const p = (name: string) => `${prefix}${name}`;
  const currency = lookup('transactioncurrencyid', 'transactioncurrency');
  return [
    entity(
      'opportunity',
      'opportunities',
      'name',
      [
        text('name', 300),
        col('estimatedvalue', T.money, { min: -922_337_203_685_477, max: 922_337_203_685_477 }),
        col('budgetamount', T.money, { min: 0, max: 922_337_203_685_477 }),
        col('actualvalue', T.money, { min: -922_337_203_685_477, max: 922_337_203_685_477 }),
        col('estimatedclosedate', T.dateonly),
        col('actualclosedate', T.dateonly),
        col('closeprobability', T.integer, { min: 0, max: 100 }),
        currency,
        readOnly(col('exchangerate', T.decimal)),
        { ...lookup('parentaccountid', 'account'), relationship: 'opportunity_parent_account' },
        { ...lookup('parentcontactid', 'contact'), relationship: 'opportunity_parent_contact' },
        // The customer: read-only here, derived from parentaccountid (else parentcontactid).
        readOnly(lookup('customerid', 'account', 'contact')),
        col('description', T.memo, { maxLength: 2000 }),
        text('stepname', 200),
        col('salesstage', T.picklist, { options: salesStages }),
        col('statecode', T.state, {
          options: [
            { value: 0, label: 'Open' },
            { value: 1, label: 'Won' },
            { value: 2, label: 'Lost' },
          ],
        }),
        col('statuscode', T.status, { options: opportunityStatuses }),
        col(p('syncwithpartnercenter'), T.boolean),
        text(p('referralidentifier'), 100),
        text(p('referrallink'), 500),
        col(p('howcanmicrosofthelp'), T.picklist, { options: howCanMicrosoftHelpOptions }),
        text(p('microsoftcrmidentifier'), 100),
        col(p('partnercenteraudit'), T.memo, { maxLength: 1_048_576 }),
      ],
      { alternateKeys: [[p('referralidentifier')]] },
    ),
    entity('account', 'accounts', 'name', [
      text('name', 160),
      text('accountnumber', 20),
      text('address1_line1', 250),
      text('address1_city', 80),
      text('address1_stateorprovince', 50),
      text('address1_postalcode', 20),
      text('address1_country', 80),
      text('telephone1', 50),
      text('emailaddress1', 100),
      text('websiteurl', 200),
      col('description', T.memo, { maxLength: 2000 }),
      currency,
      { ...lookup('primarycontactid', 'contact'), relationship: 'account_primary_contact' },
      col('statecode', T.state, { options: activeInactive.states }),
      col('statuscode', T.status, { options: activeInactive.statuses }),
    ]),
    entity('contact', 'contacts', 'fullname', [
      text('firstname', 50),
      text('lastname', 50),
      readOnly(text('fullname', 160)),
      text('jobtitle', 100),
      text('emailaddress1', 100),
      text('telephone1', 50),
      lookup('parentcustomerid', 'account', 'contact'),
      col('statecode', T.state, { options: activeInactive.states }),
      col('statuscode', T.status, { options: activeInactive.statuses }),
    ]),
    entity(
      p('microsoftsolution'),
      p('microsoftsolutions'),
      p('name'),
      [
        text(p('name'), 100),
        text(p('solutionid'), 100),
        {
          ...lookup(p('opportunityid'), 'opportunity'),
          relationship: dvColumns(prefix).solutionRelationship,
        },
      ],
      {},
    ),
    entity(
      'transactioncurrency',
      'transactioncurrencies',
      'currencyname',
      [
        text('isocurrencycode', 5),
        text('currencyname', 100),
        text('currencysymbol', 10),
        col('currencyprecision', T.integer, { min: 0, max: 4 }),
        col('exchangerate', T.decimal, { min: 0.0000000001, max: 100_000_000_000 }),
        col('statecode', T.state, { options: activeInactive.states }),
        col('statuscode', T.status, { options: activeInactive.statuses }),
      ],
      { userOwned: false, alternateKeys: [['isocurrencycode']] },
    ),
    entity(
      'systemuser',
      'systemusers',
      'fullname',
      [
        text('firstname', 64),
        text('lastname', 64),
        text('fullname', 200),
        text('internalemailaddress', 100),
        text('domainname', 1024),
        col('isdisabled', T.boolean),
        text('applicationid', 36),
        text('azureactivedirectoryobjectid', 36),
      ],
      { userOwned: false, readOnly: true },
    ),
    entity('role', 'roles', 'name', [text('name', 100)], { userOwned: false, readOnly: true }),
  ];
}
