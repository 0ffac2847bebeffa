// The emulator's Tooling API subset over real HTTP: CustomField / CustomObject queries read the live schema,
// creates change it for describe, SOQL and writes at once, duplicates and users without Customize
// Application are refused with Salesforce's error array, and a bare org lacks exactly what cosell installs.
import { describe, expect, it } from 'vitest';
import { fullNameOf, salesforceCoSellSchema } from '../cosell-schema.js';
import { api, tokenFor, useSalesforceEmulators } from './test-support.js';
import type { SalesforceEmulator } from './emulator.js';

const emulators = useSalesforceEmulators();

interface ToolingAnswer {
  size: number;
  totalSize: number;
  done: boolean;
  entityTypeName: string;
  records: {
    attributes: { type: string; url: string };
    Id: string;
    DeveloperName: string;
    TableEnumOrId?: string;
  }[];
}

type ErrorArray = { errorCode: string; message: string }[];
type DescribeField = Record<string, unknown> & { name: string };

const tooling = (emulator: SalesforceEmulator, soql: string, token?: string) =>
  api<ToolingAnswer>(
    emulator,
    `/tooling/query?q=${encodeURIComponent(soql)}`,
    token === undefined ? {} : { token },
  );

/** What the installer sends, item by item, as the admin. */
async function installAll(emulator: SalesforceEmulator, token = tokenFor(emulator)) {
  const statuses: number[] = [];
  for (const item of salesforceCoSellSchema) {
    const res = await api<{ id: string; success: boolean }>(
      emulator,
      `/tooling/sobjects/${item.kind === 'object' ? 'CustomObject' : 'CustomField'}`,
      { method: 'POST', token, body: { FullName: fullNameOf(item), Metadata: item.metadata } },
    );
    statuses.push(res.status);
    expect(res.body.success, fullNameOf(item)).toBe(true);
  }
  return statuses;
}

async function describeFields(emulator: SalesforceEmulator, object: string) {
  const res = await api<{ fields: DescribeField[]; childRelationships: Record<string, unknown>[] }>(
    emulator,
    `/sobjects/${object}/describe`,
  );
  expect(res.status).toBe(200);
  return res.body;
}

/** The describe properties a client relies on (labels and order aside). */
function essentials(field: DescribeField | undefined) {
  if (!field) return undefined;
  const {
    name,
    type,
    length,
    nillable,
    createable,
    updateable,
    externalId,
    unique,
    restrictedPicklist,
    picklistValues,
    referenceTo,
    relationshipName,
    filterable,
    defaultValue,
  } = field;
  return {
    name,
    type,
    length,
    nillable,
    createable,
    updateable,
    externalId,
    unique,
    restrictedPicklist,
    picklistValues,
    referenceTo,
    relationshipName,
    filterable,
    defaultValue,
  };
}

const coSellFieldsOf = (object: string) =>
  salesforceCoSellSchema.flatMap((i) => (i.kind === 'field' && i.object === object ? [i.field] : []));

