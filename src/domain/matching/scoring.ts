// The fuzzy score of a referral against an opportunity that share a country and postal code:
// 0.5 * name + 0.25 * deal value + 0.25 * close date. The name weighs most because it is what a person
// types for both records; value and date only tell apart deals of the same customer. A value or date one
// side lacks is unknown (0.5): neither for nor against, so an exact name with nothing else known scores
// 0.75, the default threshold, and is still proposed for a person to confirm.
import { normalizeCountry, normalizePostalCode } from './normalize.js';
import { nameProfile, profileSimilarity, similarityBound, type NameProfile } from './similarity.js';
import type { Evidence, MatchOptions, MatchPair, OpportunityDigest, ReferralDigest } from './types.js';

/** Names less alike than this are never the same customer, whatever the value and date. */
export const minNameSimilarity = 0.6;

/** Deal values this close (relative to the larger) agree fully; this far apart, not at all. */
const valueFullAgreement = 0.1;
const valueNoAgreement = 0.5;

/** A record's fields in the form the score compares, worked out once per record, not once per pair. */
export interface FuzzyFeatures {
  readonly id: string;
  /** Country and postal code; a record without both is never a fuzzy candidate. */
  readonly block: string;
  readonly customerName: string;
  readonly dealValue: number | undefined;
  readonly currency: string | undefined;
  /** Days since 1970-01-01 of the close date. */
  readonly closeDay: number | undefined;
}

/** Undefined when the record cannot be a fuzzy candidate: no country, postal code or customer name. */
export function fuzzyFeatures(digest: ReferralDigest | OpportunityDigest): FuzzyFeatures | undefined {
  const country = normalizeCountry(digest.country);
  const postalCode = normalizePostalCode(digest.postalCode);
  const customerName = digest.customerName?.trim();
  if (country === undefined || postalCode === undefined || !customerName) return undefined;
  return {
    id: digest.id,
    block: `${country}\u0000${postalCode}`,
    customerName,
    dealValue: Number.isFinite(digest.dealValue) ? digest.dealValue : undefined,
    currency: digest.currency?.trim().toUpperCase() || undefined,
    closeDay: dayNumber(digest.closeDate),
  };
}

/**
 * Scores pairs of one run. A name's bigrams are worked out the first time the name is compared, and once
 * per distinct name: most records share a block with nobody on the other side and are never compared,
 * and one customer's many deals share one name.
 */
export class Scorer {
  private readonly profiles = new Map<string, NameProfile>();

  constructor(private readonly options: MatchOptions) {}

  /**
   * The fuzzy pair of two records in one block, or undefined when it scores below minScore. The names'
   * profiles come with them: a block looks each up once, not once per pair.
   */
  score(
    referral: FuzzyFeatures,
    a: NameProfile,
    opportunity: FuzzyFeatures,
    b: NameProfile,
  ): MatchPair | undefined {
    const { closeDateWindowDays, minScore } = this.options;
    const dealValue = valueAgreement(referral, opportunity);
    const closeDateDays =
      referral.closeDay === undefined || opportunity.closeDay === undefined
        ? null
        : Math.abs(referral.closeDay - opportunity.closeDay);
    const closeDate = closeDateDays === null ? null : dateAgreement(closeDateDays, closeDateWindowDays);
    const rest = 0.25 * (dealValue ?? 0.5) + 0.25 * (closeDate ?? 0.5);
    // The least name similarity that could still reach minScore: most pairs fail on it before their names
    // are compared bigram by bigram. (The slack keeps a pair that rounds up to minScore.)
    const needed = Math.max(minNameSimilarity, (minScore - rest - 0.0005) / 0.5);
    if (needed > 1) return undefined;
    if (similarityBound(a, b) < needed) return undefined;
    const name = profileSimilarity(a, b);
    if (name < needed) return undefined;
    const score = round3(0.5 * name + rest);
    if (score < minScore) return undefined;
    const evidence: Evidence = {
      kind: 'fuzzy',
      name: round3(name),
      postalCode: true,
      country: true,
      dealValue: dealValue === null ? null : round3(dealValue),
      closeDate: closeDate === null ? null : round3(closeDate),
      closeDateDays,
    };
    return { referralId: referral.id, opportunityId: opportunity.id, score, evidence: [evidence] };
  }

  profile(record: FuzzyFeatures): NameProfile {
    let profile = this.profiles.get(record.customerName);
    if (profile === undefined) {
      profile = nameProfile(record.customerName);
      this.profiles.set(record.customerName, profile);
    }
    return profile;
  }
}

/**
 * 1 when the values differ by at most 10% of the larger, falling linearly to 0 at 50%; null (unknown) when
 * either is missing; 0 when both currencies are known and differ, since amounts in two currencies say
 * nothing about each other.
 */
export function valueAgreement(
  a: Pick<FuzzyFeatures, 'dealValue' | 'currency'>,
  b: Pick<FuzzyFeatures, 'dealValue' | 'currency'>,
): number | null {
  if (a.dealValue === undefined || b.dealValue === undefined) return null;
  if (a.currency !== undefined && b.currency !== undefined && a.currency !== b.currency) return 0;
  const larger = Math.max(Math.abs(a.dealValue), Math.abs(b.dealValue));
  const relative = larger === 0 ? 0 : Math.abs(a.dealValue - b.dealValue) / larger;
  return linear(relative, valueFullAgreement, valueNoAgreement);
}

/**
 * 1 while the dates are at most half the window apart (a close date moved by a couple of weeks is the same
 * deal), then linearly down to 0 at the window's edge, and 0 beyond it.
 */
export function dateAgreement(daysApart: number, windowDays: number): number {
  return linear(daysApart, windowDays / 2, windowDays);
}

/** 1 up to `full`, 0 from `none` on, a straight line between. */
function linear(distance: number, full: number, none: number): number {
  if (distance <= full) return 1;
  if (distance >= none) return 0;
  return (none - distance) / (none - full);
}

/** Days since 1970-01-01 of a YYYY-MM-DD date; undefined for anything else. */
export function dayNumber(date: string | undefined): number | undefined {
  if (date === undefined || date.length !== 10 || date[4] !== '-' || date[7] !== '-') return undefined;
  const year = digits(date, 0, 4);
  const month = digits(date, 5, 7);
  const day = digits(date, 8, 10);
  // 2026-02-30 is no date; nor is .NET's "not set" (year 1).
  if (year < 1900 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  return daysFromCivil(year, month, day);
}

/** The number the digits from..to spell; NaN (failing every range test) if any is not a digit. */
function digits(text: string, from: number, to: number): number {
  let value = 0;
  for (let i = from; i < to; i++) {
    const digit = text.charCodeAt(i) - 48;
    if (digit < 0 || digit > 9) return NaN;
    value = value * 10 + digit;
  }
  return value;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** Days since 1970-01-01 by arithmetic (H. Hinnant's days_from_civil): no Date built per record. */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
}

/** Scores to 3 decimals, so the same pair reads the same in JSON on every run. */
export function round3(value: number): number {
  return Math.round((value + Number.EPSILON) * 1000) / 1000;
}
