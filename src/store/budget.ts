// Daily API call budgets per system and account (P1, design rule 8). The counter is taken in one statement,
// so concurrent workers (or processes on one PostgreSQL) can never spend past the cap together.
import { and, eq, sql } from 'drizzle-orm';
import type { Queryable } from './db.js';
import { budgetCounters, type System } from './schema.js';

/** The UTC calendar day a moment counts against, as YYYY-MM-DD. */
export function utcDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

export interface BudgetKey {
  readonly system: System;
  readonly account: string;
  /** utcDay(now) */
  readonly day: string;
}

export interface BudgetResult {
  readonly allowed: boolean;
  /** Calls counted for the day after this attempt (unchanged when refused). */
  readonly used: number;
  readonly cap: number;
}

/** Counts `calls` (default 1) against the day if that stays within `cap`; otherwise counts nothing. */
export async function tryConsume(
  db: Queryable,
  request: BudgetKey & { readonly cap: number; readonly calls?: number },
): Promise<BudgetResult> {
  const calls = request.calls ?? 1;
  if (!Number.isInteger(calls) || calls < 1)
    throw new RangeError(`calls must be a positive integer, got ${calls}`);
  const { system, account, day, cap } = request;
  if (calls <= cap) {
    const [row] = await db.orm
      .insert(budgetCounters)
      .values({ system, account, day, calls })
      .onConflictDoUpdate({
        target: [budgetCounters.system, budgetCounters.account, budgetCounters.day],
        set: { calls: sql`${budgetCounters.calls} + excluded.calls` },
        setWhere: sql`${budgetCounters.calls} + excluded.calls <= ${cap}`,
      })
      .returning({ calls: budgetCounters.calls });
    if (row !== undefined) return { allowed: true, used: row.calls, cap };
  }
  return { allowed: false, used: await usage(db, request), cap };
}

export async function usage(db: Queryable, key: BudgetKey): Promise<number> {
  const [row] = await db.orm
    .select({ calls: budgetCounters.calls })
    .from(budgetCounters)
    .where(
      and(
        eq(budgetCounters.system, key.system),
        eq(budgetCounters.account, key.account),
        eq(budgetCounters.day, key.day),
      ),
    );
  return row?.calls ?? 0;
}

/** The first moment of the next UTC day: when a daily budget opens again. */
export function nextUtcMidnight(now: Date): Date {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1));
}

export type TodayResult =
  | { readonly allowed: true }
  | {
      readonly allowed: false;
      readonly used: number;
      readonly resumeAt: Date;
      readonly retryAfterMs: number;
    };

/**
 * Spends `calls` from today's (UTC) budget of `system`/`account`. When refused, says when the budget opens
 * again; each caller turns that into its own coded error (PC_BUDGET_EXHAUSTED, CRM_DAILY_LIMIT).
 */
export async function consumeToday(
  db: Queryable,
  request: {
    readonly system: System;
    readonly account: string;
    readonly cap: number;
    readonly calls: number;
    readonly now: Date;
  },
): Promise<TodayResult> {
  const { now, ...rest } = request;
  const result = await tryConsume(db, { ...rest, day: utcDay(now) });
  if (result.allowed) return { allowed: true };
  const resumeAt = nextUtcMidnight(now);
  return { allowed: false, used: result.used, resumeAt, retryAfterMs: resumeAt.getTime() - now.getTime() };
}
