// The org's currencies when multi-currency is on (Setup → Manage Currencies; the CurrencyType object).
// Exactly one is the corporate currency (rate 1); records default to it, and CurrencyIsoCode accepts only
// active ones.

export interface CurrencyDef {
  readonly isoCode: string;
  readonly isActive: boolean;
  readonly isCorporate: boolean;
  /** Units of this currency per unit of the corporate currency. */
  readonly conversionRate: number;
  readonly decimalPlaces: number;
}

const c = (isoCode: string, conversionRate: number, decimalPlaces = 2, isActive = true): CurrencyDef => ({
  isoCode,
  isActive,
  isCorporate: isoCode === 'USD',
  conversionRate,
  decimalPlaces,
});

/** USD corporate; EUR, GBP, JPY, AUD, CAD, CHF, INR, CNY, BRL active; SEK present but inactive. */
export const defaultCurrencies: readonly CurrencyDef[] = [
  c('USD', 1),
  c('EUR', 0.92),
  c('GBP', 0.79),
  c('JPY', 151.5, 0),
  c('AUD', 1.52),
  c('CAD', 1.36),
  c('CHF', 0.9),
  c('INR', 83.3),
  c('CNY', 7.23),
  c('BRL', 5.05),
  c('SEK', 10.7, 2, false),
];

export function checkCurrencies(currencies: readonly CurrencyDef[]): void {
  const corporate = currencies.filter((x) => x.isCorporate);
  if (corporate.length !== 1) throw new RangeError('currencies: exactly one corporate currency is needed');
  if (!corporate[0]?.isActive) throw new RangeError('currencies: the corporate currency must be active');
  const seen = new Set<string>();
  for (const x of currencies) {
    if (!/^[A-Z]{3}$/.test(x.isoCode))
      throw new RangeError(`currencies: '${x.isoCode}' is not an ISO 4217 code`);
    if (seen.has(x.isoCode)) throw new RangeError(`currencies: '${x.isoCode}' is listed twice`);
    if (!(x.conversionRate > 0)) throw new RangeError(`currencies: '${x.isoCode}' needs a positive rate`);
    seen.add(x.isoCode);
  }
}
