// Contract: sObject rows over real HTTP — create/read/update/delete, upsert by external id, describe, the
// error array for every refusal, audit fields (LastModifiedById is the caller on every write), derived
// fields, multi-currency on and off, and the setup-permission hook.
/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-argument, @typescript-eslint/no-unsafe-return, @typescript-eslint/no-unsafe-call, @typescript-eslint/no-explicit-any --
   contract tests read the wire's untyped JSON on purpose: the assertions are the type check. */
import { describe, expect, it } from 'vitest';
import { normalizeId, type SalesforceEmulator, type WriteEvent } from './index.js';
import { api, tokenFor, useSalesforceEmulators } from './test-support.js';

type Json = Record<string, any>;

const { start } = useSalesforceEmulators();

const opportunity = (more: Json = {}) => ({
  Name: 'Contoso - Azure Migration',
  StageName: 'Prospecting',
  CloseDate: '2026-12-31',
  ...more,
});

async function createOpportunity(emulator: SalesforceEmulator, more: Json = {}, token?: string) {
  const r = await api<Json>(emulator, '/sobjects/Opportunity', {
    method: 'POST',
    body: opportunity(more),
    ...(token ? { token } : {}),
  });
  expect(r.status, r.text).toBe(201);
  return r.body['id'] as string;
}

const firstError = (r: { body: unknown }) => (r.body as Json[])[0] as Json;

