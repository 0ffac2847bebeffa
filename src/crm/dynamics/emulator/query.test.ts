// The OData query subset: the parser (and its errors) on its own, then filters, ordering, $top, $count,
// paging and $expand (single- and collection-valued) over real HTTP.
import { describe, expect, it } from 'vitest';
import { DvHttpError } from './dv-errors.js';
import { parseFilter } from './odata-filter.js';
import { parseQuery } from './odata-query.js';
import { buildTables } from './tables.js';
import { api, createdId, useDynamicsEmulators, type ODataCollection } from './test-support.js';
import type { DynamicsEmulator } from './emulator.js';

const emulators = useDynamicsEmulators();
const tables = new Map(buildTables('cosell_').map((t) => [t.logicalName, t]));
const opportunity = tables.get('opportunity')!;

function refusal(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    if (error instanceof DvHttpError) return `${error.code} ${error.message}`;
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('the $filter parser', () => {
  it('builds a tree with and binding tighter than or, not, parentheses and functions', () => {
    const tree = parseFilter(
      opportunity,
      "not (statecode eq 1) and contains(name,'azure') or _parentaccountid_value eq null",
    );
    expect(tree.kind).toBe('or');
    expect(tree.kind === 'or' && tree.left.kind).toBe('and');
  });

  it('refuses bad queries with OData errors that say where and why', () => {
    expect(refusal(() => parseFilter(opportunity, 'nme eq 1'))).toBe(
      "0x80060888 Could not find a property named 'nme' on type 'Microsoft.Dynamics.CRM.opportunity'.",
    );
    expect(refusal(() => parseFilter(opportunity, "name eq 'x' and"))).toMatch(
      /^0x80060888 Syntax error at position 15 in/,
    );
    expect(refusal(() => parseFilter(opportunity, "estimatedvalue eq 'big'"))).toMatch(
      /incompatible types.*'Edm.Decimal' and 'Edm.String'/,
    );
    expect(refusal(() => parseFilter(opportunity, "_parentaccountid_value eq 'abc'"))).toMatch(
      /'Edm.Guid' and 'Edm.String'/,
    );
    expect(refusal(() => parseFilter(opportunity, "substringof('a',name)"))).toMatch(
      /unknown function with name 'substringof'/,
    );
    expect(refusal(() => parseFilter(opportunity, "name eq 'unterminated"))).toMatch(
      /unterminated string literal/,
    );
    expect(refusal(() => parseFilter(opportunity, 'estimatedvalue add 1 eq 2'))).toMatch(
      /expected a comparison operator/,
    );
    expect(refusal(() => parseFilter(opportunity, 'parentaccountid eq null'))).toMatch(
      /Could not find a property named 'parentaccountid'/,
    );
  });

  it('refuses unsupported and repeated options, bad $top and unknown $expand', () => {
    const q = (text: string) => () => parseQuery(opportunity, new URLSearchParams(text), tables);
    expect(refusal(q('$skip=10'))).toBe('0x80060888 The query parameter $skip is not supported');
    expect(refusal(q('$top=-1'))).toMatch(/requires a non-negative integer/);
    expect(refusal(q('$select=name&$select=name'))).toMatch(/specified more than once/);
    expect(refusal(q('$expand=parentaccount'))).toMatch(/Could not find a property named 'parentaccount'/);
    expect(refusal(q('$expand=parentaccountid($top=1)'))).toMatch(/not supported inside \$expand/);
    expect(refusal(q('$orderby=name sideways'))).toMatch(/Syntax error/);
  });
});

async function seed(dv: DynamicsEmulator): Promise<{ accountId: string }> {
  const accountId = createdId(await api(dv, '/accounts', { method: 'POST', body: { name: 'Adatum' } }));
  const deals = [
    {
      name: 'Azure Landing Zone',
      estimatedvalue: 50000,
      estimatedclosedate: '2026-12-01',
      cosell_syncwithpartnercenter: true,
    },
    {
      name: 'azure backup',
      estimatedvalue: 8000,
      estimatedclosedate: '2027-02-15',
      cosell_syncwithpartnercenter: false,
    },
    { name: 'Teams Phone', estimatedvalue: 12000 },
    { name: 'Security Assessment', description: 'Needs a workshop' },
  ];
  for (const deal of deals) {
    await api(dv, '/opportunities', {
      method: 'POST',
      body: {
        ...deal,
        ...(/^azure/i.test(deal.name) ? { 'parentaccountid@odata.bind': `/accounts(${accountId})` } : {}),
      },
    });
  }
  return { accountId };
}

const names = async (dv: DynamicsEmulator, query: string, headers: Record<string, string> = {}) => {
  const answer = await api<ODataCollection<{ name: string }> & { error?: unknown }>(
    dv,
    `/opportunities?${query}`,
    { headers },
  );
  if (answer.status !== 200) throw new Error(answer.text);
  return answer.body.value.map((r) => r.name);
};

describe('queries over HTTP', () => {
  it('filters with text functions (case-insensitive), nulls, numbers, dates, booleans and lookups', async () => {
    const dv = await emulators.start();
    const { accountId } = await seed(dv);
    const q = (filter: string) => names(dv, `$select=name&$filter=${encodeURIComponent(filter)}`);
    expect(await q("contains(name,'AZURE')")).toEqual(['Azure Landing Zone', 'azure backup']);
    expect(await q("startswith(name,'teams')")).toEqual(['Teams Phone']);
    expect(await q("endswith(name,'zone')")).toEqual(['Azure Landing Zone']);
    expect(await q('estimatedvalue eq null')).toEqual(['Security Assessment']);
    expect(await q('description ne null')).toEqual(['Security Assessment']);
    expect(await q('estimatedvalue gt 8000 and estimatedvalue le 50000')).toEqual([
      'Azure Landing Zone',
      'Teams Phone',
    ]);
    expect(await q('estimatedclosedate lt 2027-01-01')).toEqual(['Azure Landing Zone']);
    expect(await q('cosell_syncwithpartnercenter eq true')).toEqual(['Azure Landing Zone']);
    expect(await q(`_parentaccountid_value eq ${accountId}`)).toEqual(['Azure Landing Zone', 'azure backup']);
    expect(await q(`not (_parentaccountid_value eq ${accountId}) or (estimatedvalue lt 9000)`)).toEqual([
      'azure backup',
      'Teams Phone',
      'Security Assessment',
    ]);
    expect(await q(`createdon ge 2026-11-20T00:00:00Z and statecode eq 0`)).toHaveLength(4);
    // A comparison with an empty column is false (SQL semantics): ne does not match nulls.
    expect(await q("name ne 'Teams Phone' and estimatedvalue ne 8000")).toEqual(['Azure Landing Zone']);
  });

  it('orders, limits with $top, counts with $count and pages with odata.maxpagesize', async () => {
    const dv = await emulators.start();
    await seed(dv);
    expect(await names(dv, '$select=name&$orderby=estimatedvalue desc,name')).toEqual([
      'Azure Landing Zone',
      'Teams Phone',
      'azure backup',
      'Security Assessment',
    ]);
    expect(await names(dv, '$select=name&$orderby=name&$top=2')).toEqual([
      'azure backup',
      'Azure Landing Zone',
    ]);

    const first = await api<ODataCollection<{ name: string }>>(
      dv,
      '/opportunities?$select=name&$count=true&$orderby=name',
      {
        headers: { prefer: 'odata.maxpagesize=3' },
      },
    );
    expect(first.headers.get('preference-applied')).toBe('odata.maxpagesize=3');
    expect(first.body['@odata.count']).toBe(4);
    expect(first.body.value).toHaveLength(3);
    expect(first.body['@odata.nextLink']).toMatch(
      /\?\$select=name&\$count=true&\$orderby=name&\$skiptoken=%3Ccookie/,
    );
    const second = await api<ODataCollection<{ name: string }>>(dv, first.body['@odata.nextLink']!, {
      headers: { prefer: 'odata.maxpagesize=3' },
    });
    expect(second.body.value.map((r) => r.name)).toEqual(['Teams Phone']);
    expect(second.body['@odata.nextLink']).toBeUndefined();
  });

  it('expands single-valued lookups with a nested $select, null when empty', async () => {
    const dv = await emulators.start();
    await seed(dv);
    const answer = await api<ODataCollection<Record<string, unknown>>>(
      dv,
      '/opportunities?$select=name&$orderby=name&$expand=parentaccountid($select=name),ownerid($select=fullname)',
    );
    expect(answer.body.value[0]).toMatchObject({
      name: 'azure backup',
      parentaccountid: { name: 'Adatum' },
      ownerid: { fullname: 'Avery Admin' },
    });
    expect(answer.body.value[2]).toMatchObject({ name: 'Security Assessment', parentaccountid: null });
    const bad = await api<{ error: { code: string } }>(dv, '/opportunities?$filter=nme eq 1');
    expect([bad.status, bad.body.error.code]).toEqual([400, '0x80060888']);
  });

  it('expands collection-valued navigation properties with $select, $filter, $orderby and $top; [] when none', async () => {
    const dv = await emulators.start();
    const { accountId } = await seed(dv);
    const [zone] = (
      await api<ODataCollection<{ opportunityid: string }>>(
        dv,
        `/opportunities?$select=name&$filter=${encodeURIComponent("name eq 'Azure Landing Zone'")}`,
      )
    ).body.value;
    for (const solution of ['SOL-B', 'SOL-A', 'SOL-C']) {
      await api(dv, '/cosell_microsoftsolutions', {
        method: 'POST',
        body: {
          cosell_name: solution,
          cosell_solutionid: solution,
          'cosell_opportunityid@odata.bind': `/opportunities(${zone?.opportunityid ?? ''})`,
        },
      });
    }
    const expand = encodeURIComponent(
      "cosell_opportunity_cosell_microsoftsolution($select=cosell_solutionid;$filter=cosell_solutionid ne 'SOL-C';$orderby=cosell_solutionid asc;$top=5)",
    );
    const answer = await api<ODataCollection<Record<string, unknown>>>(
      dv,
      `/opportunities?$select=name&$orderby=name&$expand=${expand}`,
    );
    expect(answer.status, answer.text).toBe(200);
    const byName = new Map(answer.body.value.map((r) => [r['name'], r]));
    const solutions = byName.get('Azure Landing Zone')?.['cosell_opportunity_cosell_microsoftsolution'];
    const anyString: unknown = expect.any(String);
    expect(solutions).toEqual([
      expect.objectContaining({ cosell_solutionid: 'SOL-A', cosell_microsoftsolutionid: anyString }),
      expect.objectContaining({ cosell_solutionid: 'SOL-B' }),
    ]);
    expect(Object.keys((solutions as Record<string, unknown>[])[0] ?? {}).sort()).toEqual([
      '@odata.etag',
      'cosell_microsoftsolutionid',
      'cosell_solutionid',
    ]);
    expect(byName.get('Teams Phone')?.['cosell_opportunity_cosell_microsoftsolution']).toEqual([]);
    const account = await api<Record<string, unknown>>(
      dv,
      `/accounts(${accountId})?$select=name&$expand=opportunity_parent_account($select=name;$orderby=name desc;$top=1)`,
    );
    // Text sorts case-insensitively: 'Azure Landing Zone' after 'azure backup'.
    expect(account.body['opportunity_parent_account']).toEqual([
      expect.objectContaining({ name: 'Azure Landing Zone' }),
    ]);
    const refused = await api<{ error: { message: string } }>(
      dv,
      `/opportunities?$expand=${encodeURIComponent('cosell_opportunity_cosell_microsoftsolution($count=true)')}`,
    );
    expect([refused.status, refused.body.error.message]).toEqual([
      400,
      "The query option '$count' is not supported inside $expand of a collection-valued navigation property.",
    ]);
  });

  it('tracks changes in raw OData: deletes come back as $deletedEntity, filters are refused', async () => {
    const dv = await emulators.start();
    const id = createdId(await api(dv, '/accounts', { method: 'POST', body: { name: 'Tracked' } }));
    const start = await api<ODataCollection>(dv, '/accounts?$select=name', {
      headers: { prefer: 'odata.track-changes' },
    });
    expect(start.body['@odata.deltaLink']).toMatch(/\$deltatoken=\d+!11%2F20%2F2026%2010%3A00%3A00$/);
    dv.deleteRow('account', id, { asUser: 'customizer@contoso.example' });
    const delta = await api<ODataCollection>(dv, start.body['@odata.deltaLink']!);
    expect(delta.body.value).toEqual([
      { '@odata.context': `${dv.apiUrl}/$metadata#accounts/$deletedEntity`, id, reason: 'deleted' },
    ]);
    const refused = await api<{ error: { code: string } }>(dv, "/accounts?$filter=name eq 'x'", {
      headers: { prefer: 'odata.track-changes' },
    });
    expect(refused.status).toBe(400);
  });

  it('pages a change tracking answer by version, so a row changed between pages comes once, in the next delta', async () => {
    const dv = await emulators.start();
    const ids: string[] = [];
    for (const name of ['A', 'B', 'C']) {
      ids.push(createdId(await api(dv, '/accounts', { method: 'POST', body: { name } })));
    }
    const prefer = { prefer: 'odata.track-changes,odata.maxpagesize=2' };
    const first = await api<ODataCollection<{ name: string }>>(dv, '/accounts?$select=name', {
      headers: prefer,
    });
    expect(first.body.value.map((r) => r.name)).toEqual(['A', 'B']);
    expect(first.body['@odata.deltaLink']).toBeUndefined();
    await api(dv, `/accounts(${ids[0] ?? ''})`, { method: 'PATCH', body: { name: 'A2' } });
    const second = await api<ODataCollection<{ name: string }>>(dv, first.body['@odata.nextLink']!);
    expect(second.body.value.map((r) => r.name)).toEqual(['C']);
    const delta = await api<ODataCollection<{ name: string }>>(dv, second.body['@odata.deltaLink']!, {
      headers: prefer,
    });
    expect(delta.body.value.map((r) => r.name)).toEqual(['A2']);
  });
});
