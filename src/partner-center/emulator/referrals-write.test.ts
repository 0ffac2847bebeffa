// Contract: create, read, JSON Patch, PUT, eTags and If-Match, status transitions, over real HTTP.
/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-argument, @typescript-eslint/no-unsafe-call, @typescript-eslint/no-unsafe-return, @typescript-eslint/no-explicit-any --
   contract tests read the wire's untyped JSON on purpose: the assertions are the type check. */
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { compareInstants, parseInstant, type Instant } from './clock.js';
import { startPartnerCenterEmulator, type PartnerCenterEmulator } from './index.js';
import { call, tokenFor } from './test-support.js';

type Row = Record<string, any>;
type ErrorBody = { error: { code: string; message: string; target?: string } };

let emulator: PartnerCenterEmulator;
let token: string;
let api: string;

const draft = () => ({
  name: 'Northwind Pharma - migration',
  type: 'Shared',
  target: [{ type: 'SolutionProfile', id: 'SOL-7B2E41C9' }],
  customerProfile: {
    name: 'Northwind Pharma Inc',
    size: '51to250employees',
    address: {
      addressLine1: '1 Main Street',
      city: 'Redmond',
      state: 'WA',
      postalCode: '98052',
      country: 'US',
    },
    team: [
      {
        firstName: 'Sue',
        lastName: 'Smith',
        email: 'sue.smith@northwind.example',
        phoneNumber: '1234567890',
      },
    ],
  },
  consent: { consentToToShareInfoWithOthers: true, consentToContact: true },
  details: { notes: 'Wants Azure', dealValue: 50000, currency: 'USD', closingDateTime: '2026-12-31' },
  team: [{ firstName: 'Sam', lastName: 'Seller', email: 'seller@contoso.example' }],
});

async function create(body: unknown = draft()): Promise<Row> {
  const res = await call<Row>(api, { method: 'POST', token, body });
  expect(res.status, res.text).toBe(201);
  return res.body;
}

const patch = (id: string, ops: unknown, headers: Record<string, string> = {}) =>
  call<Row>(`${api}/${id}`, {
    method: 'PATCH',
    token,
    body: ops,
    headers: { 'content-type': 'application/json-patch+json', ...headers },
  });

beforeAll(async () => {
  emulator = await startPartnerCenterEmulator({ webhookRetry: { baseDelayMs: 1 } });
  token = tokenFor(emulator);
  api = `${emulator.url}/v1.0/engagements/referrals`;
});
afterAll(() => emulator.close());

