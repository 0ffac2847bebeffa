// Fidelity: jsforce 3.10.16, the standard Salesforce client for Node, used unchanged against the emulator —
// OAuth username-password login (and SOAP login), CRUD and upsert through SObject, SOQL with autoFetch across
// batches and queryMore, find() with jsforce's own SOQL builder, composite through requestPost, sObject
// Collections through array create/update/retrieve/destroy, describe, identity, limits, the replication
// feeds, error codes, and session refresh on INVALID_SESSION_ID (proved by moving the emulator clock).
// jsforce is a devDependency for this test only; product code never imports it.
/* eslint-disable @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-return --
   jsforce types records as any-valued maps; the assertions are the type check. */
import jsforce, { type Connection } from 'jsforce';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  defaultUserPassword,
  ManualClock,
  startSalesforceEmulator,
  type SalesforceEmulator,
} from './index.js';

const sessionTimeoutSeconds = 900;
let emulator: SalesforceEmulator;
let oauth2: { loginUrl: string; clientId: string; clientSecret: string };

beforeAll(async () => {
  emulator = await startSalesforceEmulator({
    clock: new ManualClock('2026-11-20T10:00:00Z'),
    sessionTimeoutSeconds,
    pageSize: 1000,
    seed: {
      Account: Array.from({ length: 2500 }, (_, i) => ({ Name: `Bulk ${String(i).padStart(4, '0')}` })),
    },
  });
  oauth2 = { loginUrl: emulator.url, clientId: 'cosell-jsforce-test', clientSecret: 'not-checked' };
});
afterAll(async () => {
  await emulator.close();
});

async function login(username = 'integration@contoso.example'): Promise<Connection> {
  const conn = new jsforce.Connection({ loginUrl: emulator.url, version: '60.0', oauth2 });
  await conn.login(username, defaultUserPassword);
  return conn;
}

const opportunity = { Name: 'jsforce deal', StageName: 'Prospecting', CloseDate: '2026-12-31' };

