import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  PcErrorBodySchema,
  PcReferralDraftSchema,
  PcReferralListSchema,
  PcReferralSchema,
  PcValidationEventCreatedSchema,
  PcValidationEventStatusSchema,
  PcWebhookEventSchema,
  PcWebhookRegistrationSchema,
  pcWebhookEventNames,
  referralIdFromResourceUri,
} from './wire.js';

function fixture(name: string): Record<string, unknown> {
  const url = new URL(`../../test/fixtures/partner-center/${name}`, import.meta.url);
  return JSON.parse(readFileSync(url, 'utf8')) as Record<string, unknown>;
}

// Deep key-by-key equality after a JSON round trip: nothing dropped, nothing added, at any depth.
function roundTrip(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value)) as unknown;
}

describe('remote-apis §1: documented Referrals API examples parse', () => {
  it.each([['create-referral.response.json'], ['get-referral-by-id.response.json']])(
    'remote-apis §1: %s parses as a PcReferral and round-trips unchanged',
    (name) => {
      const raw = fixture(name);
      const parsed = PcReferralSchema.parse(raw);
      expect(roundTrip(parsed)).toEqual(raw);
    },
  );

  it('remote-apis §1: the create request (Shared, SolutionProfile target) parses as a draft without an id', () => {
    const raw = fixture('create-referral.request.json');
    const parsed = PcReferralDraftSchema.parse(raw);
    expect(parsed.type).toBe('Shared');
    expect(parsed.target).toEqual([{ type: 'SolutionProfile', id: 'SOL-34104-EBB' }]);
    expect(roundTrip(parsed)).toEqual(raw);
    expect(PcReferralSchema.safeParse(raw).success).toBe(false);
  });

  it('remote-apis §1: the list response keeps @odata.nextLink, the count and every item', () => {
    const raw = fixture('list-referrals.response.json');
    const parsed = PcReferralListSchema.parse(raw);
    expect(parsed.value).toHaveLength(2);
    expect(parsed['@odata.count']).toBe(100);
    expect(parsed['@odata.nextLink']).toMatch(/\$skiptoken=/);
    expect(roundTrip(parsed)).toEqual(raw);
  });

  it('remote-apis §1: the documented error body parses, with an undocumented code kept as it is', () => {
    const raw = fixture('error.response.json');
    const parsed = PcErrorBodySchema.parse(raw);
    expect(parsed.error.code).toBe('unAuthorized');
    expect(parsed.error.innerError).toEqual({
      code: 'innerErrorCode',
      message: 'Unauthorized referral access',
    });
    expect(roundTrip(parsed)).toEqual(raw);
  });
});

describe('remote-apis §2: documented webhook examples parse', () => {
  it.each([
    ['webhook-event.referral-updated.json', PcWebhookEventSchema],
    ['webhook-event.test-created.json', PcWebhookEventSchema],
    ['webhook-registration.request.json', PcWebhookRegistrationSchema],
    ['webhook-registration.response.json', PcWebhookRegistrationSchema],
    ['validation-event.response.json', PcValidationEventCreatedSchema],
    ['validation-event-status.response.json', PcValidationEventStatusSchema],
  ] as const)('remote-apis §2: %s parses and round-trips unchanged', (name, schema) => {
    const raw = fixture(name);
    expect(roundTrip(schema.parse(raw))).toEqual(raw);
  });

  it('C4: the event list holds the four referral events and test-created', () => {
    expect([...pcWebhookEventNames].sort()).toEqual([
      'referral-created',
      'referral-updated',
      'related-referral-created',
      'related-referral-updated',
      'test-created',
    ]);
  });

  it('remote-apis §2: an event without ResourceUri is refused', () => {
    const { ResourceUri: _dropped, ...rest } = fixture('webhook-event.referral-updated.json');
    expect(PcWebhookEventSchema.safeParse(rest).success).toBe(false);
  });
});

