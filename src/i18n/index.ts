// One translator for the CLI, the console and error guidance. i18next gives interpolation, plurals and
// the English fallback; the catalogues are typed TypeScript objects, so a missing key fails the build.
import i18next, { type i18n } from 'i18next';
import { en, type Catalogue, type MessageKey } from './en.js';
import { nlNL } from './nl-NL.js';
import { zhCN } from './zh-CN.js';
import { type CosellError, messageKey } from '../errors.js';

export const locales = ['en', 'nl-NL', 'zh-CN'] as const;
export type Locale = (typeof locales)[number];
export type { MessageKey, Catalogue };

export const catalogues: Readonly<Record<Locale, Catalogue>> = { en, 'nl-NL': nlNL, 'zh-CN': zhCN };

let instance: i18n | undefined;

function translatorInstance(): i18n {
  if (instance) return instance;
  const created = i18next.createInstance();
  void created.init({
    initAsync: false,
    resources: Object.fromEntries(locales.map((l) => [l, { translation: catalogues[l] }])),
    lng: 'en',
    fallbackLng: 'en',
    supportedLngs: [...locales],
    keySeparator: false,
    nsSeparator: false,
    // Text reaches a terminal or is escaped by the console's renderer; i18next must not HTML-escape it.
    interpolation: { escapeValue: false },
    returnNull: false,
  });
  instance = created;
  return created;
}

/** Picks the closest supported locale: "nl", "nl-BE" -> nl-NL; "zh", "zh-Hans" -> zh-CN; else English. */
export function resolveLocale(requested: string | undefined): Locale {
  const tag = (requested ?? '').toLowerCase();
  if (tag.startsWith('nl')) return 'nl-NL';
  if (tag.startsWith('zh')) return 'zh-CN';
  return 'en';
}

export type Params = Readonly<Record<string, string | number>>;

export function t(locale: Locale, key: MessageKey, params: Params = {}): string {
  return translatorInstance().t(key, { ...params, lng: locale });
}

export function translator(locale: Locale): (key: MessageKey, params?: Params) => string {
  return (key, params) => t(locale, key, params);
}

/** The message and the fix for a coded error, in one language. */
export function describeError(
  locale: Locale,
  error: Pick<CosellError, 'code' | 'params'>,
): { code: string; message: string; fix: string } {
  const key = messageKey(error.code);
  return {
    code: error.code,
    message: t(locale, key, error.params),
    fix: t(locale, `${key}.fix`, error.params),
  };
}
