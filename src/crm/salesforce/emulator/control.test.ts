// Contract: the /_emulator control surface another process drives, generated and seeded data (deterministic,
// varied, valid), and the CLI-independent serve function.
/* eslint-disable @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-return, @typescript-eslint/no-explicit-any --
   contract tests read the wire's untyped JSON on purpose: the assertions are the type check. */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { pcAssistanceRequestCodes } from '../../../partner-center/wire.js';
import {
  defaultUserPassword,
  howCanMicrosoftHelpValues,
  serveSalesforceEmulator,
  type SalesforceEmulator,
} from './index.js';
import { api, call, useSalesforceEmulators } from './test-support.js';

type Json = Record<string, any>;

const { start, track } = useSalesforceEmulators();

describe('/_emulator', () => {
  it('creates many records in one call as a person (all or none), each readable through the REST API', async () => {
    const emulator = await start();
    const url = `${emulator.url}/_emulator/records/Opportunity/bulk?asUser=seller1@contoso.example`;
    const deal = (n: number) => ({ Name: `Bulk ${n}`, StageName: 'Prospecting', CloseDate: '2027-01-31' });
    const bulk = await call<Json>(url, {
      method: 'POST',
      body: { records: [deal(1), { ...deal(2), Referral_Identifier__c: 'R-BULK' }, deal(3)] },
    });
    expect(bulk.status, bulk.text).toBe(201);
    const ids: string[] = bulk.body['ids'];
    expect(ids).toHaveLength(3);
    const seller = emulator.users().find((u) => u.username === 'seller1@contoso.example')?.id;
    for (const [n, id] of ids.entries()) {
      const read = await api<Json>(emulator, `/sobjects/Opportunity/${id}`);
      expect(read.status).toBe(200);
      expect(read.body).toMatchObject({ Name: `Bulk ${n + 1}`, CreatedById: seller, IsClosed: false });
    }

    // A duplicate Referral Identifier in the third record: nothing of the call is kept.
    const refused = await call<Json>(url, {
      method: 'POST',
      body: { records: [deal(4), deal(5), { ...deal(6), Referral_Identifier__c: 'r-bulk' }] },
    });
    expect(refused.status).toBe(400);
    expect(refused.body['error']).toMatchObject({
      code: 'emulatorControl',
      message: expect.stringMatching(/^records\[2\]: DUPLICATE_VALUE/),
      errors: [expect.objectContaining({ errorCode: 'DUPLICATE_VALUE' })],
    });
    expect(emulator.records('Opportunity')).toHaveLength(3);
    expect((await call(url, { method: 'POST', body: { records: [1] } })).status).toBe(400);
  });

  it('edits records as a person in the UI, issues and revokes tokens, sets faults and the cap, moves the clock', async () => {
    const emulator = await start();
    const control = `${emulator.url}/_emulator`;
    expect((await call<Json>(`${control}/health`)).body).toMatchObject({
      ok: true,
      orgId: emulator.orgId,
      now: '2026-11-20T10:00:00.000Z',
    });
    expect((await call<Json[]>(`${control}/users`)).body.map((u) => u['username'])).toContain(
      'integration@contoso.example',
    );

    const created = await call<Json>(`${control}/records/Opportunity?asUser=seller1@contoso.example`, {
      method: 'POST',
      body: { Name: 'UI deal', StageName: 'Qualification', CloseDate: '2026-12-01' },
    });
    expect(created.status).toBe(201);
    const seller = (await call<Json[]>(`${control}/users`)).body.find(
      (u) => u['username'] === 'seller1@contoso.example',
    );
    expect(created.body).toMatchObject({
      Name: 'UI deal',
      CreatedById: seller?.['id'],
      OwnerId: seller?.['id'],
    });
    const id = created.body['Id'];
    const patched = await call<Json>(`${control}/records/Opportunity/${id}`, {
      method: 'PATCH',
      body: { StageName: 'Closed Won' },
    });
    expect(patched.body).toMatchObject({ IsWon: true });
    const refused = await call<Json>(`${control}/records/Opportunity/${id}`, {
      method: 'PATCH',
      body: { StageName: 'Nope' },
    });
    expect(refused.status).toBe(400);
    expect(refused.body['error']).toMatchObject({
      code: 'emulatorControl',
      errors: [expect.objectContaining({ errorCode: 'FIELD_INTEGRITY_EXCEPTION' })],
    });
    expect((await call(`${control}/records/Opportunity/${id}`, { method: 'DELETE' })).status).toBe(204);
    expect((await call<Json[]>(`${control}/records/Opportunity`)).body).toHaveLength(0);
    expect((await call<Json[]>(`${control}/records/Opportunity?includeDeleted=true`)).body).toHaveLength(1);
    expect((await call(`${control}/records/Nope`)).status).toBe(404);

    const tokens = await call<Json>(`${control}/tokens`, {
      method: 'POST',
      body: { username: 'seller2@contoso.example' },
    });
    expect((await api(emulator, '/limits', { token: tokens.body['access_token'] })).status).toBe(200);
    expect(
      (await call<Json>(`${control}/users/seller2@contoso.example/revoke-tokens`, { method: 'POST' })).body,
    ).toEqual({ revoked: 1 });
    expect((await api(emulator, '/limits', { token: tokens.body['access_token'] })).status).toBe(401);

    expect(
      (await call<Json>(`${control}/faults`, { method: 'PUT', body: { errorRate: 1 } })).body,
    ).toMatchObject({ errorRate: 1 });
    expect((await api(emulator, '/limits')).status).toBeGreaterThanOrEqual(500);
    await call(`${control}/faults`, { method: 'PUT', body: { errorRate: 0 } });
    expect((await call(`${control}/faults`, { method: 'PUT', body: { errorRate: 3 } })).status).toBe(400);
    expect((await call<Json>(`${control}/limits`, { method: 'PUT', body: { dailyApiCap: 1 } })).body).toEqual(
      { dailyApiCap: 1 },
    );
    expect((await call<Json>(`${control}/counters`)).body).toMatchObject({
      day: '2026-11-20',
      total: 3,
      cap: 1,
    });

    const advanced = await call<Json>(`${control}/clock/advance`, {
      method: 'POST',
      body: { ms: 86_400_000 },
    });
    expect(advanced.body).toEqual({ now: '2026-11-21T10:00:00.000Z' });
  });
});