describe('jsforce against the emulator', () => {
  it('logs in with the OAuth username-password flow and with SOAP login', async () => {
    const conn = await login();
    const user = emulator.users().find((u) => u.username === 'integration@contoso.example');
    expect(conn.instanceUrl).toBe(emulator.url);
    expect(conn.userInfo).toMatchObject({ id: user?.id, organizationId: emulator.orgId });
    const identity = await conn.identity();
    expect(identity.username).toBe('integration@contoso.example');

    const soap = new jsforce.Connection({ loginUrl: emulator.url, version: '60.0' });
    const info = await soap.login('seller1@contoso.example', defaultUserPassword);
    expect(info.organizationId).toBe(emulator.orgId);
    expect((await soap.limits()).DailyApiRequests?.Max).toBe(100_000);
    await expect(
      new jsforce.Connection({ loginUrl: emulator.url, version: '60.0', oauth2 }).login(
        'integration@contoso.example',
        'wrong',
      ),
    ).rejects.toThrow(/authentication failure/);
  });

  it('creates, retrieves, updates, upserts and destroys through SObject; LastModifiedById is the caller', async () => {
    const conn = await login('seller2@contoso.example');
    const so = conn.sobject('Opportunity');
    const created = await so.create(opportunity);
    expect(created).toEqual({ id: expect.stringMatching(/^006/), success: true, errors: [] });
    const id = created.id as string;
    const read = await so.retrieve(id);
    expect(read).toMatchObject({ Id: id, Name: 'jsforce deal', IsClosed: false, CurrencyIsoCode: 'USD' });
    expect(await so.update({ Id: id, StageName: 'Closed Won' })).toEqual({ id, success: true, errors: [] });
    const seller = emulator.users().find((u) => u.username === 'seller2@contoso.example')?.id;
    expect(emulator.getRecord('Opportunity', id)).toMatchObject({ IsWon: true, LastModifiedById: seller });

    const upserted = await so.upsert(
      { ...opportunity, Referral_Identifier__c: 'js-1' },
      'Referral_Identifier__c',
    );
    expect(upserted).toMatchObject({ success: true, created: true });
    expect(
      await so.upsert({ Referral_Identifier__c: 'js-1', Amount: 42 }, 'Referral_Identifier__c'),
    ).toMatchObject({
      success: true,
      created: false,
    });
    emulator.insertRecord('Microsoft_Solution__c', { Name: 'A', Solution_Id__c: 'SOL-JS' });
    emulator.insertRecord('Microsoft_Solution__c', { Name: 'B', Solution_Id__c: 'SOL-JS' });
    await expect(
      conn.sobject('Microsoft_Solution__c').upsert({ Solution_Id__c: 'SOL-JS', Name: 'C' }, 'Solution_Id__c'),
    ).rejects.toMatchObject({
      errorCode: 'MULTIPLE_CHOICES',
    });

    expect(await so.destroy(id)).toEqual({ id, success: true, errors: [] });
    await expect(so.retrieve(id)).rejects.toMatchObject({ errorCode: 'NOT_FOUND' });
    await expect(so.create({ Name: 'no stage' })).rejects.toMatchObject({
      errorCode: 'REQUIRED_FIELD_MISSING',
    });
  });

  it('queries with autoFetch across 1,000-row batches, and page by page with queryMore', async () => {
    const conn = await login();
    const all = await conn
      .query<{ Id: string; Name: string }>('SELECT Id, Name FROM Account ORDER BY Name')
      .run({ autoFetch: true, maxFetch: 5000 });
    expect(all.totalSize).toBe(2500);
    expect(all.records).toHaveLength(2500);
    expect(new Set(all.records.map((r) => r.Id)).size).toBe(2500);
    expect(all.records[2499]?.Name).toBe('Bulk 2499');

    const first = await conn.query('SELECT Id FROM Account');
    expect(first.done).toBe(false);
    expect(first.records).toHaveLength(1000);
    let page = first;
    let fetched = first.records.length;
    while (!page.done && page.nextRecordsUrl) {
      page = await conn.queryMore(page.nextRecordsUrl);
      fetched += page.records.length;
    }
    expect(fetched).toBe(2500);
  });

  it("find() with jsforce's SOQL builder, '*' expanded through describe, relationship fields", async () => {
    const conn = await login();
    await conn.sobject('Opportunity').create([
      { ...opportunity, Name: 'find-1', Amount: 5000 },
      { ...opportunity, Name: 'find-2', Amount: 50, StageName: 'Qualification' },
    ]);
    const rows = await conn
      .sobject('Opportunity')
      .find(
        {
          Name: { $like: 'find-%' },
          Amount: { $gte: 100 },
          StageName: { $in: ['Prospecting', 'Qualification'] },
        },
        '*',
      )
      .sort({ Name: -1 })
      .limit(5);
    expect(rows.map((r) => r['Name'])).toEqual(['find-1']);
    expect(Object.keys(rows[0] ?? {})).toEqual(
      expect.arrayContaining(['Referral_Identifier__c', 'SystemModstamp']),
    );
    const withOwner = await conn
      .sobject('Opportunity')
      .find({ Name: 'find-2' }, ['Id', 'Owner.Email', 'Account.Name']);
    expect(withOwner[0]).toMatchObject({ Owner: { Email: 'integration@contoso.example' }, Account: null });
  });

  it('runs composite requests through requestPost with references and allOrNone', async () => {
    const conn = await login();
    const result = await conn.requestPost<{ compositeResponse: { httpStatusCode: number; body: unknown }[] }>(
      '/services/data/v60.0/composite',
      {
        allOrNone: true,
        compositeRequest: [
          {
            method: 'POST',
            url: '/services/data/v60.0/sobjects/Account',
            referenceId: 'acct',
            body: { Name: 'jsforce composite' },
          },
          {
            method: 'POST',
            url: '/services/data/v60.0/sobjects/Opportunity',
            referenceId: 'opp',
            body: { ...opportunity, AccountId: '@{acct.id}' },
          },
        ],
      },
    );
    expect(result.compositeResponse.map((r) => r.httpStatusCode)).toEqual([201, 201]);
    const rolledBack = await conn.requestPost<{ compositeResponse: { httpStatusCode: number }[] }>(
      '/services/data/v60.0/composite',
      {
        allOrNone: true,
        compositeRequest: [
          {
            method: 'POST',
            url: '/services/data/v60.0/sobjects/Account',
            referenceId: 'a',
            body: { Name: 'never' },
          },
          {
            method: 'POST',
            url: '/services/data/v60.0/sobjects/Opportunity',
            referenceId: 'b',
            body: { Name: 'no stage' },
          },
        ],
      },
    );
    expect(rolledBack.compositeResponse.map((r) => r.httpStatusCode)).toEqual([400, 400]);
    expect(emulator.records('Account').filter((a) => a['Name'] === 'never')).toHaveLength(0);
  });

  it('sends arrays to sObject Collections: create with allOrNone, update, retrieve, destroy', async () => {
    const conn = await login();
    const so = conn.sobject('Contact');
    const created = await so.create(
      Array.from({ length: 200 }, (_, i) => ({ LastName: `Collection ${i}` })),
      { allOrNone: true },
    );
    expect(created).toHaveLength(200);
    expect(created.every((r) => r.success)).toBe(true);
    const ids = created.map((r) => r.id as string);
    const updated = await so.update(
      ids.map((Id) => ({ Id, Title: 'Buyer' })),
      { allOrNone: true },
    );
    expect(updated.every((r) => r.success)).toBe(true);
    const read = await so.retrieve(ids.slice(0, 3));
    expect(read.map((r) => r?.['Title'])).toEqual(['Buyer', 'Buyer', 'Buyer']);
    const failed = await so.create([{ LastName: 'ok' }, { FirstName: 'no last name' }], { allOrNone: true });
    // Salesforce names the code statusCode in collection results; jsforce's SaveError type says errorCode.
    expect(
      failed.map((r) => (r.success ? 'ok' : (r.errors[0] as unknown as { statusCode: string }).statusCode)),
    ).toEqual(['ALL_OR_NONE_OPERATION_ROLLED_BACK', 'REQUIRED_FIELD_MISSING']);
    const destroyed = await so.destroy(ids);
    expect(destroyed.every((r) => r.success)).toBe(true);
    expect(emulator.records('Contact')).toHaveLength(0);
  });

  it('describes objects, reads limits and Sforce-Limit-Info, and polls the updated/deleted feeds', async () => {
    const conn = await login();
    const describe = await conn.describe('Opportunity');
    expect(describe.fields.find((f) => f.name === 'Referral_Identifier__c')).toMatchObject({
      externalId: true,
      unique: true,
    });
    const global = await conn.describeGlobal();
    expect(global.sobjects.map((o) => o.name)).toContain('Microsoft_Solution__c');
    await conn.limits();
    expect(conn.limitInfo.apiUsage?.limit).toBe(100_000);
    expect(conn.limitInfo.apiUsage?.used).toBe(emulator.apiCalls().total);

    const start = new Date(emulator.now().getTime() - 60_000);
    const id = (await conn.sobject('Opportunity').create({ ...opportunity, Name: 'feed' })).id as string;
    emulator.advanceClock(120_000);
    await conn.sobject('Opportunity').destroy(id);
    emulator.advanceClock(60_000);
    const updated = await conn.sobject('Opportunity').updated(start, emulator.now());
    expect(updated.ids).not.toContain(id); // deleted since: it moved to getDeleted
    const deleted = await conn.sobject('Opportunity').deleted(start, emulator.now());
    expect(deleted.deletedRecords.map((d) => d.id)).toContain(id);
  });

  it('refreshes an expired session with the refresh token on INVALID_SESSION_ID; a revoked one fails', async () => {
    const tokens = emulator.issueTokens('integration@contoso.example', { clientId: oauth2.clientId });
    const conn = new jsforce.Connection({
      oauth2,
      version: '60.0',
      instanceUrl: tokens.instance_url,
      accessToken: tokens.access_token,
      refreshToken: tokens.refresh_token ?? '',
    });
    const refreshed: string[] = [];
    conn.on('refresh', (accessToken: string) => refreshed.push(accessToken));
    expect((await conn.query('SELECT COUNT() FROM Account')).totalSize).toBeGreaterThan(0);
    emulator.advanceClock((sessionTimeoutSeconds + 1) * 1000);
    expect((await conn.query('SELECT COUNT() FROM Account')).totalSize).toBeGreaterThan(0);
    expect(refreshed).toHaveLength(1);
    expect(conn.accessToken).toBe(refreshed[0]);
    expect(conn.accessToken).not.toBe(tokens.access_token);

    emulator.revokeTokens('integration@contoso.example');
    await expect(conn.query('SELECT COUNT() FROM Account')).rejects.toThrow(
      /Unable to refresh session due to: expired access\/refresh token/,
    );
  });

  it('logs in again with username and password when a password-flow session expires', async () => {
    const conn = await login('seller3@contoso.example');
    const before = conn.accessToken;
    emulator.advanceClock((sessionTimeoutSeconds + 1) * 1000);
    expect((await conn.sobject('Account').find({ Name: 'Bulk 0001' }, ['Id'])).length).toBe(1);
    expect(conn.accessToken).not.toBe(before);
  });
});
