// The checks a referral passes before it is sent to Partner Center (R2). All rules run and all failures are
// returned: the user fixes the record once instead of discovering one problem per sync attempt.
// Rendering into a language lives in ./render.ts, so the rules stay free of i18n.
import type { ReferralDraft } from '../referral.js';
import { checkContact } from './contact.js';
import { checkCountry } from './country.js';
import { checkCurrency } from './currency.js';
import { checkCloseDate, checkDealValue } from './qualification.js';
import type { RuleFailure, RuleResult } from './result.js';
import { checkSolution } from './solution.js';

export type { RuleFailure, RuleParams, RuleResult } from './result.js';
export { checkSolution } from './solution.js';
export {
  checkCountry,
  countryCodes,
  countryName,
  countryNameLanguages,
  isCountryCode,
  suggestCountryCode,
  type CountryNameLanguage,
} from './country.js';
export { checkContact, isHelpRequested, isReachableContact, type ContactInput } from './contact.js';
export {
  checkCloseDate,
  checkDealValue,
  isQualifying,
  parseCloseDate,
  parseDealValue,
  type QualificationInput,
} from './qualification.js';
export { checkCurrency, isCurrencyCode, iso4217Codes, type CurrencyInput } from './currency.js';

export interface SharingOptions {
  /** The currencies enabled in the CRM (P4); leave out when unknown to check ISO 4217 only. */
  readonly enabledCurrencies?: readonly string[] | undefined;
}

export function validateReferralForSharing(
  draft: ReferralDraft,
  options: SharingOptions = {},
): RuleFailure[] {
  const results: RuleResult[] = [
    checkSolution(draft),
    checkCountry(draft.customer.country),
    checkContact(draft),
    checkDealValue(draft),
    checkCloseDate(draft),
    checkCurrency(draft, options.enabledCurrencies),
  ];
  return results.filter((result): result is RuleFailure => !result.ok);
}