describe('Salesforce emulator: Tooling API (P2)', () => {
  it('P2: a bare org lacks exactly the co-sell fields and the solution object; the default org has them all', async () => {
    const bare = await emulators.start({ bare: true });
    const full = await emulators.start();
    const bareFields = bare.fieldNames('Opportunity') ?? [];
    for (const name of coSellFieldsOf('Opportunity')) {
      expect(bareFields).not.toContain(name);
      expect(full.fieldNames('Opportunity')).toContain(name);
    }
    expect(bareFields).toContain('StageName');
    expect(bare.hasObject('Microsoft_Solution__c')).toBe(false);
    expect((await api<ErrorArray>(bare, '/sobjects/Microsoft_Solution__c/describe')).status).toBe(404);

    const none = await tooling(bare, 'SELECT Id, DeveloperName, TableEnumOrId FROM CustomField');
    expect(none.status).toBe(200);
    expect(none.body).toMatchObject({ size: 0, totalSize: 0, done: true, entityTypeName: 'CustomField' });

    const objects = await tooling(
      full,
      "SELECT Id, DeveloperName FROM CustomObject WHERE DeveloperName = 'Microsoft_Solution'",
    );
    expect(objects.body.records).toHaveLength(1);
    const objectId = objects.body.records[0]?.Id ?? '';
    expect(objectId).toMatch(/^01I/);
    expect(objects.body.records[0]?.attributes.url).toBe(
      `/services/data/v60.0/tooling/sobjects/CustomObject/${objectId}`,
    );

    const fields = await tooling(
      full,
      'SELECT Id, DeveloperName, TableEnumOrId FROM CustomField WHERE NamespacePrefix = null ORDER BY DeveloperName',
    );
    const byName = new Map(fields.body.records.map((r) => [r.DeveloperName, r]));
    expect(byName.get('Referral_Identifier')?.TableEnumOrId).toBe('Opportunity');
    expect(byName.get('Referral_Identifier')?.Id).toMatch(/^00N/);
    // A custom object's field names its object by id, as Salesforce does.
    expect(byName.get('Solution_Id')?.TableEnumOrId).toBe(objectId);
    expect(fields.body.records.length).toBe(salesforceCoSellSchema.filter((i) => i.kind === 'field').length);
  });

  it('P2: creating the fields and the object from their {FullName, Metadata} bodies gives what the default org has: describe, SOQL and writes see them at once', async () => {
    const bare = await emulators.start({ bare: true });
    const full = await emulators.start();
    const account = bare.insertRecord('Account', { Name: 'Contoso' });
    const before = bare.insertRecord('Opportunity', {
      Name: 'Made before the install',
      StageName: 'Prospecting',
      CloseDate: '2027-01-31',
      AccountId: account['Id'],
    });

    expect(await installAll(bare)).toEqual(salesforceCoSellSchema.map(() => 201));

    for (const object of ['Opportunity', 'Microsoft_Solution__c']) {
      const installed = await describeFields(bare, object);
      const reference = await describeFields(full, object);
      for (const name of coSellFieldsOf(object)) {
        expect(essentials(installed.fields.find((f) => f.name === name)), name).toEqual(
          essentials(reference.fields.find((f) => f.name === name)),
        );
      }
    }
    const children = (await describeFields(bare, 'Opportunity')).childRelationships;
    expect(children).toContainEqual(
      expect.objectContaining({
        childSObject: 'Microsoft_Solution__c',
        relationshipName: 'Microsoft_Solutions__r',
      }),
    );
    // The checkbox's default reaches the records that existed before it.
    expect(bare.getRecord('Opportunity', String(before['Id']))?.['Sync_with_Partner_Center__c']).toBe(false);

    const created = await api<{ id: string }>(bare, '/sobjects/Microsoft_Solution__c', {
      method: 'POST',
      body: { Name: 'Azure', Solution_Id__c: 'SOL-1', Opportunity__c: before['Id'] },
    });
    expect(created.status).toBe(201);
    expect(created.body.id).toMatch(/^a0X/);
    const joined = await api<{ records: { Opportunity__r: { Name: string } }[] }>(
      bare,
      `/query?q=${encodeURIComponent("SELECT Id, Opportunity__r.Name FROM Microsoft_Solution__c WHERE Solution_Id__c = 'SOL-1'")}`,
    );
    expect(joined.body.records[0]?.Opportunity__r.Name).toBe('Made before the install');

    const listed = await tooling(bare, 'SELECT Id, DeveloperName, TableEnumOrId FROM CustomField');
    expect(listed.body.size).toBe(salesforceCoSellSchema.filter((i) => i.kind === 'field').length);
  });

  it('P2: a field or object that exists already is DUPLICATE_DEVELOPER_NAME; an unknown object or type is refused', async () => {
    const full = await emulators.start();
    const [field] = salesforceCoSellSchema.filter((i) => i.kind === 'field');
    const again = await api<ErrorArray>(full, '/tooling/sobjects/CustomField', {
      method: 'POST',
      body: { FullName: field ? fullNameOf(field) : '', Metadata: field?.metadata },
    });
    expect(again.status).toBe(400);
    expect(again.body[0]).toMatchObject({
      errorCode: 'DUPLICATE_DEVELOPER_NAME',
      message: 'There is already a field named Sync_with_Partner_Center on Opportunity.',
    });
    const object = await api<ErrorArray>(full, '/tooling/sobjects/CustomObject', {
      method: 'POST',
      body: {
        FullName: 'Microsoft_Solution__c',
        Metadata: { label: 'X', pluralLabel: 'Xs', nameField: { label: 'Name', type: 'Text' } },
      },
    });
    expect(object.body[0]?.errorCode).toBe('DUPLICATE_DEVELOPER_NAME');
    const unknown = await api<ErrorArray>(full, '/tooling/sobjects/CustomField', {
      method: 'POST',
      body: { FullName: 'Nope__c.Field__c', Metadata: { label: 'Field', type: 'Text', length: 10 } },
    });
    expect(unknown.status).toBe(400);
    expect(unknown.body[0]?.errorCode).toBe('FIELD_INTEGRITY_EXCEPTION');
    const badType = await api<ErrorArray>(full, '/tooling/sobjects/CustomField', {
      method: 'POST',
      body: { FullName: 'Opportunity.Odd__c', Metadata: { label: 'Odd', type: 'Hologram' } },
    });
    expect(badType.body[0]?.errorCode).toBe('FIELD_INTEGRITY_EXCEPTION');
    expect(full.fieldNames('Opportunity')).not.toContain('Odd__c');
  });

  it('P2: a user without Customize Application is refused with 403 INSUFFICIENT_ACCESS_OR_READONLY and nothing changes', async () => {
    const bare = await emulators.start({ bare: true });
    const seller = tokenFor(bare, 'seller1@contoso.example');
    const before = bare.fieldNames('Opportunity');
    const [field] = salesforceCoSellSchema.filter((i) => i.kind === 'field');
    const refused = await api<ErrorArray>(bare, '/tooling/sobjects/CustomField', {
      method: 'POST',
      token: seller,
      body: { FullName: field ? fullNameOf(field) : '', Metadata: field?.metadata },
    });
    expect(refused.status).toBe(403);
    expect(refused.body[0]?.errorCode).toBe('INSUFFICIENT_ACCESS_OR_READONLY');
    expect(refused.body[0]?.message).toContain('seller1@contoso.example');
    const object = await api<ErrorArray>(bare, '/tooling/sobjects/CustomObject', {
      method: 'POST',
      token: seller,
      body: { FullName: 'Microsoft_Solution__c', Metadata: {} },
    });
    expect(object.status).toBe(403);
    expect(bare.fieldNames('Opportunity')).toEqual(before);
    expect(bare.hasObject('Microsoft_Solution__c')).toBe(false);
    // Reading the setup entities stays open to every API user.
    expect((await tooling(bare, 'SELECT Id FROM CustomObject', seller)).status).toBe(200);
  });
});
