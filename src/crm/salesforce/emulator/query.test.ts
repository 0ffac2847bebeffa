// Contract: SOQL through the REST API — every operator, literals and date literals, relationship fields,
// parent-child subqueries, ORDER BY / LIMIT / OFFSET, COUNT(), queryAll, paging through nextRecordsUrl (2,500 rows at 1,000 a batch,
// no duplicates, no gaps), batch-size header, cursor limits and expiry, and the refusals.
/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-argument, @typescript-eslint/no-unsafe-return, @typescript-eslint/no-unsafe-call, @typescript-eslint/no-explicit-any --
   contract tests read the wire's untyped JSON on purpose: the assertions are the type check. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock, startSalesforceEmulator, type SalesforceEmulator, type SeedRecords } from './index.js';
import { api, call, soql, tokenFor } from './test-support.js';

type Json = Record<string, any>;

const seed: SeedRecords = {
  Account: [
    { '@id': 'fab', Name: 'Fabrikam', BillingCountry: 'NL', OwnerId: '@{user:seller1@contoso.example}' },
    { '@id': 'con', Name: 'Contoso', BillingCountry: 'Deutschland' },
    { '@id': 'nor', Name: 'northwind', BillingCountry: 'US' },
  ],
  Opportunity: [
    {
      Name: 'Alpha',
      StageName: 'Prospecting',
      CloseDate: '2026-12-31',
      Amount: 1000,
      AccountId: '@{fab}',
      OwnerId: '@{user:seller1@contoso.example}',
      CreatedDate: '2026-11-19T08:00:00Z',
    },
    {
      Name: 'beta',
      StageName: 'Closed Won',
      CloseDate: '2026-10-01',
      Amount: 50000,
      AccountId: '@{con}',
      CreatedDate: '2026-09-01T00:00:00Z',
    },
    {
      Name: 'Gamma',
      StageName: 'On Hold',
      CloseDate: '2026-11-20',
      AccountId: '@{nor}',
      Description: "O'Brien said 50% off",
      CreatedDate: '2026-11-20T09:00:00+02:00',
    },
    {
      Name: 'Delta',
      StageName: 'Closed Lost',
      CloseDate: '2026-11-21',
      Amount: 250,
      Sync_with_Partner_Center__c: true,
      Referral_Identifier__c: 'R-1',
      CreatedDate: '2026-11-13T00:00:00Z',
    },
    {
      Name: 'Epsilon_1',
      StageName: 'Qualification',
      CloseDate: '2027-01-15',
      Amount: 1000,
      AccountId: '@{fab}',
      Sync_with_Partner_Center__c: true,
      How_can_Microsoft_help__c: 'ProofOfConceptOrDemo',
      CreatedDate: '2026-11-20T09:59:59Z',
    },
  ],
};

let emulator: SalesforceEmulator;
beforeAll(async () => {
  emulator = await startSalesforceEmulator({ clock: new ManualClock('2026-11-20T10:00:00Z'), seed });
});
afterAll(async () => {
  await emulator.close();
});

async function names(where: string, order = 'ORDER BY Name'): Promise<string[]> {
  const r = await soql<Json>(emulator, `SELECT Name FROM Opportunity WHERE ${where} ${order}`);
  expect(r.status, `${where}: ${r.text}`).toBe(200);
  return (r.body['records'] as Json[]).map((x) => x['Name']);
}

async function refused(query: string): Promise<Json> {
  const r = await soql<Json[]>(emulator, query);
  expect(r.status, query).toBe(400);
  return r.body[0] as Json;
}

