// What the store says about the service, read at scrape or probe time (so every process reports the same
// totals on a shared PostgreSQL): API calls today, jobs waiting, runs by flow and outcome, token expiry.
import { and, count, eq, inArray, min, sql, sum } from 'drizzle-orm';
import type { Queryable } from '../store/db.js';
import { utcDay } from '../store/budget.js';
import { listConnections } from '../store/connections.js';
import { budgetCounters, jobs, JobStatus, links, runs, type System } from '../store/schema.js';

/** Calls counted today (UTC) per system, over every account. */
export async function callsToday(db: Queryable, now: Date): Promise<Map<System, number>> {
  const rows = await db.orm
    .select({ system: budgetCounters.system, calls: sum(budgetCounters.calls).mapWith(Number) })
    .from(budgetCounters)
    .where(eq(budgetCounters.day, utcDay(now)))
    .groupBy(budgetCounters.system);
  return new Map(rows.map((r) => [r.system, r.calls]));
}

/** Links (a referral and the CRM record it is synced with) per CRM: what the sync has tied together so far. */
export async function linksByCrm(db: Queryable): Promise<{ crm: string; links: number }[]> {
  return db.orm.select({ crm: links.crmSystem, links: count() }).from(links).groupBy(links.crmSystem);
}

/** Seconds since the oldest unfinished job (queued, deferred or running) was queued; 0 when there is none. */
export async function oldestOpenJobAgeSeconds(db: Queryable, now: Date): Promise<number> {
  const [row] = await db.orm
    .select({ oldest: min(jobs.createdAt) })
    .from(jobs)
    .where(inArray(jobs.status, [JobStatus.queued, JobStatus.deferred, JobStatus.running]));
  const oldest = row?.oldest;
  return oldest == null ? 0 : Math.max(0, (now.getTime() - new Date(oldest).getTime()) / 1000);
}

/** Jobs due now or earlier and not yet taken: the backlog the workers have not reached. */
export async function dueJobs(db: Queryable, now: Date): Promise<number> {
  const [row] = await db.orm
    .select({ n: count() })
    .from(jobs)
    .where(and(inArray(jobs.status, [JobStatus.queued, JobStatus.deferred]), sql`${jobs.runAt} <= ${now}`));
  return row?.n ?? 0;
}

export async function runsByFlowAndStatus(
  db: Queryable,
): Promise<{ flow: string; status: string; runs: number }[]> {
  return db.orm
    .select({ flow: runs.flow, status: runs.status, runs: count() })
    .from(runs)
    .groupBy(runs.flow, runs.status);
}

/** Days until each stored connection's refresh token expires (negative: expired); systems with no date left out. */
export async function tokenDaysLeft(db: Queryable, now: Date): Promise<Map<System, number>> {
  const days = new Map<System, number>();
  for (const c of await listConnections(db)) {
    if (c.refreshTokenExpiresAt == null) continue;
    days.set(c.system, (c.refreshTokenExpiresAt.getTime() - now.getTime()) / 86_400_000);
  }
  return days;
}
