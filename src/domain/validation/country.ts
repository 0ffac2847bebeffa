// R6: the customer's country must be a two-letter ISO 3166-1 code; Partner Center refuses anything else and the
// old connector then failed silently. The code list and the country names come from i18n-iso-countries, so
// the list is the full one rather than the handful of countries someone thought of.
//
// Decision: only the exact code is accepted. "us" or " NL" are refused, because the CRM field is what we send
// and what later syncs compare against; the user gets the exact code to type instead.
import countries from 'i18n-iso-countries';
import en from 'i18n-iso-countries/langs/en.json' with { type: 'json' };
import nl from 'i18n-iso-countries/langs/nl.json' with { type: 'json' };
import zh from 'i18n-iso-countries/langs/zh.json' with { type: 'json' };
import { failed, passed, type RuleParams, type RuleResult } from './result.js';

// The Node entry of the package registers every locale itself; registering ours keeps this working under a
// bundler that picks the browser entry, which registers none.
countries.registerLocale(en);
countries.registerLocale(nl);
countries.registerLocale(zh);

/** The name languages we read and suggest from: those the product ships in (en, nl-NL, zh-CN). */
export const countryNameLanguages = ['en', 'nl', 'zh'] as const;
export type CountryNameLanguage = (typeof countryNameLanguages)[number];

// Includes XK (Kosovo): user-assigned rather than official, but in the package list and in real CRM data.
export const countryCodes: readonly string[] = Object.freeze(Object.keys(countries.getAlpha2Codes()));
const codeSet = new Set(countryCodes);

export function isCountryCode(value: string): boolean {
  return codeSet.has(value);
}

export function countryName(code: string, language: CountryNameLanguage): string | undefined {
  return countries.getName(code, language);
}

// Case-, accent-, width- and punctuation-insensitive: "Côte d'Ivoire", "cote d ivoire" and "刚果(金)" for
// "刚果（金）" all meet. NFKD splits accents off and folds full-width forms; what is left is compared word by word.
function normalizeName(value: string): string {
  return value
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

let nameIndex: Map<string, Set<string>> | undefined;

// Every name and alias in the three languages, plus the alpha-3 codes, mapped to the codes they can mean.
function codesByName(): Map<string, Set<string>> {
  if (nameIndex) return nameIndex;
  const index = new Map<string, Set<string>>();
  const add = (name: string, code: string): void => {
    const key = normalizeName(name);
    if (key === '') return;
    const codes = index.get(key) ?? new Set<string>();
    codes.add(code);
    index.set(key, codes);
  };
  for (const language of countryNameLanguages) {
    for (const [code, names] of Object.entries(countries.getNames(language, { select: 'all' }))) {
      for (const name of names) add(name, code);
    }
  }
  for (const [alpha3, alpha2] of Object.entries(countries.getAlpha3Codes())) add(alpha3, alpha2);
  nameIndex = index;
  return index;
}

/**
 * The one code a value most likely means, or undefined. A name that fits several countries ("Congo") gives
 * none: a wrong suggestion would be accepted without thought and send the deal to the wrong country team.
 */
export function suggestCountryCode(value: string): string | undefined {
  const upper = value.trim().toUpperCase();
  if (isCountryCode(upper)) return upper;
  const codes = codesByName().get(normalizeName(value));
  if (codes?.size !== 1) return undefined;
  const [only] = codes;
  return only;
}

export function checkCountry(value: string | undefined): RuleResult {
  const raw = value ?? '';
  if (isCountryCode(raw)) return passed;
  const params: RuleParams = { value: raw };
  const suggestedCode = suggestCountryCode(raw);
  if (suggestedCode !== undefined) {
    params['suggestedCode'] = suggestedCode;
    const suggestedName = countryName(suggestedCode, 'en');
    if (suggestedName !== undefined) params['suggestedName'] = suggestedName;
  }
  return failed('VALIDATION_COUNTRY_INVALID', 'customer.country', params);
}