describe('operators', () => {
  it.each([
    ["Name = 'alpha'", ['Alpha']],
    ["Name != 'Alpha'", ['beta', 'Delta', 'Epsilon_1', 'Gamma']],
    ["Name <> 'Alpha'", ['beta', 'Delta', 'Epsilon_1', 'Gamma']],
    ['Amount < 1000', ['Delta']],
    ['Amount <= 1000', ['Alpha', 'Delta', 'Epsilon_1']],
    ['Amount > 1000', ['beta']],
    ['Amount >= 1000', ['Alpha', 'beta', 'Epsilon_1']],
    ['Amount = null', ['Gamma']],
    ['Amount != null', ['Alpha', 'beta', 'Delta', 'Epsilon_1']],
    // SOQL's != matches nulls, unlike SQL.
    ['Amount != 1000', ['beta', 'Delta', 'Gamma']],
    ["Name LIKE 'a%'", ['Alpha']],
    ["Name LIKE '%ta'", ['beta', 'Delta']],
    ["Name LIKE 'Epsilon\\_1'", ['Epsilon_1']],
    ["Name LIKE '_amma'", ['Gamma']],
    ["StageName IN ('Prospecting', 'on hold')", ['Alpha', 'Gamma']],
    ["StageName NOT IN ('Prospecting', 'On Hold')", ['beta', 'Delta', 'Epsilon_1']],
    ['Sync_with_Partner_Center__c = true', ['Delta', 'Epsilon_1']],
    ['IsClosed = false AND IsWon = false', ['Alpha', 'Epsilon_1', 'Gamma']],
    ["IsWon = true OR (StageName = 'Closed Lost' AND Amount < 500)", ['beta', 'Delta']],
    ["NOT Name = 'Alpha' AND NOT (Amount > 500)", ['Delta', 'Gamma']],
    ["Referral_Identifier__c = 'r-1'", ['Delta']],
    ['How_can_Microsoft_help__c != null', ['Epsilon_1']],
  ])('%s', async (where, expected) => {
    expect(await names(where)).toEqual(expected);
  });

  it('dates, date-times in their forms, and date literals on the emulator clock (2026-11-20T10:00Z)', async () => {
    expect(await names('CloseDate = 2026-11-20')).toEqual(['Gamma']);
    expect(await names('CloseDate > TODAY')).toEqual(['Alpha', 'Delta', 'Epsilon_1']);
    expect(await names('CloseDate = TOMORROW')).toEqual(['Delta']);
    expect(await names('CloseDate < 2026-11-20')).toEqual(['beta']);
    expect(await names('CreatedDate = TODAY')).toEqual(['Epsilon_1', 'Gamma']);
    expect(await names('CreatedDate = YESTERDAY')).toEqual(['Alpha']);
    expect(await names('CreatedDate = LAST_N_DAYS:7')).toEqual(['Alpha', 'Delta', 'Epsilon_1', 'Gamma']);
    expect(await names('CreatedDate < LAST_N_DAYS:7')).toEqual(['beta']);
    expect(await names('CreatedDate = N_DAYS_AGO:7')).toEqual(['Delta']);
    expect(await names('CloseDate = NEXT_N_DAYS:60')).toEqual(['Alpha', 'Delta', 'Epsilon_1']);
    expect(await names('CreatedDate > 2026-11-20T07:00:00Z')).toEqual(['Epsilon_1']);
    expect(await names('CreatedDate >= 2026-11-20T09:00:00+02:00')).toEqual(['Epsilon_1', 'Gamma']);
    expect(await names('CreatedDate = 2026-11-20T07:00:00.000+0000')).toEqual(['Gamma']);
  });
});