describe('create', () => {
  it('answers 201 with the referral the service completed, an ETag and a Location', async () => {
    const res = await call<Row>(api, {
      method: 'POST',
      token,
      body: draft(),
      headers: { 'client-request-id': 'abc-123' },
    });
    expect(res.status).toBe(201);
    const r = res.body;
    expect(r['id']).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(r['engagementId']).toMatch(/^[0-9a-f-]{36}$/);
    expect(r).toMatchObject({
      organizationId: emulator.partnerOrganization.id,
      organizationName: emulator.partnerOrganization.name,
      status: 'New',
      substatus: 'Pending',
      direction: 'Outgoing',
    });
    expect(r['createdDateTime']).toBe(r['updatedDateTime']);
    expect(r['eTag']).toMatch(/^"[0-9a-f]{8}-0000-0700-0000-[0-9a-f]{12}"$/);
    expect(res.headers.get('etag')).toBe(r['eTag']);
    expect(res.headers.get('location')).toBe(`${api}/${r['id']}`);
    expect(res.headers.get('request-id')).toMatch(/^[0-9a-f-]{36}$/);
    expect(res.headers.get('client-request-id')).toBe('abc-123');
    expect(res.headers.get('timestamp')).toBeTruthy();
    expect(r['links']).toEqual({
      relatedReferrals: { uri: `${api}?$filter=engagementId eq '${r['engagementId']}'`, method: 'GET' },
      self: { uri: `${api}/${r['id']}`, method: 'GET' },
    });
    expect(r['details'].closingDateTime).toBe('2026-12-31T00:00:00Z');
  });

  it('accepts the documented create request and answers with every top-level field of the documented response', async () => {
    const fixture = async (name: string) =>
      JSON.parse(
        await readFile(new URL(`../../../test/fixtures/partner-center/${name}`, import.meta.url), 'utf8'),
      ) as Row;
    const documented = await fixture('create-referral.response.json');
    const res = await call<Row>(api, {
      method: 'POST',
      token,
      body: await fixture('create-referral.request.json'),
    });
    expect(res.status).toBe(201);
    expect(Object.keys(res.body)).toEqual(expect.arrayContaining(Object.keys(documented)));
    expect(res.body).toMatchObject({
      externalReferenceId: null,
      expirationDateTime: null,
      target: documented['target'],
    });
    expect(res.body['customerProfile']).toEqual(documented['customerProfile']);
  });

  it('keeps an engagementId given by the caller (the second half of a co-sell)', async () => {
    const first = await create();
    const second = await create({
      ...draft(),
      engagementId: first['engagementId'],
      target: [{ type: 'BusinessProfileLocation', id: 'msft' }],
    });
    expect(second['engagementId']).toBe(first['engagementId']);
    expect(second['id']).not.toBe(first['id']);
  });

  it.each(['type', 'customerProfile', 'consent', 'details'])(
    'refuses a referral without %s (400 invalidRequest, target names it)',
    async (field) => {
      const body: Row = draft();
      delete body[field];
      const res = await call<ErrorBody>(api, { method: 'POST', token, body });
      expect(res.status).toBe(400);
      expect(res.body.error).toMatchObject({ code: 'invalidRequest', target: field });
    },
  );

  it('refuses bad values with their path: enum, country, currency, number', async () => {
    const cases: [Row, string][] = [
      [{ ...draft(), type: 'Sharedish' }, 'type'],
      [
        {
          ...draft(),
          customerProfile: { ...draft().customerProfile, address: { country: 'United States' } },
        },
        'customerProfile.address.country',
      ],
      [{ ...draft(), details: { ...draft().details, currency: 'dollars' } }, 'details.currency'],
      [{ ...draft(), details: { ...draft().details, dealValue: 'a lot' } }, 'details.dealValue'],
    ];
    for (const [body, target] of cases) {
      const res = await call<ErrorBody>(api, { method: 'POST', token, body });
      expect(res.status, target).toBe(400);
      expect(res.body.error.target).toBe(target);
    }
  });

  it('binds like a typed service: enum case is canonicalised, numeric strings become numbers, unknown fields vanish', async () => {
    const r = await create({
      ...draft(),
      type: 'shared',
      details: { ...draft().details, dealValue: '10000' },
      colour: 'blue',
    });
    expect(r['type']).toBe('Shared');
    expect(r['details'].dealValue).toBe(10000);
    expect(r).not.toHaveProperty('colour');
  });

  it('answers malformed JSON with a Partner Center error body', async () => {
    const res = await call<ErrorBody>(api, {
      method: 'POST',
      token,
      raw: '{"type":',
      headers: { 'content-type': 'application/json' },
    });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('invalidRequest');
  });

  it('can answer 200 instead, as the swagger documents, when configured', async () => {
    const swagger = await startPartnerCenterEmulator({ createStatus: 200 });
    try {
      const res = await call(`${swagger.url}/v1.0/engagements/referrals`, {
        method: 'POST',
        token: tokenFor(swagger),
        body: draft(),
      });
      expect(res.status).toBe(200);
    } finally {
      await swagger.close();
    }
  });
});

describe('read', () => {
  it('GET by id returns the referral with its ETag; an unknown id is 404 itemNotFound', async () => {
    const r = await create();
    const res = await call<Row>(`${api}/${r['id']}`, { token });
    expect(res.status).toBe(200);
    expect(res.body).toEqual(r);
    expect(res.headers.get('etag')).toBe(r['eTag']);
    const missing = await call<ErrorBody>(`${api}/00000000-0000-4000-8000-000000000000`, { token });
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe('itemNotFound');
  });
});

