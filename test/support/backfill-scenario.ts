// Pre-existing data for a first sync, seeded straight into the emulators (as people entered it in Partner
// Center and in the CRM before the product was adopted): one record of every kind the plan must tell apart,
// with what the plan is expected to do with it.
import { randomUUID } from 'node:crypto';
import type { PartnerCenterEmulator, ReferralInput } from '../../src/partner-center/emulator/index.js';
import type { CrmTestHandle } from './crm-rig.js';
import { referralInput as validReferral } from './sync-rig.js';

export const solution = { id: 'SOL-CONTOSO-1', name: 'Contoso Cloud' };

/** Distinct customers (unrelated deals must not look alike) with a postal code each. */
const customers: Readonly<Record<string, { name: string; postalCode: string }>> = {
  alpha: { name: 'Adatum Corporation', postalCode: '98101' },
  bravo: { name: 'Blue Yonder Airlines', postalCode: '98102' },
  charlie: { name: 'Coho Winery', postalCode: '98103' },
  foxtrot: { name: 'Fourth Coffee', postalCode: '98104' },
  golf: { name: 'Graphic Design Institute', postalCode: '98105' },
  hotel: { name: 'Humongous Insurance', postalCode: '98106' },
  india: { name: 'Litware Inc', postalCode: '98107' },
};

export function customerOf(tag: string): { name: string; postalCode: string } {
  return customers[tag] ?? { name: `Customer ${tag}`, postalCode: '98052' };
}

/** The end-to-end suites' valid referral, as a deal of its own customer, already accepted. */
export function referralInput(tag: string, overrides: ReferralInput = {}): ReferralInput {
  const customer = customerOf(tag);
  const base = validReferral();
  return {
    ...base,
    name: `Deal ${tag}`,
    status: 'Active',
    substatus: 'Accepted',
    customerProfile: {
      ...base.customerProfile,
      name: customer.name,
      address: { ...base.customerProfile?.address, postalCode: customer.postalCode },
    },
    details: { ...base.details, notes: `notes ${tag}` },
    ...overrides,
  };
}

export interface SeededOpportunity {
  readonly name: string;
  readonly customer: string;
  readonly postalCode?: string;
  readonly country?: string;
  readonly amount?: number;
  readonly closeDate?: string;
  readonly sync: boolean;
  readonly referralId?: string;
  readonly stage?: 'open' | 'won';
  /** A contact and a Microsoft solution, so the opportunity passes the sharing checks. */
  readonly shareable?: boolean;
  readonly description?: string;
}

export async function seedOpportunity(crm: CrmTestHandle, o: SeededOpportunity): Promise<string> {
  const accountId = await crm.createAccountAsPerson({
    name: o.customer,
    postalCode: o.postalCode ?? '98052',
    country: o.country ?? 'US',
  });
  const id = await crm.createOpportunityAsPerson({
    name: o.name,
    stageName: o.stage === 'won' ? crm.stages.won : crm.stages.open,
    amount: o.amount ?? 25000,
    currency: 'USD',
    closeDate: o.closeDate ?? '2027-03-31',
    syncWithPartnerCenter: o.sync,
    accountId,
    ...(o.description !== undefined ? { description: o.description } : {}),
    ...(o.referralId !== undefined ? { referralId: o.referralId } : {}),
    ...(o.shareable === true ? { helpRequested: 'ProofOfConceptOrDemo' } : {}),
  });
  if (o.shareable === true) {
    await crm.addContactAsPerson(id, accountId, {
      firstName: 'Kim',
      lastName: 'Buyer',
      email: `kim.${randomUUID().slice(0, 6)}@customer.example`,
      phone: '+1 555 0101',
    });
    await crm.addSolutionAsPerson(id, solution);
  }
  return id;
}

/** What the plan should do with each seeded record: the expected action and, when left alone, the reason. */
export interface Expected {
  readonly referrals: ReadonlyMap<string, { action: string; reason?: string; crmId?: string }>;
  readonly opportunities: ReadonlyMap<string, { action: string; reason?: string; referralId?: string }>;
}

export interface Scenario {
  readonly expected: Expected;
  readonly ids: {
    readonly linkedById: { referral: string; opportunity: string };
    readonly linkedByExternalId: { referral: string; opportunity: string };
    readonly linkedWithDiff: { referral: string; opportunity: string };
    readonly fuzzy: { referral: string; opportunity: string };
    readonly duplicate: { referral: string; opportunities: readonly string[] };
    readonly pcOnly: readonly string[];
    readonly crmOnly: string;
  };
}