describe('fields and shape', () => {
  it('relationship fields nest under the relationship; an empty lookup is null; names come back canonical', async () => {
    const r = await soql<Json>(
      emulator,
      "select name, account.name, Account.BillingCountry, owner.email, Owner.Profile.Name from opportunity where name in ('Alpha', 'Delta') order by name",
    );
    expect(r.status).toBe(200);
    const [alpha, delta] = r.body['records'];
    expect(Object.keys(alpha)).toEqual(['attributes', 'Name', 'Account', 'Owner']);
    expect(alpha['attributes']).toEqual({
      type: 'Opportunity',
      url: expect.stringMatching(/^\/services\/data\/v60\.0\/sobjects\/Opportunity\/006/),
    });
    expect(alpha['Account']).toEqual({
      attributes: { type: 'Account', url: expect.stringMatching(/\/sobjects\/Account\/001/) },
      Name: 'Fabrikam',
      BillingCountry: 'NL',
    });
    expect(alpha['Owner']).toMatchObject({
      Email: 'seller1@contoso.example',
      Profile: { Name: 'Standard User' },
    });
    expect(delta['Account']).toBeNull();
    expect(delta['Owner']['Profile']['Name']).toBe('System Administrator');
  });

  it('filters and sorts on relationship fields; a custom relationship uses __r', async () => {
    expect(await names("Account.BillingCountry = 'NL'")).toEqual(['Alpha', 'Epsilon_1']);
    expect(await names("Owner.Email LIKE 'seller1@%'")).toEqual(['Alpha']);
    const opp = emulator.records('Opportunity').find((o) => o['Name'] === 'Alpha')?.['Id'];
    emulator.insertRecord('Microsoft_Solution__c', {
      Name: 'Sol',
      Solution_Id__c: 'SOL-9',
      Opportunity__c: opp,
    });
    const r = await soql<Json>(
      emulator,
      "SELECT Name, Opportunity__r.Name, Opportunity__r.Account.Name FROM Microsoft_Solution__c WHERE Solution_Id__c = 'SOL-9'",
    );
    expect(r.body['records'][0]['Opportunity__r']).toMatchObject({
      Name: 'Alpha',
      Account: { Name: 'Fabrikam' },
    });
  });

  it('ORDER BY: several keys, ASC/DESC, NULLS FIRST/LAST (default first ascending, last descending); LIMIT; OFFSET', async () => {
    const q = async (text: string) =>
      ((await soql<Json>(emulator, text)).body['records'] as Json[]).map((x) => x['Name']);
    expect(await q('SELECT Name FROM Opportunity ORDER BY Amount, Name')).toEqual([
      'Gamma',
      'Delta',
      'Alpha',
      'Epsilon_1',
      'beta',
    ]);
    expect(await q('SELECT Name FROM Opportunity ORDER BY Amount DESC, Name DESC')).toEqual([
      'beta',
      'Epsilon_1',
      'Alpha',
      'Delta',
      'Gamma',
    ]);
    expect(await q('SELECT Name FROM Opportunity ORDER BY Amount ASC NULLS LAST, Name')).toEqual([
      'Delta',
      'Alpha',
      'Epsilon_1',
      'beta',
      'Gamma',
    ]);
    expect(await q('SELECT Name FROM Opportunity ORDER BY Amount DESC NULLS FIRST, Name LIMIT 2')).toEqual([
      'Gamma',
      'beta',
    ]);
    expect(await q('SELECT Name FROM Opportunity ORDER BY Name LIMIT 2 OFFSET 1')).toEqual(['beta', 'Delta']);
    expect(await q('SELECT Name FROM Opportunity ORDER BY Account.Name NULLS LAST, Name')).toEqual([
      'beta',
      'Alpha',
      'Epsilon_1',
      'Gamma',
      'Delta',
    ]);
    const offset = await refused('SELECT Name FROM Opportunity OFFSET 2001');
    expect(offset['errorCode']).toBe('NUMBER_OUTSIDE_VALID_RANGE');
  });

  it('parent-child subqueries: child records under the relationship name in select order, null when none', async () => {
    const r = await soql<Json>(
      emulator,
      'SELECT Name, (SELECT Name, StageName FROM opportunities WHERE IsClosed = false ORDER BY Name DESC LIMIT 1), BillingCountry FROM Account ORDER BY Name',
    );
    expect(r.status, r.text).toBe(200);
    const [contoso, fabrikam, northwind] = r.body['records'];
    expect(Object.keys(fabrikam)).toEqual(['attributes', 'Name', 'Opportunities', 'BillingCountry']);
    expect(fabrikam['Opportunities']).toEqual({
      totalSize: 1,
      done: true,
      records: [
        {
          attributes: { type: 'Opportunity', url: expect.stringMatching(/\/sobjects\/Opportunity\/006/) },
          Name: 'Epsilon_1',
          StageName: 'Qualification',
        },
      ],
    });
    expect(contoso['Opportunities']).toBeNull();
    expect(northwind['Opportunities']['records'].map((o: Json) => o['Name'])).toEqual(['Gamma']);
    const opp = String(emulator.records('Opportunity').find((o) => o['Name'] === 'Delta')?.['Id']);
    for (const solutionId of ['SOL-B', 'SOL-A']) {
      emulator.insertRecord('Microsoft_Solution__c', {
        Name: solutionId,
        Solution_Id__c: solutionId,
        Opportunity__c: opp,
      });
    }
    const custom = await soql<Json>(
      emulator,
      `SELECT Id, Account.Name, (SELECT Solution_Id__c FROM Microsoft_Solutions__r ORDER BY Solution_Id__c) FROM Opportunity WHERE Id = '${opp}'`,
    );
    expect(
      custom.body['records'][0]['Microsoft_Solutions__r']['records'].map((s: Json) => s['Solution_Id__c']),
    ).toEqual(['SOL-A', 'SOL-B']);
    expect((await refused('SELECT Id, (SELECT Id FROM Contact) FROM Account'))['errorCode']).toBe(
      'INVALID_TYPE',
    );
    expect((await refused('SELECT Id, (SELECT Nope FROM Contacts) FROM Account'))['errorCode']).toBe(
      'INVALID_FIELD',
    );
    expect(
      (await refused('SELECT Id, (SELECT Id FROM Contacts), (SELECT Id FROM contacts) FROM Account'))[
        'message'
      ],
    ).toContain('duplicate field selected: Contacts');
  });

  it('COUNT() answers totalSize with no records', async () => {
    const r = await soql<Json>(emulator, 'SELECT COUNT() FROM Opportunity WHERE IsClosed = true');
    expect(r.body).toEqual({ totalSize: 2, done: true, records: [] });
  });
});