describe('generated data', () => {
  const generate = (randomSeed: number) => start({ generate: { accounts: 60, syncRate: 0.5 }, randomSeed });

  it('is deterministic for the seed, ids included, and differs for another seed', async () => {
    const [a, b, c] = await Promise.all([generate(7), generate(7), generate(8)]);
    const snapshot = (e: SalesforceEmulator) =>
      ['Account', 'Contact', 'Opportunity'].map((o) => e.records(o));
    expect(snapshot(a)).toEqual(snapshot(b));
    expect(snapshot(a)).not.toEqual(snapshot(c));
  });

  it('is varied and valid: countries as codes and names, sellers own it, some opportunities sync with help and solutions', async () => {
    const emulator = await generate(3);
    const accounts = emulator.records('Account');
    expect(accounts).toHaveLength(60);
    const countries = new Set(accounts.map((a) => a['BillingCountry']));
    expect(countries.size).toBeGreaterThan(10);
    expect([...countries].some((c) => typeof c === 'string' && c.length > 2)).toBe(true);
    expect(
      [...countries].filter((c) => typeof c === 'string' && /^[A-Z]{2}$/.test(c)).length,
    ).toBeGreaterThan(8);
    const sellers = new Set(
      emulator
        .users()
        .filter((u) => u.profile === 'Standard User')
        .map((u) => u.id),
    );
    expect(accounts.every((a) => sellers.has(String(a['OwnerId'])))).toBe(true);
    const opportunities = emulator.records('Opportunity');
    const synced = opportunities.filter((o) => o['Sync_with_Partner_Center__c'] === true);
    expect(synced.length).toBeGreaterThan(5);
    expect(
      synced.every((o) => o['IsClosed'] === false && typeof o['How_can_Microsoft_help__c'] === 'string'),
    ).toBe(true);
    expect(new Set(opportunities.map((o) => o['StageName'])).size).toBeGreaterThan(5);
    expect(emulator.records('Microsoft_Solution__c').length).toBeGreaterThanOrEqual(synced.length);
    expect(emulator.records('OpportunityContactRole').length).toBeGreaterThan(0);
    for (const o of opportunities) {
      expect(Date.parse(String(o['CreatedDate']))).toBeLessThanOrEqual(
        Date.parse(String(o['LastModifiedDate'])),
      );
      expect(Date.parse(String(o['LastModifiedDate']))).toBeLessThanOrEqual(emulator.now().getTime());
    }
    // Every generated record is readable through SOQL with its relationships.
    const r = await api<Json>(
      emulator,
      `/query?q=${encodeURIComponent('SELECT Id, Account.BillingCountry, Owner.Name FROM Opportunity')}`,
    );
    expect(r.body['totalSize']).toBe(opportunities.length);
  });

  it('How_can_Microsoft_help__c matches Partner Center assistance request codes', () => {
    expect([...howCanMicrosoftHelpValues]).toEqual(pcAssistanceRequestCodes.filter((c) => c !== 'Unknown'));
  });
});

