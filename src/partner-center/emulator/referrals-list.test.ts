// Contract: the list endpoint's paging, $filter, $orderby, $top/$skip/$count/$select, over real HTTP.
// Expected rows come from plain predicates over the emulator's state, not from the filter implementation.
/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-argument, @typescript-eslint/no-unsafe-return, @typescript-eslint/no-explicit-any --
   contract tests read the wire's untyped JSON on purpose: the assertions are the type check. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPartnerCenterEmulator, type PartnerCenterEmulator } from './index.js';
import { compareInstants, parseInstant, type Instant } from './clock.js';
import { microsoftOrganization } from './referral-model.js';
import { call, tokenFor } from './test-support.js';

type Row = Record<string, any>;
interface Page {
  '@odata.context': string;
  '@odata.count'?: number;
  '@odata.nextLink'?: string;
  value: Row[];
}

let emulator: PartnerCenterEmulator;
let token: string;
let own: Row[];

async function listAll(query: string): Promise<{ rows: Row[]; pages: Page[] }> {
  const pages: Page[] = [];
  let url: string | undefined = `${emulator.url}/v1.0/engagements/referrals${query}`;
  while (url) {
    const res: { status: number; text: string; body: Page } = await call<Page>(url, { token });
    expect(res.status, res.text).toBe(200);
    pages.push(res.body);
    url = res.body['@odata.nextLink'];
  }
  return { rows: pages.flatMap((p) => p.value), pages };
}

const filtered = (filter: string) => listAll(`?$filter=${encodeURIComponent(filter)}`);
/** Timestamps compare as instants: string order breaks on trimmed fractions ('.12Z' vs '.1200005Z'). */
const cmp = (a: string, b: string) => compareInstants(parseInstant(a) as Instant, parseInstant(b) as Instant);
const ids = (rows: Row[]) => rows.map((r) => r['id'] as string).sort();

beforeAll(async () => {
  emulator = await startPartnerCenterEmulator({ generate: 250, randomSeed: 42 });
  token = tokenFor(emulator);
  own = emulator.listReferrals().filter((r) => r['organizationId'] === emulator.partnerOrganization.id);
});
afterAll(() => emulator.close());

describe('paging', () => {
  it('250 referrals come in 3 pages of at most 100, following absolute nextLinks, with no duplicates or misses', async () => {
    expect(own).toHaveLength(250);
    const { rows, pages } = await listAll('');
    expect(pages.map((p) => p.value.length)).toEqual([100, 100, 50]);
    for (const page of pages.slice(0, 2)) {
      expect(page['@odata.nextLink']).toMatch(
        new RegExp(`^${emulator.url}/v1\\.0/engagements/referrals\\?.*\\$skiptoken=`),
      );
    }
    expect(new Set(ids(rows)).size).toBe(250);
    expect(ids(rows)).toEqual(ids(own));
  });

  it('nextLink repeats the original query: filter, order and count hold on every page', async () => {
    const { pages } = await listAll(
      `?$filter=${encodeURIComponent("status ne 'Closed'")}&$orderby=updatedDateTime desc&$count=true`,
    );
    const expected = own.filter((r) => r['status'] !== 'Closed');
    expect(expected.length).toBeGreaterThan(100);
    for (const page of pages) expect(page['@odata.count']).toBe(expected.length);
    const rows = pages.flatMap((p) => p.value);
    expect(rows.every((r) => r['status'] !== 'Closed')).toBe(true);
    const stamps = rows.map((r) => Date.parse(r['updatedDateTime'] as string));
    expect(stamps).toEqual([...stamps].sort((a, b) => b - a));
  });

  it('$top and $skip bound the rows across pages; $top=0 is empty', async () => {
    const top = await listAll('?$top=150');
    expect(top.pages.map((p) => p.value.length)).toEqual([100, 50]);
    const skip = await listAll('?$skip=240');
    expect(skip.rows).toHaveLength(10);
    expect((await listAll('?$top=0')).rows).toHaveLength(0);
  });

  it('$count is present only when asked for', async () => {
    const plain = await call<Page>(`${emulator.url}/v1.0/engagements/referrals?$top=1`, { token });
    expect(plain.body['@odata.count']).toBeUndefined();
    const counted = await call<Page>(`${emulator.url}/v1.0/engagements/referrals?$top=1&$count=true`, {
      token,
    });
    expect(counted.body['@odata.count']).toBe(250);
  });

  it('a $skiptoken replayed against another query is refused', async () => {
    const first = await call<Page>(`${emulator.url}/v1.0/engagements/referrals`, { token });
    const next = new URL(first.body['@odata.nextLink'] as string);
    next.searchParams.set('$filter', "status eq 'New'");
    const res = await call<{ error: { code: string; target: string } }>(next.toString(), { token });
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: 'invalidRequest', target: '$skiptoken' });
  });

  it('$select returns only the named properties; unknown options and properties are refused', async () => {
    const res = await call<Page>(`${emulator.url}/v1.0/engagements/referrals?$select=id,status&$top=3`, {
      token,
    });
    expect(res.body.value.map((r) => Object.keys(r).sort())).toEqual([
      ['id', 'status'],
      ['id', 'status'],
      ['id', 'status'],
    ]);
    expect((await call(`${emulator.url}/v1.0/engagements/referrals?$expand=team`, { token })).status).toBe(
      400,
    );
    expect((await call(`${emulator.url}/v1.0/engagements/referrals?$select=nope`, { token })).status).toBe(
      400,
    );
  });
});

