// SOQL text built from values we do not control (company names, e-mails, referral ids): every literal goes
// through `quote`, so a name like O'Brien & Co\ can neither break a query nor change its meaning.

/** A SOQL string literal (escapes per the SOQL reference: backslash, quotes, control characters). */
export function quote(value: string): string {
  const escaped = value
    .replace(/\\/g, '\\\\')
    .replace(/'/g, "\\'")
    .replace(/"/g, '\\"')
    .replace(/\n/g, '\\n')
    .replace(/\r/g, '\\r')
    .replace(/\t/g, '\\t')
    .replace(/\f/g, '\\f')
    .replaceAll('\u0008', '\\b');
  return `'${escaped}'`;
}

/** `('a', 'b')`; callers never pass an empty list (SOQL refuses `IN ()`). */
export function inList(values: readonly string[]): string {
  if (values.length === 0) throw new RangeError('inList needs at least one value');
  return `(${values.map(quote).join(', ')})`;
}

/** Splits a list into runs of at most `size`, so IN lists stay well under Salesforce's URL and SOQL limits. */
export function chunk<T>(values: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < values.length; i += size) out.push(values.slice(i, i + size));
  return out;
}

/** Distinct values, first occurrence kept. */
export function distinct<T>(values: Iterable<T>): T[] {
  return [...new Set(values)];
}

/** Salesforce writes `2026-11-20T10:00:00.000+0000`; everything else in the product uses ISO 8601 with `Z`. */
export function isoFromSalesforce(value: string): string {
  const normalised = value.replace(/([+-]\d{2})(\d{2})$/, '$1:$2');
  const ms = Date.parse(normalised);
  if (Number.isNaN(ms)) throw new RangeError(`not a Salesforce date-time: ${value}`);
  return new Date(ms).toISOString();
}

/** A SOQL date-time literal (unquoted), UTC. */
export function soqlDateTime(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) throw new RangeError(`not a date-time: ${iso}`);
  const text = date.toISOString();
  return date.getUTCMilliseconds() === 0 ? `${text.slice(0, 19)}Z` : text;
}
