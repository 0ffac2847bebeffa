// Referral <-> CRM record, with what each side looked like when we last synced it (echo suppression).
import { and, eq, inArray, or, sql } from 'drizzle-orm';
import type { Queryable } from './db.js';
import { links, type CrmSystem } from './schema.js';

export type Link = typeof links.$inferSelect;

export const LinkSide = { partnerCenter: 'pc', crm: 'crm' } as const;
export type LinkSide = (typeof LinkSide)[keyof typeof LinkSide];

export interface LinkInput {
  readonly referralId: string;
  readonly crmSystem: CrmSystem;
  readonly crmRecordId: string;
  readonly mappingVersion: number;
}

/**
 * Links a referral to a CRM record unless either is linked already; a replay therefore never makes a
 * second link (design rule 2). `created` is false when an existing link came back: the caller compares
 * it with what it asked for (a different partner means the records are linked elsewhere).
 */
export async function ensureLink(
  db: Queryable,
  input: LinkInput,
  now: Date,
): Promise<{ link: Link; created: boolean }> {
  const [row] = await db.orm
    .insert(links)
    .values({ ...input, createdAt: now, updatedAt: now })
    .onConflictDoNothing()
    .returning();
  if (row !== undefined) return { link: row, created: true };
  const [existing] = await db.orm
    .select()
    .from(links)
    .where(
      or(
        eq(links.referralId, input.referralId),
        and(eq(links.crmSystem, input.crmSystem), eq(links.crmRecordId, input.crmRecordId)),
      ),
    )
    .orderBy(links.id)
    .limit(1);
  if (existing === undefined) throw new Error('link conflicted but was not found');
  return { link: existing, created: false };
}

export async function getLinkByReferral(db: Queryable, referralId: string): Promise<Link | undefined> {
  const [row] = await db.orm.select().from(links).where(eq(links.referralId, referralId));
  return row;
}

export async function getLinkByCrmRecord(
  db: Queryable,
  crmSystem: CrmSystem,
  crmRecordId: string,
): Promise<Link | undefined> {
  const [row] = await db.orm
    .select()
    .from(links)
    .where(and(eq(links.crmSystem, crmSystem), eq(links.crmRecordId, crmRecordId)));
  return row;
}

/** The links of many referrals in one statement (a reconciliation page, a change-feed page). */
export async function getLinksByReferrals(db: Queryable, referralIds: readonly string[]): Promise<Link[]> {
  if (referralIds.length === 0) return [];
  return db.orm
    .select()
    .from(links)
    .where(inArray(links.referralId, [...referralIds]));
}

export async function getLinksByCrmRecords(
  db: Queryable,
  crmSystem: CrmSystem,
  crmRecordIds: readonly string[],
): Promise<Link[]> {
  if (crmRecordIds.length === 0) return [];
  return db.orm
    .select()
    .from(links)
    .where(and(eq(links.crmSystem, crmSystem), inArray(links.crmRecordId, [...crmRecordIds])));
}

export interface SyncState {
  readonly linkId: number;
  readonly side: LinkSide;
  /** Hash of the mapped fields as written or read. */
  readonly stateHash: string;
  readonly etag?: string | null | undefined;
  readonly syncedAt: Date;
  /** Set when this sync used a different mapping version. */
  readonly mappingVersion?: number | undefined;
}

/** Records what one side looks like after we wrote or read it. */
export async function recordSyncState(db: Queryable, state: SyncState): Promise<Link | undefined> {
  const side =
    state.side === LinkSide.partnerCenter
      ? { pcStateHash: state.stateHash, pcEtag: state.etag ?? null, pcSyncedAt: state.syncedAt }
      : { crmStateHash: state.stateHash, crmEtag: state.etag ?? null, crmSyncedAt: state.syncedAt };
  const [row] = await db.orm
    .update(links)
    .set({
      ...side,
      ...(state.mappingVersion !== undefined ? { mappingVersion: state.mappingVersion } : {}),
      updatedAt: state.syncedAt,
    })
    .where(eq(links.id, state.linkId))
    .returning();
  return row;
}

export async function deleteLink(db: Queryable, linkId: number): Promise<boolean> {
  const rows = await db.orm.delete(links).where(eq(links.id, linkId)).returning({ id: links.id });
  return rows.length > 0;
}

export interface LinkSnapshotsInput extends LinkInput {
  /** The per-side state both sides last agreed on (the merge base), and its hash (echo suppression). */
  readonly pcSnapshot: Readonly<Record<string, unknown>>;
  readonly pcStateHash: string;
  readonly pcEtag?: string | null | undefined;
  readonly crmSnapshot: Readonly<Record<string, unknown>>;
  readonly crmStateHash: string;
  readonly syncedAt: Date;
  /** The referral's updatedDateTime in the state synced (see `notePcChangeSeen`). */
  readonly pcChangeSeenAt?: Date | undefined;
}

