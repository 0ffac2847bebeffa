// First-sync plans and their items: what `cosell plan` computed and how far `cosell backfill` got applying
// it. Items are written and read in pages (a plan of 50,000 referrals is never one statement or one array),
// and an item's status moves pending -> started -> done | failed | deferred, so a backfill cut short resumes
// at the first item not done.
import { and, asc, count, eq, gt, inArray, sql } from 'drizzle-orm';
import type { Queryable } from './db.js';
import { planItems, plans, PlanItemStatus, PlanStatus, type CrmSystem, type PlanAction } from './schema.js';

export type Plan = typeof plans.$inferSelect;
export type PlanItemRow = typeof planItems.$inferSelect;

export interface PlanItemInput {
  readonly seq: number;
  readonly action: PlanAction;
  readonly referralId?: string | undefined;
  readonly crmRecordId?: string | undefined;
  readonly detail: Readonly<Record<string, unknown>>;
  readonly accepted?: boolean | undefined;
}

/** Rows per INSERT: jsonb details of ~1 KB each keep a statement well under PostgreSQL's parameter limit. */
const insertChunk = 500;

export async function insertPlan(
  db: Queryable,
  plan: {
    readonly id: string;
    readonly crmSystem: CrmSystem;
    readonly checksum: string;
    readonly summary: Readonly<Record<string, unknown>>;
    readonly createdAt: Date;
  },
): Promise<void> {
  await db.orm.insert(plans).values({ ...plan, status: PlanStatus.ready, updatedAt: plan.createdAt });
}

/**
 * Inserts items a chunk per statement, each chunk one jsonb parameter unpacked by PostgreSQL
 * (jsonb_to_recordset): building a statement of thousands of bound values costs more CPU in the query
 * builder than PostgreSQL spends inserting them (measured on a 50,000-referral backfill).
 */
export async function insertPlanItems(
  db: Queryable,
  planId: string,
  items: readonly PlanItemInput[],
): Promise<void> {
  for (let i = 0; i < items.length; i += insertChunk) {
    const rows = items.slice(i, i + insertChunk).map((item) => ({
      seq: item.seq,
      action: item.action,
      referral_id: item.referralId ?? null,
      crm_record_id: item.crmRecordId ?? null,
      detail: item.detail,
      accepted: item.accepted ?? false,
    }));
    await db.orm.execute(sql`
      insert into ${planItems} (plan_id, seq, action, referral_id, crm_record_id, detail, accepted)
      select ${planId}, x.seq, x.action, x.referral_id, x.crm_record_id, x.detail, x.accepted
        from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb)
          as x(seq integer, action text, referral_id text, crm_record_id text, detail jsonb, accepted boolean)`);
  }
}

export async function getPlan(db: Queryable, id: string): Promise<Plan | undefined> {
  const [row] = await db.orm.select().from(plans).where(eq(plans.id, id));
  return row;
}

/** The newest plan for this CRM that a backfill started and did not finish: the one to resume. */
export async function unfinishedPlan(db: Queryable, crmSystem: CrmSystem): Promise<Plan | undefined> {
  const [row] = await db.orm
    .select()
    .from(plans)
    .where(and(eq(plans.crmSystem, crmSystem), eq(plans.status, PlanStatus.applying)))
    .orderBy(sql`${plans.createdAt} desc`)
    .limit(1);
  return row;
}

/** Older plans not applied yet give way to a new one: only the newest reflects both sides as they are. */
export async function supersedeReadyPlans(
  db: Queryable,
  crmSystem: CrmSystem,
  exceptId: string,
  now: Date,
): Promise<void> {
  await db.orm
    .update(plans)
    .set({ status: PlanStatus.superseded, updatedAt: now })
    .where(
      and(
        eq(plans.crmSystem, crmSystem),
        eq(plans.status, PlanStatus.ready),
        sql`${plans.id} <> ${exceptId}`,
      ),
    );
}

export type RunnerClaim =
  | { readonly ok: true; readonly plan: Plan }
  | { readonly ok: false; readonly runner: string; readonly until: Date };

/**
 * Takes the plan for one backfill process: free, its claim expired, or `canTakeOver(holder)` (the holder is
 * a process on this host that no longer exists). Two backfills never apply one plan at once.
 */
export async function claimPlanRunner(
  db: Queryable,
  planId: string,
  runner: string,
  now: Date,
  leaseMs: number,
  canTakeOver: (holder: string) => boolean,
): Promise<RunnerClaim> {
  const plan = await getPlan(db, planId);
  if (plan === undefined) throw new Error(`plan ${planId} does not exist`);
  const holder = plan.runner;
  const live = holder !== null && plan.runnerLeaseUntil !== null && plan.runnerLeaseUntil > now;
  if (live && holder !== runner && !canTakeOver(holder)) {
    return { ok: false, runner: holder, until: plan.runnerLeaseUntil ?? now };
  }
  const [row] = await db.orm
    .update(plans)
    .set({
      runner,
      runnerLeaseUntil: new Date(now.getTime() + leaseMs),
      status: PlanStatus.applying,
      startedAt: plan.startedAt ?? now,
      updatedAt: now,
    })
    .where(
      and(
        eq(plans.id, planId),
        // Only from the state just read: a second process that read the same free plan loses the race.
        holder === null ? sql`${plans.runner} is null` : eq(plans.runner, holder),
      ),
    )
    .returning();
  if (row === undefined) {
    const again = await getPlan(db, planId);
    return { ok: false, runner: again?.runner ?? '?', until: again?.runnerLeaseUntil ?? now };
  }
  return { ok: true, plan: row };
}

