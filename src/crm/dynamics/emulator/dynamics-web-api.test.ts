// Fidelity with a public client: dynamics-web-api 2.5.0, unchanged, against the emulator over real HTTP — CRUD,
// retrieveMultiple with filter/select/expand/paging and count, upsert with If-None-Match, executeBatch with a
// change set and Content-ID references, a change set that rolls back, change tracking with a delta link,
// WhoAmI, and the OData error a failed call throws. The library calls onTokenRefresh before every request, so
// the test caches its token (as a real caller would with MSAL's cache).
import { DynamicsWebApi } from 'dynamics-web-api';
import { describe, expect, it } from 'vitest';
import type { DynamicsEmulator } from './emulator.js';
import { useDynamicsEmulators } from './test-support.js';

const emulators = useDynamicsEmulators();

async function clientCredentialsToken(dv: DynamicsEmulator): Promise<string> {
  const response = await fetch(dv.tokenUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: 'cosell-app',
      client_secret: 'secret',
      scope: `${dv.url}/.default`,
    }).toString(),
  });
  const body = (await response.json()) as { access_token: string };
  return body.access_token;
}

function client(dv: DynamicsEmulator): { api: DynamicsWebApi; tokenRequests: () => number } {
  let cached: Promise<string> | undefined;
  let requests = 0;
  const api = new DynamicsWebApi({
    serverUrl: dv.url,
    dataApi: { version: '9.2' },
    onTokenRefresh: () => {
      requests++;
      cached ??= clientCredentialsToken(dv);
      return cached;
    },
  });
  return { api, tokenRequests: () => requests };
}

/** The library types create's answer as the data sent; without return=representation it is the new row's id. */
async function create(
  api: DynamicsWebApi,
  collection: string,
  data: Record<string, unknown>,
): Promise<string> {
  const id: unknown = await api.create({ collection, data });
  if (typeof id !== 'string') throw new Error(`create answered ${JSON.stringify(id)}`);
  return id;
}

