// Realistic, seeded referrals for tests, the demo and benchmarks. Same seed and `now`, same referrals.
// States follow the transition table (New/Pending|Received, Active/Accepted, Closed/Won|Lost|Declined|Expired),
// country and currency match, and some co-sells have a related Microsoft referral in the same engagement.
import { formatInstant, type Instant } from './clock.js';
import * as data from './generator-data.js';
import {
  microsoftOrganization,
  type EmMember,
  type EmReferral,
  type ReferralStatus,
  type ReferralSubstatus,
} from './referral-model.js';
import { createRng, type Rng } from './rng.js';

export interface GeneratorOptions {
  /** The moment the data is generated "at"; dates are spread before (and close dates after) it. */
  readonly now?: Date;
  readonly partner?: { readonly id: string; readonly name: string };
  /** Domain of the partner's sellers on referral teams. */
  readonly partnerDomain?: string;
}

export const defaultPartner = { id: '4f6b2c1e-8d3a-4e5f-9a7b-0c1d2e3f4a5b', name: 'Contoso Ltd' } as const;
const defaultNow = new Date('2026-01-15T09:00:00Z');
const dayMs = 86_400_000;

export interface GeneratorContext {
  readonly now: number;
  readonly partner: { readonly id: string; readonly name: string };
  readonly partnerDomain: string;
}

type State = { status: ReferralStatus; substatus: ReferralSubstatus };

const incomingStates: readonly [State, number][] = [
  [{ status: 'New', substatus: 'Pending' }, 20],
  [{ status: 'New', substatus: 'Received' }, 5],
  [{ status: 'Active', substatus: 'Accepted' }, 35],
  [{ status: 'Closed', substatus: 'Won' }, 15],
  [{ status: 'Closed', substatus: 'Lost' }, 10],
  [{ status: 'Closed', substatus: 'Declined' }, 8],
  [{ status: 'Closed', substatus: 'Expired' }, 7],
];
const outgoingStates: readonly [State, number][] = [
  [{ status: 'New', substatus: 'Pending' }, 20],
  [{ status: 'New', substatus: 'Received' }, 15],
  [{ status: 'Active', substatus: 'Accepted' }, 35],
  [{ status: 'Closed', substatus: 'Won' }, 15],
  [{ status: 'Closed', substatus: 'Lost' }, 15],
];

function weighted<T>(rng: Rng, items: readonly [T, number][]): T {
  const total = items.reduce((sum, [, w]) => sum + w, 0);
  let roll = rng.next() * total;
  for (const [item, w] of items) if ((roll -= w) < 0) return item;
  return (items.at(-1) as [T, number])[0];
}

const slug = (s: string) =>
  s
    .toLowerCase()
    .normalize('NFD')
    .replace(/[^a-z0-9]/g, '');
const instantAt = (rng: Rng, ms: number): Instant => ({ ms: Math.floor(ms), ticks: rng.int(0, 9999) });
const stamp = (rng: Rng, ms: number) => formatInstant(instantAt(rng, ms));

function person(rng: Rng, domain: string, locale: string, phonePrefix: string): EmMember {
  const firstName = rng.pick(data.firstNames);
  const lastName = rng.pick(data.lastNames);
  return {
    firstName,
    lastName,
    phoneNumber: `${phonePrefix}${rng.int(100_000_000, 999_999_999)}`,
    email: `${slug(firstName)}.${slug(lastName)}@${domain}`,
    contactPreference: { locale, disableNotifications: rng.chance(0.1) },
  };
}

function dealValue(rng: Rng, sizeIndex: number, currency: string): number {
  const base = [8_000, 25_000, 60_000, 150_000, 400_000, 900_000, 1_500_000, 2_500_000][sizeIndex] ?? 50_000;
  const scale =
    currency === 'JPY' || currency === 'KRW' ? 100 : currency === 'INR' ? 50 : currency === 'CNY' ? 7 : 1;
  return Math.round((base * (0.4 + rng.next() * 1.6) * scale) / 500) * 500;
}

function eTagFor(rng: Rng, ms: number): string {
  const counter = rng.int(0x1000, 0xffffff).toString(16).padStart(8, '0');
  return `"${counter}-0000-0700-0000-${Math.floor(ms / 1000)
    .toString(16)
    .padStart(8, '0')}0000"`;
}

