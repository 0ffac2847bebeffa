// Generated and seeded data: deterministic for a seed, consistent with the transition table and with itself,
// varied enough to exercise a sync, and acceptable to our own wire schemas.
/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-argument, @typescript-eslint/no-explicit-any --
   contract tests read the wire's untyped JSON on purpose: the assertions are the type check. */
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PcReferralListSchema, PcReferralSchema } from '../wire.js';
import { countries, partnerSolutions } from './generator-data.js';
import {
  generateReferrals,
  loadSeedFile,
  microsoftOrganization,
  parseSeed,
  startPartnerCenterEmulator,
  type PartnerCenterEmulator,
} from './index.js';
import { assistanceRequestCodes, type EmReferral } from './referral-model.js';
import { statusRules } from './referral-rules.js';
import { call, tokenFor } from './test-support.js';

const now = new Date('2026-11-20T10:00:00Z');
const currencyOf = new Map(countries.map((c) => [c.code, c.currency]));
const seedFile = fileURLToPath(
  new URL('../../../test/fixtures/partner-center/emulator-seed.json', import.meta.url),
);

function checkConsistent(all: EmReferral[], count: number, partnerId: string): void {
  const own = all.filter((r) => r.organizationId === partnerId);
  expect(own).toHaveLength(count);
  expect(new Set(all.map((r) => r.id)).size).toBe(all.length);
  for (const r of all) {
    expect(
      (statusRules[r.status].substatuses as readonly string[]).includes(r.substatus),
      `${r.status}/${r.substatus}`,
    ).toBe(true);
    const country = r.customerProfile?.address?.country as string;
    expect(currencyOf.get(country), country).toBe(r.details?.currency);
    expect(r.details?.dealValue).toBeGreaterThan(0);
    expect(Date.parse(r.createdDateTime)).toBeLessThanOrEqual(Date.parse(r.updatedDateTime));
    expect(Date.parse(r.updatedDateTime)).toBeLessThanOrEqual(now.getTime());
    for (const m of [...(r.team ?? []), ...(r.customerProfile?.team ?? [])])
      expect(m.email).toMatch(/^[a-z0-9.]+@[a-z0-9.]+\.[a-z]+$/);
    if (r.substatus === 'Expired' || r.substatus === 'Declined') expect(r.direction).toBe('Incoming');
    if (r.organizationId === partnerId && r.direction === 'Incoming' && r.status === 'New')
      expect(Date.parse(r.expirationDateTime as string)).toBeGreaterThan(now.getTime());
    const code = r.inviteContext?.assistanceRequestCode;
    if (code) expect(assistanceRequestCodes).toContain(code);
    expect(PcReferralSchema.safeParse(r).success).toBe(true);
  }
  for (const r of own.filter((x) => x.type === 'Shared')) {
    expect(r.target).toEqual([
      { type: 'SolutionProfile', id: expect.stringMatching(/^SOL-\d{5}-[A-Z]{3}$/) },
    ]);
  }
  for (const r of all.filter((x) => x.organizationId === microsoftOrganization.id)) {
    const partnerSide = own.find((o) => o.engagementId === r.engagementId);
    expect(partnerSide?.type).toBe('Shared');
    expect(r.target).toEqual([{ type: 'BusinessProfileLocation', id: 'msft' }]);
    if (
      partnerSide?.status === 'Closed' &&
      partnerSide.substatus !== 'Expired' &&
      partnerSide.substatus !== 'Declined'
    ) {
      expect(r.substatus).toBe(partnerSide.substatus);
    }
  }
}

