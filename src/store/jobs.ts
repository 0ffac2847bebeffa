// The job queue: a table claimed with FOR UPDATE SKIP LOCKED, leases that expire when a worker dies, and
// lanes (one per record) whose jobs never run at the same time (design rule 3). Every time comes from the
// caller's clock (`now`), never from the database's.
import {
  and,
  asc,
  count,
  eq,
  getTableColumns,
  gt,
  inArray,
  lt,
  lte,
  notExists,
  or,
  sql,
  type SQL,
} from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { DbKind, type Queryable } from './db.js';
import { coalescePredicate, jobs, JobStatus, type RunTrigger } from './schema.js';

export type Job = typeof jobs.$inferSelect;

/** The PostgreSQL NOTIFY channel that says "jobs were queued" to workers in other processes. */
export const jobsChannel = 'cosell_jobs';

export interface JobInput {
  readonly kind: string;
  /** Jobs with the same lane key run one at a time; usually the referral or CRM record id. */
  readonly laneKey: string;
  readonly payload?: unknown;
  /** Default: now. */
  readonly runAt?: Date | undefined;
  /** Default 5. */
  readonly maxAttempts?: number | undefined;
  /** A second job with the same key is not queued (it counts as a duplicate). */
  readonly idempotencyKey?: string | undefined;
  /** What caused the job; the run it becomes records it (R1). */
  readonly trigger?: RunTrigger | undefined;
  readonly correlationId?: string | undefined;
}

function jobRow(j: JobInput, now: Date) {
  return {
    kind: j.kind,
    laneKey: j.laneKey,
    payload: j.payload ?? {},
    runAt: j.runAt ?? now,
    ...(j.maxAttempts !== undefined ? { maxAttempts: j.maxAttempts } : {}),
    idempotencyKey: j.idempotencyKey ?? null,
    trigger: j.trigger ?? null,
    correlationId: j.correlationId ?? null,
    createdAt: now,
    updatedAt: now,
  };
}

/** Queues jobs in one statement. */
export async function enqueue(
  db: Queryable,
  inputs: readonly JobInput[],
  now: Date,
): Promise<{ jobs: Job[]; duplicates: number }> {
  if (inputs.length === 0) return { jobs: [], duplicates: 0 };
  const rows = await db.orm
    .insert(jobs)
    .values(inputs.map((j) => jobRow(j, now)))
    .onConflictDoNothing({ target: jobs.idempotencyKey })
    .returning();
  return { jobs: rows, duplicates: inputs.length - rows.length };
}

/** `payload` is merged key by key (later wins, jsonb `||`) into a waiting job's: give objects to merge. */
export type CoalescedJobInput = Omit<JobInput, 'idempotencyKey'>;

/**
 * Several changes to one record become one job (design rule 6): a job of the same kind and lane that is
 * waiting and has not started absorbs the new one (its run_at stays, so the wait is bounded by the first
 * change); otherwise one is inserted. One statement, race-free between concurrent enqueuers: they meet on
 * the partial unique index jobs_coalesce_key. A job that has been claimed no longer absorbs anything, so a
 * change made while it runs gets a job of its own, which the lane runs after it.
 * Inputs must name distinct (kind, lane) pairs. Returns each job and whether it was new.
 */
