// A record as the person names it (a referral id or a CRM record id), with the other id when the two are
// linked: runs and audit entries may name either side.
import { referralLane } from '../flows/partner-center-to-crm/job.js';
import type { AuditRecord } from '../store/audit.js';
import type { Queryable } from '../store/db.js';
import { getLinkByCrmRecord, getLinkByReferral } from '../store/links.js';
import type { RunRecordFilter } from '../store/runs.js';
import type { CrmSystem } from '../store/schema.js';

export interface RecordIds {
  readonly referralId: string | undefined;
  readonly crmSystem: CrmSystem;
  readonly crmRecordId: string | undefined;
  readonly linked: boolean;
}

export type RecordName =
  | { readonly referralId: string }
  | { readonly crmRecordId: string }
  /** Either one: the referral is looked up first. */
  | { readonly id: string };

/** Finds the link of the named record. Unlinked, an `id` stands for both kinds until the audit tells. */
export async function findRecord(db: Queryable, crmSystem: CrmSystem, name: RecordName): Promise<RecordIds> {
  const referralId = 'crmRecordId' in name ? undefined : 'id' in name ? name.id : name.referralId;
  const crmRecordId = 'referralId' in name ? undefined : 'id' in name ? name.id : name.crmRecordId;
  const link =
    (referralId !== undefined ? await getLinkByReferral(db, referralId) : undefined) ??
    (crmRecordId !== undefined ? await getLinkByCrmRecord(db, crmSystem, crmRecordId) : undefined);
  if (link !== undefined) {
    return {
      referralId: link.referralId,
      crmSystem: link.crmSystem,
      crmRecordId: link.crmRecordId,
      linked: true,
    };
  }
  return { referralId, crmSystem, crmRecordId, linked: false };
}

/** Where the record's audit entries are: under its referral id, its CRM record id, or both. */
export function auditRecords(record: RecordIds): AuditRecord[] {
  return [
    ...(record.referralId !== undefined ? [{ referralId: record.referralId }] : []),
    ...(record.crmRecordId !== undefined
      ? [{ crmRecordId: record.crmRecordId, crmSystem: record.crmSystem }]
      : []),
  ];
}

/** The runs about the records: named as their subject (an id or its lane), or auditing a decision on them. */
export function runsAbout(records: readonly RecordIds[]): RunRecordFilter {
  return {
    subjects: records.flatMap((r) => [
      ...(r.referralId !== undefined ? [r.referralId, referralLane(r.referralId)] : []),
      ...(r.crmRecordId !== undefined ? [r.crmRecordId] : []),
    ]),
    audited: records.flatMap(auditRecords),
  };
}
