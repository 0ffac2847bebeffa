// The emulator's metadata subset over real HTTP: EntityDefinitions, Attributes, Keys and
// RelationshipDefinitions read and create the live tables (rows, queries and alternate-key upserts see a
// new column at once), names need the publisher prefix, an existing name and a missing privilege are refused
// with Dataverse's error body, and a bare environment lacks exactly what cosell installs.
import { describe, expect, it } from 'vitest';
import { dynamicsCoSellSchema } from '../cosell-schema.js';
import type { DynamicsEmulator } from './emulator.js';
import { api, tokenFor, useDynamicsEmulators } from './test-support.js';

const emulators = useDynamicsEmulators();
const prefix = 'cosell_';
const items = dynamicsCoSellSchema(prefix);

type ErrorBody = { error: { code: string; message: string } };
type Listing = { value: { LogicalName: string; KeyAttributes?: string[]; AttributeType?: string }[] };

async function installAll(emulator: DynamicsEmulator, token = tokenFor(emulator)) {
  const answers = [];
  for (const item of items) {
    const res = await api(emulator, `/${item.path}`, {
      method: 'POST',
      token,
      body: item.body,
      headers: { 'MSCRM.SolutionUniqueName': 'CosellConnector' },
    });
    answers.push({ name: item.name, status: res.status, entityId: res.headers.get('odata-entityid') });
  }
  return answers;
}

