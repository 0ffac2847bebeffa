import { describe, expect, it } from 'vitest';
import {
  checkCloseDate,
  checkDealValue,
  isQualifying,
  parseCloseDate,
  parseDealValue,
} from './qualification.js';

describe('R3 deal value and close date when qualifying', () => {
  it.each([
    [{ status: 'Active' }, true],
    [{ qualification: 'SalesQualified' }, true],
    [{ status: 'New', qualification: 'SalesQualified' }, true],
    [{ status: 'New', qualification: 'MarketingQualified' }, false],
    [{ status: 'New', qualification: 'Direct' }, false],
    [{}, false],
  ])('R3: %j is qualifying: %s', (input, expected) => {
    expect(isQualifying(input)).toBe(expected);
  });

  it.each([
    [50000, 50000],
    ['10000', 10000],
    [' 2500.50 ', 2500.5],
    [0, undefined],
    [-5, undefined],
    ['0', undefined],
    ['10,000', undefined],
    ['abc', undefined],
    ['', undefined],
    [Number.NaN, undefined],
    [Number.POSITIVE_INFINITY, undefined],
    [undefined, undefined],
  ])('R3: deal value %j reads as %j', (value, expected) => {
    expect(parseDealValue(value)).toBe(expected);
  });

  it.each([
    ['2018-11-14T00:00:00Z', true],
    ['2019-02-23T02:05:23.2931817Z', true],
    ['2024-06-30', true],
    ['2024-02-29', true],
    ['2024-06-30T10:00:00+02:00', true],
    ['2023-02-29', false],
    ['2024-02-30T00:00:00Z', false],
    ['2024-13-01', false],
    ['0001-01-01T00:00:00', false],
    ['30/06/2024', false],
    ['tomorrow', false],
    ['', false],
    [undefined, false],
  ])('R3: close date %j is valid: %s', (value, valid) => {
    expect(parseCloseDate(value) !== undefined).toBe(valid);
  });

  it.each([
    ['missing', undefined],
    ['zero', 0],
    ['not a number', 'lots'],
  ])('R3: a qualifying deal with a %s deal value fails with its own code', (_label, dealValue) => {
    expect(checkDealValue({ status: 'Active', dealValue })).toEqual({
      ok: false,
      code: 'VALIDATION_DEAL_VALUE_MISSING',
      field: 'dealValue',
      params: { value: String(dealValue ?? '') },
    });
  });

  it.each([
    ['missing', undefined],
    ['impossible', '2024-02-30'],
    ['the .NET empty date', '0001-01-01T00:00:00'],
  ])('R3: a qualifying deal with a %s close date fails with its own code', (_label, closeDate) => {
    expect(checkCloseDate({ qualification: 'SalesQualified', closeDate })).toEqual({
      ok: false,
      code: 'VALIDATION_CLOSE_DATE_MISSING',
      field: 'closeDate',
      params: { value: closeDate ?? '' },
    });
  });

  it('R3: a lead that is not being qualified needs neither', () => {
    const lead = { status: 'New', qualification: 'MarketingQualified' };
    expect(checkDealValue(lead)).toEqual({ ok: true });
    expect(checkCloseDate(lead)).toEqual({ ok: true });
  });

  it('R3: a qualifying deal with both passes', () => {
    const deal = { status: 'Active', dealValue: '10000', closeDate: '2024-06-30' };
    expect(checkDealValue(deal)).toEqual({ ok: true });
    expect(checkCloseDate(deal)).toEqual({ ok: true });
  });
});
