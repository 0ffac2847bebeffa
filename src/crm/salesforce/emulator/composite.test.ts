// Contract: the Composite resource (references, allOrNone rollback, limits) and sObject Collections
// (create/update/upsert/delete/retrieve up to 200 records, allOrNone, more than 200 refused), over real HTTP.
/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-argument, @typescript-eslint/no-unsafe-return, @typescript-eslint/no-unsafe-call, @typescript-eslint/no-explicit-any --
   contract tests read the wire's untyped JSON on purpose: the assertions are the type check. */
import { describe, expect, it } from 'vitest';
import type { SalesforceEmulator, WriteEvent } from './index.js';
import { api, useSalesforceEmulators } from './test-support.js';

type Json = Record<string, any>;

const { start } = useSalesforceEmulators();

const v = '/services/data/v60.0';
const opp = (more: Json = {}) => ({
  Name: 'Deal',
  StageName: 'Prospecting',
  CloseDate: '2026-12-31',
  ...more,
});

function composite(emulator: SalesforceEmulator, body: Json) {
  return api<Json>(emulator, '/composite', { method: 'POST', body });
}

describe('composite', () => {
  it('runs subrequests in order with @{ref.id} and @{ref.records[0].Id} references, in body and url', async () => {
    const emulator = await start();
    const r = await composite(emulator, {
      compositeRequest: [
        { method: 'POST', url: `${v}/sobjects/Account`, referenceId: 'acct', body: { Name: 'Composite Co' } },
        {
          method: 'POST',
          url: `${v}/sobjects/Opportunity`,
          referenceId: 'opp',
          body: opp({ AccountId: '@{acct.id}' }),
        },
        {
          method: 'GET',
          url: `${v}/query?q=${encodeURIComponent("SELECT Id, Account.Name FROM Opportunity WHERE AccountId = '@{acct.id}'")}`,
          referenceId: 'found',
        },
        {
          method: 'PATCH',
          url: `${v}/sobjects/Opportunity/@{found.records[0].Id}`,
          referenceId: 'upd',
          body: { Description: 'via @{acct.id}' },
        },
        {
          method: 'GET',
          url: `${v}/sobjects/Opportunity/@{opp.id}?fields=Description,AccountId`,
          referenceId: 'read',
        },
      ],
    });
    expect(r.status).toBe(200);
    const results = r.body['compositeResponse'] as Json[];
    expect(results.map((x) => [x['referenceId'], x['httpStatusCode']])).toEqual([
      ['acct', 201],
      ['opp', 201],
      ['found', 200],
      ['upd', 204],
      ['read', 200],
    ]);
    const accountId = results[0]?.['body']['id'];
    expect(results[0]?.['httpHeaders']).toEqual({ Location: `${v}/sobjects/Account/${accountId}` });
    expect(results[2]?.['body']['records'][0]['Account']['Name']).toBe('Composite Co');
    expect(results[3]?.['body']).toBeNull();
    expect(results[4]?.['body']).toMatchObject({ Description: `via ${accountId}`, AccountId: accountId });
  });

  it('allOrNone: one failure rolls everything back; it keeps its error, the others say PROCESSING_HALTED', async () => {
    const emulator = await start();
    const events: WriteEvent[] = [];
    emulator.on('write', (e) => events.push(e));
    const existing = emulator.insertRecord('Opportunity', opp({ Name: 'Before' }));
    events.length = 0;
    const r = await composite(emulator, {
      allOrNone: true,
      compositeRequest: [
        { method: 'POST', url: `${v}/sobjects/Account`, referenceId: 'acct', body: { Name: 'Rolled Back' } },
        {
          method: 'PATCH',
          url: `${v}/sobjects/Opportunity/${String(existing['Id'])}`,
          referenceId: 'upd',
          body: { Name: 'Changed' },
        },
        { method: 'POST', url: `${v}/sobjects/Opportunity`, referenceId: 'bad', body: { Name: 'No stage' } },
        { method: 'POST', url: `${v}/sobjects/Contact`, referenceId: 'after', body: { LastName: 'Never' } },
      ],
    });
    const results = r.body['compositeResponse'] as Json[];
    expect(results.map((x) => [x['referenceId'], x['httpStatusCode'], x['body'][0]['errorCode']])).toEqual([
      ['acct', 400, 'PROCESSING_HALTED'],
      ['upd', 400, 'PROCESSING_HALTED'],
      ['bad', 400, 'REQUIRED_FIELD_MISSING'],
      ['after', 400, 'PROCESSING_HALTED'],
    ]);
    expect(emulator.records('Account')).toHaveLength(0);
    expect(emulator.records('Contact')).toHaveLength(0);
    expect(emulator.getRecord('Opportunity', String(existing['Id']))?.['Name']).toBe('Before');
    expect(events).toEqual([]);
  });

  it('without allOrNone: failures stay local, and a reference to a failed subrequest halts only its dependant', async () => {
    const emulator = await start();
    const r = await composite(emulator, {
      compositeRequest: [
        { method: 'POST', url: `${v}/sobjects/Account`, referenceId: 'bad', body: { Nope: 1 } },
        {
          method: 'POST',
          url: `${v}/sobjects/Contact`,
          referenceId: 'dependant',
          body: { LastName: 'X', AccountId: '@{bad.id}' },
        },
        { method: 'POST', url: `${v}/sobjects/Account`, referenceId: 'good', body: { Name: 'Kept' } },
        { method: 'GET', url: `${v}/sobjects/Account/@{nowhere.id}`, referenceId: 'unknown' },
      ],
    });
    const results = r.body['compositeResponse'] as Json[];
    expect(results.map((x) => [x['httpStatusCode'], x['body']?.[0]?.['errorCode'] ?? 'ok'])).toEqual([
      [400, 'INVALID_FIELD'],
      [400, 'PROCESSING_HALTED'],
      [201, 'ok'],
      [400, 'PROCESSING_HALTED'],
    ]);
    expect(emulator.records('Account').map((a) => a['Name'])).toEqual(['Kept']);
  });

  it('an outer allOrNone makes a collection subrequest all-or-none too', async () => {
    const emulator = await start();
    const r = await composite(emulator, {
      allOrNone: true,
      compositeRequest: [
        {
          method: 'POST',
          url: `${v}/composite/sobjects`,
          referenceId: 'many',
          body: {
            allOrNone: false,
            records: [{ attributes: { type: 'Account' }, Name: 'A' }, { attributes: { type: 'Account' } }],
          },
        },
        { method: 'POST', url: `${v}/sobjects/Contact`, referenceId: 'c', body: { LastName: 'C' } },
      ],
    });
    const results = r.body['compositeResponse'] as Json[];
    expect(results[0]?.['httpStatusCode']).toBe(200);
    expect(results[0]?.['body'].map((x: Json) => x['errors'][0]['statusCode'])).toEqual([
      'ALL_OR_NONE_OPERATION_ROLLED_BACK',
      'REQUIRED_FIELD_MISSING',
    ]);
    expect(results[1]?.['body'][0]['errorCode']).toBe('PROCESSING_HALTED');
    expect(emulator.records('Account')).toHaveLength(0);
    expect(emulator.records('Contact')).toHaveLength(0);
  });

  it('refuses more than 25 subrequests, more than 5 queries/collections, duplicate or missing referenceIds; counts as one API call', async () => {
    const emulator = await start();
    const get = (i: number) => ({ method: 'GET', url: `${v}/limits`, referenceId: `r${i}` });
    const before = emulator.apiCalls().total;
    const ok = await composite(emulator, { compositeRequest: Array.from({ length: 25 }, (_, i) => get(i)) });
    expect(ok.status).toBe(200);
    expect(emulator.apiCalls().total).toBe(before + 1);
    const tooMany = await composite(emulator, {
      compositeRequest: Array.from({ length: 26 }, (_, i) => get(i)),
    });
    expect(tooMany.status).toBe(400);
    expect(tooMany.body[0]['errorCode']).toBe('LIMIT_EXCEEDED');
    const queries = Array.from({ length: 6 }, (_, i) => ({
      method: 'GET',
      url: `${v}/query?q=SELECT+Id+FROM+Account`,
      referenceId: `q${i}`,
    }));
    expect((await composite(emulator, { compositeRequest: queries })).body[0]['errorCode']).toBe(
      'LIMIT_EXCEEDED',
    );
    expect((await composite(emulator, { compositeRequest: [get(1), get(1)] })).status).toBe(400);
    expect(
      (await composite(emulator, { compositeRequest: [{ method: 'GET', url: `${v}/limits` }] })).status,
    ).toBe(400);
  });
});

