// Every decision, as a user reads it to answer "why didn't this sync?" (design rule 9).
import { and, desc, eq, inArray, isNotNull, lt, or, sql, type SQL } from 'drizzle-orm';
import type { Queryable } from './db.js';
import { noteRecords } from './records-index.js';
import { audit, type AuditAction, type AuditDirection, type CrmSystem } from './schema.js';

export type AuditEntry = typeof audit.$inferSelect;

export interface AuditInput {
  readonly at: Date;
  readonly referralId?: string | undefined;
  readonly crmSystem?: CrmSystem | undefined;
  readonly crmRecordId?: string | undefined;
  readonly direction: AuditDirection;
  readonly action: AuditAction;
  readonly reasonCode?: string | undefined;
  /** Per field: { from, to } and, for a conflict, the losing value. */
  readonly fieldDiff?: unknown;
  readonly runId?: number | undefined;
  readonly correlationId?: string | undefined;
  readonly mappingVersion?: number | undefined;
}

/** One statement for the batch, and one more to keep the record index (records-index.ts). */
export async function insertAudit(db: Queryable, entries: readonly AuditInput[]): Promise<number> {
  if (entries.length === 0) return 0;
  const rows = await db.orm
    .insert(audit)
    .values(
      entries.map((e) => ({
        at: e.at,
        referralId: e.referralId ?? null,
        crmSystem: e.crmSystem ?? null,
        crmRecordId: e.crmRecordId ?? null,
        direction: e.direction,
        action: e.action,
        reasonCode: e.reasonCode ?? null,
        fieldDiff: e.fieldDiff ?? null,
        runId: e.runId ?? null,
        correlationId: e.correlationId ?? null,
        mappingVersion: e.mappingVersion ?? null,
      })),
    )
    .returning({ id: audit.id });
  await noteRecords(db, entries);
  return rows.length;
}

export type AuditRecord =
  | { readonly referralId: string }
  | { readonly crmRecordId: string; readonly crmSystem?: CrmSystem | undefined };

/** The audit rows of any of the records (a referral and its linked CRM record are one history); none: no rows. */
export function auditRecordWhere(record: AuditRecord | readonly AuditRecord[]): SQL | undefined {
  const records: readonly AuditRecord[] = Array.isArray(record) ? record : [record];
  if (records.length === 0) return sql`false`;
  return or(
    ...records.map((r) =>
      'referralId' in r
        ? eq(audit.referralId, r.referralId)
        : and(
            eq(audit.crmRecordId, r.crmRecordId),
            r.crmSystem !== undefined ? eq(audit.crmSystem, r.crmSystem) : undefined,
          ),
    ),
  );
}

/** A record's history (or that of several, merged), newest first; page with `beforeId`. */
export async function listAudit(
  db: Queryable,
  record: AuditRecord | readonly AuditRecord[],
  options: { readonly limit?: number; readonly beforeId?: number } = {},
): Promise<AuditEntry[]> {
  return db.orm
    .select()
    .from(audit)
    .where(
      and(
        auditRecordWhere(record),
        options.beforeId !== undefined ? lt(audit.id, options.beforeId) : undefined,
      ),
    )
    .orderBy(desc(audit.at), desc(audit.id))
    .limit(options.limit ?? 100);
}

/** Those of `referralIds` that have an audit entry giving a reason (skipped or failed with a code: R8). */
export async function referralsWithReason(
  db: Queryable,
  referralIds: readonly string[],
): Promise<Set<string>> {
  if (referralIds.length === 0) return new Set();
  const rows = await db.orm
    .selectDistinct({ referralId: audit.referralId })
    .from(audit)
    .where(and(inArray(audit.referralId, [...referralIds]), isNotNull(audit.reasonCode)));
  return new Set(rows.flatMap((r) => (r.referralId === null ? [] : [r.referralId])));
}

/** Every entry recorded under one correlation id (a webhook's chain, or a backfill's plan), oldest first. */
export async function auditOfCorrelation(db: Queryable, correlationId: string): Promise<AuditEntry[]> {
  return db.orm.select().from(audit).where(eq(audit.correlationId, correlationId)).orderBy(audit.id);
}