describe('create, read, update, delete', () => {
  it('creates with 201 {id, success, errors} and Location; reads every field or ?fields=; 18-character ids', async () => {
    const emulator = await start();
    const created = await api<Json>(emulator, '/sobjects/Opportunity', {
      method: 'POST',
      body: opportunity({ Amount: 1234.567 }),
    });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({
      id: expect.stringMatching(/^006[0-9A-Za-z]{15}$/),
      success: true,
      errors: [],
    });
    const id = created.body['id'] as string;
    expect(created.headers.get('location')).toBe(`/services/data/v60.0/sobjects/Opportunity/${id}`);
    expect(normalizeId(id.slice(0, 15))).toBe(id);

    const full = await api<Json>(emulator, `/sobjects/Opportunity/${id}`);
    expect(full.status).toBe(200);
    expect(full.body['attributes']).toEqual({
      type: 'Opportunity',
      url: `/services/data/v60.0/sobjects/Opportunity/${id}`,
    });
    expect(full.body).toMatchObject({
      Id: id,
      Name: 'Contoso - Azure Migration',
      StageName: 'Prospecting',
      CloseDate: '2026-12-31',
      Amount: 1234.57,
      Probability: 10,
      IsClosed: false,
      IsWon: false,
      IsDeleted: false,
      CurrencyIsoCode: 'USD',
      Sync_with_Partner_Center__c: false,
      Referral_Identifier__c: null,
      CreatedDate: '2026-11-20T10:00:00.000+0000',
      SystemModstamp: '2026-11-20T10:00:00.000+0000',
    });

    const some = await api<Json>(emulator, `/sobjects/Opportunity/${id.slice(0, 15)}?fields=Name,stagename`);
    expect(Object.keys(some.body)).toEqual(['attributes', 'Name', 'StageName']);
    const bad = await api(emulator, `/sobjects/Opportunity/${id}?fields=Name,Nope`);
    expect(bad.status).toBe(400);
    expect(firstError(bad)['errorCode']).toBe('INVALID_FIELD');
  });

  it('PATCH answers 204, bumps LastModifiedDate/SystemModstamp and keeps CreatedDate; DELETE answers 204', async () => {
    const emulator = await start();
    const id = await createOpportunity(emulator);
    emulator.advanceClock(90_500);
    const patched = await api(emulator, `/sobjects/Opportunity/${id}`, {
      method: 'PATCH',
      body: { StageName: 'Closed Won' },
    });
    expect(patched.status).toBe(204);
    expect(patched.text).toBe('');
    const after = emulator.getRecord('Opportunity', id) as Json;
    expect(after).toMatchObject({
      StageName: 'Closed Won',
      IsClosed: true,
      IsWon: true,
      Probability: 100,
      CreatedDate: '2026-11-20T10:00:00.000+0000',
      // Whole seconds, as Salesforce's audit fields.
      LastModifiedDate: '2026-11-20T10:01:30.000+0000',
      SystemModstamp: '2026-11-20T10:01:30.000+0000',
    });

    const deleted = await api(emulator, `/sobjects/Opportunity/${id}`, { method: 'DELETE' });
    expect(deleted.status).toBe(204);
    const read = await api(emulator, `/sobjects/Opportunity/${id}`);
    expect(read.status).toBe(404);
    expect(firstError(read)['errorCode']).toBe('NOT_FOUND');
    const again = await api(emulator, `/sobjects/Opportunity/${id}`, { method: 'DELETE' });
    expect(again.status).toBe(404);
    expect(firstError(again)['errorCode']).toBe('ENTITY_IS_DELETED');
    expect(emulator.getRecord('Opportunity', id)?.['IsDeleted']).toBe(true);
  });

  it('explicit Probability wins over the stage default; the stage sets it otherwise', async () => {
    const emulator = await start();
    const id = await createOpportunity(emulator, { Probability: 35 });
    expect(emulator.getRecord('Opportunity', id)?.['Probability']).toBe(35);
    await api(emulator, `/sobjects/Opportunity/${id}`, {
      method: 'PATCH',
      body: { StageName: 'Negotiation/Review' },
    });
    expect(emulator.getRecord('Opportunity', id)?.['Probability']).toBe(90);
    await api(emulator, `/sobjects/Opportunity/${id}`, {
      method: 'PATCH',
      body: { StageName: 'On Hold', Probability: 5 },
    });
    expect(emulator.getRecord('Opportunity', id)).toMatchObject({ Probability: 5, IsClosed: false });
  });

  it('deleting an Account deletes its contacts, opportunities and their contact roles; a solution loses its lookup', async () => {
    const emulator = await start();
    const account = emulator.insertRecord('Account', { Name: 'Fabrikam' });
    const contact = emulator.insertRecord('Contact', { LastName: 'Ng', AccountId: account['Id'] });
    const opp = emulator.insertRecord('Opportunity', opportunity({ AccountId: account['Id'] }));
    const role = emulator.insertRecord('OpportunityContactRole', {
      OpportunityId: opp['Id'],
      ContactId: contact['Id'],
      IsPrimary: true,
    });
    const solution = emulator.insertRecord('Microsoft_Solution__c', {
      Name: 'S',
      Solution_Id__c: 'SOL-1',
      Opportunity__c: opp['Id'],
    });
    const r = await api(emulator, `/sobjects/Account/${String(account['Id'])}`, {
      method: 'DELETE',
      token: tokenFor(emulator, 'seller1@contoso.example'),
    });
    expect(r.status).toBe(204);
    for (const [object, record] of [
      ['Contact', contact],
      ['Opportunity', opp],
      ['OpportunityContactRole', role],
    ] as const) {
      expect(emulator.getRecord(object, String(record['Id']))?.['IsDeleted'], object).toBe(true);
    }
    const seller = emulator.users().find((u) => u.username === 'seller1@contoso.example')?.id;
    expect(emulator.getRecord('Microsoft_Solution__c', String(solution['Id']))).toMatchObject({
      IsDeleted: false,
      Opportunity__c: null,
      LastModifiedById: seller,
    });
  });
});

