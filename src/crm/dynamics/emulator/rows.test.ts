// Create, retrieve, update, upsert and delete over real HTTP: OData-EntityId, binds, etags and If-Match,
// alternate keys, return=representation, the audit stamp and the write events.
import { describe, expect, it } from 'vitest';
import type { WriteEvent } from './options.js';
import { api, createdId, tokenFor, useDynamicsEmulators } from './test-support.js';

const emulators = useDynamicsEmulators();

describe('rows', () => {
  it('creates with 204 and OData-EntityId, and reads the row back with its etag and audit columns', async () => {
    const dv = await emulators.start();
    const created = await api(dv, '/accounts', {
      method: 'POST',
      body: { name: 'Fabrikam', address1_country: 'Netherlands' },
    });
    expect(created.status).toBe(204);
    const id = createdId(created);
    expect(created.headers.get('odata-entityid')).toBe(`${dv.apiUrl}/accounts(${id})`);

    const read = await api<Record<string, unknown>>(
      dv,
      `/accounts(${id})?$select=name,address1_country,_ownerid_value`,
    );
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({
      '@odata.context': `${dv.apiUrl}/$metadata#accounts(name,address1_country,_ownerid_value)/$entity`,
      name: 'Fabrikam',
      address1_country: 'Netherlands',
      accountid: id,
      _ownerid_value: dv.users().find((u) => u.username === 'admin@contoso.example')?.id,
    });
    expect(read.body['@odata.etag']).toMatch(/^W\/"\d+"$/);
    const full = await api<Record<string, unknown>>(dv, `/accounts(${id})`);
    expect(full.body['createdon']).toBe('2026-11-20T10:00:00Z');
    expect(full.body['_transactioncurrencyid_value']).toBeTruthy();
  });

  it('binds lookups by id and alternate key, derives the customer, and expands lookups', async () => {
    const dv = await emulators.start();
    const accountId = createdId(
      await api(dv, '/accounts', { method: 'POST', body: { name: 'Contoso Pharma' } }),
    );
    const created = await api(dv, '/opportunities', {
      method: 'POST',
      body: {
        name: 'Azure Migration',
        estimatedvalue: 125000.5,
        estimatedclosedate: '2027-01-31',
        'parentaccountid@odata.bind': `/accounts(${accountId})`,
        'transactioncurrencyid@odata.bind': "/transactioncurrencies(isocurrencycode='EUR')",
        cosell_syncwithpartnercenter: true,
        cosell_referralidentifier: 'R-1',
      },
    });
    expect(created.status).toBe(204);
    const id = createdId(created);
    const read = await api<Record<string, unknown>>(
      dv,
      `/opportunities(${id})?$select=name,statecode,statuscode,_customerid_value,estimatedclosedate&$expand=parentaccountid($select=name),transactioncurrencyid($select=isocurrencycode)`,
      { headers: { prefer: 'odata.include-annotations="*"' } },
    );
    expect(read.body).toMatchObject({
      name: 'Azure Migration',
      statecode: 0,
      statuscode: 1,
      'statuscode@OData.Community.Display.V1.FormattedValue': 'In Progress',
      _customerid_value: accountId,
      '_customerid_value@Microsoft.Dynamics.CRM.lookuplogicalname': 'account',
      estimatedclosedate: '2027-01-31',
      parentaccountid: { name: 'Contoso Pharma', accountid: accountId },
      transactioncurrencyid: { isocurrencycode: 'EUR' },
    });
    const byKey = await api<Record<string, unknown>>(
      dv,
      "/opportunities(cosell_referralidentifier='R-1')?$select=name",
    );
    expect(byKey.body).toMatchObject({ name: 'Azure Migration', opportunityid: id });
  });

  it('updates with PATCH as the calling user, bumping the version; If-Match with an old etag is 412', async () => {
    const dv = await emulators.start();
    const events: WriteEvent[] = [];
    dv.on('write', (e) => events.push(e));
    const id = createdId(await api(dv, '/opportunities', { method: 'POST', body: { name: 'Deal' } }));
    const before = await api<Record<string, unknown>>(dv, `/opportunities(${id})`);
    const seller = tokenFor(dv, 'seller1@contoso.example');
    dv.advanceClock(60_000);
    const patched = await api(dv, `/opportunities(${id})`, {
      method: 'PATCH',
      token: seller,
      body: { description: 'Customer asked for a workshop' },
      headers: { 'if-match': String(before.body['@odata.etag']) },
    });
    expect(patched.status).toBe(204);
    const after = await api<Record<string, unknown>>(dv, `/opportunities(${id})`);
    expect(Number(after.body['versionnumber'])).toBeGreaterThan(Number(before.body['versionnumber']));
    expect(after.body['modifiedon']).toBe('2026-11-20T10:01:00Z');
    expect(after.body['_modifiedby_value']).toBe(
      dv.users().find((u) => u.username === 'seller1@contoso.example')?.id,
    );

    const stale = await api<{ error: { code: string } }>(dv, `/opportunities(${id})`, {
      method: 'PATCH',
      body: { description: 'lost update' },
      headers: { 'if-match': String(before.body['@odata.etag']) },
    });
    expect(stale.status).toBe(412);
    expect(stale.body.error.code).toBe('0x80060882');

    dv.updateRow('opportunity', id, { name: 'Deal (renamed)' }, { asUser: 'seller2@contoso.example' });
    expect(events.map((e) => [e.kind, e.source, e.username])).toEqual([
      ['created', 'api', 'admin@contoso.example'],
      ['updated', 'api', 'seller1@contoso.example'],
      ['updated', 'ui', 'seller2@contoso.example'],
    ]);
  });

  it('upserts: PATCH creates a missing row, If-None-Match: * refuses to update, If-Match: * refuses to create', async () => {
    const dv = await emulators.start();
    const id = '0b8e2f1a-4c3d-4e5f-8a9b-0c1d2e3f4a5b';
    const created = await api(dv, `/accounts(${id})`, { method: 'PATCH', body: { name: 'Upserted' } });
    expect(created.status).toBe(204);
    expect(dv.getRow('account', id)?.['name']).toBe('Upserted');

    const createOnly = await api<{ error: { code: string } }>(dv, `/accounts(${id})`, {
      method: 'PATCH',
      body: { name: 'again' },
      headers: { 'if-none-match': '*' },
    });
    expect(createOnly.status).toBe(412);
    expect(createOnly.body.error.code).toBe('0x80040237');

    const updateOnly = await api<{ error: { code: string } }>(
      dv,
      '/accounts(11111111-2222-4333-8444-555555555555)',
      {
        method: 'PATCH',
        body: { name: 'nobody' },
        headers: { 'if-match': '*' },
      },
    );
    expect(updateOnly.status).toBe(404);
    expect(updateOnly.body.error.code).toBe('0x80040217');

    const byAltKey = await api(dv, "/opportunities(cosell_referralidentifier='R-9')", {
      method: 'PATCH',
      body: { name: 'From referral' },
    });
    expect(byAltKey.status).toBe(204);
    expect(dv.rows('opportunity').find((r) => r['cosell_referralidentifier'] === 'R-9')?.['name']).toBe(
      'From referral',
    );
  });

  it('answers return=representation with 201 and the row; refuses a duplicate alternate key', async () => {
    const dv = await emulators.start();
    const created = await api<Record<string, unknown>>(
      dv,
      '/opportunities?$select=name,cosell_referralidentifier',
      {
        method: 'POST',
        body: { name: 'First', cosell_referralidentifier: 'R-2' },
        headers: { prefer: 'return=representation' },
      },
    );
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: 'First', cosell_referralidentifier: 'R-2' });
    const duplicate = await api<{ error: { code: string } }>(dv, '/opportunities', {
      method: 'POST',
      body: { name: 'Second', cosell_referralidentifier: 'r-2' },
    });
    expect(duplicate.status).toBe(412);
    expect(duplicate.body.error.code).toBe('0x80040237');
  });

  it('deletes (cascading to the account’s contacts), then answers 404 0x80040217', async () => {
    const dv = await emulators.start();
    const accountId = createdId(await api(dv, '/accounts', { method: 'POST', body: { name: 'Gone' } }));
    const contactId = createdId(
      await api(dv, '/contacts', {
        method: 'POST',
        body: {
          firstname: 'Ada',
          lastname: 'Lovelace',
          'parentcustomerid_account@odata.bind': `/accounts(${accountId})`,
        },
      }),
    );
    expect((await api(dv, `/accounts(${accountId})`, { method: 'DELETE' })).status).toBe(204);
    const missing = await api<{ error: { code: string; message: string } }>(dv, `/accounts(${accountId})`);
    expect(missing.status).toBe(404);
    expect(missing.body.error).toEqual({
      code: '0x80040217',
      message: `account With Id = ${accountId} Does Not Exist`,
    });
    expect(dv.getRow('contact', contactId)).toBeUndefined();
  });

  it('refuses unknown properties, wrong types, long text and direct lookup values with OData errors', async () => {
    const dv = await emulators.start();
    const cases: [Record<string, unknown>, number, string][] = [
      [{ name: 'x', nonsense: 1 }, 400, '0x80048d19'],
      [{ name: 7 }, 400, '0x80048d19'],
      [{ name: 'x'.repeat(301) }, 400, '0x80044331'],
      [{ name: 'x', parentaccountid: '0b8e2f1a-4c3d-4e5f-8a9b-0c1d2e3f4a5b' }, 400, '0x80048d19'],
      [{ name: 'x', statuscode: 3 }, 400, '0x80040203'],
      [
        { name: 'x', 'parentaccountid@odata.bind': '/accounts(0b8e2f1a-4c3d-4e5f-8a9b-0c1d2e3f4a5b)' },
        404,
        '0x80040217',
      ],
    ];
    for (const [body, status, code] of cases) {
      const answer = await api<{ error: { code: string } }>(dv, '/opportunities', { method: 'POST', body });
      expect([answer.status, answer.body.error.code], JSON.stringify(body)).toEqual([status, code]);
    }
  });
});
