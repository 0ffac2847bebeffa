import { describe, expect, it } from 'vitest';
import { checkCurrency, isCurrencyCode, iso4217Codes } from './currency.js';

describe('P4 currency', () => {
  it.each(['USD', 'EUR', 'CNY', 'JPY', 'XCG', 'ZWG', 'VED', 'CHE'])(
    'P4: %s is a valid ISO 4217 code',
    (code) => {
      expect(isCurrencyCode(code)).toBe(true);
      expect(checkCurrency({ currency: code })).toEqual({ ok: true });
    },
  );

  it.each([
    ['usd', 'lower case'],
    ['US', 'two letters'],
    ['HRK', 'withdrawn 2023 (Croatia uses EUR)'],
    ['ANG', 'withdrawn 2025 (replaced by XCG)'],
    ['BGN', 'withdrawn 2026 (Bulgaria uses EUR)'],
    ['ZWL', 'withdrawn 2024'],
    ['XTS', 'reserved for testing'],
    ['XXX', 'no currency'],
    ['Dollar', 'a name'],
  ])('P4: %s is refused (%s)', (currency) => {
    expect(checkCurrency({ currency })).toEqual({
      ok: false,
      code: 'VALIDATION_CURRENCY_INVALID',
      field: 'currency',
      params: { value: currency, reason: 'notIso4217' },
    });
  });

  it('P4: the embedded list has 178 unique upper-case codes', () => {
    expect(new Set(iso4217Codes).size).toBe(178);
    expect(iso4217Codes.every((code) => /^[A-Z]{3}$/.test(code))).toBe(true);
  });

  it('P4: no currency and no deal value passes; a deal value without currency fails', () => {
    expect(checkCurrency({})).toEqual({ ok: true });
    expect(checkCurrency({ dealValue: 100 })).toMatchObject({ ok: false, params: { value: '' } });
  });

  it('P4: a valid code not enabled in the CRM fails with its own code, naming the enabled currencies', () => {
    expect(checkCurrency({ currency: 'JPY' }, ['USD', 'EUR'])).toEqual({
      ok: false,
      code: 'VALIDATION_CURRENCY_NOT_ENABLED',
      field: 'currency',
      params: { value: 'JPY', enabled: 'EUR, USD' },
    });
  });

  it('P4: an enabled code passes, whatever case the CRM lists it in', () => {
    expect(checkCurrency({ currency: 'EUR' }, ['usd', 'eur'])).toEqual({ ok: true });
  });
});