describe('$filter', () => {
  const cutoff = () => {
    const stamps = own.map((r) => r['updatedDateTime'] as string).sort(cmp);
    return stamps[Math.floor(stamps.length / 2)] as string;
  };

  const cases: [string, string | (() => string), (r: Row) => boolean][] = [
    ['eq on a string', "status eq 'Active'", (r) => r['status'] === 'Active'],
    ['ne on a string', "status ne 'Closed'", (r) => r['status'] !== 'Closed'],
    ['gt on a number', 'details/dealValue gt 100000', (r) => r['details'].dealValue > 100000],
    ['ge on a number', 'details/dealValue ge 60000', (r) => r['details'].dealValue >= 60000],
    ['lt on a number', 'details/dealValue lt 20000', (r) => r['details'].dealValue < 20000],
    ['le on a number', 'details/dealValue le 50000', (r) => r['details'].dealValue <= 50000],
    [
      'a nested path',
      "customerProfile/address/country eq 'US'",
      (r) => r['customerProfile'].address.country === 'US',
    ],
    [
      'or',
      "customerProfile/address/country eq 'DE' or customerProfile/address/country eq 'FR'",
      (r) => ['DE', 'FR'].includes(r['customerProfile'].address.country),
    ],
    [
      'and with parentheses (the documented example)',
      "(direction eq 'Incoming' and substatus eq 'Pending')",
      (r) => r['direction'] === 'Incoming' && r['substatus'] === 'Pending',
    ],
    ['not over parentheses', "not (direction eq 'Incoming')", (r) => r['direction'] !== 'Incoming'],
    ['not over a comparison', "not type eq 'Shared'", (r) => r['type'] !== 'Shared'],
    [
      'and binds tighter than or',
      "type eq 'Independent' or status eq 'New' and direction eq 'Outgoing'",
      (r) => r['type'] === 'Independent' || (r['status'] === 'New' && r['direction'] === 'Outgoing'),
    ],
    ['a boolean property', 'favorite eq true', (r) => r['favorite'] === true],
    [
      'datetime gt without quotes',
      () => `updatedDateTime gt ${cutoff()}`,
      (r) => cmp(r['updatedDateTime'], cutoff()) > 0,
    ],
    [
      'datetime le with quotes',
      () => `updatedDateTime le '${cutoff()}'`,
      (r) => cmp(r['updatedDateTime'], cutoff()) <= 0,
    ],
    [
      'an offset datetime',
      () => `createdDateTime lt ${cutoff().slice(0, 19)}+02:00`,
      (r) => cmp(r['createdDateTime'], `${cutoff().slice(0, 19)}+02:00`) < 0,
    ],
  ];

  it.each(cases)('%s', async (_name, filter, predicate) => {
    const text = typeof filter === 'function' ? filter() : filter;
    const expected = own.filter(predicate);
    expect(expected.length, 'the case must select some but not all rows').toBeGreaterThan(0);
    expect(expected.length).toBeLessThan(own.length);
    const { rows } = await filtered(text);
    expect(ids(rows)).toEqual(ids(expected));
  });

  it('lambda: team/any(t:t/email eq …) finds referrals by a team member', async () => {
    const email = own[7]?.['team'][0].email as string;
    const expected = own.filter((r) => (r['team'] as Row[]).some((m) => m['email'] === email));
    const { rows } = await filtered(`team/any(t:t/email eq '${email}')`);
    expect(ids(rows)).toEqual(ids(expected));
    const all = await filtered(
      `customerProfile/team/all(c:c/contactPreference/disableNotifications eq false)`,
    );
    expect(ids(all.rows)).toEqual(
      ids(
        own.filter((r) =>
          (r['customerProfile'].team as Row[]).every(
            (m) => m['contactPreference'].disableNotifications === false,
          ),
        ),
      ),
    );
  });

  it('engagementId eq … also returns Microsoft’s related referrals; other lists never do', async () => {
    const everything = emulator.listReferrals();
    const related = everything.find((r) => r['organizationId'] === microsoftOrganization.id) as Row;
    expect(related).toBeDefined();
    const { rows } = await filtered(`engagementId eq '${related['engagementId']}'`);
    expect(rows.map((r) => r['organizationId']).sort()).toEqual(
      [emulator.partnerOrganization.id, microsoftOrganization.id].sort(),
    );
    const relatedLink = await call<Page>(encodeURI(rows[0]?.['links'].relatedReferrals.uri as string), {
      token,
    });
    expect(relatedLink.body.value).toHaveLength(2);
    const { rows: shared } = await filtered("type eq 'Shared'");
    expect(shared.every((r) => r['organizationId'] === emulator.partnerOrganization.id)).toBe(true);
  });

  const errors: [string, RegExp][] = [
    ["status eq 'New' and", /position 19.*ends too early/],
    ["status eq 'New' and (type eq 'Shared'", /position 37.*expected '\)'/],
    ["contains(name,'Contoso')", /position 0.*function 'contains' is not supported/],
    ['details/dealValue add 5 gt 3', /position 18.*operator 'add' is not supported/],
    ["nope eq 'x'", /position 0.*property named 'nope'/],
    ["team/email eq 'x'", /collection; use any\(\) or all\(\)/],
    ["details/dealValue eq 'lots'", /cannot compare number with string/],
    ["updatedDateTime gt 'yesterday'", /not a valid date-time/],
    ["status eq 'New' ! x", /position 16.*unexpected character '!'/],
    ['status', /boolean expression is required/],
    ["status in ('New','Active')", /operator 'in' is not supported/],
  ];

  it.each(errors)('%s is refused with 400 invalidRequest naming the position', async (filter, message) => {
    const res = await call<{ error: { code: string; message: string; target: string } }>(
      `${emulator.url}/v1.0/engagements/referrals?$filter=${encodeURIComponent(filter)}`,
      { token },
    );
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('invalidRequest');
    expect(res.body.error.target).toBe('$filter');
    expect(res.body.error.message).toMatch(message);
  });
});