export async function insertCoalesced(
  db: Queryable,
  inputs: readonly CoalescedJobInput[],
  now: Date,
  onWaiting: 'merge' | 'keep' = 'merge',
): Promise<{ job: Job; inserted: boolean }[]> {
  if (inputs.length === 0) return [];
  const rows = await db.orm
    .insert(jobs)
    .values(inputs.map((j) => ({ ...jobRow(j, now), coalescing: true })))
    .onConflictDoUpdate({
      target: [jobs.kind, jobs.laneKey],
      targetWhere: sql.raw(coalescePredicate),
      // DO UPDATE rather than DO NOTHING so the waiting job comes back (RETURNING) in both cases.
      // `changedAt` (an ISO instant: the latest change the job is for) keeps the later of the two, so a job
      // never claims to cover less than the changes it absorbed. ISO instants of one form order as text.
      set:
        onWaiting === 'merge'
          ? {
              payload: sql`${jobs.payload} || excluded.payload || CASE WHEN ${jobs.payload}->>'changedAt' > excluded.payload->>'changedAt' THEN jsonb_build_object('changedAt', ${jobs.payload}->'changedAt') ELSE '{}'::jsonb END`,
              updatedAt: now,
            }
          : { updatedAt: sql`${jobs.updatedAt}` },
    })
    // xmax is 0 only on a row version this statement inserted.
    .returning({ ...getTableColumns(jobs), inserted: sql<boolean>`(xmax = 0)` });
  return rows.map(({ inserted, ...job }) => ({ job, inserted }));
}

/**
 * Tells workers in other processes that jobs are due at `runAt` (PostgreSQL LISTEN/NOTIFY). Inside a
 * transaction it is delivered on commit, never before the jobs are visible. PGlite lives in one process,
 * where the in-process wake bus is enough, so this is a no-op there.
 */
export async function notifyJobs(db: Queryable, runAt?: Date): Promise<void> {
  if (db.kind !== DbKind.postgres) return;
  await db.orm.execute(
    sql`SELECT pg_notify(${jobsChannel}, ${runAt === undefined ? '' : String(runAt.getTime())})`,
  );
}

export interface ClaimOptions {
  readonly workerId: string;
  readonly limit: number;
  readonly leaseMs: number;
  readonly now: Date;
}

/**
 * Takeovers of one job after its worker died, before the job is failed (LEASE_EXPIRED): enough for a
 * service restarted many times in a row (deploys, a crash loop caused by something else) without failing the
 * jobs that happened to be running, few enough that a job which itself kills its process stops doing so.
 */
export const maxInterruptions = 10;

/**
 * Takes up to `limit` jobs that are due, at most one per lane, skipping lanes with a job whose lease is
 * live, and leases them to `workerId` until now + leaseMs. A running job whose lease has expired (its
 * worker died) is taken over: the same attempt goes on (no attempt spent), counted as an interruption. Safe with any number of concurrent claimers:
 * rows another claimer holds are skipped, not waited for.
 */
export async function claim(db: Queryable, options: ClaimOptions): Promise<Job[]> {
  const { workerId, limit, leaseMs, now } = options;
  if (limit <= 0) return [];
  const orm = db.orm;
  const busy = alias(jobs, 'busy');
  // Re-checked on the locked row itself: if another claimer took it after our snapshot, PostgreSQL
  // re-evaluates this on the newest row version and drops it.
  const claimable = or(
    and(inArray(jobs.status, [JobStatus.queued, JobStatus.deferred]), lte(jobs.runAt, now)),
    and(
      eq(jobs.status, JobStatus.running),
      lte(jobs.leaseExpiresAt, now),
      lt(jobs.interruptions, maxInterruptions),
    ),
  );
  const laneBusy = orm
    .select({ one: sql`1` })
    .from(busy)
    .where(
      and(eq(busy.laneKey, jobs.laneKey), eq(busy.status, JobStatus.running), gt(busy.leaseExpiresAt, now)),
    );
  // The head of each free lane: only it may be taken, so a skipped (locked) head never lets the job behind
  // it run beside it.
  const heads = orm
    .selectDistinctOn([jobs.laneKey], { id: jobs.id })
    .from(jobs)
    .where(and(claimable, notExists(laneBusy)))
    .orderBy(jobs.laneKey, jobs.runAt, jobs.id);
  const picked = orm.$with('picked').as(
    orm
      .select({ pickedId: jobs.id })
      .from(jobs)
      .where(and(inArray(jobs.id, heads), claimable))
      .orderBy(asc(jobs.runAt), asc(jobs.id))
      .limit(limit)
      .for('update', { skipLocked: true }),
  );
  return orm
    .with(picked)
    .update(jobs)
    .set({
      status: JobStatus.running,
      coalescing: false,
      lockedBy: workerId,
      leaseExpiresAt: new Date(now.getTime() + leaseMs),
      // SET reads the row as it was: a running job is a takeover, anything else a new attempt.
      attempts: sql`CASE WHEN ${jobs.status} = ${JobStatus.running} THEN ${jobs.attempts} ELSE ${jobs.attempts} + 1 END`,
      interruptions: sql`CASE WHEN ${jobs.status} = ${JobStatus.running} THEN ${jobs.interruptions} + 1 ELSE ${jobs.interruptions} END`,
      updatedAt: now,
    })
    .from(picked)
    .where(eq(jobs.id, picked.pickedId))
    .returning(getTableColumns(jobs));
}