describe('Dynamics emulator: metadata (P2)', () => {
  it('P2: a bare environment lacks the co-sell columns, their key and the solution table; the default one has them', async () => {
    const bare = await emulators.start({ bare: true });
    const full = await emulators.start();
    const columns = items
      .filter((i) => i.kind === 'field' && i.table === 'opportunity')
      .map((i) => i.logicalName);
    for (const column of columns) {
      expect(bare.tableSchema('opportunity')?.columns).not.toContain(column);
      expect(full.tableSchema('opportunity')?.columns).toContain(column);
    }
    expect(bare.tableSchema('opportunity')?.alternateKeys).toEqual([]);
    expect(bare.hasTable('cosell_microsoftsolution')).toBe(false);

    const attributes = await api<Listing>(
      full,
      "/EntityDefinitions(LogicalName='opportunity')/Attributes?$select=LogicalName",
    );
    expect(attributes.status).toBe(200);
    expect(attributes.body.value.map((a) => a.LogicalName)).toEqual(expect.arrayContaining(columns));
    expect(
      attributes.body.value.find((a) => a.LogicalName === 'cosell_howcanmicrosofthelp')?.AttributeType,
    ).toBe('Picklist');
    const keys = await api<Listing>(full, "/EntityDefinitions(LogicalName='opportunity')/Keys");
    expect(keys.body.value.map((k) => k.KeyAttributes)).toEqual([['cosell_referralidentifier']]);

    const missing = await api<ErrorBody>(
      bare,
      "/EntityDefinitions(LogicalName='cosell_microsoftsolution')/Attributes",
    );
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe('0x80040217');
    const table = await api<{ LogicalName: string; EntitySetName: string; PrimaryNameAttribute: string }>(
      full,
      "/EntityDefinitions(LogicalName='cosell_microsoftsolution')",
    );
    expect(table.body).toMatchObject({
      LogicalName: 'cosell_microsoftsolution',
      EntitySetName: 'cosell_microsoftsolutions',
      PrimaryNameAttribute: 'cosell_name',
    });
  });

  it('P2: creating the declared items answers 204 with OData-EntityId, records the solution, and the rows, queries and alternate-key upserts use them at once', async () => {
    const bare = await emulators.start({ bare: true });
    const full = await emulators.start();
    const answers = await installAll(bare);
    for (const answer of answers) {
      expect(answer.status, answer.name).toBe(204);
      expect(answer.entityId, answer.name).toMatch(
        /\/api\/data\/v9\.2\/(EntityDefinitions|RelationshipDefinitions)\(/,
      );
    }
    expect(bare.metadataChanges().map((c) => c.solution)).toEqual(items.map(() => 'CosellConnector'));
    for (const table of ['opportunity', 'cosell_microsoftsolution']) {
      expect([...(bare.tableSchema(table)?.columns ?? [])].sort()).toEqual(
        [...(full.tableSchema(table)?.columns ?? [])].sort(),
      );
      expect(bare.tableSchema(table)?.alternateKeys).toEqual(full.tableSchema(table)?.alternateKeys);
    }

    // The alternate key addresses an upsert; the new table takes rows bound to the opportunity.
    const upsert = await api(bare, "/opportunities(cosell_referralidentifier='R-1')", {
      method: 'PATCH',
      body: { name: 'Installed', cosell_syncwithpartnercenter: true, cosell_howcanmicrosofthelp: 100000007 },
    });
    expect(upsert.status).toBe(204);
    const opportunityId = /\(([0-9a-f-]{36})\)/.exec(upsert.headers.get('odata-entityid') ?? '')?.[1];
    const solution = await api(bare, '/cosell_microsoftsolutions', {
      method: 'POST',
      body: {
        cosell_name: 'Azure',
        cosell_solutionid: 'SOL-1',
        'cosell_opportunityid@odata.bind': `/opportunities(${opportunityId})`,
      },
    });
    expect(solution.status).toBe(204);
    const read = await api<{ value: { cosell_solutionid: string; _cosell_opportunityid_value: string }[] }>(
      bare,
      '/cosell_microsoftsolutions?$select=cosell_solutionid,_cosell_opportunityid_value',
    );
    expect(read.body.value).toEqual([
      expect.objectContaining({ cosell_solutionid: 'SOL-1', _cosell_opportunityid_value: opportunityId }),
    ]);
    // The relationship's SchemaName is the opportunity's collection-valued navigation property to them.
    const expanded = await api<{ value: Record<string, unknown>[] }>(
      bare,
      '/opportunities?$select=name&$expand=cosell_opportunity_cosell_microsoftsolution($select=cosell_solutionid)',
    );
    expect(expanded.body.value[0]?.['cosell_opportunity_cosell_microsoftsolution']).toEqual([
      expect.objectContaining({ cosell_solutionid: 'SOL-1' }),
    ]);
  });

  it('P2: an existing name, a name without the publisher prefix and a lookup sent as an attribute are refused', async () => {
    const full = await emulators.start();
    const [column] = items;
    const again = await api<ErrorBody>(full, `/${column?.path ?? ''}`, {
      method: 'POST',
      body: column?.body,
    });
    expect(again.status).toBe(400);
    expect(again.body.error.message).toBe(
      'An attribute with the specified name cosell_syncwithpartnercenter already exists on entity opportunity.',
    );
    const table = items.find((i) => i.kind === 'object');
    expect(
      (await api<ErrorBody>(full, '/EntityDefinitions', { method: 'POST', body: table?.body })).body.error
        .message,
    ).toMatch(/already exists/);
    const unprefixed = await api<ErrorBody>(
      full,
      "/EntityDefinitions(LogicalName='opportunity')/Attributes",
      {
        method: 'POST',
        body: { ...column?.body, SchemaName: 'new_Thing' },
      },
    );
    expect(unprefixed.status).toBe(400);
    expect(unprefixed.body.error.message).toContain(
      'is not prefixed with the publisher customization prefix cosell_',
    );
    const lookup = await api<ErrorBody>(full, "/EntityDefinitions(LogicalName='opportunity')/Attributes", {
      method: 'POST',
      body: {
        '@odata.type': 'Microsoft.Dynamics.CRM.LookupAttributeMetadata',
        SchemaName: 'cosell_Other',
        DisplayName: column?.body['DisplayName'],
      },
    });
    expect(lookup.body.error.message).toContain('RelationshipDefinitions');
  });

  it('P2: a salesperson may read the definitions but creating one is 403 0x80040220 naming the missing privilege; nothing changes', async () => {
    const bare = await emulators.start({ bare: true });
    const seller = tokenFor(bare, 'seller1@contoso.example');
    const before = bare.tableSchema('opportunity');
    const [column] = items;
    const refused = await api<ErrorBody>(bare, `/${column?.path ?? ''}`, {
      method: 'POST',
      token: seller,
      body: column?.body,
    });
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('0x80040220');
    expect(refused.body.error.message).toContain('is missing prvCreateAttribute privilege');
    const table = items.find((i) => i.kind === 'object');
    const noTable = await api<ErrorBody>(bare, '/EntityDefinitions', {
      method: 'POST',
      token: seller,
      body: table?.body,
    });
    expect(noTable.status).toBe(403);
    expect(noTable.body.error.message).toContain('prvCreateEntity');
    expect(bare.tableSchema('opportunity')).toEqual(before);
    expect(bare.hasTable('cosell_microsoftsolution')).toBe(false);
    expect(bare.metadataChanges()).toEqual([]);
    // The customizer role may.
    const customizer = tokenFor(bare, 'customizer@contoso.example');
    expect(
      (await api(bare, `/${column?.path ?? ''}`, { method: 'POST', token: customizer, body: column?.body }))
        .status,
    ).toBe(204);
  });
});
