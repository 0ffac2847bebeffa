// Flow runs and their steps: what ran, when, how many API calls, and how it ended (R1, R4).
import { and, asc, desc, eq, gte, inArray, isNotNull, lt, or, sql, type SQL } from 'drizzle-orm';
import { auditRecordWhere, type AuditRecord } from './audit.js';
import { rowsOf, type Queryable } from './db.js';
import { audit, runs, runSteps, RunStatus, type RunTrigger, type StepStatus } from './schema.js';

export type Run = typeof runs.$inferSelect;
export type RunStep = typeof runSteps.$inferSelect;

export interface RunInput {
  readonly flow: string;
  readonly trigger: RunTrigger;
  readonly subject?: string | undefined;
  readonly correlationId?: string | undefined;
  readonly startedAt: Date;
}

/** The columns every run row takes from its RunInput, whether started or written whole. */
function runColumns(input: RunInput) {
  return {
    flow: input.flow,
    trigger: input.trigger,
    subject: input.subject ?? null,
    correlationId: input.correlationId ?? null,
    startedAt: input.startedAt,
  };
}

export async function startRun(db: Queryable, input: RunInput): Promise<Run> {
  const [row] = await db.orm
    .insert(runs)
    .values({ ...runColumns(input), status: RunStatus.running })
    .returning();
  if (row === undefined) throw new Error('insert returned no row');
  return row;
}

/** The job a run executed: enough to queue it again (resubmit). */
export interface RunJob {
  readonly id: number;
  readonly kind: string;
  readonly laneKey: string;
  readonly payload: unknown;
}

/** A finished run, written whole in one statement (the engine records a run when its job settles). */
export interface FinishedRunInput extends RunInput {
  readonly status: Exclude<RunStatus, typeof RunStatus.running>;
  readonly finishedAt: Date;
  readonly apiCalls: number;
  readonly callsBySystem?: Readonly<Record<string, number>> | undefined;
  readonly error?: unknown;
  readonly job?: RunJob | undefined;
}

function finishedRunRow(input: FinishedRunInput) {
  return {
    ...runColumns(input),
    status: input.status,
    finishedAt: input.finishedAt,
    apiCalls: input.apiCalls,
    callsBySystem: input.callsBySystem ?? null,
    error: input.error ?? null,
    jobId: input.job?.id ?? null,
    jobKind: input.job?.kind ?? null,
    jobLaneKey: input.job?.laneKey ?? null,
    jobPayload: input.job?.payload ?? null,
  };
}

export async function insertRun(db: Queryable, input: FinishedRunInput): Promise<number> {
  const [id] = await insertRuns(db, [input]);
  if (id === undefined) throw new Error('insert returned no row');
  return id;
}

/**
 * Several finished runs in one statement; their ids in the order given. The identity column numbers the
 * VALUES rows in order, so sorting the returned ids restores it whatever order RETURNING uses.
 */
export async function insertRuns(db: Queryable, inputs: readonly FinishedRunInput[]): Promise<number[]> {
  if (inputs.length === 0) return [];
  const rows = await db.orm.insert(runs).values(inputs.map(finishedRunRow)).returning({ id: runs.id });
  if (rows.length !== inputs.length) throw new Error(`inserted ${rows.length} runs of ${inputs.length}`);
  return rows.map((r) => r.id).sort((a, b) => a - b);
}

export interface RunEnd {
  readonly id: number;
  readonly status: Exclude<RunStatus, typeof RunStatus.running>;
  readonly finishedAt: Date;
  readonly apiCalls: number;
  readonly error?: unknown;
}

export async function finishRun(db: Queryable, end: RunEnd): Promise<Run | undefined> {
  const [row] = await db.orm
    .update(runs)
    .set({
      status: end.status,
      finishedAt: end.finishedAt,
      apiCalls: end.apiCalls,
      error: end.error ?? null,
    })
    .where(eq(runs.id, end.id))
    .returning();
  return row;
}