describe('handle', () => {
  it('query() runs SOQL without counting an API call; users() lists the org', async () => {
    const emulator = await start({ generate: 4 });
    const r = emulator.query(
      "SELECT Name, Owner.Profile.Name FROM Account WHERE Owner.Profile.Name = 'Standard User' ORDER BY Name",
    );
    expect(r.totalSize).toBe(4);
    expect(r.records[0]).toMatchObject({ Owner: { Profile: { Name: 'Standard User' } } });
    expect(emulator.apiCalls().total).toBe(0);
    expect(emulator.users().map((u) => `${u.username} ${u.profile}`)).toEqual([
      'admin@contoso.example System Administrator',
      'integration@contoso.example System Administrator',
      'seller1@contoso.example Standard User',
      'seller2@contoso.example Standard User',
      'seller3@contoso.example Standard User',
    ]);
  });
});

describe('seeds', () => {
  it('resolve @{ref} and @{user:…} references and keep given audit fields', async () => {
    const emulator = await start({
      seed: {
        Opportunity: [
          {
            Name: 'Seeded deal',
            StageName: 'Prospecting',
            CloseDate: '2026-12-01',
            AccountId: '@{acme}',
            CreatedDate: '2026-11-01T08:00:00Z',
            CreatedById: '@{user:seller3@contoso.example}',
          },
        ],
        Account: [{ '@id': 'acme', Name: 'Acme', OwnerId: '@{user:seller2@contoso.example}' }],
      },
    });
    const users = Object.fromEntries(emulator.users().map((u) => [u.username, u.id]));
    const [account] = emulator.records('Account');
    expect(account?.['OwnerId']).toBe(users['seller2@contoso.example']);
    expect(emulator.records('Opportunity')[0]).toMatchObject({
      AccountId: account?.['Id'],
      CreatedDate: '2026-11-01T08:00:00.000+0000',
      SystemModstamp: '2026-11-01T08:00:00.000+0000',
      CreatedById: users['seller3@contoso.example'],
      LastModifiedById: users['seller3@contoso.example'],
    });
  });

  it('refuse invalid records and unknown references, naming the record', async () => {
    await expect(start({ seed: { Opportunity: [{ Name: 'x' }] } })).rejects.toThrow(
      /seed Opportunity\[0\]: REQUIRED_FIELD_MISSING/,
    );
    await expect(start({ seed: { Contact: [{ LastName: 'x', AccountId: '@{nope}' }] } })).rejects.toThrow(
      /seed Contact\[0\]: no earlier seed record/,
    );
    await expect(start({ users: [] })).rejects.toThrow(RangeError);
  });
});

describe('serveSalesforceEmulator', () => {
  it('starts from a seed file and generated data and says how to connect', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sf-seed-'));
    try {
      const file = join(dir, 'seed.json');
      await writeFile(file, JSON.stringify({ Account: [{ Name: 'From file' }] }));
      const { emulator, summary } = await serveSalesforceEmulator({
        generate: 5,
        randomSeed: 2,
        seedFile: file,
      });
      track(emulator);
      expect(summary).toMatchObject({
        url: emulator.url,
        loginUrl: emulator.url,
        orgId: emulator.orgId,
        clientId: 'any',
      });
      expect(summary.records['Account']).toBe(6);
      expect(summary.users).toContainEqual({
        username: 'admin@contoso.example',
        password: defaultUserPassword,
        profile: 'System Administrator',
      });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
