// The co-sell schema in a Salesforce org (P2, R3): what exists is read with two Tooling API queries (custom
// objects, then custom fields, both without a namespace: a managed package's fields are not ours), missing
// items are created with `POST tooling/sobjects/CustomObject | CustomField` and the `{FullName, Metadata}`
// bodies of cosell-schema.ts, the object before its fields. The role check is the adapter's whoAmI: System
// Administrator, System Customizer, or any profile with Modify All Data or Customize Application.
import { z } from 'zod';
import { isCosellError } from '../../errors.js';
import type { SchemaInstaller, SchemaItemState } from '../schema-install.js';
import type { SalesforceAdapter } from './adapter.js';
import type { SalesforceClient } from './client.js';
import { developerNameOf, fullNameOf, salesforceCoSellSchema, type SfSchemaItem } from './cosell-schema.js';
import { salesforceName, salesforceSystem } from './error-map.js';
import { OrgFacts } from './org.js';
import { quote } from './soql.js';

export const salesforceCustomizerRole =
  'System Administrator or System Customizer (or a profile with Customize Application)';

const ToolingRow = z.looseObject({
  Id: z.string(),
  DeveloperName: z.string(),
  TableEnumOrId: z.string().nullish(),
});
const ToolingQueryResult = z.looseObject({ records: z.array(ToolingRow), done: z.boolean().optional() });
const ToolingSaveResult = z.looseObject({ id: z.string().optional(), success: z.boolean() });

const inList = (values: readonly string[]) => `(${[...new Set(values)].map(quote).join(', ')})`;

async function toolingQuery(client: SalesforceClient, soql: string): Promise<z.infer<typeof ToolingRow>[]> {
  const res = await client.request({
    method: 'GET',
    path: client.dataPath(`tooling/query?q=${encodeURIComponent(soql)}`),
    schema: ToolingQueryResult,
  });
  return res.body?.records ?? [];
}

/** Every declared item with whether the org has it: two Tooling queries, whatever the number of items. */
export async function inspectSalesforceSchema(client: SalesforceClient): Promise<SchemaItemState[]> {
  const objects = salesforceCoSellSchema.filter((i) => i.kind === 'object');
  const fields = salesforceCoSellSchema.filter((i) => i.kind === 'field');
  const objectRows =
    objects.length === 0
      ? []
      : await toolingQuery(
          client,
          `SELECT Id, DeveloperName FROM CustomObject WHERE NamespacePrefix = null AND DeveloperName IN ${inList(objects.map((i) => developerNameOf(i.object)))}`,
        );
  // A custom object's fields name their object by its id, a standard object's by its name.
  const tableName = new Map(objectRows.map((r) => [r.Id, `${r.DeveloperName}__c`.toLowerCase()]));
  const fieldRows = await toolingQuery(
    client,
    `SELECT Id, DeveloperName, TableEnumOrId FROM CustomField WHERE NamespacePrefix = null AND DeveloperName IN ${inList(fields.map((i) => developerNameOf(i.field)))}`,
  );
  const existing = new Set([
    ...objectRows.map((r) => `${r.DeveloperName}__c`.toLowerCase()),
    ...fieldRows.map((r) => {
      const table = r.TableEnumOrId ?? '';
      return `${tableName.get(table) ?? table.toLowerCase()}.${r.DeveloperName}__c`.toLowerCase();
    }),
  ]);
  return salesforceCoSellSchema.map((item) => ({
    name: fullNameOf(item),
    kind: item.kind,
    present: existing.has(fullNameOf(item).toLowerCase()),
  }));
}

export async function createSalesforceItem(client: SalesforceClient, item: SfSchemaItem): Promise<void> {
  const entity = item.kind === 'object' ? 'CustomObject' : 'CustomField';
  try {
    await client.request({
      method: 'POST',
      path: client.dataPath(`tooling/sobjects/${entity}`),
      body: { FullName: fullNameOf(item), Metadata: item.metadata },
      schema: ToolingSaveResult,
    });
  } catch (error) {
    // Created meanwhile (another installer, a person in Setup): what we wanted is there.
    if (isCosellError(error) && /DUPLICATE_DEVELOPER_NAME/.test(error.message)) return;
    throw error;
  }
}

export function salesforceInstaller(adapter: SalesforceAdapter): SchemaInstaller {
  const client = adapter.client;
  return {
    system: salesforceSystem,
    systemName: salesforceName,
    requiredRole: salesforceCustomizerRole,
    whoAmI: () => adapter.whoAmI(),
    inspect: () => inspectSalesforceSchema(client),
    create: async (name) => {
      const item = salesforceCoSellSchema.find((i) => fullNameOf(i) === name);
      if (item === undefined) throw new RangeError(`'${name}' is not part of the co-sell schema`);
      await createSalesforceItem(client, item);
    },
    currency: async () => {
      const multiCurrency = await new OrgFacts(client).multiCurrency();
      return {
        // A single-currency org has one corporate currency, which every amount is in (R3).
        field: multiCurrency ? 'Opportunity.CurrencyIsoCode' : 'Organization.DefaultCurrencyIsoCode',
        currencies: await adapter.enabledCurrencies(),
      };
    },
  };
}