export interface ReferralShapeOptions {
  readonly state?: State;
  readonly direction?: 'Incoming' | 'Outgoing';
  readonly type?: 'Shared' | 'Independent';
  /** ISO 3166 alpha-2: address and currency come from this country when it is in the word lists. */
  readonly country?: string;
}

/** One partner referral. */
export function generateReferral(
  rng: Rng,
  ctx: GeneratorContext,
  shape: ReferralShapeOptions = {},
): EmReferral {
  const direction = shape.direction ?? (rng.chance(0.5) ? 'Incoming' : 'Outgoing');
  const state = shape.state ?? weighted(rng, direction === 'Incoming' ? incomingStates : outgoingStates);
  const type = shape.type ?? (rng.chance(0.55) ? 'Shared' : 'Independent');
  const country = data.countries.find((c) => c.code === shape.country) ?? rng.pick(data.countries);
  const place = rng.pick(country.cities);
  const company = `${rng.pick(data.companyStems)} ${rng.pick(data.companyTrades)}`;
  const domain = `${slug(company)}.${country.tld}`;
  const sizeIndex = rng.int(0, data.customerSizes.length - 1);
  const solution = rng.pick(data.partnerSolutions);

  // Unanswered incoming referrals expire 14 days after creation, so open ones are younger than that.
  const openIncoming = direction === 'Incoming' && state.status === 'New';
  const expired = state.substatus === 'Expired';
  const ageDays = openIncoming
    ? rng.int(0, 12) + rng.next()
    : expired
      ? rng.int(15, 200)
      : rng.int(1, 365) + rng.next();
  const created = ctx.now - ageDays * dayMs;
  const expiration = Math.floor(created / dayMs) * dayMs + 14 * dayMs;
  const updated = expired ? expiration : created + rng.next() * (ctx.now - created);
  const closing =
    state.status === 'Closed' ? updated - rng.int(0, 20) * dayMs : ctx.now + rng.int(14, 240) * dayMs;

  const invitedByMicrosoft = direction === 'Incoming';
  const referral: EmReferral = {
    id: rng.guid(),
    engagementId: rng.guid(),
    organizationId: ctx.partner.id,
    organizationName: ctx.partner.name,
    name: `${company} - ${type === 'Shared' ? solution.name : rng.pick(data.solutionCategories)}`,
    externalReferenceId: rng.chance(0.4)
      ? rng.chance(0.5)
        ? `006${rng.guid().replace(/-/g, '').slice(0, 15).toUpperCase()}`
        : rng.guid()
      : '',
    createdDateTime: stamp(rng, created),
    updatedDateTime: stamp(rng, updated),
    ...(direction === 'Incoming' ? { expirationDateTime: formatInstant({ ms: expiration, ticks: 0 }) } : {}),
    ...(state.status === 'Active' || state.substatus === 'Won' || state.substatus === 'Lost'
      ? { acceptedDateTime: stamp(rng, created + (updated - created) / 3) }
      : {}),
    status: state.status,
    substatus: state.substatus,
    statusReason:
      state.status === 'Closed'
        ? rng.pick(data.closeReasons[state.substatus as keyof typeof data.closeReasons])
        : '',
    qualification: invitedByMicrosoft
      ? rng.pick(['SalesQualified', 'MarketingQualified'] as const)
      : rng.pick(['Direct', 'None'] as const),
    type,
    direction,
    salesStage:
      state.status === 'New'
        ? 'Qualify'
        : state.status === 'Closed'
          ? 'Close'
          : rng.pick(['Qualify', 'Develop', 'Propose', 'Close'] as const),
    campaignId: rng.chance(0.2) ? `CAMP-${rng.int(10_000, 99_999)}` : '',
    favorite: rng.chance(0.15),
    eTag: eTagFor(rng, updated),
    target: type === 'Shared' ? [{ type: 'SolutionProfile', id: solution.id }] : [],
    customerProfile: {
      name: `${company} ${rng.pick(country.suffixes)}`,
      size: data.customerSizes[sizeIndex] ?? '1to9employees',
      address: {
        addressLine1: `${rng.int(1, 480)} ${rng.pick(country.streets)}`,
        addressLine2: rng.chance(0.3) ? `Floor ${rng.int(2, 30)}` : '',
        city: place.city,
        state: place.state,
        postalCode: place.postal,
        country: country.code,
      },
      team: Array.from({ length: rng.int(1, 3) }, () =>
        person(rng, domain, country.locale, country.phonePrefix),
      ),
      ids: rng.chance(0.3) ? [{ profileType: 'Duns', id: String(rng.int(100_000_000, 999_999_999)) }] : [],
    },
    consent: { consentToToShareInfoWithOthers: rng.chance(0.8), consentToContact: rng.chance(0.9) },
    details: {
      notes: rng.pick(data.notes),
      dealValue: dealValue(rng, sizeIndex, country.currency),
      currency: country.currency,
      closingDateTime: formatInstant({ ms: Math.floor(closing / dayMs) * dayMs, ticks: 0 }),
      customerAction: '',
      customerRequestedContact: rng.chance(0.5),
      requirements: {
        industries: [{ id: rng.pick(data.industries) }],
        products: [
          { id: rng.pick(data.products) },
          ...(rng.chance(0.4) ? [{ id: rng.pick(data.products) }] : []),
        ],
        services: [{ id: rng.pick(data.services) }],
        solutions: [{ id: rng.pick(data.solutionCategories), name: '', type: 'Category' }],
      },
    },
    team: Array.from({ length: rng.int(1, 3) }, () => person(rng, ctx.partnerDomain, 'en-US', '+1')),
    inviteContext: invitedByMicrosoft
      ? {
          notes: 'Hi, hoping you can help this customer. Thanks, your Microsoft seller',
          invitedBy: { organizationId: 'msft', organizationName: 'Microsoft' },
        }
      : {
          notes: '',
          invitedBy: { organizationId: ctx.partner.id, organizationName: ctx.partner.name },
          ...(type === 'Shared' && rng.chance(0.6)
            ? { assistanceRequestCode: rng.pick(data.assistanceRequestCodesForHelp) }
            : {}),
        },
  };
  return referral;
}