describe('the caller is who writes', () => {
  it('CreatedById/LastModifiedById/OwnerId follow the token user; UI edits stamp their person; events say who', async () => {
    const emulator = await start();
    const events: WriteEvent[] = [];
    emulator.on('write', (e) => events.push(e));
    const users = Object.fromEntries(emulator.users().map((u) => [u.username, u.id]));
    const seller = tokenFor(emulator, 'seller1@contoso.example');
    const integration = tokenFor(emulator, 'integration@contoso.example');

    const id = await createOpportunity(emulator, {}, seller);
    expect(emulator.getRecord('Opportunity', id)).toMatchObject({
      CreatedById: users['seller1@contoso.example'],
      LastModifiedById: users['seller1@contoso.example'],
      OwnerId: users['seller1@contoso.example'],
    });
    await api(emulator, `/sobjects/Opportunity/${id}`, {
      method: 'PATCH',
      body: { NextStep: 'Call' },
      token: integration,
    });
    expect(emulator.getRecord('Opportunity', id)).toMatchObject({
      CreatedById: users['seller1@contoso.example'],
      LastModifiedById: users['integration@contoso.example'],
      OwnerId: users['seller1@contoso.example'],
    });
    emulator.advanceClock(1000);
    const ui = emulator.updateRecord(
      'Opportunity',
      id,
      { Amount: 5000 },
      { asUser: 'seller2@contoso.example' },
    );
    expect(ui).toMatchObject({
      LastModifiedById: users['seller2@contoso.example'],
      SystemModstamp: '2026-11-20T10:00:01.000+0000',
    });
    await api(emulator, `/sobjects/Opportunity/${id}`, { method: 'DELETE', token: integration });
    expect(emulator.getRecord('Opportunity', id)?.['LastModifiedById']).toBe(
      users['integration@contoso.example'],
    );

    expect(events.map((e) => [e.kind, e.source, e.username, e.fields])).toEqual([
      ['created', 'api', 'seller1@contoso.example', ['Name', 'StageName', 'CloseDate']],
      ['updated', 'api', 'integration@contoso.example', ['NextStep']],
      ['updated', 'ui', 'seller2@contoso.example', ['Amount']],
      ['deleted', 'api', 'integration@contoso.example', []],
    ]);
  });

  it('an upsert and a collection update stamp the caller too', async () => {
    const emulator = await start();
    const users = Object.fromEntries(emulator.users().map((u) => [u.username, u.id]));
    const id = await createOpportunity(emulator, { Referral_Identifier__c: 'ref-1' });
    await api(emulator, '/sobjects/Opportunity/Referral_Identifier__c/ref-1', {
      method: 'PATCH',
      body: { Amount: 1 },
      token: tokenFor(emulator, 'seller3@contoso.example'),
    });
    expect(emulator.getRecord('Opportunity', id)?.['LastModifiedById']).toBe(
      users['seller3@contoso.example'],
    );
    await api(emulator, '/composite/sobjects', {
      method: 'PATCH',
      body: { records: [{ attributes: { type: 'Opportunity' }, id, Amount: 2 }] },
      token: tokenFor(emulator, 'seller2@contoso.example'),
    });
    expect(emulator.getRecord('Opportunity', id)?.['LastModifiedById']).toBe(
      users['seller2@contoso.example'],
    );
  });
});