describe('sObject Collections', () => {
  const accounts = (n: number, from = 0) =>
    Array.from({ length: n }, (_, i) => ({ attributes: { type: 'Account' }, Name: `Acc ${from + i}` }));

  it('creates 200 records in one call and updates 200; more than 200 is EXCEEDED_ID_LIMIT', async () => {
    const emulator = await start();
    const created = await api<Json[]>(emulator, '/composite/sobjects', {
      method: 'POST',
      body: { allOrNone: true, records: accounts(200) },
    });
    expect(created.status).toBe(200);
    expect(created.body).toHaveLength(200);
    expect(
      created.body.every((r) => r['success'] === true && /^001/.test(r['id']) && r['errors'].length === 0),
    ).toBe(true);
    const updates = created.body.map((r, i) => ({
      attributes: { type: 'Account' },
      id: r['id'],
      BillingCountry: i % 2 ? 'NL' : 'DE',
    }));
    const updated = await api<Json[]>(emulator, '/composite/sobjects', {
      method: 'PATCH',
      body: { records: updates },
    });
    expect(updated.body.every((r) => r['success'] === true)).toBe(true);
    expect(emulator.records('Account').filter((a) => a['BillingCountry'] === 'NL')).toHaveLength(100);

    const tooMany = await api<Json[]>(emulator, '/composite/sobjects', {
      method: 'POST',
      body: { records: accounts(201) },
    });
    expect(tooMany.status).toBe(400);
    expect(tooMany.body[0]?.['errorCode']).toBe('EXCEEDED_ID_LIMIT');
    expect(emulator.records('Account')).toHaveLength(200);
  });

  it('without allOrNone each record stands alone; with it, the valid ones are rolled back', async () => {
    const emulator = await start();
    const mixed = [
      ...accounts(2),
      { attributes: { type: 'Account' }, Name: 'x'.repeat(300) },
      { attributes: { type: 'Nope' }, Name: 'y' },
    ];
    const partial = await api<Json[]>(emulator, '/composite/sobjects', {
      method: 'POST',
      body: { records: mixed },
    });
    expect(partial.body.map((r) => r['success'])).toEqual([true, true, false, false]);
    expect(partial.body[2]?.['errors']).toEqual([
      {
        statusCode: 'STRING_TOO_LONG',
        message: expect.stringContaining('data value too large'),
        fields: ['Name'],
      },
    ]);
    expect(partial.body[3]?.['errors'][0]['statusCode']).toBe('INVALID_TYPE');
    expect(emulator.records('Account')).toHaveLength(2);

    const atomic = await api<Json[]>(emulator, '/composite/sobjects', {
      method: 'POST',
      body: { allOrNone: true, records: mixed },
    });
    expect(atomic.body.map((r) => r['errors'][0]['statusCode'])).toEqual([
      'ALL_OR_NONE_OPERATION_ROLLED_BACK',
      'ALL_OR_NONE_OPERATION_ROLLED_BACK',
      'STRING_TOO_LONG',
      'INVALID_TYPE',
    ]);
    expect(atomic.body.every((r) => r['id'] === undefined)).toBe(true);
    expect(emulator.records('Account')).toHaveLength(2);
  });

  it('retrieves by ids and fields (GET and POST), deletes by ids, upserts by external id', async () => {
    const emulator = await start();
    const a = emulator.insertRecord('Account', { Name: 'One' });
    const b = emulator.insertRecord('Account', { Name: 'Two' });
    const ids = `${String(a['Id'])},${String(b['Id'])},001000000000000`;
    const got = await api<Json[]>(emulator, `/composite/sobjects/Account?ids=${ids}&fields=Name`);
    expect(got.body.map((r) => r?.['Name'] ?? null)).toEqual(['One', 'Two', null]);
    const posted = await api<Json[]>(emulator, '/composite/sobjects/Account', {
      method: 'POST',
      body: { ids: [a['Id']], fields: ['Name', 'OwnerId'] },
    });
    expect(Object.keys(posted.body[0] ?? {})).toEqual(['attributes', 'Name', 'OwnerId']);

    const deleted = await api<Json[]>(
      emulator,
      `/composite/sobjects?ids=${String(a['Id'])},${String(a['Id'])}`,
      { method: 'DELETE' },
    );
    expect(deleted.body.map((r) => [r['success'], r['errors'][0]?.['statusCode']])).toEqual([
      [true, undefined],
      [false, 'ENTITY_IS_DELETED'],
    ]);

    const upserted = await api<Json[]>(emulator, '/composite/sobjects/Opportunity/Referral_Identifier__c', {
      method: 'PATCH',
      body: {
        records: [
          { attributes: { type: 'Opportunity' }, Referral_Identifier__c: 'R-1', ...opp() },
          { attributes: { type: 'Opportunity' }, Referral_Identifier__c: 'R-2', ...opp() },
        ],
      },
    });
    expect(upserted.body.map((r) => r['created'])).toEqual([true, true]);
    const again = await api<Json[]>(emulator, '/composite/sobjects/Opportunity/Referral_Identifier__c', {
      method: 'PATCH',
      body: { records: [{ attributes: { type: 'Opportunity' }, Referral_Identifier__c: 'r-1', Amount: 7 }] },
    });
    expect(again.body).toEqual([{ id: upserted.body[0]?.['id'], success: true, errors: [], created: false }]);
  });
});
