// Salesforce's date and date-time forms. The REST API writes date-times as `2026-11-20T10:00:00.000+0000` and
// dates as `2026-11-20`, and reads ISO 8601 date-times with `Z`, `+hh:mm` or `+hhmm`. Audit timestamps
// (CreatedDate, LastModifiedDate, SystemModstamp) have whole-second precision: the milliseconds always read
// `.000`, so two writes in the same second share a SystemModstamp, as in a real org.

const dateTimePattern =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:?\d{2})$/i;
const datePattern = /^(\d{4})-(\d{2})-(\d{2})$/;
const dayMs = 86_400_000;

function validDate(y: number, m: number, d: number): boolean {
  const t = new Date(Date.UTC(y, m - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === m - 1 && t.getUTCDate() === d;
}

/** Epoch ms of an ISO 8601 date-time with a zone, or undefined. */
export function parseDateTime(text: string): number | undefined {
  const m = dateTimePattern.exec(text.trim());
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s = '0', fraction = '', zone = 'Z'] = m;
  if (!validDate(Number(y), Number(mo), Number(d))) return undefined;
  if (Number(h) > 23 || Number(mi) > 59 || Number(s) > 59) return undefined;
  let ms = Date.UTC(
    Number(y),
    Number(mo) - 1,
    Number(d),
    Number(h),
    Number(mi),
    Number(s),
    Number(fraction.padEnd(3, '0').slice(0, 3)),
  );
  if (zone.toUpperCase() !== 'Z') {
    const sign = zone.startsWith('-') ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    const hours = Number(digits.slice(0, 2));
    const minutes = Number(digits.slice(2, 4));
    if (hours > 14 || minutes > 59) return undefined;
    ms -= sign * (hours * 60 + minutes) * 60_000;
  }
  return ms;
}

/** A `YYYY-MM-DD` date if the text is one (and a real calendar day), else undefined. */
export function parseDate(text: string): string | undefined {
  const m = datePattern.exec(text.trim());
  if (!m) return undefined;
  return validDate(Number(m[1]), Number(m[2]), Number(m[3])) ? m[0] : undefined;
}

/** `2026-11-20T10:00:00.000+0000`. */
export function formatDateTime(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 23)}+0000`;
}

/** `YYYY-MM-DD` of an instant in UTC. */
export function utcDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** Midnight UTC of a `YYYY-MM-DD` date, in ms. */
export function dateStartMs(date: string): number {
  return Date.parse(`${date}T00:00:00Z`);
}

export function addDays(date: string, days: number): string {
  return utcDate(dateStartMs(date) + days * dayMs);
}

export const floorToSecond = (ms: number): number => Math.floor(ms / 1000) * 1000;
export const floorToMinute = (ms: number): number => Math.floor(ms / 60_000) * 60_000;
export const startOfUtcDay = (ms: number): number => Math.floor(ms / dayMs) * dayMs;
export { dayMs };