describe('generateReferrals', () => {
  it('is deterministic per seed and consistent for any seed (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2 ** 31 - 1 }),
        fc.integer({ min: 0, max: 40 }),
        (seed, count) => {
          const a = generateReferrals(count, seed, { now });
          expect(generateReferrals(count, seed, { now })).toEqual(a);
          checkConsistent(a, count, '4f6b2c1e-8d3a-4e5f-9a7b-0c1d2e3f4a5b');
        },
      ),
      { numRuns: 60 },
    );
  });

  it('different seeds give different data', () => {
    expect(generateReferrals(5, 1, { now })).not.toEqual(generateReferrals(5, 2, { now }));
  });

  it('covers many countries, every state, both directions, co-sells with Microsoft and help requests', () => {
    const all = generateReferrals(1000, 2026, { now });
    const own = all.filter((r) => r.organizationId !== microsoftOrganization.id);
    expect(new Set(own.map((r) => r.customerProfile?.address?.country)).size).toBeGreaterThanOrEqual(20);
    expect(new Set(own.map((r) => `${r.status}/${r.substatus}`))).toEqual(
      new Set([
        'New/Pending',
        'New/Received',
        'Active/Accepted',
        'Closed/Won',
        'Closed/Lost',
        'Closed/Declined',
        'Closed/Expired',
      ]),
    );
    expect(new Set(own.map((r) => r.direction))).toEqual(new Set(['Incoming', 'Outgoing']));
    expect(new Set(own.map((r) => r.qualification)).size).toBe(4);
    expect(all.length - own.length).toBeGreaterThan(100);
    expect(own.filter((r) => r.inviteContext?.assistanceRequestCode).length).toBeGreaterThan(50);
    expect(new Set(own.flatMap((r) => r.target?.map((t) => t.id) ?? []))).toEqual(
      new Set(partnerSolutions.map((s) => s.id)),
    );
  });
});

describe('seed files', () => {
  let emulator: PartnerCenterEmulator;
  beforeAll(async () => {
    emulator = await startPartnerCenterEmulator({ seed: await loadSeedFile(seedFile) });
  });
  afterAll(() => emulator.close());

  it('loads the example seed: ids, states and fields as written, gaps filled consistently', () => {
    const all = emulator.listReferrals();
    expect(all.map((r) => r['id'])).toEqual(
      [1, 2, 3, 4, 5].map((n) => `8a1f3c52-6d0e-4b7a-9c21-3e5f7a9b1d0${n}`),
    );
    expect(all.map((r) => `${r.status}/${r.substatus}`)).toEqual([
      'New/Pending',
      'Active/Accepted',
      'New/Pending',
      'Active/Accepted',
      'Closed/Won',
    ]);
    const [cosell, microsoft, incoming, , won] = all as Record<string, any>[];
    expect(cosell?.['inviteContext'].assistanceRequestCode).toBe('ProofOfConceptOrDemo');
    expect(cosell?.['createdDateTime']).toBe('2026-10-02T08:15:30.1234567Z');
    expect(microsoft?.['organizationName']).toBe('Microsoft');
    expect(microsoft?.['engagementId']).toBe(cosell?.['engagementId']);
    expect(incoming?.['details']).toMatchObject({ currency: 'EUR', dealValue: 80000 });
    expect(incoming?.['customerProfile'].address).toMatchObject({ city: 'Amsterdam', country: 'NL' });
    expect(Date.parse(incoming?.['expirationDateTime'])).toBeGreaterThan(Date.now());
    expect(won?.['statusReason']).toBe('Customer signed the statement of work.');
    for (const r of all) expect(PcReferralSchema.safeParse(r).success).toBe(true);
  });

  it('serves the seed over the API: the partner sees its four, the engagement shows both sides', async () => {
    const token = tokenFor(emulator);
    const list = await call<unknown>(`${emulator.url}/v1.0/engagements/referrals`, { token });
    const parsed = PcReferralListSchema.parse(list.body);
    expect(parsed.value).toHaveLength(4);
    const engagement = await call<{ value: unknown[] }>(
      `${emulator.url}/v1.0/engagements/referrals?$filter=${encodeURIComponent("engagementId eq 'e1c0a7b4-2f3d-4e8a-b5c6-d7e8f9a0b101'")}`,
      { token },
    );
    expect(engagement.body.value).toHaveLength(2);
  });

  it('accepts a bare array, refuses other shapes and inconsistent states', async () => {
    expect(parseSeed([{ name: 'a' }])).toHaveLength(1);
    expect(() => parseSeed({ items: [] })).toThrow(/expected an array/);
    expect(() => parseSeed([1])).toThrow(/entry 0/);
    await expect(
      startPartnerCenterEmulator({ seed: [{ status: 'Closed', substatus: 'Pending' }] }),
    ).rejects.toThrow(/seed referral 0/);
  });
});
