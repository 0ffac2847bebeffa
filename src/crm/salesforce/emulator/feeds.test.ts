// Contract: the replication feeds a sync engine polls — sObject Get Updated and Get Deleted by SystemModstamp,
// with Salesforce's minute granularity, the 30-day window and a latestDateCovered that is safe to resume
// from — plus the 'write' events of the handle.
/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-return, @typescript-eslint/no-unsafe-call, @typescript-eslint/no-explicit-any --
   contract tests read the wire's untyped JSON on purpose: the assertions are the type check. */
import { describe, expect, it } from 'vitest';
import type { SalesforceEmulator } from './index.js';
import { api, useSalesforceEmulators } from './test-support.js';

type Json = Record<string, any>;

const { start } = useSalesforceEmulators();

const opp = (name: string) => ({ Name: name, StageName: 'Prospecting', CloseDate: '2026-12-31' });
const feed = (emulator: SalesforceEmulator, kind: 'updated' | 'deleted', start: string, end: string) =>
  api<Json>(
    emulator,
    `/sobjects/Opportunity/${kind}/?start=${encodeURIComponent(start)}&end=${encodeURIComponent(end)}`,
  );

describe('getUpdated', () => {
  it('lists ids whose SystemModstamp is in [start, end) by whole minutes; latestDateCovered never passes now', async () => {
    const emulator = await start();
    const a = emulator.insertRecord('Opportunity', opp('A')); // 10:00:00
    emulator.advanceClock(65_000);
    const b = emulator.insertRecord('Opportunity', opp('B')); // 10:01:05
    emulator.advanceClock(60_000);
    emulator.updateRecord('Opportunity', String(a['Id']), { Amount: 1 }); // 10:02:05
    emulator.advanceClock(60_000); // now 10:03:05

    const r = await feed(emulator, 'updated', '2026-11-20T10:00:30Z', '2026-11-20T11:00:00Z');
    expect(r.status).toBe(200);
    // Seconds are ignored: the window is 10:00 .. 10:03 (now, floored), so both records are in it.
    expect(r.body).toEqual({ ids: [a['Id'], b['Id']], latestDateCovered: '2026-11-20T10:03:00.000+0000' });

    const early = await feed(emulator, 'updated', '2026-11-20T10:00:00Z', '2026-11-20T10:01:59Z');
    expect(early.body).toEqual({ ids: [], latestDateCovered: '2026-11-20T10:01:00.000+0000' });
    const middle = await feed(emulator, 'updated', '2026-11-20T10:01:00+00:00', '2026-11-20T10:02:00+00:00');
    expect(middle.body['ids']).toEqual([b['Id']]);
  });

  it('resuming from latestDateCovered misses nothing and repeats nothing', async () => {
    const emulator = await start();
    const seen: string[] = [];
    let cursor = '2026-11-20T09:00:00Z';
    for (let minute = 0; minute < 5; minute++) {
      emulator.insertRecord('Opportunity', opp(`M${minute}`));
      emulator.advanceClock(20_000);
      emulator.insertRecord('Opportunity', opp(`N${minute}`));
      emulator.advanceClock(40_000);
      const r = await feed(emulator, 'updated', cursor, '2026-11-20T23:00:00Z');
      seen.push(...(r.body['ids'] as string[]));
      cursor = r.body['latestDateCovered'];
    }
    emulator.advanceClock(60_000);
    seen.push(...((await feed(emulator, 'updated', cursor, '2026-11-20T23:00:00Z')).body['ids'] as string[]));
    expect(seen).toEqual(emulator.records('Opportunity').map((o) => o['Id']));
  });

  it('refuses a start more than 30 days back, an end before the start and missing parameters', async () => {
    const emulator = await start();
    const old = await feed(emulator, 'updated', '2026-10-20T00:00:00Z', '2026-11-20T00:00:00Z');
    expect(old.status).toBe(400);
    expect(old.body[0]['errorCode']).toBe('INVALID_REPLICATION_DATE');
    expect((await feed(emulator, 'updated', '2026-10-21T00:00:00Z', '2026-11-20T00:00:00Z')).status).toBe(
      200,
    );
    expect(
      (await feed(emulator, 'updated', '2026-11-20T10:00:00Z', '2026-11-20T09:00:00Z')).body[0]['errorCode'],
    ).toBe('INVALID_REPLICATION_DATE');
    const missing = await api<Json>(emulator, '/sobjects/Opportunity/updated?start=2026-11-20T00:00:00Z');
    expect(missing.body[0]['errorCode']).toBe('MISSING_ARGUMENT');
  });
});

describe('getDeleted', () => {
  it('lists deletions with their date, cascades included; deleted records leave getUpdated', async () => {
    const emulator = await start();
    const account = emulator.insertRecord('Account', { Name: 'Gone' });
    const child = emulator.insertRecord('Opportunity', { ...opp('Child'), AccountId: account['Id'] });
    const kept = emulator.insertRecord('Opportunity', opp('Kept'));
    emulator.advanceClock(61_000);
    const r = await api(emulator, `/sobjects/Account/${String(account['Id'])}`, { method: 'DELETE' });
    expect(r.status).toBe(204);
    emulator.advanceClock(60_000);

    const deleted = await feed(emulator, 'deleted', '2026-11-20T10:00:00Z', '2026-11-20T12:00:00Z');
    expect(deleted.body).toEqual({
      deletedRecords: [{ id: child['Id'], deletedDate: '2026-11-20T10:01:01.000+0000' }],
      earliestDateAvailable: '2026-11-20T10:00:00.000+0000',
      latestDateCovered: '2026-11-20T10:02:00.000+0000',
    });
    expect(
      (await feed(emulator, 'updated', '2026-11-20T10:00:00Z', '2026-11-20T12:00:00Z')).body['ids'],
    ).toEqual([kept['Id']]);
    const accounts = await api<Json>(
      emulator,
      `/sobjects/Account/deleted/?start=2026-11-20T10:00:00Z&end=2026-11-20T12:00:00Z`,
    );
    expect(accounts.body['deletedRecords'].map((d: Json) => d['id'])).toEqual([account['Id']]);
  });
});

describe("'write' events", () => {
  it('fire once per committed change, with the SystemModstamp, never for seeds', async () => {
    const emulator = await start({ seed: { Account: [{ Name: 'Seeded' }] } });
    const events: string[] = [];
    emulator.on('write', (e) => events.push(`${e.kind} ${e.object} ${e.at}`));
    const id = (await api<Json>(emulator, '/sobjects/Account', { method: 'POST', body: { Name: 'New' } }))
      .body['id'];
    emulator.advanceClock(1500);
    await api(emulator, `/sobjects/Account/${id}`, { method: 'PATCH', body: { Name: 'Renamed' } });
    expect(events).toEqual([
      'created Account 2026-11-20T10:00:00.000+0000',
      'updated Account 2026-11-20T10:00:01.000+0000',
    ]);
  });
});