interface Owned {
  readonly id: number;
  readonly workerId: string;
  readonly now: Date;
}

/** Only the worker holding the job may settle it; false when it no longer does (lease lost). */
function owned(o: Pick<Owned, 'id' | 'workerId'>): SQL | undefined {
  return and(eq(jobs.id, o.id), eq(jobs.status, JobStatus.running), eq(jobs.lockedBy, o.workerId));
}

const released = { lockedBy: null, leaseExpiresAt: null } as const;

/** complete() for several jobs in one statement; the ids this worker still held (and completed). */
export async function completeMany(
  db: Queryable,
  o: { readonly ids: readonly number[]; readonly workerId: string; readonly now: Date },
): Promise<Set<number>> {
  if (o.ids.length === 0) return new Set();
  const rows = await db.orm
    .update(jobs)
    .set({ status: JobStatus.done, ...released, updatedAt: o.now })
    .where(
      and(inArray(jobs.id, [...o.ids]), eq(jobs.status, JobStatus.running), eq(jobs.lockedBy, o.workerId)),
    )
    .returning({ id: jobs.id });
  return new Set(rows.map((r) => r.id));
}

export async function complete(db: Queryable, o: Owned): Promise<boolean> {
  const rows = await db.orm
    .update(jobs)
    .set({ status: JobStatus.done, ...released, updatedAt: o.now })
    .where(owned(o))
    .returning({ id: jobs.id });
  return rows.length > 0;
}

/**
 * Records a failed attempt. With `retryAt` and attempts left the job is queued again for then; otherwise it
 * is failed for good. Returns the job's new status, or undefined when this worker no longer held it.
 */
export async function fail(
  db: Queryable,
  o: Owned & { readonly error: unknown; readonly retryAt?: Date | undefined },
): Promise<JobStatus | undefined> {
  const retry =
    o.retryAt === undefined
      ? sql<JobStatus>`${JobStatus.failed}`
      : sql<JobStatus>`CASE WHEN ${jobs.attempts} < ${jobs.maxAttempts} THEN ${JobStatus.queued} ELSE ${JobStatus.failed} END`;
  const [row] = await db.orm
    .update(jobs)
    .set({
      status: retry,
      ...(o.retryAt !== undefined ? { runAt: o.retryAt } : {}),
      lastError: o.error,
      ...released,
      updatedAt: o.now,
    })
    .where(owned(o))
    .returning({ status: jobs.status });
  return row?.status;
}

/**
 * Puts a job back until `until` without spending an attempt: a budget or rate limit says "not now", which
 * is not a failure (design rule 8).
 */
export async function defer(
  db: Queryable,
  o: Owned & { readonly until: Date; readonly reason?: unknown },
): Promise<boolean> {
  const rows = await db.orm
    .update(jobs)
    .set({
      status: JobStatus.deferred,
      runAt: o.until,
      attempts: sql`greatest(${jobs.attempts} - 1, 0)`,
      ...(o.reason !== undefined ? { lastError: o.reason } : {}),
      ...released,
      updatedAt: o.now,
    })
    .where(owned(o))
    .returning({ id: jobs.id });
  return rows.length > 0;
}