/** One of each: exact links, a pair differing in value, a fuzzy pair, a deal entered twice, one-sided records. */
export async function seedScenario(pc: PartnerCenterEmulator, crm: CrmTestHandle): Promise<Scenario> {
  const refs = new Map<string, { action: string; reason?: string; crmId?: string }>();
  const opps = new Map<string, { action: string; reason?: string; referralId?: string }>();

  // The Referral Identifier typed into the CRM by hand: linked, nothing differs.
  const r1 = pc.createReferral(referralInput('alpha'));
  const o1 = await seedOpportunity(crm, {
    name: 'Deal alpha',
    customer: customerOf('alpha').name,
    description: 'notes alpha',
    postalCode: customerOf('alpha').postalCode,
    sync: true,
    referralId: r1.id,
  });
  refs.set(r1.id, { action: 'link', crmId: o1 });
  opps.set(o1, { action: 'link', referralId: r1.id });

  // Partner Center already names the CRM record (externalReferenceId): linked.
  const o2 = await seedOpportunity(crm, {
    name: 'Deal bravo',
    customer: customerOf('bravo').name,
    description: 'notes bravo',
    postalCode: customerOf('bravo').postalCode,
    sync: false,
  });
  const r2 = pc.createReferral(referralInput('bravo', { externalReferenceId: o2 }));
  refs.set(r2.id, { action: 'link', crmId: o2 });
  opps.set(o2, { action: 'link', referralId: r2.id });

  // Linked by id, but the CRM holds another deal value: the CRM owns it, so it goes to Partner Center.
  const r3 = pc.createReferral(referralInput('charlie'));
  const o3 = await seedOpportunity(crm, {
    name: 'Deal charlie',
    customer: customerOf('charlie').name,
    description: 'notes charlie',
    postalCode: customerOf('charlie').postalCode,
    sync: true,
    referralId: r3.id,
    amount: 31000,
  });
  refs.set(r3.id, { action: 'link', crmId: o3 });
  opps.set(o3, { action: 'link', referralId: r3.id });

  // No ids, but the same customer, postal code, country, a close value and date: proposed only.
  const r4 = pc.createReferral(
    referralInput('delta', {
      customerProfile: {
        name: 'Fabrikam, Inc.',
        address: { postalCode: '1012 AB', country: 'NL', city: 'Amsterdam' },
      },
      details: { dealValue: 50000, closingDateTime: '2027-05-10T00:00:00Z' },
    }),
  );
  const o4 = await seedOpportunity(crm, {
    name: 'Fabrikam rollout',
    customer: 'Fabrikam',
    postalCode: '1012AB',
    country: 'NL',
    amount: 49000,
    closeDate: '2027-05-13',
    sync: false,
  });
  refs.set(r4.id, { action: 'propose', crmId: o4 });
  opps.set(o4, { action: 'propose', referralId: r4.id });

  // The same deal entered twice in the CRM by hand: flagged, neither linked nor created.
  const r5 = pc.createReferral(
    referralInput('echo', {
      customerProfile: {
        name: 'Northwind Traders',
        address: { postalCode: '10115', country: 'DE', city: 'Berlin' },
      },
      details: { dealValue: 80000, closingDateTime: '2027-06-30T00:00:00Z' },
    }),
  );
  const twice = [];
  for (const name of ['Northwind expansion', 'Northwind expansion (copy)']) {
    twice.push(
      await seedOpportunity(crm, {
        name,
        customer: 'Northwind Traders Ltd',
        postalCode: '10115',
        country: 'DE',
        amount: 80000,
        closeDate: '2027-06-30',
        sync: true,
      }),
    );
  }
  refs.set(r5.id, { action: 'flag', reason: 'POSSIBLE_DUPLICATE' });
  for (const id of twice) opps.set(id, { action: 'flag', reason: 'POSSIBLE_DUPLICATE' });

  // Partner Center only: created in the CRM; a closed one and one in a currency the CRM lacks are left alone.
  const r6 = pc.createReferral(referralInput('foxtrot'));
  const r7 = pc.createReferral(referralInput('golf'));
  const r8 = pc.createReferral(referralInput('hotel', { status: 'Closed', substatus: 'Won' }));
  const r9 = pc.createReferral(referralInput('india', { details: { currency: 'NOK' } }));
  refs.set(r6.id, { action: 'create-in-crm' });
  refs.set(r7.id, { action: 'create-in-crm' });
  refs.set(r8.id, { action: 'skip', reason: 'REFERRAL_CLOSED' });
  refs.set(r9.id, { action: 'skip', reason: 'VALIDATION_CURRENCY_NOT_ENABLED' });

  // CRM only: shared to Partner Center; one without a solution is left alone with its reason; one not
  // marked for sync is not co-sell at all (not listed).
  const o6 = await seedOpportunity(crm, {
    name: 'Juliet migration',
    customer: 'Juliet Corp',
    postalCode: '75001',
    country: 'FR',
    sync: true,
    shareable: true,
  });
  const o7 = await seedOpportunity(crm, {
    name: 'Kilo upgrade',
    customer: 'Kilo GmbH',
    postalCode: '80331',
    country: 'DE',
    sync: true,
  });
  await seedOpportunity(crm, {
    name: 'Lima internal',
    customer: 'Lima',
    postalCode: '00100',
    country: 'FI',
    sync: false,
  });
  opps.set(o6, { action: 'create-in-pc' });
  opps.set(o7, { action: 'skip', reason: 'VALIDATION_SOLUTION_MISSING' });

  return {
    expected: { referrals: refs, opportunities: opps },
    ids: {
      linkedById: { referral: r1.id, opportunity: o1 },
      linkedByExternalId: { referral: r2.id, opportunity: o2 },
      linkedWithDiff: { referral: r3.id, opportunity: o3 },
      fuzzy: { referral: r4.id, opportunity: o4 },
      duplicate: { referral: r5.id, opportunities: twice },
      pcOnly: [r6.id, r7.id],
      crmOnly: o6,
    },
  };
}
