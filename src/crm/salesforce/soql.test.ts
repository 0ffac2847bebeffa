// SOQL literals from values we do not control, and Salesforce's date-time forms.
import { describe, expect, it } from 'vitest';
import { parseSoql } from './emulator/index.js';
import { chunk, inList, isoFromSalesforce, quote, soqlDateTime } from './soql.js';

describe('quote', () => {
  it('escapes quotes, backslashes and control characters so a value cannot change the query', () => {
    expect(quote("O'Brien \\ Co")).toBe("'O\\'Brien \\\\ Co'");
    expect(quote('a\nb\tc"d')).toBe("'a\\nb\\tc\\\"d'");
    const hostile = "x') OR Name != ('";
    // The emulator's SOQL parser (Salesforce's grammar) reads it as one literal.
    expect(() => parseSoql(`SELECT Id FROM Account WHERE Name IN ${inList([hostile, 'b'])}`)).not.toThrow();
  });

  it('refuses an empty IN list (SOQL has no `IN ()`) and chunks long ones', () => {
    expect(() => inList([])).toThrow(RangeError);
    expect(chunk([1, 2, 3, 4, 5], 2)).toEqual([[1, 2], [3, 4], [5]]);
  });
});

describe('date-times', () => {
  it("reads Salesforce's +0000 form as ISO with Z, and writes whole seconds without milliseconds", () => {
    expect(isoFromSalesforce('2026-11-20T10:00:00.000+0000')).toBe('2026-11-20T10:00:00.000Z');
    expect(isoFromSalesforce('2026-11-20T12:00:00.000+0200')).toBe('2026-11-20T10:00:00.000Z');
    expect(soqlDateTime('2026-11-20T10:00:00.000Z')).toBe('2026-11-20T10:00:00Z');
    expect(soqlDateTime('2026-11-20T10:00:00.250Z')).toBe('2026-11-20T10:00:00.250Z');
    expect(() => isoFromSalesforce('yesterday')).toThrow(RangeError);
  });
});
