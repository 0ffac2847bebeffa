// R3: "qualifying a lead needs revenue and a close date" (connector FAQ). Partner Center refuses such an
// update, and the old flows then left the CRM and Partner Center out of step without a word.
//
// Decision, what counts as qualifying: the referral is (or is being moved to) status Active, which is accepting
// it as a real opportunity, or it is SalesQualified, which Microsoft uses for deals already qualified by a
// seller. MarketingQualified and Direct referrals are leads: they may travel without a value until accepted.
import { failed, passed, type RuleResult } from './result.js';

export interface QualificationInput {
  readonly qualification?: string | undefined;
  readonly status?: string | undefined;
  readonly dealValue?: number | string | undefined;
  readonly closeDate?: string | undefined;
}

export function isQualifying(input: Pick<QualificationInput, 'qualification' | 'status'>): boolean {
  return input.status === 'Active' || input.qualification === 'SalesQualified';
}

/**
 * A positive amount, or undefined. Strings must be plain decimals ("10000", "2500.50"): "10,000" is refused
 * rather than guessed, because a comma is a thousands separator in one locale and a decimal point in another.
 */
export function parseDealValue(value: number | string | undefined): number | undefined {
  let amount: number;
  if (typeof value === 'number') amount = value;
  else if (value !== undefined && /^\s*\d+(\.\d+)?\s*$/.test(value)) amount = Number(value);
  else return undefined;
  return Number.isFinite(amount) && amount > 0 ? amount : undefined;
}

const isoDate = /^(\d{4})-(\d{2})-(\d{2})(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;

/**
 * An ISO 8601 date or date-time that names a real day, or undefined. The day is checked by hand because
 * Date.parse rolls 2024-02-30 over into March. Years before 1900 count as missing: .NET sends
 * DateTime.MinValue (0001-01-01) for "not set".
 */
export function parseCloseDate(value: string | undefined): Date | undefined {
  const match = value === undefined ? null : isoDate.exec(value.trim());
  if (!match || value === undefined) return undefined;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const calendarDay = new Date(Date.UTC(year, month - 1, day));
  const realDay =
    calendarDay.getUTCFullYear() === year &&
    calendarDay.getUTCMonth() === month - 1 &&
    calendarDay.getUTCDate() === day;
  const instant = Date.parse(value.trim());
  if (!realDay || year < 1900 || !Number.isFinite(instant)) return undefined;
  return new Date(instant);
}

export function checkDealValue(input: QualificationInput): RuleResult {
  if (!isQualifying(input) || parseDealValue(input.dealValue) !== undefined) return passed;
  return failed('VALIDATION_DEAL_VALUE_MISSING', 'dealValue', { value: String(input.dealValue ?? '') });
}

export function checkCloseDate(input: QualificationInput): RuleResult {
  if (!isQualifying(input) || parseCloseDate(input.closeDate) !== undefined) return passed;
  return failed('VALIDATION_CLOSE_DATE_MISSING', 'closeDate', { value: input.closeDate ?? '' });
}
