// The co-sell schema in a Dataverse environment (P2, R3): what exists is read with three metadata requests
// (the opportunity's columns and keys, the solution table's columns, a 404 meaning the table is missing),
// missing items are created through the Web API's metadata resources with the bodies of cosell-schema.ts,
// the table before its columns. The role check is the adapter's whoAmI: System Administrator or System
// Customizer. `solution` adds every component to that unmanaged solution (MSCRM.SolutionUniqueName).
import { z } from 'zod';
import { isCosellError } from '../../errors.js';
import type { SchemaInstaller, SchemaItemState } from '../schema-install.js';
import type { DynamicsAdapter } from './adapter.js';
import type { DataverseClient } from './client.js';
import { dynamicsCoSellSchema, type DvSchemaItem } from './cosell-schema.js';
import { dynamicsName, dynamicsSystem } from './error-map.js';

export const dynamicsCustomizerRole = 'System Administrator or System Customizer';

const Attributes = z.looseObject({ value: z.array(z.looseObject({ LogicalName: z.string() })) });
const Keys = z.looseObject({
  value: z.array(z.looseObject({ LogicalName: z.string(), KeyAttributes: z.array(z.string()).default([]) })),
});

/** A table's column names, or undefined when the environment has no such table. */
async function columnsOf(client: DataverseClient, table: string): Promise<Set<string> | undefined> {
  try {
    const answer = await client.get(
      `EntityDefinitions(LogicalName='${table}')/Attributes?$select=LogicalName`,
      Attributes,
    );
    return new Set(answer.value.map((a) => a.LogicalName));
  } catch (error) {
    if (isCosellError(error) && error.code === 'CRM_NOT_FOUND') return undefined;
    throw error;
  }
}

/** Every declared item with whether the environment has it. */
export async function inspectDynamicsSchema(
  client: DataverseClient,
  prefix: string,
): Promise<SchemaItemState[]> {
  const items = dynamicsCoSellSchema(prefix);
  const tables = [...new Set(items.map((i) => i.table))];
  const columns = new Map<string, Set<string> | undefined>();
  for (const table of tables) columns.set(table, await columnsOf(client, table));
  const keyTables = [...new Set(items.filter((i) => i.kind === 'key').map((i) => i.table))];
  const keys = new Map<string, string[][]>();
  for (const table of keyTables) {
    const answer = await client.get(
      `EntityDefinitions(LogicalName='${table}')/Keys?$select=LogicalName,KeyAttributes`,
      Keys,
    );
    keys.set(
      table,
      answer.value.map((k) => [...k.KeyAttributes].sort()),
    );
  }
  const present = (item: DvSchemaItem): boolean => {
    if (item.kind === 'object') return columns.get(item.table) !== undefined;
    if (item.kind === 'field') return columns.get(item.table)?.has(item.logicalName) === true;
    // A key counts by its columns, whatever its name.
    const wanted = [...((item.body['KeyAttributes'] as string[] | undefined) ?? [])].sort().join(',');
    return (keys.get(item.table) ?? []).some((k) => k.join(',') === wanted);
  };
  return items.map((item) => ({ name: item.name, kind: item.kind, present: present(item) }));
}

export async function createDynamicsItem(
  client: DataverseClient,
  item: DvSchemaItem,
  solution?: string,
): Promise<void> {
  try {
    await client.send({
      method: 'POST',
      path: item.path,
      body: item.body,
      ...(solution === undefined ? {} : { headers: { 'MSCRM.SolutionUniqueName': solution } }),
    });
  } catch (error) {
    // Created meanwhile (another installer, a person in the maker portal): what we wanted is there.
    if (isCosellError(error) && /already exists/.test(error.message)) return;
    throw error;
  }
}

export function dynamicsInstaller(
  adapter: DynamicsAdapter,
  options: { readonly solution?: string | undefined } = {},
): SchemaInstaller {
  const client = adapter.client;
  const prefix = adapter.columns.prefix;
  return {
    system: dynamicsSystem,
    systemName: dynamicsName,
    requiredRole: dynamicsCustomizerRole,
    whoAmI: () => adapter.whoAmI(),
    inspect: () => inspectDynamicsSchema(client, prefix),
    create: async (name) => {
      const item = dynamicsCoSellSchema(prefix).find((i) => i.name === name);
      if (item === undefined) throw new RangeError(`'${name}' is not part of the co-sell schema`);
      await createDynamicsItem(client, item, options.solution);
    },
    currency: async () => ({
      field: 'opportunity.transactioncurrencyid',
      currencies: await adapter.enabledCurrencies(),
    }),
  };
}