export async function renewPlanRunner(
  db: Queryable,
  planId: string,
  runner: string,
  until: Date,
): Promise<boolean> {
  const rows = await db.orm
    .update(plans)
    .set({ runnerLeaseUntil: until })
    .where(and(eq(plans.id, planId), eq(plans.runner, runner)))
    .returning({ id: plans.id });
  return rows.length > 0;
}

/** Ends this process's claim; `finished` when every item is done or failed. */
export async function releasePlanRunner(
  db: Queryable,
  planId: string,
  runner: string,
  now: Date,
  finished: boolean,
): Promise<void> {
  await db.orm
    .update(plans)
    .set({
      runner: null,
      runnerLeaseUntil: null,
      updatedAt: now,
      ...(finished ? { status: PlanStatus.finished, finishedAt: now } : {}),
    })
    .where(and(eq(plans.id, planId), eq(plans.runner, runner)));
}

/** What a resume still has to do: items not finished yet. */
const unfinishedStatuses: readonly PlanItemStatus[] = [
  PlanItemStatus.pending,
  PlanItemStatus.started,
  PlanItemStatus.deferred,
];

export interface ItemPageQuery {
  readonly actions: readonly PlanAction[];
  readonly afterSeq: number;
  readonly limit: number;
}

/** One page of a plan's unfinished items of the given actions, in seq order (keyset paging). */
export async function unfinishedItemPage(
  db: Queryable,
  planId: string,
  query: ItemPageQuery,
): Promise<PlanItemRow[]> {
  return db.orm
    .select()
    .from(planItems)
    .where(
      and(
        eq(planItems.planId, planId),
        gt(planItems.seq, query.afterSeq),
        inArray(planItems.action, [...query.actions]),
        inArray(planItems.status, [...unfinishedStatuses]),
      ),
    )
    .orderBy(asc(planItems.seq))
    .limit(query.limit);
}

/** Every item of the plan, page by page, for exporting it or comparing it with what happened. */
export async function* allPlanItems(
  db: Queryable,
  planId: string,
  pageSize = 1000,
): AsyncGenerator<PlanItemRow[]> {
  let after = -1;
  for (;;) {
    const page = await db.orm
      .select()
      .from(planItems)
      .where(and(eq(planItems.planId, planId), gt(planItems.seq, after)))
      .orderBy(asc(planItems.seq))
      .limit(pageSize);
    if (page.length === 0) return;
    yield page;
    after = page[page.length - 1]?.seq ?? after;
  }
}

export interface ItemOutcome {
  readonly seq: number;
  readonly status: PlanItemStatus;
  readonly outcome?: Readonly<Record<string, unknown>> | undefined;
}

/** Sets many items' status (and outcome) in one statement; `started` also counts an attempt. */
export async function setItemStatuses(
  db: Queryable,
  planId: string,
  outcomes: readonly ItemOutcome[],
  now: Date,
): Promise<void> {
  for (let i = 0; i < outcomes.length; i += insertChunk) {
    const rows = outcomes
      .slice(i, i + insertChunk)
      .map((o) => ({ seq: o.seq, status: o.status, outcome: o.outcome ?? null }));
    await db.orm.execute(sql`
      update ${planItems} as i
         set status = v.status,
             outcome = coalesce(v.outcome, i.outcome),
             attempts = i.attempts + case when v.status = ${PlanItemStatus.started} then 1 else 0 end,
             updated_at = ${now}
        from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as v(seq integer, status text, outcome jsonb)
       where i.plan_id = ${planId} and i.seq = v.seq`);
  }
}

/** Marks proposed pairs as accepted (a plan file's `accept: true`, or --accept-fuzzy). */
export async function acceptProposals(db: Queryable, planId: string, seqs: readonly number[]): Promise<void> {
  for (let i = 0; i < seqs.length; i += insertChunk) {
    await db.orm
      .update(planItems)
      // A pair left alone by an earlier pass and accepted now is applied by the next one.
      .set({
        accepted: true,
        status: sql`case when ${planItems.accepted} then ${planItems.status} else ${PlanItemStatus.pending} end`,
      })
      .where(and(eq(planItems.planId, planId), inArray(planItems.seq, seqs.slice(i, i + insertChunk))));
  }
}

/** How many items per action and status. */
export async function countPlanItems(
  db: Queryable,
  planId: string,
): Promise<{ action: PlanAction; status: PlanItemStatus; accepted: boolean; n: number }[]> {
  const rows = await db.orm
    .select({
      action: planItems.action,
      status: planItems.status,
      accepted: planItems.accepted,
      n: count(),
    })
    .from(planItems)
    .where(eq(planItems.planId, planId))
    .groupBy(planItems.action, planItems.status, planItems.accepted);
  return rows.map((r) => ({ ...r, n: Number(r.n) }));
}

/** How many items are not finished yet. */
export async function countUnfinished(db: Queryable, planId: string): Promise<number> {
  const [row] = await db.orm
    .select({ n: count() })
    .from(planItems)
    .where(and(eq(planItems.planId, planId), inArray(planItems.status, [...unfinishedStatuses])));
  return Number(row?.n ?? 0);
}