describe('$orderby', () => {
  it('sorts by createdDateTime or updatedDateTime, asc or desc; anything else is refused', async () => {
    for (const field of ['createdDateTime', 'updatedDateTime']) {
      for (const direction of ['asc', 'desc']) {
        const { rows } = await listAll(`?$orderby=${field} ${direction}`);
        const stamps = rows.map((r) => r[field] as string);
        const sorted = [...stamps].sort(cmp);
        expect(stamps).toEqual(direction === 'asc' ? sorted : sorted.reverse());
      }
    }
    expect((await call(`${emulator.url}/v1.0/engagements/referrals?$orderby=name`, { token })).status).toBe(
      400,
    );
    expect(
      (await call(`${emulator.url}/v1.0/engagements/referrals?$orderby=createdDateTime sideways`, { token }))
        .status,
    ).toBe(400);
  });

  it('equal timestamps are broken by id, so pages neither repeat nor skip rows', async () => {
    const sameTime = '2026-03-01T12:00:00Z';
    const tied = await startPartnerCenterEmulator({
      seed: Array.from({ length: 130 }, (_, i) => ({
        name: `Tie ${i}`,
        createdDateTime: sameTime,
        updatedDateTime: sameTime,
      })),
    });
    try {
      const tiedToken = tokenFor(tied);
      for (const order of ['createdDateTime asc', 'createdDateTime desc']) {
        const rows: Row[] = [];
        let url: string | undefined =
          `${tied.url}/v1.0/engagements/referrals?$orderby=${encodeURIComponent(order)}`;
        while (url) {
          const res: { body: Page } = await call<Page>(url, { token: tiedToken });
          rows.push(...res.body.value);
          url = res.body['@odata.nextLink'];
        }
        const got = rows.map((r) => r['id'] as string);
        expect(got).toHaveLength(130);
        expect(got).toEqual([...got].sort());
      }
    } finally {
      await tied.close();
    }
  });
});
