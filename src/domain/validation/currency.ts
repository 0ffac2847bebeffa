// P4/R3: the deal currency must be an ISO 4217 code (Partner Center's details.currency) and enabled in the CRM,
// or the connector failed on the CRM side with a currency lookup error nobody could place.
import { failed, passed, type RuleResult } from './result.js';

/**
 * ISO 4217 list one (current currencies and funds), as published by the maintenance agency SIX and mirrored
 * in github.com/datasets/currency-codes data/codes-all.csv, commit ab9b0ae (2026-02-01): the entries without a
 * withdrawal date. BGN is withdrawn as of 2026-01 (Bulgaria uses EUR); ANG became XCG in 2025-03.
 *
 * Why embedded and not Intl.supportedValuesOf('currency'): on Node 20 (ICU 78) that list still holds withdrawn
 * codes (CUC, HRK, SLL, ZWL, ANG, BGN) and lacks current ones (VED, XAD and the fund codes), so it would
 * accept money that no longer exists. Update this list when the agency publishes an amendment.
 */
// prettier-ignore
export const iso4217Codes = [
  'AED', 'AFN', 'ALL', 'AMD', 'AOA', 'ARS', 'AUD', 'AWG', 'AZN', 'BAM', 'BBD', 'BDT', 'BHD', 'BIF',
  'BMD', 'BND', 'BOB', 'BOV', 'BRL', 'BSD', 'BTN', 'BWP', 'BYN', 'BZD', 'CAD', 'CDF', 'CHE', 'CHF',
  'CHW', 'CLF', 'CLP', 'CNY', 'COP', 'COU', 'CRC', 'CUP', 'CVE', 'CZK', 'DJF', 'DKK', 'DOP', 'DZD',
  'EGP', 'ERN', 'ETB', 'EUR', 'FJD', 'FKP', 'GBP', 'GEL', 'GHS', 'GIP', 'GMD', 'GNF', 'GTQ', 'GYD',
  'HKD', 'HNL', 'HTG', 'HUF', 'IDR', 'ILS', 'INR', 'IQD', 'IRR', 'ISK', 'JMD', 'JOD', 'JPY', 'KES',
  'KGS', 'KHR', 'KMF', 'KPW', 'KRW', 'KWD', 'KYD', 'KZT', 'LAK', 'LBP', 'LKR', 'LRD', 'LSL', 'LYD',
  'MAD', 'MDL', 'MGA', 'MKD', 'MMK', 'MNT', 'MOP', 'MRU', 'MUR', 'MVR', 'MWK', 'MXN', 'MXV', 'MYR',
  'MZN', 'NAD', 'NGN', 'NIO', 'NOK', 'NPR', 'NZD', 'OMR', 'PAB', 'PEN', 'PGK', 'PHP', 'PKR', 'PLN',
  'PYG', 'QAR', 'RON', 'RSD', 'RUB', 'RWF', 'SAR', 'SBD', 'SCR', 'SDG', 'SEK', 'SGD', 'SHP', 'SLE',
  'SOS', 'SRD', 'SSP', 'STN', 'SVC', 'SYP', 'SZL', 'THB', 'TJS', 'TMT', 'TND', 'TOP', 'TRY', 'TTD',
  'TWD', 'TZS', 'UAH', 'UGX', 'USD', 'USN', 'UYI', 'UYU', 'UYW', 'UZS', 'VED', 'VES', 'VND', 'VUV',
  'WST', 'XAD', 'XAF', 'XAG', 'XAU', 'XBA', 'XBB', 'XBC', 'XBD', 'XCD', 'XCG', 'XDR', 'XOF', 'XPD',
  'XPF', 'XPT', 'XSU', 'XTS', 'XUA', 'XXX', 'YER', 'ZAR', 'ZMW', 'ZWG',
] as const;

// Valid ISO codes that cannot price a deal: XTS is reserved for testing, XXX means "no currency".
const notForDeals: ReadonlySet<string> = new Set(['XTS', 'XXX']);
const dealCurrencies: ReadonlySet<string> = new Set(iso4217Codes.filter((code) => !notForDeals.has(code)));

/** Exact, upper-case codes only: the CRM field is sent as it is, so "usd" is refused like "US dollar". */
export function isCurrencyCode(value: string): boolean {
  return dealCurrencies.has(value);
}

export interface CurrencyInput {
  readonly currency?: string | undefined;
  readonly dealValue?: number | string | undefined;
}

/**
 * A missing currency is only a failure next to a deal value, since an amount without a currency cannot be
 * read. `enabledCurrencies`, when given, is the CRM's list (Dataverse transactioncurrency, Salesforce
 * CurrencyType); a valid code outside it fails with VALIDATION_CURRENCY_NOT_ENABLED, naming the enabled ones.
 */
export function checkCurrency(input: CurrencyInput, enabledCurrencies?: readonly string[]): RuleResult {
  const value = input.currency ?? '';
  const hasDealValue = input.dealValue !== undefined && String(input.dealValue).trim() !== '';
  if (value === '' && !hasDealValue) return passed;
  if (!isCurrencyCode(value)) {
    return failed('VALIDATION_CURRENCY_INVALID', 'currency', { value, reason: 'notIso4217' });
  }
  if (enabledCurrencies !== undefined && !enabledCurrencies.some((code) => code.toUpperCase() === value)) {
    return failed('VALIDATION_CURRENCY_NOT_ENABLED', 'currency', {
      value,
      enabled: [...enabledCurrencies].sort().join(', '),
    });
  }
  return passed;
}
