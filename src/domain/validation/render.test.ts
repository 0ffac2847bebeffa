import { describe, expect, it } from 'vitest';
import { locales } from '../../i18n/index.js';
import { isLegalTransition } from '../referral-status.js';
import { checkContact } from './contact.js';
import { checkCountry } from './country.js';
import { checkCurrency } from './currency.js';
import { checkCloseDate, checkDealValue } from './qualification.js';
import { renderRuleFailure } from './render.js';
import type { RuleFailure, RuleResult } from './result.js';
import { checkSolution } from './solution.js';

function failure(result: RuleResult): RuleFailure {
  if (result.ok) throw new Error('expected the rule to fail');
  return result;
}

// The status table answers without a field; on a record the failure belongs to the status.
function reopenFailure(): RuleFailure {
  const result = isLegalTransition(
    { status: 'Closed', substatus: 'Won' },
    { status: 'Active', substatus: 'Accepted' },
  );
  if (result.ok) throw new Error('expected the transition to be refused');
  return { ...result, field: 'status' };
}

const failures: readonly [string, RuleFailure][] = [
  ['R7', failure(checkSolution({ solutionIds: [] }))],
  ['R6', failure(checkCountry('Netherlands'))],
  ['R6', failure(checkCountry('Atlantis'))],
  ['R2', failure(checkContact({ helpRequested: true, customer: { contacts: [] } }))],
  ['R3', failure(checkDealValue({ status: 'Active' }))],
  ['R3', failure(checkCloseDate({ status: 'Active' }))],
  ['P4', failure(checkCurrency({ currency: 'usd' }))],
  ['P4', failure(checkCurrency({ currency: 'JPY' }, ['EUR']))],
  ['R8', reopenFailure()],
];

describe('rule failures render in every language', () => {
  it.each(failures)('%s: %o renders in en, nl-NL and zh-CN, non-empty and distinct', (_id, result) => {
    const rendered = locales.map((locale) => renderRuleFailure(locale, result));
    for (const text of rendered) {
      expect(text.code).toBe(result.code);
      expect(text.field).toBe(result.field);
      expect(text.message.trim()).not.toBe('');
      expect(text.fix.trim()).not.toBe('');
      // An unfilled placeholder means a param the catalogue expects was not given.
      expect(text.message + text.fix).not.toMatch(/{{|}}/);
    }
    expect(new Set(rendered.map((text) => text.message)).size).toBe(locales.length);
    expect(new Set(rendered.map((text) => text.fix)).size).toBe(locales.length);
  });

  it.each([
    ['en', 'NL (Netherlands)'],
    ['nl-NL', 'NL (Koninkrijk der Nederlanden)'],
    ['zh-CN', 'NL（荷兰）'],
  ] as const)('R6: the suggestion names the country in %s: %s', (locale, expected) => {
    const text = renderRuleFailure(locale, failure(checkCountry('Netherlands')));
    expect(text.fix).toContain(expected);
    expect(text.message).toContain('Netherlands');
  });

  it('R6: without a suggestion the fix carries none', () => {
    const text = renderRuleFailure('en', failure(checkCountry('Congo')));
    expect(text.fix).toBe('Set the customer account country to a two-letter code such as US, NL or CN.');
  });
});