describe('refusals', () => {
  const cases: [string, Json, number, string, string[] | undefined][] = [
    ['missing required fields', { Name: 'x' }, 400, 'REQUIRED_FIELD_MISSING', ['StageName', 'CloseDate']],
    ["'' is null for text", opportunity({ Name: '' }), 400, 'REQUIRED_FIELD_MISSING', ['Name']],
    ['unknown field', opportunity({ Nope__c: 1 }), 400, 'INVALID_FIELD', undefined],
    [
      'read-only fields',
      opportunity({ IsClosed: true, CreatedDate: '2020-01-01T00:00:00Z' }),
      400,
      'INVALID_FIELD_FOR_INSERT_UPDATE',
      ['IsClosed', 'CreatedDate'],
    ],
    ['bad stage', opportunity({ StageName: 'Dreaming' }), 400, 'FIELD_INTEGRITY_EXCEPTION', ['StageName']],
    [
      'bad assistance code',
      opportunity({ How_can_Microsoft_help__c: 'Unknown' }),
      400,
      'FIELD_INTEGRITY_EXCEPTION',
      ['How_can_Microsoft_help__c'],
    ],
    [
      'inactive currency',
      opportunity({ CurrencyIsoCode: 'SEK' }),
      400,
      'FIELD_INTEGRITY_EXCEPTION',
      ['CurrencyIsoCode'],
    ],
    ['malformed reference', opportunity({ AccountId: 'nope' }), 400, 'MALFORMED_ID', ['AccountId']],
    ['a date that is not one', opportunity({ CloseDate: '2026-02-30' }), 400, 'JSON_PARSER_ERROR', undefined],
    ['text for a number', opportunity({ Amount: 'lots' }), 400, 'JSON_PARSER_ERROR', undefined],
    ['too long', opportunity({ Name: 'x'.repeat(121) }), 400, 'STRING_TOO_LONG', ['Name']],
    ['too many digits', opportunity({ Amount: 1e17 }), 400, 'NUMBER_OUTSIDE_VALID_RANGE', ['Amount']],
  ];
  it.each(cases)('%s', async (_name, body, status, code, fields) => {
    const emulator = await start();
    const r = await api(emulator, '/sobjects/Opportunity', { method: 'POST', body });
    expect(r.status).toBe(status);
    expect(Array.isArray(r.body)).toBe(true);
    expect(firstError(r)['errorCode']).toBe(code);
    expect(typeof firstError(r)['message']).toBe('string');
    if (fields) expect(firstError(r)['fields']).toEqual(fields);
    expect(emulator.records('Opportunity')).toHaveLength(0);
  });

  it("references: another object's id or a missing record is FIELD_INTEGRITY_EXCEPTION, a deleted one ENTITY_IS_DELETED", async () => {
    const emulator = await start();
    const contact = emulator.insertRecord('Contact', { LastName: 'Ng' });
    const wrongType = await api(emulator, '/sobjects/Opportunity', {
      method: 'POST',
      body: opportunity({ AccountId: contact['Id'] }),
    });
    expect(firstError(wrongType)).toMatchObject({
      errorCode: 'FIELD_INTEGRITY_EXCEPTION',
      fields: ['AccountId'],
    });
    const account = emulator.insertRecord('Account', { Name: 'A' });
    emulator.deleteRecord('Account', String(account['Id']));
    const deleted = await api(emulator, '/sobjects/Opportunity', {
      method: 'POST',
      body: opportunity({ AccountId: account['Id'] }),
    });
    expect(firstError(deleted)['errorCode']).toBe('ENTITY_IS_DELETED');
    const missing = String(account['Id']).slice(0, 9) + 'zzzzzz';
    const none = await api(emulator, '/sobjects/Opportunity', {
      method: 'POST',
      body: opportunity({ AccountId: missing }),
    });
    expect(firstError(none)['errorCode']).toBe('FIELD_INTEGRITY_EXCEPTION');
  });

  it("ids: malformed is MALFORMED_ID, another object's id NOT_FOUND, unknown objects NOT_FOUND, bad JSON JSON_PARSER_ERROR", async () => {
    const emulator = await start();
    const id = await createOpportunity(emulator);
    expect(
      firstError(await api(emulator, '/sobjects/Opportunity/006bad', { method: 'PATCH', body: {} }))[
        'errorCode'
      ],
    ).toBe('MALFORMED_ID');
    const account = emulator.insertRecord('Account', { Name: 'A' });
    expect((await api(emulator, `/sobjects/Opportunity/${String(account['Id'])}`)).status).toBe(404);
    expect((await api(emulator, `/sobjects/Opportunity/${id.toLowerCase()}`)).status).toBe(200);
    const unknown = await api(emulator, '/sobjects/Oportunity', { method: 'POST', body: opportunity() });
    expect(unknown.status).toBe(404);
    expect(firstError(unknown)['errorCode']).toBe('NOT_FOUND');
    const json = await api(emulator, '/sobjects/Opportunity', {
      method: 'POST',
      raw: '{"Name":',
      headers: { 'content-type': 'application/json' },
    });
    expect(json.status).toBe(400);
    expect(firstError(json)['errorCode']).toBe('JSON_PARSER_ERROR');
    const method = await api(emulator, `/sobjects/Opportunity/${id}`, { method: 'PUT', body: {} });
    expect(method.status).toBe(405);
    expect(firstError(method)['errorCode']).toBe('METHOD_NOT_ALLOWED');
    const email = await api(emulator, '/sobjects/Contact', {
      method: 'POST',
      body: { LastName: 'x', Email: 'not an address' },
    });
    expect(firstError(email)).toMatchObject({ errorCode: 'INVALID_EMAIL_ADDRESS', fields: ['Email'] });
  });

  it('User and Profile cannot be written through the API', async () => {
    const emulator = await start();
    const r = await api(emulator, '/sobjects/User', { method: 'POST', body: { LastName: 'x' } });
    expect(r.status).toBe(400);
    expect(firstError(r)['errorCode']).toBe('INVALID_TYPE_FOR_OPERATION');
  });
});