describe('remote-apis §2: referralIdFromResourceUri', () => {
  it.each([
    [
      'https://api.partnercenter.microsoft.com/engagements/v1/referrals/4111fffc-f9ee-4d53-bba6-569135228642',
      '4111fffc-f9ee-4d53-bba6-569135228642',
    ],
    ['https://api.partnercenter.microsoft.com/engagements/v1/referrals/abc_DEF-123/', 'abc_DEF-123'],
    ['https://api.partnercenter.microsoft.com/engagements/v1/referrals/abc?x=1#frag', 'abc'],
    ['https://api.partnercenter.microsoft.com/engagements/v1/referrals/{ReferralID}', undefined],
    ['https://api.partnercenter.microsoft.com/engagements/v1/referrals/', undefined],
    ['https://api.partnercenter.microsoft.com/engagements/v1/referrals/a%2Fb', undefined],
    ['https://api.partnercenter.microsoft.com/engagements/v1/referrals/..', undefined],
    [`https://api.partnercenter.microsoft.com/engagements/v1/referrals/${'a'.repeat(129)}`, undefined],
    [`https://api.partnercenter.microsoft.com/engagements/v1/referrals/${'a'.repeat(128)}`, 'a'.repeat(128)],
    ['https://example.com/', undefined],
    ['https://example.com/abc', undefined],
    ['https://example.com?next=/engagements/v1/referrals/abc', undefined],
    ['ftp://api.partnercenter.microsoft.com/engagements/v1/referrals/abc', undefined],
    [
      'http://api.partnercenter.microsoft.com/webhooks/v1/registration/validationEvents/c0bfd694-3075-4ec5-9a3c-733d3a890a1f',
      'c0bfd694-3075-4ec5-9a3c-733d3a890a1f',
    ],
    ['not a url', undefined],
    ['', undefined],
  ])('remote-apis §2: %s gives %s', (uri, expected) => {
    expect(referralIdFromResourceUri(uri)).toBe(expected);
  });
});

describe('remote-apis §1: real-world variations of a referral', () => {
  const base = fixture('get-referral-by-id.response.json');
  const remove = Symbol('remove');

  // The documented referral with some fields replaced (or removed), addressed by dotted path ("team.0.email").
  function variant(changes: Record<string, unknown>): Record<string, unknown> {
    const copy = structuredClone(base);
    for (const [path, value] of Object.entries(changes)) {
      const keys = path.split('.');
      const last = keys.at(-1) ?? '';
      let node = copy;
      for (const key of keys.slice(0, -1)) node = node[key] as Record<string, unknown>;
      if (value === remove) delete node[last];
      else node[last] = value;
    }
    return copy;
  }

  it.each([
    ['customerProfile.ids as an object', variant({ 'customerProfile.ids': { Duns: '123' } })],
    ['customerProfile.ids as an empty object', variant({ 'customerProfile.ids': {} })],
    [
      'customerProfile.ids as an array',
      variant({ 'customerProfile.ids': [{ profileType: 'External', id: 'CRM-1' }] }),
    ],
    ['an empty externalReferenceId', variant({ externalReferenceId: '' })],
    ['a null statusReason', variant({ statusReason: null })],
    ['no details.dealValue', variant({ 'details.dealValue': remove })],
    ['dealValue as a numeric string', variant({ 'details.dealValue': '10000' })],
    ['an unknown status and substatus', variant({ status: 'Paused', substatus: 'Engaged' })],
    ['an unknown assistance code', variant({ 'inviteContext.assistanceRequestCode': 'NewHelpKind' })],
    ['an unknown target type', variant({ target: [{ type: 'Marketplace', id: 'x' }] })],
    ['nulls in optional objects', variant({ team: null, links: null, 'details.requirements': null })],
    [
      'the later deal-type fields',
      variant({
        acceptedDateTime: '2023-01-01T00:00:00Z',
        referralSource: 'Partner',
        callToAction: 'None',
        partnerRole: 'ServicesPartner',
        solutionArea: { id: 'AI Business Solutions' },
        solutionPlay: null,
      }),
    ],
  ])('remote-apis §1: a referral with %s parses and round-trips', (_label, raw) => {
    const parsed = PcReferralSchema.parse(raw);
    expect(roundTrip(parsed)).toEqual(raw);
  });

  it('remote-apis §1: an unknown status value is kept as it came', () => {
    const parsed = PcReferralSchema.parse(variant({ status: 'Paused' }));
    expect(parsed.status).toBe('Paused');
  });

  it('remote-apis §1: unknown fields survive a round trip at the top level and nested', () => {
    const raw = variant({
      brandNewField: { nested: [1, 2] },
      'customerProfile.address.county': 'King',
      'customerProfile.team.0.title': 'CTO',
      'customerProfile.team.0.contactPreference.channel': 'email',
      'details.requirements.solutions.0.extra': true,
      'links.self.rel': 'self',
      'inviteContext.invitedBy.region': 'EMEA',
    });
    const text = JSON.stringify(PcReferralSchema.parse(raw));
    expect(JSON.parse(text)).toEqual(raw);
  });

  it.each([
    ['a missing id', variant({ id: remove })],
    ['an empty id', variant({ id: '' })],
    ['a dealValue that is an object', variant({ 'details.dealValue': { amount: 1 } })],
  ])('remote-apis §1: a referral with %s is refused', (_label, raw) => {
    expect(PcReferralSchema.safeParse(raw).success).toBe(false);
  });
});
