// Turns a rule failure into text for one language. Kept apart from the rules so they stay pure data; the only
// language-dependent part a rule produces is the country suggestion, whose country name is localised here.
import { describeError, t, type Locale } from '../../i18n/index.js';
import { countryName, type CountryNameLanguage } from './country.js';
import type { RuleFailure } from './result.js';

const nameLanguage: Record<Locale, CountryNameLanguage> = { en: 'en', 'nl-NL': 'nl', 'zh-CN': 'zh' };

export interface RenderedFailure {
  readonly code: string;
  readonly field: string;
  readonly message: string;
  readonly fix: string;
}

/** `{{suggestion}}` is always filled (empty when there is none): i18next would print a missing one literally. */
function suggestionText(locale: Locale, failure: RuleFailure): string {
  const code = failure.params['suggestedCode'];
  if (failure.code !== 'VALIDATION_COUNTRY_INVALID' || typeof code !== 'string') return '';
  const name = countryName(code, nameLanguage[locale]) ?? failure.params['suggestedName'] ?? code;
  return t(locale, 'validation.countrySuggestion', { code, name });
}

export function renderRuleFailure(locale: Locale, failure: RuleFailure): RenderedFailure {
  const params = { ...failure.params, suggestion: suggestionText(locale, failure) };
  return { ...describeError(locale, { code: failure.code, params }), field: failure.field };
}