describe('PATCH (JSON Patch)', () => {
  let r: Row;
  beforeEach(async () => {
    r = await create();
  });

  it('replace and add (including /team/-) apply in order; 204 with the new ETag', async () => {
    const res = await patch(r['id'], [
      { op: 'replace', path: '/details/dealValue', value: '75000' },
      { op: 'replace', path: '/details/notes', value: 'Budget approved' },
      {
        op: 'add',
        path: '/team/-',
        value: { firstName: 'Jane', lastName: 'Doe', email: 'jane.doe@contoso.example' },
      },
      { op: 'add', path: '/externalReferenceId', value: '006000000000001AAA' },
      { op: 'replace', path: '/status', value: 'Active' },
      { op: 'replace', path: '/substatus', value: 'Accepted' },
    ]);
    expect(res.status, res.text).toBe(204);
    expect(res.text).toBe('');
    const after = emulator.getReferral(r['id']) as Row;
    expect(res.headers.get('etag')).toBe(after['eTag']);
    expect(after['details']).toMatchObject({ dealValue: 75000, notes: 'Budget approved' });
    expect(after['team'].map((m: Row) => m['email'])).toEqual([
      'seller@contoso.example',
      'jane.doe@contoso.example',
    ]);
    expect(after).toMatchObject({
      externalReferenceId: '006000000000001AAA',
      status: 'Active',
      substatus: 'Accepted',
    });
    expect(after['acceptedDateTime']).toBe(after['updatedDateTime']);
  });

  it('answers 200 with the referral when asked for the representation', async () => {
    const res = await patch(r['id'], [{ op: 'replace', path: '/name', value: 'Renamed' }], {
      prefer: 'return=representation',
    });
    expect(res.status).toBe(200);
    expect(res.body['name']).toBe('Renamed');
    expect(res.headers.get('etag')).toBe(res.body['eTag']);
  });

  it.each([
    [{ op: 'remove', path: '/name' }, "operation 'remove' is not supported"],
    [{ op: 'move', from: '/name', path: '/statusReason' }, "operation 'move' is not supported"],
    [{ op: 'copy', from: '/name', path: '/statusReason' }, "operation 'copy' is not supported"],
    [{ op: 'test', path: '/name', value: 'x' }, "operation 'test' is not supported"],
    [{ op: 'replace', path: '/nope', value: 1 }, "segment 'nope' was not found"],
    [{ op: 'replace', path: '/team/-', value: {} }, "segment '-' was not found"],
    [{ op: 'replace', path: '/team/9', value: {} }, "segment '9' was not found"],
    [{ op: 'replace', path: '/id', value: 'x' }, 'read-only'],
    [{ op: 'replace', path: '/eTag', value: 'x' }, 'read-only'],
    [{ op: 'replace', path: '/status', value: 'Bogus' }, 'not a valid value'],
    [{ op: 'replace', path: '/substatus', value: 'Won' }, "'Won' is not allowed with status 'New'"],
  ])('refuses %j with 400 invalidRequest and changes nothing', async (op, message) => {
    const before = emulator.getReferral(r['id']);
    const res = await patch(r['id'], [{ op: 'replace', path: '/name', value: 'changed first' }, op]);
    expect(res.status).toBe(400);
    expect((res.body as ErrorBody).error.code).toBe('invalidRequest');
    expect((res.body as ErrorBody).error.message).toContain(message);
    expect(emulator.getReferral(r['id'])).toEqual(before);
  });

  it('refuses a body that is not a non-empty array of operations', async () => {
    for (const body of [{ op: 'replace', path: '/name', value: 'x' }, []]) {
      expect((await patch(r['id'], body)).status).toBe(400);
    }
  });

  it('If-Match: the current eTag passes, a stale one is 412 preconditionFailed and nothing changes', async () => {
    const ok = await patch(r['id'], [{ op: 'replace', path: '/name', value: 'v2' }], {
      'if-match': r['eTag'] as string,
    });
    expect(ok.status).toBe(204);
    const stale = await patch(r['id'], [{ op: 'replace', path: '/name', value: 'v3' }], {
      'if-match': r['eTag'] as string,
    });
    expect(stale.status).toBe(412);
    expect((stale.body as ErrorBody).error.code).toBe('preconditionFailed');
    expect(emulator.getReferral(r['id'])?.['name']).toBe('v2');
  });

  it('closed is terminal: reopening or re-closing differently is refused', async () => {
    const close = await patch(r['id'], [
      { op: 'replace', path: '/status', value: 'Closed' },
      { op: 'replace', path: '/substatus', value: 'Won' },
    ]);
    expect(close.status).toBe(204);
    for (const state of [
      ['Active', 'Accepted'],
      ['New', 'Pending'],
      ['Closed', 'Lost'],
    ]) {
      const res = await patch(r['id'], [
        { op: 'replace', path: '/status', value: state[0] },
        { op: 'replace', path: '/substatus', value: state[1] },
      ]);
      expect(res.status, state.join('/')).toBe(400);
      expect((res.body as ErrorBody).error.message).toMatch(/closed/i);
    }
    expect(emulator.getReferral(r['id'])).toMatchObject({ status: 'Closed', substatus: 'Won' });
    // Other fields of a closed referral may still be edited.
    expect(
      (await patch(r['id'], [{ op: 'replace', path: '/details/notes', value: 'post-mortem' }])).status,
    ).toBe(204);
  });

  it('Active cannot go back to New', async () => {
    await patch(r['id'], [
      { op: 'replace', path: '/status', value: 'Active' },
      { op: 'replace', path: '/substatus', value: 'Accepted' },
    ]);
    const res = await patch(r['id'], [
      { op: 'replace', path: '/status', value: 'New' },
      { op: 'replace', path: '/substatus', value: 'Pending' },
    ]);
    expect(res.status).toBe(400);
  });
});

