import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkCountry, countryCodes, suggestCountryCode } from './country.js';

describe('R6 country code', () => {
  it.each(['US', 'NL', 'CN', 'GB', 'DE', 'XK', 'AX', 'CW'])('R6: %s is accepted', (code) => {
    expect(checkCountry(code)).toEqual({ ok: true });
  });

  it.each([
    ['Netherlands', 'NL', 'Netherlands'],
    ['the netherlands', 'NL', 'Netherlands'],
    ['Nederland', 'NL', 'Netherlands'],
    ['荷兰', 'NL', 'Netherlands'],
    ['United States', 'US', 'United States of America'],
    ['USA', 'US', 'United States of America'],
    ['Verenigde Staten', 'US', 'United States of America'],
    ['us', 'US', 'United States of America'],
    [' NL ', 'NL', 'Netherlands'],
    ['nld', 'NL', 'Netherlands'],
    ['中国', 'CN', "People's Republic of China"],
    ['Cote d’Ivoire', 'CI', "Cote d'Ivoire"],
    ['CÔTE D IVOIRE', 'CI', "Cote d'Ivoire"],
    ['Duitsland', 'DE', 'Germany'],
    ['刚果(金)', 'CD', 'Democratic Republic of the Congo'],
  ])('R6: "%s" is refused and suggests %s', (value, code, name) => {
    expect(checkCountry(value)).toEqual({
      ok: false,
      code: 'VALIDATION_COUNTRY_INVALID',
      field: 'customer.country',
      params: { value, suggestedCode: code, suggestedName: name },
    });
  });

  it.each([
    ['Congo', 'two countries carry the name'],
    ['Atlantis', 'no country has the name'],
    ['', 'the field is empty'],
    ['U', 'one letter is no code'],
    ['ZZ', 'an unassigned code'],
    ['UK', 'UK is reserved, not an assigned code'],
  ])('R6: "%s" is refused (%s)', (value) => {
    const result = checkCountry(value);
    expect(result.ok).toBe(false);
  });

  it.each(['Congo', 'Atlantis', '', 'U', 'ZZ'])('R6: "%s" gets no suggestion', (value) => {
    const result = checkCountry(value);
    expect(result).toEqual({
      ok: false,
      code: 'VALIDATION_COUNTRY_INVALID',
      field: 'customer.country',
      params: { value },
    });
  });

  it('R6: a missing country is refused with an empty value', () => {
    expect(checkCountry(undefined)).toMatchObject({ ok: false, params: { value: '' } });
  });

  it('R6: "UK" suggests GB through the package alias', () => {
    expect(suggestCountryCode('UK')).toBe('GB');
  });

  it('R6: every alpha-2 code of the package list is accepted', () => {
    expect(countryCodes.length).toBeGreaterThanOrEqual(249);
    fc.assert(
      fc.property(fc.constantFrom(...countryCodes), (code) => {
        expect(checkCountry(code)).toEqual({ ok: true });
      }),
      { numRuns: countryCodes.length * 2 },
    );
  });

  it('R6: the rule never throws on arbitrary text, and only a listed code passes', () => {
    const codes = new Set(countryCodes);
    fc.assert(
      fc.property(
        fc.oneof(fc.string(), fc.string({ unit: 'binary' }), fc.string({ unit: 'grapheme' })),
        (value) => {
          const result = checkCountry(value);
          expect(result.ok).toBe(codes.has(value));
          if (!result.ok) expect(result.params['value']).toBe(value);
        },
      ),
      { numRuns: 2000 },
    );
  });
});