export interface StepInput {
  readonly seq: number;
  readonly name: string;
  readonly status: StepStatus;
  readonly startedAt: Date;
  readonly finishedAt?: Date | undefined;
  readonly apiCalls?: number | undefined;
  readonly callsBySystem?: Readonly<Record<string, number>> | undefined;
  readonly detail?: unknown;
  readonly error?: unknown;
}

/** All of a run's steps in one statement (the runner buffers them). */
export async function insertSteps(db: Queryable, runId: number, steps: readonly StepInput[]): Promise<void> {
  await insertStepsOfRuns(db, [{ runId, steps }]);
}

/** The steps of several runs in one statement. */
export async function insertStepsOfRuns(
  db: Queryable,
  ofRuns: readonly { readonly runId: number; readonly steps: readonly StepInput[] }[],
): Promise<void> {
  const rows = ofRuns.flatMap(({ runId, steps }) => steps.map((s) => ({ runId, s })));
  if (rows.length === 0) return;
  await db.orm.insert(runSteps).values(
    rows.map(({ runId, s }) => ({
      runId,
      seq: s.seq,
      name: s.name,
      status: s.status,
      startedAt: s.startedAt,
      finishedAt: s.finishedAt ?? null,
      apiCalls: s.apiCalls ?? 0,
      callsBySystem: s.callsBySystem ?? null,
      detail: s.detail ?? null,
      error: s.error ?? null,
    })),
  );
}

export async function getRun(db: Queryable, id: number): Promise<(Run & { steps: RunStep[] }) | undefined> {
  const [run] = await db.orm.select().from(runs).where(eq(runs.id, id));
  if (run === undefined) return undefined;
  const steps = await db.orm.select().from(runSteps).where(eq(runSteps.runId, id)).orderBy(asc(runSteps.seq));
  return { ...run, steps };
}

/** The runs about one record: its subject names the record, or it audited a decision on the record. */
export interface RunRecordFilter {
  /** What the run's subject may be: the record's ids and the lane keys that name them. */
  readonly subjects: readonly string[];
  readonly audited: AuditRecord | readonly AuditRecord[];
}

export interface RunFilter {
  readonly flow?: string | undefined;
  readonly status?: RunStatus | undefined;
  readonly subject?: string | undefined;
  readonly record?: RunRecordFilter | undefined;
  /** Runs started at or after this. */
  readonly since?: Date | undefined;
  /** Page: runs with a smaller id than this (the last id of the previous page). */
  readonly beforeId?: number | undefined;
  readonly limit?: number | undefined;
}

/** Newest first. */
export async function listRuns(db: Queryable, filter: RunFilter = {}): Promise<Run[]> {
  const where: (SQL | undefined)[] = [
    filter.flow !== undefined ? eq(runs.flow, filter.flow) : undefined,
    filter.status !== undefined ? eq(runs.status, filter.status) : undefined,
    filter.subject !== undefined ? eq(runs.subject, filter.subject) : undefined,
    filter.record !== undefined ? aboutRecord(db, filter.record) : undefined,
    filter.since !== undefined ? gte(runs.startedAt, filter.since) : undefined,
    filter.beforeId !== undefined ? lt(runs.id, filter.beforeId) : undefined,
  ];
  return db.orm
    .select()
    .from(runs)
    .where(and(...where))
    .orderBy(desc(runs.startedAt), desc(runs.id))
    .limit(filter.limit ?? 50);
}

function aboutRecord(db: Queryable, record: RunRecordFilter): SQL | undefined {
  const audited = db.orm
    .select({ runId: audit.runId })
    .from(audit)
    .where(and(isNotNull(audit.runId), auditRecordWhere(record.audited)));
  return or(
    record.subjects.length > 0 ? inArray(runs.subject, [...record.subjects]) : undefined,
    inArray(runs.id, audited),
  );
}

export interface FailedRunFilter {
  readonly flow?: string | undefined;
  readonly subject?: string | undefined;
  /** Runs started at or after this. */
  readonly since?: Date | undefined;
  /** Runs started before this. */
  readonly before?: Date | undefined;
  /** Default 1000. */
  readonly limit?: number | undefined;
}