describe('PUT (obsolete, whole referral)', () => {
  it('needs If-Match: missing is 400 naming If-Match, stale is 412, current replaces the referral and ignores links', async () => {
    const r = await create();
    const body = { ...r, name: 'Put name', links: { self: { uri: 'https://evil.example', method: 'GET' } } };
    const missing = await call<ErrorBody>(`${api}/${r['id']}`, { method: 'PUT', token, body });
    expect(missing.status).toBe(400);
    expect(missing.body.error).toMatchObject({ code: 'invalidRequest', target: 'If-Match' });

    const ok = await call<Row>(`${api}/${r['id']}`, {
      method: 'PUT',
      token,
      body,
      headers: { 'if-match': r['eTag'] as string },
    });
    expect(ok.status).toBe(200);
    expect(ok.body['name']).toBe('Put name');
    expect(ok.body['links'].self.uri).toBe(`${api}/${r['id']}`);
    expect(ok.body['eTag']).not.toBe(r['eTag']);
    expect(ok.body['createdDateTime']).toBe(r['createdDateTime']);

    const stale = await call<ErrorBody>(`${api}/${r['id']}`, {
      method: 'PUT',
      token,
      body,
      headers: { 'if-match': r['eTag'] as string },
    });
    expect(stale.status).toBe(412);
    expect(stale.body.error.code).toBe('preconditionFailed');
  });

  it('still requires the four parts and refuses a mismatched id', async () => {
    const r = await create();
    const { details: _details, ...withoutDetails } = r;
    const res = await call<ErrorBody>(`${api}/${r['id']}`, {
      method: 'PUT',
      token,
      body: withoutDetails,
      headers: { 'if-match': r['eTag'] as string },
    });
    expect(res.body.error.target).toBe('details');
    const other = await call<ErrorBody>(`${api}/${r['id']}`, {
      method: 'PUT',
      token,
      body: { ...r, id: 'another' },
      headers: { 'if-match': r['eTag'] as string },
    });
    expect(other.body.error.target).toBe('id');
  });
});

describe('eTags and timestamps', () => {
  it('every write (API PATCH, PUT and a UI change) gets a new eTag and a later updatedDateTime', async () => {
    const r = await create();
    const seen = [r['eTag'] as string];
    const stamps = [r['updatedDateTime'] as string];
    for (let i = 0; i < 3; i++) {
      const res = await patch(r['id'], [{ op: 'replace', path: '/details/notes', value: 'same' }], {
        prefer: 'return=representation',
      });
      seen.push(res.body['eTag'] as string);
      stamps.push(res.body['updatedDateTime'] as string);
    }
    const current = emulator.getReferral(r['id']) as Row;
    const put = await call<Row>(`${api}/${r['id']}`, {
      method: 'PUT',
      token,
      body: current,
      headers: { 'if-match': current['eTag'] as string },
    });
    seen.push(put.body['eTag'] as string);
    stamps.push(put.body['updatedDateTime'] as string);
    const ui = emulator.updateReferral(r['id'], { details: { notes: 'from the UI' } });
    seen.push(ui['eTag']);
    stamps.push(ui['updatedDateTime']);
    expect(new Set(seen).size).toBe(seen.length);
    const instants = stamps.map((s) => parseInstant(s) as Instant);
    for (let i = 1; i < instants.length; i++) {
      expect(
        compareInstants(instants[i - 1] as Instant, instants[i] as Instant),
        `${stamps[i - 1]} < ${stamps[i]}`,
      ).toBe(-1);
    }
  });
});

describe('Microsoft’s related referrals', () => {
  it('can be read by the partner but not written (403 accessDenied)', async () => {
    const mine = await create();
    const theirs = emulator.createReferral(
      { engagementId: mine['engagementId'] as string },
      { as: 'microsoft' },
    );
    const read = await call<Row>(`${api}/${theirs.id}`, { token });
    expect(read.status).toBe(200);
    expect(read.body['organizationName']).toBe('Microsoft');
    const write = await patch(theirs['id'], [{ op: 'replace', path: '/name', value: 'x' }]);
    expect(write.status).toBe(403);
    expect((write.body as ErrorBody).error.code).toBe('accessDenied');
  });
});

describe('expiry', () => {
  it('an unanswered incoming referral closes as Expired 14 days after creation', async () => {
    const incoming = emulator.createReferral({ direction: 'Incoming' });
    expect(incoming).toMatchObject({ status: 'New', substatus: 'Pending' });
    const created = Date.parse(incoming['createdDateTime']);
    const expires = Date.parse(incoming['expirationDateTime'] as string);
    expect(expires - Math.floor(created / 86_400_000) * 86_400_000).toBe(14 * 86_400_000);
    emulator.advanceClock(15 * 86_400_000);
    const res = await call<Row>(`${api}/${incoming.id}`, { token: tokenFor(emulator) });
    expect(res.body).toMatchObject({ status: 'Closed', substatus: 'Expired' });
  });
});
