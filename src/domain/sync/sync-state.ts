// The fields that sync after a record is linked, in one canonical form whichever side they come from.
// Both sides are mapped onto this shape; a change is a field whose canonical value differs from the last
// state both sides agreed on (the link's snapshot). Canonical means: trimmed text, numbers as numbers,
// dates as YYYY-MM-DD, currency upper-case, and an absent value as undefined (never "", never null), so a
// value that only looks different (" 100.0 " against 100) is not a change and costs no write.
import { createHash } from 'node:crypto';

/**
 * Where a referral stands, coarsely, because the CRM can only say this much through its stage:
 * pending = new and not accepted yet (the on-hold stage), active = accepted / being worked,
 * won and lost = closed (lost also covers declined and expired).
 */
export const CoarseStatus = { pending: 'pending', active: 'active', won: 'won', lost: 'lost' } as const;
export type CoarseStatus = (typeof CoarseStatus)[keyof typeof CoarseStatus];

export const closedStatuses: readonly CoarseStatus[] = [CoarseStatus.won, CoarseStatus.lost];

export interface SyncState {
  readonly name?: string | undefined;
  readonly dealValue?: number | undefined;
  readonly currency?: string | undefined;
  /** YYYY-MM-DD */
  readonly closeDate?: string | undefined;
  readonly notes?: string | undefined;
  readonly status?: CoarseStatus | undefined;
  /** The Microsoft solution ids, sorted and comma-joined, so a list compares and hashes as one value. */
  readonly solutions?: string | undefined;
}

export const syncFields = [
  'name',
  'dealValue',
  'currency',
  'closeDate',
  'notes',
  'status',
  'solutions',
] as const;
export type SyncField = (typeof syncFields)[number];

/** Builds a canonical state from loosely typed values (wire or CRM). */
export function canonicalState(raw: {
  name?: string | null | undefined;
  dealValue?: number | string | null | undefined;
  currency?: string | null | undefined;
  closeDate?: string | null | undefined;
  notes?: string | null | undefined;
  status?: CoarseStatus | undefined;
  solutions?: readonly string[] | string | null | undefined;
}): SyncState {
  return {
    name: text(raw.name),
    dealValue: money(raw.dealValue),
    currency: text(raw.currency)?.toUpperCase(),
    closeDate: day(raw.closeDate),
    notes: text(raw.notes),
    status: raw.status,
    solutions: solutionList(raw.solutions),
  };
}

/** Ids trimmed, de-duplicated and sorted: the order a CRM lists them in is not a change. */
function solutionList(value: readonly string[] | string | null | undefined): string | undefined {
  if (value === null || value === undefined) return undefined;
  const ids = (typeof value === 'string' ? value.split(',') : value)
    .map((id) => id.trim())
    .filter((id) => id !== '');
  return ids.length === 0 ? undefined : [...new Set(ids)].sort().join(',');
}

/** The ids of a `solutions` value. */
export function solutionIdsOfState(value: string | undefined): string[] {
  return value === undefined ? [] : value.split(',');
}

function text(value: string | null | undefined): string | undefined {
  if (value === null || value === undefined) return undefined;
  const trimmed = value.trim();
  return trimmed === '' ? undefined : trimmed;
}

/** Money to cents precision; a string that is not a plain decimal is no value (validation reports it). */
function money(value: number | string | null | undefined): number | undefined {
  if (value === null || value === undefined) return undefined;
  const n = typeof value === 'number' ? value : /^\s*-?\d+(\.\d+)?\s*$/.test(value) ? Number(value) : NaN;
  return Number.isFinite(n) ? Math.round(n * 100) / 100 : undefined;
}

/** The calendar day of a date or date-time; .NET's "not set" (year 1) is no value. */
function day(value: string | null | undefined): string | undefined {
  const t = text(value);
  if (t === undefined) return undefined;
  const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(t);
  if (!match || Number(match[1]) < 1900) return undefined;
  return `${match[1]}-${match[2]}-${match[3]}`;
}

/** The same state always hashes the same: keys in a fixed order, absent values left out. */
export function hashState(state: SyncState): string {
  const ordered: Record<string, unknown> = {};
  for (const field of syncFields) {
    const value = state[field];
    if (value !== undefined) ordered[field] = value;
  }
  return createHash('sha256').update(JSON.stringify(ordered)).digest('hex');
}

export function sameValue(a: SyncState[SyncField], b: SyncState[SyncField]): boolean {
  return a === b;
}