describe('upsert by external id', () => {
  it('201 created, 200 updated, 404 with updateOnly, 300 for several matches, DUPLICATE_VALUE on a unique field', async () => {
    const emulator = await start();
    const path = '/sobjects/Opportunity/Referral_Identifier__c/ref-42';
    const missing = await api(emulator, `${path}?updateOnly=true`, { method: 'PATCH', body: opportunity() });
    expect(missing.status).toBe(404);
    expect(firstError(missing)['errorCode']).toBe('NOT_FOUND');

    const created = await api<Json>(emulator, path, { method: 'PATCH', body: opportunity() });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({
      id: expect.stringMatching(/^006/),
      success: true,
      errors: [],
      created: true,
    });
    expect(emulator.getRecord('Opportunity', created.body['id'])?.['Referral_Identifier__c']).toBe('ref-42');

    // External ids match case-insensitively.
    const updated = await api<Json>(emulator, '/sobjects/Opportunity/Referral_Identifier__c/REF-42', {
      method: 'PATCH',
      body: { Amount: 10 },
    });
    expect(updated.status).toBe(200);
    expect(updated.body).toEqual({ id: created.body['id'], success: true, errors: [], created: false });
    const onlyUpdate = await api(emulator, `${path}?updateOnly=true`, {
      method: 'PATCH',
      body: { Amount: 11 },
    });
    expect(onlyUpdate.status).toBe(200);

    const byExternalId = await api<Json>(emulator, path);
    expect(byExternalId.body['Amount']).toBe(11);

    const duplicate = await api(emulator, '/sobjects/Opportunity', {
      method: 'POST',
      body: opportunity({ Referral_Identifier__c: 'Ref-42' }),
    });
    expect(duplicate.status).toBe(400);
    expect(firstError(duplicate)['errorCode']).toBe('DUPLICATE_VALUE');

    const opp = created.body['id'] as string;
    emulator.insertRecord('Microsoft_Solution__c', {
      Name: 'A',
      Solution_Id__c: 'SOL-1',
      Opportunity__c: opp,
    });
    emulator.insertRecord('Microsoft_Solution__c', { Name: 'B', Solution_Id__c: 'SOL-1' });
    const several = await api<string[]>(emulator, '/sobjects/Microsoft_Solution__c/Solution_Id__c/SOL-1', {
      method: 'PATCH',
      body: { Name: 'C' },
    });
    expect(several.status).toBe(300);
    expect(several.body).toHaveLength(2);
    expect(several.body[0]).toMatch(/^\/services\/data\/v60\.0\/sobjects\/Microsoft_Solution__c\/a0X/);

    const notExternal = await api(emulator, '/sobjects/Opportunity/Name/x', { method: 'PATCH', body: {} });
    expect(notExternal.status).toBe(404);
    const withId = await api(emulator, path, { method: 'PATCH', body: { Id: opp } });
    expect(withId.status).toBe(400);
  });
});

describe('describe', () => {
  it('describeGlobal lists the objects; describe gives fields with their properties', async () => {
    const emulator = await start();
    const global = await api<Json>(emulator, '/sobjects');
    const names = (global.body['sobjects'] as Json[]).map((o) => o['name']);
    expect(names).toEqual(
      expect.arrayContaining([
        'Account',
        'Contact',
        'Opportunity',
        'OpportunityContactRole',
        'User',
        'Profile',
        'Microsoft_Solution__c',
        'CurrencyType',
      ]),
    );
    const d = await api<Json>(emulator, '/sobjects/opportunity/describe');
    expect(d.body).toMatchObject({ name: 'Opportunity', keyPrefix: '006', createable: true, custom: false });
    const field = (name: string) => (d.body['fields'] as Json[]).find((f) => f['name'] === name) as Json;
    expect(field('StageName')).toMatchObject({
      type: 'picklist',
      nillable: false,
      createable: true,
      restrictedPicklist: true,
    });
    expect((field('StageName')['picklistValues'] as Json[]).map((p) => p['value'])).toContain('On Hold');
    expect(field('Referral_Identifier__c')).toMatchObject({
      type: 'string',
      externalId: true,
      unique: true,
      custom: true,
      idLookup: true,
    });
    expect(field('How_can_Microsoft_help__c')['picklistValues'].map((p: Json) => p['value'])).toEqual([
      'GeneralOrOther',
      'CustomerTechnicalArchitecture',
      'ProofOfConceptOrDemo',
      'QuotesOrLicensing',
      'PostSalesCustomerSuccess',
      'WorkloadSpecificValueProposition',
    ]);
    expect(field('AccountId')).toMatchObject({
      type: 'reference',
      referenceTo: ['Account'],
      relationshipName: 'Account',
    });
    expect(field('IsClosed')).toMatchObject({ createable: false, updateable: false });
    expect(field('Sync_with_Partner_Center__c')).toMatchObject({
      type: 'boolean',
      defaultValue: false,
      nillable: false,
    });
    expect(field('Partner_Center_Audit__c')).toMatchObject({
      type: 'textarea',
      length: 131072,
      filterable: false,
    });
    expect(field('CurrencyIsoCode')['picklistValues'].map((p: Json) => p['value'])).not.toContain('SEK');
    const children = (await api<Json>(emulator, '/sobjects/Account/describe')).body[
      'childRelationships'
    ] as Json[];
    expect(children).toContainEqual(
      expect.objectContaining({
        childSObject: 'Opportunity',
        field: 'AccountId',
        relationshipName: 'Opportunities',
        cascadeDelete: true,
      }),
    );
  });
});

