// WinOpportunity / LoseOpportunity, state and status rules, WhoAmI, and security roles answering 403.
import { describe, expect, it } from 'vitest';
import type { DynamicsEmulator } from './emulator.js';
import { api, createdId, tokenFor, useDynamicsEmulators, type ODataCollection } from './test-support.js';

const emulators = useDynamicsEmulators();

async function opportunity(dv: DynamicsEmulator, token?: string): Promise<string> {
  return createdId(
    await api(dv, '/opportunities', {
      method: 'POST',
      body: { name: 'Closing', estimatedvalue: 900 },
      ...(token ? { token } : {}),
    }),
  );
}

const close = (dv: DynamicsEmulator, action: string, id: string, status: number, token?: string) =>
  api<{ error?: { code: string } }>(dv, `/${action}`, {
    method: 'POST',
    body: {
      OpportunityClose: {
        subject: 'Closed by the sync',
        'opportunityid@odata.bind': `/opportunities(${id})`,
      },
      Status: status,
    },
    ...(token ? { token } : {}),
  });

describe('opportunity actions', () => {
  it('a person closes an opportunity in the UI as the actions do; the write lists only what it set', async () => {
    const dv = await emulators.start();
    const id = await opportunity(dv);
    const events: { source: string; username: string; columns: readonly string[] }[] = [];
    dv.on('write', (e) => events.push(e));
    dv.updateRow('opportunity', id, { estimatedvalue: 950 }, { asUser: 'seller1@contoso.example' });
    dv.closeOpportunity(id, 'won', { asUser: 'seller1@contoso.example' });
    expect(dv.getRow('opportunity', id)).toMatchObject({
      statecode: 1,
      statuscode: 3,
      actualvalue: 950,
      actualclosedate: '2026-11-20',
    });
    expect(events.map((e) => [e.source, e.username, [...e.columns].sort()])).toEqual([
      ['ui', 'seller1@contoso.example', ['estimatedvalue']],
      ['ui', 'seller1@contoso.example', ['actualclosedate', 'actualvalue', 'statecode', 'statuscode']],
    ]);
    expect(() => dv.closeOpportunity(id, 'lost')).toThrow(/already closed/);
    const other = await opportunity(dv);
    dv.closeOpportunity(other, 'lost');
    expect(dv.getRow('opportunity', other)).toMatchObject({ statecode: 2, statuscode: 4 });
  });

  it('wins an opportunity: statecode 1, statuscode 3, actual value and close date', async () => {
    const dv = await emulators.start();
    const id = await opportunity(dv);
    expect((await close(dv, 'WinOpportunity', id, 3)).status).toBe(204);
    expect(dv.getRow('opportunity', id)).toMatchObject({
      statecode: 1,
      statuscode: 3,
      actualvalue: 900,
      actualclosedate: '2026-11-20',
    });
    const again = await close(dv, 'LoseOpportunity', id, 4);
    expect([again.status, again.body.error?.code]).toEqual([400, '0x80040203']);
  });

  it('loses with Canceled (4) or Out-Sold (5); -1 means the default; a Won status is refused', async () => {
    const dv = await emulators.start();
    const [a, b, c] = [await opportunity(dv), await opportunity(dv), await opportunity(dv)];
    expect((await close(dv, 'LoseOpportunity', a, 5)).status).toBe(204);
    expect((await close(dv, 'LoseOpportunity', b, -1)).status).toBe(204);
    expect((await close(dv, 'LoseOpportunity', c, 3)).status).toBe(400);
    expect([
      dv.getRow('opportunity', a)?.['statuscode'],
      dv.getRow('opportunity', b)?.['statuscode'],
    ]).toEqual([5, 4]);
    expect(dv.getRow('opportunity', a)?.['statecode']).toBe(2);
  });

  it('refuses closing through PATCH, allows reopening and On Hold', async () => {
    const dv = await emulators.start();
    const id = await opportunity(dv);
    const closing = await api<{ error: { code: string } }>(dv, `/opportunities(${id})`, {
      method: 'PATCH',
      body: { statecode: 1, statuscode: 3 },
    });
    expect([closing.status, closing.body.error.code]).toEqual([400, '0x80040203']);
    expect(
      (await api(dv, `/opportunities(${id})`, { method: 'PATCH', body: { statuscode: 2 } })).status,
    ).toBe(204);
    await close(dv, 'WinOpportunity', id, 3);
    const reopened = await api(dv, `/opportunities(${id})`, {
      method: 'PATCH',
      body: { statecode: 0, statuscode: 1 },
    });
    expect(reopened.status).toBe(204);
    expect(dv.getRow('opportunity', id)).toMatchObject({ statecode: 0, statuscode: 1 });
  });

  it('answers WhoAmI for the token’s user', async () => {
    const dv = await emulators.start();
    const who = await api<Record<string, string>>(dv, '/WhoAmI', {
      token: tokenFor(dv, 'seller2@contoso.example'),
    });
    expect(who.body['UserId']).toBe(dv.users().find((u) => u.username === 'seller2@contoso.example')?.id);
    expect(who.body['OrganizationId']).toBe(dv.organizationId);
  });
});

describe('security roles', () => {
  it('refuses a Salesperson the custom table and account deletes with 403 0x80040220', async () => {
    const dv = await emulators.start();
    const seller = tokenFor(dv, 'seller1@contoso.example');
    const solutions = await api<{ error: { code: string; message: string } }>(
      dv,
      `/${dv.publisherPrefix}microsoftsolutions`,
      {
        token: seller,
      },
    );
    expect(solutions.status).toBe(403);
    expect(solutions.body.error.code).toBe('0x80040220');
    expect(solutions.body.error.message).toMatch(/missing prvReadcosell_microsoftsolution privilege/);

    const accountId = createdId(
      await api(dv, '/accounts', { method: 'POST', body: { name: 'Mine' }, token: seller }),
    );
    expect((await api(dv, `/accounts(${accountId})`, { method: 'DELETE', token: seller })).status).toBe(403);
    const id = await opportunity(dv, seller);
    expect((await close(dv, 'WinOpportunity', id, 3, seller)).status).toBe(204);
    const currencies = await api(dv, '/transactioncurrencies', {
      method: 'POST',
      body: { isocurrencycode: 'XTS' },
      token: seller,
    });
    expect(currencies.status).toBe(403);
  });

  it('lets a System Customizer work with the custom table, and exposes roles for a role check', async () => {
    const dv = await emulators.start();
    const customizer = tokenFor(dv, 'customizer@contoso.example');
    const id = await opportunity(dv);
    const created = await api(dv, '/cosell_microsoftsolutions', {
      method: 'POST',
      token: customizer,
      body: {
        cosell_name: 'Azure OpenAI',
        cosell_solutionid: 'SOL-1',
        'cosell_opportunityid@odata.bind': `/opportunities(${id})`,
      },
    });
    expect(created.status).toBe(204);
    const seller = dv.users().find((u) => u.username === 'seller1@contoso.example');
    const roles = await api<ODataCollection<{ name: string; roleid: string }>>(
      dv,
      `/systemusers(${seller?.id ?? ''})/systemuserroles_association`,
      { token: customizer },
    );
    expect(roles.body.value.map((r) => r.name)).toEqual(['Salesperson']);
    const users = await api<ODataCollection<{ domainname: string }>>(
      dv,
      '/systemusers?$select=domainname&$filter=isdisabled eq false',
    );
    expect(users.body.value.map((u) => u.domainname)).toContain('seller1@contoso.example');
  });
});
