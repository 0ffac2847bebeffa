// What the console shows, read from the store once for a page and for its JSON twin (/api/v1). Every page
// reads the same functions the CLI does (runs, audit, flows, budget readings); nothing here writes.
import { and, count, desc, eq, gte, sql } from 'drizzle-orm';
import type { Config } from '../config.js';
import { defaultFieldPolicy } from '../domain/sync/merge.js';
import { syncFields } from '../domain/sync/sync-state.js';
import { listFlows, type FlowState } from '../flows/activation.js';
import { mappingVersion } from '../flows/partner-center-to-crm/job.js';
import { dailyCaps } from '../ops/budget-caps.js';
import { callsToday } from '../ops/store-readings.js';
import { listAudit, type AuditEntry } from '../store/audit.js';
import { listConnections } from '../store/connections.js';
import type { Db } from '../store/db.js';
import {
  countRecordsByOutcome,
  getIndexedRecord,
  listIndexedRecords,
  type IndexedRecord,
  type RecordFilter,
} from '../store/records-index.js';
import { getRun, listRuns, type Run, type RunFilter } from '../store/runs.js';
import { runs, RunStatus, System, type CrmSystem } from '../store/schema.js';
import { syncSummary, type SyncSummary } from '../store/summary.js';
import { auditRecords, findRecord, runsAbout } from '../cli/record.js';

export type ConsoleConfig = Pick<Config, 'crm' | 'partnerCenter' | 'salesforce' | 'dynamics' | 'sync'>;

export interface BudgetReading {
  readonly system: System;
  readonly used: number;
  readonly cap: number;
  /** Calls by the end of the UTC day at today's pace so far. */
  readonly forecast: number;
}

export interface ConnectionReading {
  readonly system: System;
  readonly identity: string | null;
  readonly accessTokenExpiresAt: Date | null;
  readonly refreshTokenExpiresAt: Date | null;
  /** expired: the refresh token's date has passed; expiring: within 14 days. */
  readonly health: 'ok' | 'expiring' | 'expired';
}

export interface OutcomeBucket {
  readonly start: Date;
  readonly counts: Readonly<Record<string, number>>;
}

export interface Overview {
  readonly flows: readonly FlowState[];
  readonly connections: readonly ConnectionReading[];
  readonly budgets: readonly BudgetReading[];
  readonly summary: SyncSummary;
  readonly records: Readonly<Record<string, number>>;
  readonly outcomes: readonly OutcomeBucket[];
  readonly failures: readonly Run[];
}

/** The chart: runs by outcome in 5-minute buckets over the last hour. */
export const bucketMs = 5 * 60_000;
export const bucketCount = 12;

export async function readOverview(db: Db, config: ConsoleConfig, now: Date): Promise<Overview> {
  const caps = dailyCaps(config);
  const today = await callsToday(db, now);
  const dayStart = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  const elapsed = Math.max((now.getTime() - dayStart) / 86_400_000, 1 / 1440);
  const budgets = [System.partnerCenter, config.crm].map((system) => {
    const used = today.get(system) ?? 0;
    return { system, used, cap: caps[system], forecast: Math.round(used / elapsed) };
  });
  const connections = (await listConnections(db)).map((c) => {
    const left =
      c.refreshTokenExpiresAt === null ? Infinity : c.refreshTokenExpiresAt.getTime() - now.getTime();
    const health: ConnectionReading['health'] =
      left <= 0 ? 'expired' : left < 14 * 86_400_000 ? 'expiring' : 'ok';
    return {
      system: c.system,
      identity: c.identity,
      accessTokenExpiresAt: c.accessTokenExpiresAt,
      refreshTokenExpiresAt: c.refreshTokenExpiresAt,
      health,
    };
  });
  return {
    flows: await listFlows(db),
    connections,
    budgets,
    summary: await syncSummary(db),
    records: await countRecordsByOutcome(db),
    outcomes: await outcomesOverTime(db, now),
    failures: await listRuns(db, { status: RunStatus.failed, limit: 5 }),
  };
}

async function outcomesOverTime(db: Db, now: Date): Promise<OutcomeBucket[]> {
  const first = Math.floor(now.getTime() / bucketMs) * bucketMs - (bucketCount - 1) * bucketMs;
  const bucket = sql<number>`floor(extract(epoch from ${runs.startedAt}) * 1000 / ${sql.raw(String(bucketMs))})::bigint`;
  const rows = await db.orm
    .select({ bucket, status: runs.status, n: count() })
    .from(runs)
    .where(gte(runs.startedAt, new Date(first)))
    .groupBy(sql`1`, sql`2`);
  return Array.from({ length: bucketCount }, (_, i) => {
    const start = first + i * bucketMs;
    const counts: Record<string, number> = {};
    for (const row of rows) if (Number(row.bucket) * bucketMs === start) counts[row.status] = Number(row.n);
    return { start: new Date(start), counts };
  });
}

