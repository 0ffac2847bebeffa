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

/**
 * One statement for the batch, and one more to keep the record index (records-index.ts). The entries travel as
 * one jsonb parameter (jsonb_to_recordset): a backfill page writes hundreds of entries, and binding 11 values
 * per entry cost more CPU in the query builder than the insert itself.
 */
export async function insertAudit(db: Queryable, entries: readonly AuditInput[]): Promise<number> {
  if (entries.length === 0) return 0;
  const rows = entries.map((e) => ({
    at: e.at.toISOString(),
    referral_id: e.referralId ?? null,
    crm_system: e.crmSystem ?? null,
    crm_record_id: e.crmRecordId ?? null,
    direction: e.direction,
    action: e.action,
    reason_code: e.reasonCode ?? null,
    // Wrapped, so an absent diff stays SQL NULL rather than a JSON null.
    field_diff: e.fieldDiff === undefined || e.fieldDiff === null ? null : { v: e.fieldDiff },
    run_id: e.runId ?? null,
    correlation_id: e.correlationId ?? null,
    mapping_version: e.mappingVersion ?? null,
  }));
  await db.orm.execute(sql`
    insert into ${audit} (at, referral_id, crm_system, crm_record_id, direction, action, reason_code, field_diff,
                          run_id, correlation_id, mapping_version)
    select x.at, x.referral_id, x.crm_system, x.crm_record_id, x.direction, x.action, x.reason_code,
           x.field_diff -> 'v', x.run_id, x.correlation_id, x.mapping_version
      from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb)
        as x(at timestamptz, referral_id text, crm_system text, crm_record_id text, direction text, action text,
             reason_code text, field_diff jsonb, run_id bigint, correlation_id text, mapping_version integer)`);
  await noteRecords(db, entries);
  return entries.length;
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
