import { describe, expect, it } from 'vitest';
import type { ReferralDraft } from '../referral.js';
import { validateReferralForSharing } from './index.js';

const good: ReferralDraft = {
  name: 'Contoso supply chain',
  type: 'Shared',
  customer: {
    name: 'Contoso Customer Inc',
    country: 'US',
    contacts: [{ firstName: 'Sue', lastName: 'Smith', email: 'sue.smith@contoso.com' }],
  },
  dealValue: 50000,
  currency: 'USD',
  closeDate: '2018-11-14T00:00:00Z',
  helpRequested: true,
  solutionIds: ['SOL-34104-EBB'],
  qualification: 'SalesQualified',
  status: 'New',
};

describe('validateReferralForSharing', () => {
  it('R2: a complete co-sell referral has no failures', () => {
    expect(validateReferralForSharing(good, { enabledCurrencies: ['USD'] })).toEqual([]);
  });

  it('R2: every failure is reported at once, not only the first', () => {
    const bad: ReferralDraft = {
      ...good,
      customer: { name: 'Contoso', country: 'Netherlands', contacts: [] },
      dealValue: undefined,
      closeDate: undefined,
      currency: 'usd',
      solutionIds: [],
    };
    expect(validateReferralForSharing(bad).map((failure) => [failure.code, failure.field])).toEqual([
      ['VALIDATION_SOLUTION_MISSING', 'solutionIds'],
      ['VALIDATION_COUNTRY_INVALID', 'customer.country'],
      ['VALIDATION_CONTACT_MISSING', 'customer.contacts'],
      ['VALIDATION_DEAL_VALUE_MISSING', 'dealValue'],
      ['VALIDATION_CLOSE_DATE_MISSING', 'closeDate'],
      ['VALIDATION_CURRENCY_INVALID', 'currency'],
    ]);
  });

  it('P4: the CRM currency list is applied when given', () => {
    expect(validateReferralForSharing(good, { enabledCurrencies: ['EUR'] })).toMatchObject([
      { code: 'VALIDATION_CURRENCY_NOT_ENABLED', params: { value: 'USD', enabled: 'EUR' } },
    ]);
  });

  it('R3: a lead that is not qualified yet needs no value or date', () => {
    const lead: ReferralDraft = {
      ...good,
      qualification: 'MarketingQualified',
      dealValue: undefined,
      currency: undefined,
      closeDate: undefined,
    };
    expect(validateReferralForSharing(lead)).toEqual([]);
  });
});
