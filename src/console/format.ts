// Dates, numbers and money in the reader's language (Intl), and the catalogue texts a page needs.
import { createOutput, type Output } from '../cli/output.js';
import { t, type Locale, type MessageKey, type Params } from '../i18n/index.js';

export interface Fmt {
  readonly locale: Locale;
  readonly out: Output;
  t(key: MessageKey, params?: Params): string;
  date(value: Date | null | undefined): string;
  time(value: Date): string;
  number(value: number): string;
  money(value: number, currency: string | undefined): string;
}

export function formatter(locale: Locale): Fmt {
  const dates = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'medium' });
  const times = new Intl.DateTimeFormat(locale, { timeStyle: 'short' });
  const numbers = new Intl.NumberFormat(locale);
  return {
    locale,
    out: createOutput(
      locale,
      () => undefined,
      () => undefined,
    ),
    t: (key, params) => t(locale, key, params),
    date: (value) => (value == null ? '—' : dates.format(value)),
    time: (value) => times.format(value),
    number: (value) => numbers.format(value),
    money(value, currency) {
      if (currency === undefined || !/^[A-Z]{3}$/.test(currency)) return numbers.format(value);
      return new Intl.NumberFormat(locale, { style: 'currency', currency }).format(value);
    },
  };
}