describe('multi-currency and setup permissions', () => {
  it('multi-currency off: CurrencyIsoCode is INVALID_FIELD everywhere, CurrencyType does not exist', async () => {
    const emulator = await start({ multiCurrency: false });
    const write = await api(emulator, '/sobjects/Opportunity', {
      method: 'POST',
      body: opportunity({ CurrencyIsoCode: 'USD' }),
    });
    expect(write.status).toBe(400);
    expect(firstError(write)['errorCode']).toBe('INVALID_FIELD');
    const query = await api(
      emulator,
      `/query?q=${encodeURIComponent('SELECT CurrencyIsoCode FROM Opportunity')}`,
    );
    expect(firstError(query)['errorCode']).toBe('INVALID_FIELD');
    const type = await api(emulator, `/query?q=${encodeURIComponent('SELECT IsoCode FROM CurrencyType')}`);
    expect(firstError(type)['errorCode']).toBe('INVALID_TYPE');
    const id = await createOpportunity(emulator);
    expect(Object.keys(emulator.getRecord('Opportunity', id) ?? {})).not.toContain('CurrencyIsoCode');
  });

  it('multi-currency on: records default to the corporate currency; CurrencyType lists the currencies', async () => {
    const emulator = await start();
    const id = await createOpportunity(emulator, { CurrencyIsoCode: 'EUR' });
    expect(emulator.getRecord('Opportunity', id)?.['CurrencyIsoCode']).toBe('EUR');
    const rows = await api<Json>(
      emulator,
      `/query?q=${encodeURIComponent('SELECT IsoCode, IsActive, IsCorporate FROM CurrencyType ORDER BY IsoCode')}`,
    );
    const currencies = (rows.body['records'] as Json[]).map(
      (r) => `${r['IsoCode']}${r['IsCorporate'] ? '*' : ''}${r['IsActive'] ? '' : '-'}`,
    );
    expect(currencies).toEqual([
      'AUD',
      'BRL',
      'CAD',
      'CHF',
      'CNY',
      'EUR',
      'GBP',
      'INR',
      'JPY',
      'SEK-',
      'USD*',
    ]);
  });

  it('activating a currency needs Customize Application: sellers get 403 INSUFFICIENT_ACCESS_OR_READONLY', async () => {
    const emulator = await start();
    const sek = emulator.records('CurrencyType').find((c) => c['IsoCode'] === 'SEK')?.['Id'] as string;
    const seller = await api(emulator, `/sobjects/CurrencyType/${sek}`, {
      method: 'PATCH',
      body: { IsActive: true },
      token: tokenFor(emulator, 'seller1@contoso.example'),
    });
    expect(seller.status).toBe(403);
    expect(firstError(seller)['errorCode']).toBe('INSUFFICIENT_ACCESS_OR_READONLY');
    const admin = await api(emulator, `/sobjects/CurrencyType/${sek}`, {
      method: 'PATCH',
      body: { IsActive: true },
    });
    expect(admin.status).toBe(204);
    expect(await createOpportunity(emulator, { CurrencyIsoCode: 'SEK' })).toMatch(/^006/);
  });
});