describe('refusals', () => {
  it('MALFORMED_QUERY, INVALID_FIELD, INVALID_TYPE, INVALID_QUERY_FILTER_OPERATOR, each with a caret', async () => {
    expect((await refused('SELECT Id FROM Opportunity WHERE')).errorCode).toBe('MALFORMED_QUERY');
    const field = await refused('SELECT Id, Nmae FROM Opportunity');
    expect(field['errorCode']).toBe('INVALID_FIELD');
    expect(field['message']).toContain(
      "\nSELECT Id, Nmae FROM Opportunity\n           ^\nERROR at Row:1:Column:12\nNo such column 'Nmae' on entity 'Opportunity'",
    );
    expect((await refused('SELECT Acount.Name FROM Opportunity'))['message']).toContain(
      "Didn't understand relationship 'Acount'",
    );
    expect((await refused('SELECT Id FROM Opportunity WHERE Account.Nope = null'))['errorCode']).toBe(
      'INVALID_FIELD',
    );
    expect((await refused('SELECT Id FROM Oportunity'))['errorCode']).toBe('INVALID_TYPE');
    expect(
      (await refused("SELECT Id FROM Opportunity WHERE Partner_Center_Audit__c = 'x'"))['message'],
    ).toContain('can not be filtered');
    expect((await refused('SELECT Id FROM Opportunity ORDER BY Description'))['message']).toContain(
      'can not be sorted',
    );
    for (const bad of [
      "SELECT Id FROM Opportunity WHERE Amount = '5'",
      'SELECT Id FROM Opportunity WHERE Name = 5',
      "SELECT Id FROM Opportunity WHERE CloseDate = '2026-11-20'",
      'SELECT Id FROM Opportunity WHERE CloseDate = 2026-11-20T10:00:00Z',
      'SELECT Id FROM Opportunity WHERE CreatedDate = 2026-11-20',
      "SELECT Id FROM Opportunity WHERE IsClosed = 'true'",
      "SELECT Id FROM Opportunity WHERE AccountId = 'not-an-id'",
      'SELECT Id FROM Opportunity WHERE Amount LIKE 5',
      'SELECT Id FROM Opportunity WHERE IsClosed > false',
    ]) {
      expect((await refused(bad))['errorCode'], bad).toBe('INVALID_QUERY_FILTER_OPERATOR');
    }
    expect((await refused('SELECT Name, name FROM Opportunity'))['message']).toContain(
      'duplicate field selected: Name',
    );
    const none = await api<Json[]>(emulator, '/query');
    expect(none.status).toBe(400);
    expect(none.body[0]?.['errorCode']).toBe('MALFORMED_QUERY');
  });

  it('ids compare in 15 or 18 characters', async () => {
    const id = String(emulator.records('Opportunity').find((o) => o['Name'] === 'Alpha')?.['Id']);
    expect(await names(`Id = '${id.slice(0, 15)}'`)).toEqual(['Alpha']);
    expect(await names(`Id IN ('${id}')`)).toEqual(['Alpha']);
  });
});