/** The later of the stored moment and `at`: moments seen only ever move forward. */
function laterSeen(at: Date) {
  return sql`greatest(coalesce(${links.pcSeenChangeAt}, ${at}), ${at})`;
}

/**
 * Writes the link, both snapshots and both hashes in one statement: inserted when the referral has no link,
 * updated in place when it has one (same referral). Returns the row as stored.
 */
export async function saveLinkSnapshots(db: Queryable, input: LinkSnapshotsInput): Promise<Link> {
  const state = {
    crmRecordId: input.crmRecordId,
    mappingVersion: input.mappingVersion,
    pcSnapshot: input.pcSnapshot,
    pcStateHash: input.pcStateHash,
    pcEtag: input.pcEtag ?? null,
    pcSyncedAt: input.syncedAt,
    crmSnapshot: input.crmSnapshot,
    crmStateHash: input.crmStateHash,
    crmSyncedAt: input.syncedAt,
    updatedAt: input.syncedAt,
  };
  const seen = input.pcChangeSeenAt;
  const [row] = await db.orm
    .insert(links)
    .values({
      ...state,
      referralId: input.referralId,
      crmSystem: input.crmSystem,
      createdAt: input.syncedAt,
      ...(seen === undefined ? {} : { pcSeenChangeAt: seen }),
    })
    .onConflictDoUpdate({
      target: links.referralId,
      set: { ...state, ...(seen === undefined ? {} : { pcSeenChangeAt: laterSeen(seen) }) },
    })
    .returning();
  if (row === undefined) throw new Error('link upsert returned no row');
  return row;
}

/**
 * The referral was seen (read and synced, or written by us) as of Partner Center's `updatedDateTime` `at`:
 * events about changes up to then are stale. Safe because a write of ours is conditional (If-Match) on the
 * state we read, so nothing older than `at` can be missing from what the link accounts for.
 */
export async function notePcChangeSeen(db: Queryable, referralId: string, at: Date): Promise<void> {
  await db.orm
    .update(links)
    .set({ pcSeenChangeAt: laterSeen(at) })
    .where(eq(links.referralId, referralId));
}

/**
 * saveLinkSnapshots for many referrals in one statement per 500 (a backfill page): inserted, or updated in
 * place for a referral linked already (a resumed page writes the same rows again). The rows travel as one
 * jsonb parameter (jsonb_to_recordset): cheaper to build than 14 bound values per row.
 */
export async function saveLinksSnapshots(
  db: Queryable,
  inputs: readonly LinkSnapshotsInput[],
): Promise<void> {
  for (let i = 0; i < inputs.length; i += 500) {
    const rows = inputs.slice(i, i + 500).map((input) => ({
      referral_id: input.referralId,
      crm_system: input.crmSystem,
      crm_record_id: input.crmRecordId,
      mapping_version: input.mappingVersion,
      pc_snapshot: input.pcSnapshot,
      pc_state_hash: input.pcStateHash,
      pc_etag: input.pcEtag ?? null,
      pc_seen_change_at: input.pcChangeSeenAt?.toISOString() ?? null,
      crm_snapshot: input.crmSnapshot,
      crm_state_hash: input.crmStateHash,
      synced_at: input.syncedAt.toISOString(),
    }));
    await db.orm.execute(sql`
      insert into ${links} (referral_id, crm_system, crm_record_id, mapping_version, pc_snapshot, pc_state_hash,
                            pc_etag, pc_synced_at, pc_seen_change_at, crm_snapshot, crm_state_hash, crm_synced_at,
                            created_at, updated_at)
      select x.referral_id, x.crm_system, x.crm_record_id, x.mapping_version, x.pc_snapshot, x.pc_state_hash,
             x.pc_etag, x.synced_at, x.pc_seen_change_at, x.crm_snapshot, x.crm_state_hash, x.synced_at,
             x.synced_at, x.synced_at
        from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb)
          as x(referral_id text, crm_system text, crm_record_id text, mapping_version integer, pc_snapshot jsonb,
               pc_state_hash text, pc_etag text, pc_seen_change_at timestamptz, crm_snapshot jsonb,
               crm_state_hash text, synced_at timestamptz)
      on conflict (referral_id) do update set
        crm_record_id = excluded.crm_record_id,
        mapping_version = excluded.mapping_version,
        pc_snapshot = excluded.pc_snapshot,
        pc_state_hash = excluded.pc_state_hash,
        pc_etag = excluded.pc_etag,
        pc_synced_at = excluded.pc_synced_at,
        pc_seen_change_at = greatest(${links.pcSeenChangeAt}, excluded.pc_seen_change_at),
        crm_snapshot = excluded.crm_snapshot,
        crm_state_hash = excluded.crm_state_hash,
        crm_synced_at = excluded.crm_synced_at,
        updated_at = excluded.updated_at`);
  }
}