/** Extends the leases this worker still holds; returns the ids extended (a missing id was lost). */
export async function extendLease(
  db: Queryable,
  o: {
    readonly ids: readonly number[];
    readonly workerId: string;
    readonly leaseMs: number;
    readonly now: Date;
  },
): Promise<number[]> {
  if (o.ids.length === 0) return [];
  const rows = await db.orm
    .update(jobs)
    .set({ leaseExpiresAt: new Date(o.now.getTime() + o.leaseMs), updatedAt: o.now })
    .where(
      and(inArray(jobs.id, [...o.ids]), eq(jobs.status, JobStatus.running), eq(jobs.lockedBy, o.workerId)),
    )
    .returning({ id: jobs.id });
  return rows.map((r) => r.id);
}
export const heartbeat = extendLease;

/**
 * Fails running jobs whose lease expired after `maxInterruptions` takeovers: their workers keep dying while
 * running them, likely because of the job itself, so it is not taken again.
 */
export async function failExpired(db: Queryable, now: Date): Promise<number[]> {
  const rows = await db.orm
    .update(jobs)
    .set({
      status: JobStatus.failed,
      lastError: { code: 'LEASE_EXPIRED' },
      ...released,
      updatedAt: now,
    })
    .where(
      and(
        eq(jobs.status, JobStatus.running),
        lte(jobs.leaseExpiresAt, now),
        sql`${jobs.interruptions} >= ${maxInterruptions}`,
      ),
    )
    .returning({ id: jobs.id });
  return rows.map((r) => r.id);
}

/**
 * Ends every live lease at `now`, as if its worker had stopped renewing it: the jobs are claimed again (or
 * failed, on their last attempt) by the next claim. Only for a store no other process can be using: the
 * embedded store, whose lock proves that whoever holds a lease there has ended.
 */
export async function expireLeases(db: Queryable, now: Date): Promise<number[]> {
  const rows = await db.orm
    .update(jobs)
    .set({ leaseExpiresAt: now, updatedAt: now })
    .where(and(eq(jobs.status, JobStatus.running), gt(jobs.leaseExpiresAt, now)))
    .returning({ id: jobs.id });
  return rows.map((r) => r.id);
}

export async function getJob(db: Queryable, id: number): Promise<Job | undefined> {
  const [row] = await db.orm.select().from(jobs).where(eq(jobs.id, id));
  return row;
}

export async function countJobs(db: Queryable): Promise<Record<JobStatus, number>> {
  const rows = await db.orm.select({ status: jobs.status, n: count() }).from(jobs).groupBy(jobs.status);
  const out: Record<JobStatus, number> = { queued: 0, running: 0, done: 0, failed: 0, deferred: 0 };
  for (const r of rows) out[r.status] = r.n;
  return out;
}

export interface CorrelatedJobs {
  /** Queued or deferred and due by `dueBy`, or running: work still coming. */
  readonly pending: number;
  /** Waiting for a later moment than `dueBy` (a retry's backoff, a budget window). */
  readonly waiting: number;
  readonly earliestWaiting: Date | undefined;
  readonly done: number;
  readonly failed: number;
}

/** Where the jobs queued under one correlation id stand (a backfill's follow-up syncs). */
export async function correlatedJobs(
  db: Queryable,
  correlationId: string,
  dueBy: Date,
): Promise<CorrelatedJobs> {
  const rows = await db.orm
    .select({ status: jobs.status, runAt: jobs.runAt })
    .from(jobs)
    .where(eq(jobs.correlationId, correlationId));
  let pending = 0;
  let waiting = 0;
  let done = 0;
  let failed = 0;
  let earliest: Date | undefined;
  for (const r of rows) {
    if (r.status === JobStatus.done) done++;
    else if (r.status === JobStatus.failed) failed++;
    else if (r.status === JobStatus.running || r.runAt <= dueBy) pending++;
    else {
      waiting++;
      if (earliest === undefined || r.runAt < earliest) earliest = r.runAt;
    }
  }
  return { pending, waiting, earliestWaiting: earliest, done, failed };
}
