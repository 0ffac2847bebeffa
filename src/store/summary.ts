// Counts over the whole store, for progress lines and the demo's summary: how far sync has come.
import { count, eq, sql } from 'drizzle-orm';
import type { Queryable } from './db.js';
import { audit, inbox, InboxStatus, jobs, JobStatus, links, runs } from './schema.js';

export interface SyncSummary {
  readonly links: number;
  readonly inboxPending: number;
  /** Jobs waiting or running (queued, running, deferred). */
  readonly jobsOpen: number;
  readonly runsByStatus: Readonly<Record<string, number>>;
  /** Audit entries by reason code (skip reasons and failure codes). */
  readonly auditByReason: Readonly<Record<string, number>>;
}

export async function syncSummary(db: Queryable): Promise<SyncSummary> {
  const [linkCount] = await db.orm.select({ n: count() }).from(links);
  const [pending] = await db.orm
    .select({ n: count() })
    .from(inbox)
    .where(eq(inbox.status, InboxStatus.pending));
  const [open] = await db.orm
    .select({ n: count() })
    .from(jobs)
    .where(sql`${jobs.status} in (${JobStatus.queued}, ${JobStatus.running}, ${JobStatus.deferred})`);
  const runRows = await db.orm.select({ status: runs.status, n: count() }).from(runs).groupBy(runs.status);
  const reasonRows = await db.orm
    .select({ reason: audit.reasonCode, n: count() })
    .from(audit)
    .where(sql`${audit.reasonCode} is not null`)
    .groupBy(audit.reasonCode);
  return {
    links: linkCount?.n ?? 0,
    inboxPending: pending?.n ?? 0,
    jobsOpen: open?.n ?? 0,
    runsByStatus: Object.fromEntries(runRows.map((r) => [r.status, r.n])),
    auditByReason: Object.fromEntries(reasonRows.map((r) => [r.reason ?? '', r.n])),
  };
}