/** Microsoft's side of a co-sell: same engagement, Microsoft's organisation, a consistent state. */
export function relatedMicrosoftReferral(
  rng: Rng,
  partnerReferral: EmReferral,
  ctx: GeneratorContext,
): EmReferral {
  const won = partnerReferral.substatus === 'Won';
  const lost = partnerReferral.substatus === 'Lost';
  const state: State = won
    ? { status: 'Closed', substatus: 'Won' }
    : lost
      ? { status: 'Closed', substatus: 'Lost' }
      : rng.chance(0.5)
        ? { status: 'Active', substatus: 'Accepted' }
        : { status: 'New', substatus: 'Received' };
  const base = generateReferral(rng, ctx, {
    state,
    direction: partnerReferral.direction === 'Incoming' ? 'Outgoing' : 'Incoming',
    type: 'Shared',
  });
  const { expirationDateTime: _expiration, acceptedDateTime: _accepted, ...rest } = base;
  return {
    ...rest,
    engagementId: partnerReferral.engagementId,
    organizationId: microsoftOrganization.id,
    organizationName: microsoftOrganization.name,
    name: partnerReferral.name ?? null,
    createdDateTime: partnerReferral.createdDateTime,
    updatedDateTime: partnerReferral.updatedDateTime,
    customerProfile: structuredClone(partnerReferral.customerProfile) ?? null,
    details: structuredClone(partnerReferral.details) ?? null,
    target: [{ type: 'BusinessProfileLocation', id: 'msft' }],
    team: Array.from({ length: rng.int(1, 2) }, () => person(rng, 'microsoft.com', 'en-US', '+1')),
    inviteContext: { notes: '', invitedBy: { organizationId: 'msft', organizationName: 'Microsoft' } },
  };
}

export function contextFor(options: GeneratorOptions = {}): GeneratorContext {
  return {
    now: (options.now ?? defaultNow).getTime(),
    partner: options.partner ?? defaultPartner,
    partnerDomain: options.partnerDomain ?? 'contoso.example',
  };
}

/**
 * `count` referrals of the partner, plus Microsoft's related referral for about 60% of the co-sells (those
 * come on top of `count`, after the partner's own).
 */
export function generateReferrals(
  count: number,
  randomSeed: number,
  options: GeneratorOptions = {},
): EmReferral[] {
  const rng = createRng(randomSeed);
  const ctx = contextFor(options);
  const own = Array.from({ length: count }, () => generateReferral(rng, ctx));
  const related = own
    .filter((r) => r.type === 'Shared' && rng.chance(0.6))
    .map((r) => relatedMicrosoftReferral(rng, r, ctx));
  return [...own, ...related];
}