export type FailedRunJob = Pick<Run, 'id' | 'correlationId'> & {
  readonly jobKind: string;
  readonly jobLaneKey: string;
  readonly jobPayload: unknown;
};

/**
 * Failed runs that know their job, newest per (job kind, lane) only: resubmitting one record twice in a
 * bulk action would only queue the same work twice.
 */
export async function failedRunJobs(db: Queryable, filter: FailedRunFilter = {}): Promise<FailedRunJob[]> {
  const rows = await db.orm
    .selectDistinctOn([runs.jobKind, runs.jobLaneKey], {
      id: runs.id,
      correlationId: runs.correlationId,
      jobKind: runs.jobKind,
      jobLaneKey: runs.jobLaneKey,
      jobPayload: runs.jobPayload,
    })
    .from(runs)
    .where(
      and(
        eq(runs.status, RunStatus.failed),
        isNotNull(runs.jobKind),
        isNotNull(runs.jobLaneKey),
        filter.flow !== undefined ? eq(runs.flow, filter.flow) : undefined,
        filter.subject !== undefined ? eq(runs.subject, filter.subject) : undefined,
        filter.since !== undefined ? gte(runs.startedAt, filter.since) : undefined,
        filter.before !== undefined ? lt(runs.startedAt, filter.before) : undefined,
      ),
    )
    .orderBy(runs.jobKind, runs.jobLaneKey, desc(runs.startedAt), desc(runs.id))
    .limit(filter.limit ?? 1000);
  return rows.flatMap((r) =>
    r.jobKind !== null && r.jobLaneKey !== null
      ? [{ ...r, jobKind: r.jobKind, jobLaneKey: r.jobLaneKey }]
      : [],
  );
}

/** The latest run a job became (a job retried has several). */
export async function latestRunOfJob(db: Queryable, jobId: number): Promise<Run | undefined> {
  const [row] = await db.orm.select().from(runs).where(eq(runs.jobId, jobId)).orderBy(desc(runs.id)).limit(1);
  return row;
}

export interface RepeatedFailure {
  readonly subject: string;
  readonly code: string;
  readonly failures: number;
  /** The params of the newest of those failures (for the error's guidance). */
  readonly params: Record<string, string | number> | null;
}

/**
 * Records failing again and again with the same error since their last success (R1, the doctor): the subject,
 * the error code and how often, most failures first.
 */
export async function repeatedFailures(db: Queryable, minFailures: number): Promise<RepeatedFailure[]> {
  const result = await db.orm.execute(sql`
    SELECT r.subject, r.error->>'code' AS code, count(*)::int AS failures,
           (array_agg(r.error->'params' ORDER BY r.started_at DESC))[1] AS params
    FROM ${runs} r
    WHERE r.status = ${RunStatus.failed} AND r.subject IS NOT NULL AND r.error->>'code' IS NOT NULL
      AND NOT EXISTS (
        SELECT 1 FROM ${runs} s
        WHERE s.subject = r.subject AND s.status = ${RunStatus.succeeded} AND s.started_at > r.started_at
      )
    GROUP BY r.subject, r.error->>'code'
    HAVING count(*) >= ${minFailures}
    ORDER BY failures DESC, r.subject`);
  return rowsOf<RepeatedFailure>(result);
}

/** Records (run subjects) whose newest run failed, with that run's error code and params (the doctor, R1/R2). */
export async function recordsLastFailed(db: Queryable): Promise<RepeatedFailure[]> {
  const result = await db.orm.execute(sql`
    SELECT subject, code, 1 AS failures, params FROM (
      SELECT DISTINCT ON (r.subject) r.subject, r.status, r.error->>'code' AS code, r.error->'params' AS params
      FROM ${runs} r
      WHERE r.subject IS NOT NULL AND r.status IN (${RunStatus.failed}, ${RunStatus.succeeded}, ${RunStatus.skipped})
      ORDER BY r.subject, r.started_at DESC, r.id DESC
    ) latest
    WHERE status = ${RunStatus.failed} AND code IS NOT NULL
    ORDER BY code, subject`);
  return rowsOf<RepeatedFailure>(result);
}