describe('queryAll and deleted records', () => {
  it('query leaves deleted records out, queryAll returns them with IsDeleted', async () => {
    const temp = emulator.insertRecord('Opportunity', {
      Name: 'Zeta',
      StageName: 'Prospecting',
      CloseDate: '2026-12-01',
    });
    emulator.deleteRecord('Opportunity', String(temp['Id']));
    const text = encodeURIComponent("SELECT Name, IsDeleted FROM Opportunity WHERE Name = 'Zeta'");
    expect((await api<Json>(emulator, `/query?q=${text}`)).body['totalSize']).toBe(0);
    const all = await api<Json>(emulator, `/queryAll?q=${text}`);
    expect(all.body['records']).toEqual([expect.objectContaining({ Name: 'Zeta', IsDeleted: true })]);
  });
});

describe('paging', () => {
  let big: SalesforceEmulator;
  const expected: string[] = [];
  beforeAll(async () => {
    const accounts = Array.from({ length: 2500 }, (_, i) => ({
      Name: `Account ${String(i).padStart(4, '0')}`,
    }));
    big = await startSalesforceEmulator({
      clock: new ManualClock('2026-11-20T10:00:00Z'),
      seed: { Account: accounts },
      pageSize: 1000,
    });
    expected.push(...big.records('Account').map((a) => String(a['Id'])));
  });
  afterAll(async () => {
    await big.close();
  });

  async function all(query: string, headers: Record<string, string> = {}) {
    const token = tokenFor(big);
    const pages: Json[] = [];
    let r = await call<Json>(`${big.url}/services/data/v60.0/query?q=${encodeURIComponent(query)}`, {
      token,
      headers,
    });
    pages.push(r.body);
    while (r.body['nextRecordsUrl']) {
      expect(r.body['done']).toBe(false);
      r = await call<Json>(`${big.url}${r.body['nextRecordsUrl']}`, { token, headers });
      expect(r.status, r.text).toBe(200);
      pages.push(r.body);
    }
    expect(r.body['done']).toBe(true);
    return pages;
  }

  it('2,500 records at 1,000 a batch: three pages, every id once, totalSize on each page', async () => {
    const pages = await all('SELECT Id, Name FROM Account');
    expect(pages.map((p) => p['records'].length)).toEqual([1000, 1000, 500]);
    expect(pages.every((p) => p['totalSize'] === 2500)).toBe(true);
    expect(pages[0]?.['nextRecordsUrl']).toMatch(
      /^\/services\/data\/v60\.0\/query\/01g[0-9A-Za-z]{15}-1000$/,
    );
    const ids = pages.flatMap((p) => p['records'].map((r: Json) => r['Id']));
    expect(new Set(ids).size).toBe(2500);
    expect(ids).toEqual(expected);
  });

  it('ORDER BY DESC pages in order; Sforce-Query-Options batchSize sets the batch (clamped to 200..2,000)', async () => {
    const pages = await all('SELECT Name FROM Account ORDER BY Name DESC', {
      'Sforce-Query-Options': 'batchSize=700',
    });
    expect(pages.map((p) => p['records'].length)).toEqual([700, 700, 700, 400]);
    const names = pages.flatMap((p) => p['records'].map((r: Json) => r['Name']));
    expect(names[0]).toBe('Account 2499');
    expect(names.at(-1)).toBe('Account 0000');
    expect([...names].sort().reverse()).toEqual(names);
    const small = await all('SELECT Id FROM Account LIMIT 450', { 'Sforce-Query-Options': 'batchSize=10' });
    expect(small.map((p) => p['records'].length)).toEqual([200, 200, 50]);
  });

  it('a cursor expires after 15 idle minutes; an 11th open cursor releases the oldest', async () => {
    const token = tokenFor(big, 'seller1@contoso.example');
    const open = async () =>
      (
        await call<Json>(
          `${big.url}/services/data/v60.0/query?q=${encodeURIComponent('SELECT Id FROM Account')}`,
          { token },
        )
      ).body['nextRecordsUrl'] as string;
    const first = await open();
    for (let i = 0; i < 10; i++) await open();
    const released = await call<Json[]>(`${big.url}${first}`, { token });
    expect(released.status).toBe(400);
    expect(released.body[0]?.['errorCode']).toBe('INVALID_QUERY_LOCATOR');
    const recent = await open();
    big.advanceClock(15 * 60_000 + 1);
    const expired = await call<Json[]>(`${big.url}${recent}`, { token });
    expect(expired.body[0]?.['errorCode']).toBe('INVALID_QUERY_LOCATOR');
  });
});