/** A live-update fingerprint: changes whenever a run is written or work is queued or taken. */
export async function liveState(
  db: Db,
): Promise<{ runs: number; lastRunId: number; open: number; records: number }> {
  const summary = await syncSummary(db);
  const [last] = await db.orm.select({ id: runs.id }).from(runs).orderBy(desc(runs.id)).limit(1);
  const recordCounts = await countRecordsByOutcome(db);
  return {
    runs: Object.values(summary.runsByStatus).reduce((a, b) => a + b, 0),
    lastRunId: last?.id ?? 0,
    open: summary.jobsOpen + summary.inboxPending,
    records: Object.values(recordCounts).reduce((a, b) => a + b, 0),
  };
}

export interface RecordPage {
  readonly records: readonly IndexedRecord[];
  /** The cursor of the next page, when there is one. */
  readonly next: string | undefined;
}

export function encodeCursor(row: Pick<IndexedRecord, 'updatedAt' | 'key'>): string {
  return Buffer.from(JSON.stringify([row.updatedAt.toISOString(), row.key])).toString('base64url');
}

export function decodeCursor(cursor: string | undefined): RecordFilter['after'] {
  if (cursor === undefined || cursor === '') return undefined;
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(value) && typeof value[0] === 'string' && typeof value[1] === 'string') {
      const updatedAt = new Date(value[0]);
      if (!Number.isNaN(updatedAt.getTime())) return { updatedAt, key: value[1] };
    }
  } catch {
    // A cursor that does not parse starts from the first page.
  }
  return undefined;
}

export async function readRecords(db: Db, filter: RecordFilter & { limit: number }): Promise<RecordPage> {
  const rows = await listIndexedRecords(db, { ...filter, limit: filter.limit + 1 });
  const page = rows.slice(0, filter.limit);
  const last = page.at(-1);
  return {
    records: page,
    next: rows.length > filter.limit && last !== undefined ? encodeCursor(last) : undefined,
  };
}

export interface RecordDetail {
  readonly key: string;
  readonly indexed: IndexedRecord | undefined;
  readonly referralId: string | undefined;
  readonly crmSystem: CrmSystem;
  readonly crmRecordId: string | undefined;
  readonly linked: boolean;
  readonly audit: readonly AuditEntry[];
  readonly runs: readonly Run[];
}

/** `key` is a record index key, a referral id or a CRM record id. */
export async function readRecord(
  db: Db,
  config: ConsoleConfig,
  key: string,
): Promise<RecordDetail | undefined> {
  const crmOnly = /^crm:[a-z]*:(.+)$/.exec(key)?.[1];
  // An opportunity's own row is folded into its referral's once it is shared: follow it there.
  let indexed =
    (await getIndexedRecord(db, key)) ??
    (crmOnly !== undefined ? await getIndexedRecord(db, crmOnly) : undefined);
  const name =
    indexed?.referralId != null
      ? { referralId: indexed.referralId }
      : indexed?.crmRecordId != null
        ? { crmRecordId: indexed.crmRecordId }
        : crmOnly !== undefined
          ? { crmRecordId: crmOnly }
          : { id: key };
  const ids = await findRecord(db, indexed?.crmSystem ?? config.crm, name);
  if (indexed === undefined && ids.referralId !== undefined)
    indexed = await getIndexedRecord(db, ids.referralId);
  const audit = await listAudit(db, auditRecords(ids), { limit: 200 });
  if (indexed === undefined && audit.length === 0 && !ids.linked) return undefined;
  return {
    key: indexed?.key ?? key,
    indexed,
    referralId: ids.referralId,
    crmSystem: ids.crmSystem,
    crmRecordId: ids.crmRecordId,
    linked: ids.linked,
    audit,
    runs: await listRuns(db, { record: runsAbout([ids]), limit: 50 }),
  };
}

export async function readRuns(
  db: Db,
  filter: RunFilter & { limit: number },
): Promise<{ runs: Run[]; next: number | undefined }> {
  const rows = await listRuns(db, { ...filter, limit: filter.limit + 1 });
  const page = rows.slice(0, filter.limit);
  return { runs: page, next: rows.length > filter.limit ? page.at(-1)?.id : undefined };
}

export const readRun = getRun;

export interface Settings {
  readonly crm: CrmSystem;
  readonly mappingVersion: number;
  readonly fields: readonly { field: string; owner: string; toCrm: boolean; toPartnerCenter: boolean }[];
  readonly stages: ConsoleConfig['sync']['stages'];
  readonly caps: Readonly<Record<string, number>>;
}

export function readSettings(config: ConsoleConfig): Settings {
  const caps = dailyCaps(config);
  return {
    crm: config.crm,
    mappingVersion,
    fields: syncFields.map((field) => ({ field, ...defaultFieldPolicy[field] })),
    stages: config.sync.stages,
    caps: { [System.partnerCenter]: caps[System.partnerCenter], [config.crm]: caps[config.crm] },
  };
}

/** Failed runs matching a filter: how many a bulk resubmit would look at. */
export async function countFailedRuns(db: Db, flow: string | undefined): Promise<number> {
  const [row] = await db.orm
    .select({ n: count() })
    .from(runs)
    .where(and(eq(runs.status, RunStatus.failed), flow !== undefined ? eq(runs.flow, flow) : undefined));
  return row?.n ?? 0;
}
