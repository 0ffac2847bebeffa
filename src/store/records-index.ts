// The record index (one row per record, its latest audited decision): what the console's record list pages
// over. insertAudit keeps it, in the same statement batch as the audit rows, so it never disagrees with the
// audit. Paging is keyset on (updated_at, key) (indexed): page 1,000 costs what page 1 does.
import { and, desc, eq, ilike, inArray, or, sql, type SQL } from 'drizzle-orm';
import type { Queryable } from './db.js';
import { recordIndex, type AuditAction, type AuditDirection, type CrmSystem } from './schema.js';

export type IndexedRecord = typeof recordIndex.$inferSelect;

interface Noted {
  readonly at: Date;
  readonly referralId?: string | undefined;
  readonly crmSystem?: CrmSystem | undefined;
  readonly crmRecordId?: string | undefined;
  readonly direction: AuditDirection;
  readonly action: AuditAction;
  readonly reasonCode?: string | undefined;
  readonly fieldDiff?: unknown;
  readonly runId?: number | undefined;
}

/** The record an audit entry is about: its referral, else its CRM record. */
export function recordKey(
  entry: Pick<Noted, 'referralId' | 'crmSystem' | 'crmRecordId'>,
): string | undefined {
  if (entry.referralId !== undefined) return entry.referralId;
  if (entry.crmRecordId !== undefined) return `crm:${entry.crmSystem ?? ''}:${entry.crmRecordId}`;
  return undefined;
}

function stringField(diff: unknown, field: string): string | undefined {
  if (typeof diff !== 'object' || diff === null || Array.isArray(diff)) return undefined;
  const value = (diff as Record<string, unknown>)[field];
  return typeof value === 'string' ? value : undefined;
}

/** Upserts the latest decision per record (the last entry of the batch wins; an older one never overwrites). */
export async function noteRecords(db: Queryable, entries: readonly Noted[]): Promise<void> {
  const latest = new Map<string, typeof recordIndex.$inferInsert>();
  const linkedCrmKeys: string[] = [];
  for (const e of entries) {
    const key = recordKey(e);
    if (key === undefined) continue;
    const previous = latest.get(key);
    if (previous !== undefined && previous.updatedAt > e.at) continue;
    latest.set(key, {
      key,
      referralId: e.referralId ?? null,
      crmSystem: e.crmSystem ?? null,
      crmRecordId: e.crmRecordId ?? previous?.crmRecordId ?? null,
      name: stringField(e.fieldDiff, 'name') ?? previous?.name ?? null,
      status: stringField(e.fieldDiff, 'status') ?? previous?.status ?? null,
      direction: e.direction,
      outcome: e.action,
      reasonCode: e.reasonCode ?? null,
      runId: e.runId ?? null,
      updatedAt: e.at,
    });
    // An opportunity now known with its referral: its own row (before it was shared) is folded in.
    if (e.referralId !== undefined && e.crmRecordId !== undefined)
      linkedCrmKeys.push(`crm:${e.crmSystem ?? ''}:${e.crmRecordId}`);
  }
  if (latest.size === 0) return;
  const r = recordIndex;
  // One jsonb parameter for the batch (see insertAudit).
  const rows = [...latest.values()].map((v) => ({
    key: v.key,
    referral_id: v.referralId,
    crm_system: v.crmSystem,
    crm_record_id: v.crmRecordId,
    name: v.name,
    status: v.status,
    direction: v.direction,
    outcome: v.outcome,
    reason_code: v.reasonCode,
    run_id: v.runId,
    updated_at: v.updatedAt.toISOString(),
  }));
  await db.orm.execute(sql`
    insert into ${r} (key, referral_id, crm_system, crm_record_id, name, status, direction, outcome, reason_code,
                      run_id, updated_at)
    select x.key, x.referral_id, x.crm_system, x.crm_record_id, x.name, x.status, x.direction, x.outcome,
           x.reason_code, x.run_id, x.updated_at
      from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb)
        as x(key text, referral_id text, crm_system text, crm_record_id text, name text, status text,
             direction text, outcome text, reason_code text, run_id bigint, updated_at timestamptz)
    on conflict (key) do update set
      referral_id = coalesce(excluded.referral_id, ${r.referralId}),
      crm_system = coalesce(excluded.crm_system, ${r.crmSystem}),
      crm_record_id = coalesce(excluded.crm_record_id, ${r.crmRecordId}),
      name = coalesce(excluded.name, ${r.name}),
      status = coalesce(excluded.status, ${r.status}),
      direction = excluded.direction,
      outcome = excluded.outcome,
      reason_code = excluded.reason_code,
      run_id = excluded.run_id,
      updated_at = excluded.updated_at
    where excluded.updated_at >= ${r.updatedAt}`);
  if (linkedCrmKeys.length > 0) await db.orm.delete(r).where(inArray(r.key, linkedCrmKeys));
}

export interface RecordFilter {
  readonly outcomes?: readonly AuditAction[] | undefined;
  readonly direction?: AuditDirection | undefined;
  readonly status?: string | undefined;
  /** Part of the name, the referral id or the CRM record id (case-insensitive). */
  readonly text?: string | undefined;
  /** Keyset: the last row of the previous page. */
  readonly after?: { readonly updatedAt: Date; readonly key: string } | undefined;
  readonly limit?: number | undefined;
}

function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** Newest change first; one more row than `limit` is not read: ask again with `after` = the last row. */
export async function listIndexedRecords(db: Queryable, filter: RecordFilter = {}): Promise<IndexedRecord[]> {
  const r = recordIndex;
  const where: (SQL | undefined)[] = [
    filter.outcomes !== undefined && filter.outcomes.length > 0
      ? inArray(r.outcome, [...filter.outcomes])
      : undefined,
    filter.direction !== undefined ? eq(r.direction, filter.direction) : undefined,
    filter.status !== undefined ? eq(r.status, filter.status) : undefined,
    filter.text !== undefined && filter.text !== ''
      ? or(
          ilike(r.name, likePattern(filter.text)),
          ilike(r.referralId, likePattern(filter.text)),
          ilike(r.crmRecordId, likePattern(filter.text)),
        )
      : undefined,
    // A row comparison, which PostgreSQL walks as one range of the (updated_at, key) index.
    filter.after !== undefined
      ? sql`(${r.updatedAt}, ${r.key}) < (${filter.after.updatedAt}, ${filter.after.key})`
      : undefined,
  ];
  return db.orm
    .select()
    .from(r)
    .where(and(...where))
    .orderBy(desc(r.updatedAt), desc(r.key))
    .limit(filter.limit ?? 50);
}

export async function getIndexedRecord(db: Queryable, key: string): Promise<IndexedRecord | undefined> {
  const [row] = await db.orm
    .select()
    .from(recordIndex)
    .where(or(eq(recordIndex.key, key), eq(recordIndex.crmRecordId, key)))
    .limit(1);
  return row;
}

/** Records per latest outcome. */
export async function countRecordsByOutcome(db: Queryable): Promise<Record<string, number>> {
  const rows = await db.orm
    .select({ outcome: recordIndex.outcome, n: sql<number>`count(*)::int` })
    .from(recordIndex)
    .groupBy(recordIndex.outcome);
  return Object.fromEntries(rows.map((row) => [row.outcome, Number(row.n)]));
}