describe('dynamics-web-api 2.5.0 against the emulator', () => {
  it('creates, retrieves, updates, upserts and deletes', async () => {
    const dv = await emulators.start();
    const { api, tokenRequests } = client(dv);
    const accountId = await create(api, 'accounts', { name: 'Northwind', address1_country: 'US' });
    expect(accountId).toMatch(/^[0-9a-f-]{36}$/);
    const opportunityId = await create(api, 'opportunities', {
      name: 'Copilot Readiness',
      estimatedvalue: 42000,
      'parentaccountid@odata.bind': `/accounts(${accountId})`,
    });
    const read: unknown = await api.retrieve({
      collection: 'opportunities',
      key: opportunityId,
      select: ['name', 'estimatedvalue', 'statuscode'],
      expand: [{ property: 'parentaccountid', select: ['name'] }],
    });
    expect(read).toMatchObject({
      name: 'Copilot Readiness',
      estimatedvalue: 42000,
      statuscode: 1,
      parentaccountid: { name: 'Northwind' },
    });

    await api.update({
      collection: 'opportunities',
      key: opportunityId,
      data: { cosell_referralidentifier: 'R-100' },
    });
    const byKey: unknown = await api.retrieve({
      collection: 'opportunities',
      key: "cosell_referralidentifier='R-100'",
      select: ['name'],
    });
    expect(byKey).toMatchObject({ opportunityid: opportunityId });

    const upserted = await api.upsert({
      collection: 'accounts',
      key: '6f1c2d3e-4a5b-4c6d-8e7f-9a0b1c2d3e4f',
      data: { name: 'Upsert Ltd' },
    });
    expect(upserted).toBe('6f1c2d3e-4a5b-4c6d-8e7f-9a0b1c2d3e4f');
    const refused = await api
      .upsert({
        collection: 'accounts',
        key: '6f1c2d3e-4a5b-4c6d-8e7f-9a0b1c2d3e4f',
        data: { name: 'x' },
        ifnonematch: '*',
      })
      .then(
        (value: unknown) => ({ value }),
        (error: { status: number; code: string }) => ({ status: error.status, code: error.code }),
      );
    // The library turns a 412 on a create-only upsert into "nothing written" (null), as Dataverse documents.
    expect(refused).toMatchObject({ value: null });

    expect(await api.deleteRecord({ collection: 'opportunities', key: opportunityId })).toBe(true);
    const missing: unknown = await api
      .retrieve({ collection: 'opportunities', key: opportunityId })
      .catch((e: unknown) => e);
    expect(missing).toMatchObject({ status: 404, code: '0x80040217' });
    expect(tokenRequests()).toBeGreaterThanOrEqual(8);
  });

  it('retrieves many with filter, select, expand, count and paging', async () => {
    const dv = await emulators.start();
    const { api } = client(dv);
    const accountId = await create(api, 'accounts', { name: 'Paged Inc' });
    for (let i = 0; i < 7; i++) {
      await create(api, 'opportunities', {
        name: `Deal ${i}`,
        estimatedvalue: 1000 * i,
        'parentaccountid@odata.bind': `/accounts(${accountId})`,
      });
    }
    const first = await api.retrieveMultiple({
      collection: 'opportunities',
      select: ['name', 'estimatedvalue'],
      filter: `_parentaccountid_value eq ${accountId} and estimatedvalue ge 1000`,
      orderBy: ['estimatedvalue desc'],
      expand: [{ property: 'parentaccountid', select: ['name'] }],
      maxPageSize: 4,
      count: true,
    });
    expect(first.oDataCount).toBe(6);
    expect(first.value.map((r: { name: string }) => r.name)).toEqual([
      'Deal 6',
      'Deal 5',
      'Deal 4',
      'Deal 3',
    ]);
    expect(first.value[0]).toMatchObject({ parentaccountid: { name: 'Paged Inc' } });
    expect(first.oDataNextLink).toBeTruthy();
    const second = await api.retrieveMultiple(
      { collection: 'opportunities', maxPageSize: 4 },
      first.oDataNextLink,
    );
    expect(second.value.map((r: { name: string }) => r.name)).toEqual(['Deal 2', 'Deal 1']);
    expect(second.oDataNextLink).toBeUndefined();

    const all = await api.retrieveAll({ collection: 'opportunities', select: ['name'], maxPageSize: 3 });
    expect(all.value).toHaveLength(7);
    const who: unknown = await api.callFunction({ name: 'WhoAmI' });
    expect(who).toMatchObject({ UserId: dv.users().find((u) => u.application)?.id });
  });

  it('runs executeBatch with a change set and Content-ID references, and rolls a failing change set back', async () => {
    const dv = await emulators.start();
    const { api } = client(dv);
    api.startBatch();
    void api.create({ collection: 'accounts', data: { name: 'Batch Account' }, contentId: '1' });
    void api.create({
      collection: 'opportunities',
      data: { name: 'Batch Deal', 'parentaccountid@odata.bind': '$1' },
      contentId: '2',
    });
    void api.retrieveMultiple({ collection: 'accounts', select: ['name'] });
    const results = await api.executeBatch();
    expect(results).toHaveLength(3);
    const [accountId, opportunityId, listed] = results as [string, string, { value: { name: string }[] }];
    expect(dv.getRow('opportunity', opportunityId)?.['parentaccountid']).toEqual({
      id: accountId,
      entity: 'account',
    });
    expect(listed.value.map((r) => r.name)).toEqual(['Batch Account']);

    api.startBatch();
    void api.create({ collection: 'accounts', data: { name: 'Rolled Back' } });
    void api.create({ collection: 'opportunities', data: { name: 'Bad', nonsense: true } });
    const failed = await api.executeBatch().catch((e: unknown) => e);
    const errors = Array.isArray(failed) ? failed : [failed];
    expect(errors).toHaveLength(1);
    // Inside a batch the library keeps Dataverse's body as it came: the code is under `error`.
    expect(errors[0]).toMatchObject({ status: 400, error: { code: '0x80048d19' } });
    expect(dv.rows('account').map((r) => r['name'])).toEqual(['Batch Account']);
  });

  it('tracks changes: a delta link returns new, changed and deleted rows', async () => {
    const dv = await emulators.start();
    const { api } = client(dv);
    const keep = await create(api, 'contacts', { firstname: 'Keep', lastname: 'Me' });
    const drop = await create(api, 'contacts', { firstname: 'Drop', lastname: 'Me' });
    const initial = await api.retrieveMultiple({
      collection: 'contacts',
      select: ['fullname'],
      trackChanges: true,
    });
    expect(initial.value).toHaveLength(2);
    expect(initial.oDataDeltaLink).toContain('$deltatoken=');

    await api.update({ collection: 'contacts', key: keep, data: { lastname: 'Changed' } });
    await api.deleteRecord({ collection: 'contacts', key: drop });
    const added = await create(api, 'contacts', { firstname: 'New', lastname: 'One' });
    const delta = await api.retrieveMultiple<Record<string, unknown>>(
      { collection: 'contacts' },
      initial.oDataDeltaLink,
    );
    const rows = delta.value;
    expect(rows.filter((r) => 'contactid' in r).map((r) => [r['contactid'], r['fullname']])).toEqual([
      [keep, 'Keep Changed'],
      [added, 'New One'],
    ]);
    expect(rows.filter((r) => r['reason'] === 'deleted')).toEqual([
      expect.objectContaining({
        id: drop,
        reason: 'deleted',
        '@odata.context': `${dv.apiUrl}/$metadata#contacts/$deletedEntity`,
      }),
    ]);
    const quiet = await api.retrieveMultiple({ collection: 'contacts' }, delta.oDataDeltaLink);
    expect(quiet.value).toEqual([]);
  });
});
