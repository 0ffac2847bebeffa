// How a backfill walks a plan: a page of items at a time, each page one run (R1) whose audit entries and
// item statuses are written in one transaction, so a page is either recorded whole or redone whole on a
// resume. A limit reached (a daily budget, the CRM's daily cap) stops the walk where it is: the page's
// remaining items wait as deferred and the report says when the budget opens again.
import { isCosellError } from '../errors.js';
import { codedError } from '../engine/outcome.js';
import { mappingVersion } from '../flows/partner-center-to-crm/job.js';
import { RunRecorder, writeRuns, type AuditNote, type RunOutcome } from '../engine/run-recorder.js';
import type { Db } from '../store/db.js';
import { enqueue, type JobInput } from '../store/jobs.js';
import { setItemStatuses, unfinishedItemPage, type ItemOutcome, type PlanItemRow } from '../store/plans.js';
import {
  AuditAction,
  AuditDirection,
  PlanItemStatus,
  RunStatus,
  RunTrigger,
  type PlanAction,
} from '../store/schema.js';

/** Why a walk stopped before the end. */
export type Halt =
  | { readonly kind: 'limit'; readonly code: string; readonly until: Date | undefined }
  | { readonly kind: 'interrupted' };

export interface PageResult {
  readonly outcomes: readonly ItemOutcome[];
  /** Set when a limit was reached part-way: items without an outcome wait as deferred. */
  readonly halt?: Halt | undefined;
  /**
   * Normal sync jobs the page's items need next (a pair's differences, a referral changed since the plan),
   * queued in the page's own transaction so none is lost between the two. Each with an idempotency key.
   */
  readonly followUps?: readonly JobInput[] | undefined;
}

export interface PageWalk {
  readonly db: Db;
  readonly planId: string;
  readonly actions: readonly PlanAction[];
  readonly pageSize: number;
  readonly flow: string;
  readonly now: () => Date;
  readonly signal?: AbortSignal | undefined;
  readonly onPage?: ((done: number) => void) | undefined;
}

/** A limit error (retry class "after") as a halt, or undefined for any other error. */
export function haltOf(error: unknown, now: Date): Halt | undefined {
  if (!isCosellError(error) || error.retry !== 'after') return undefined;
  const until = error.retryAfterMs === undefined ? undefined : new Date(now.getTime() + error.retryAfterMs);
  return { kind: 'limit', code: error.code, until };
}

function runOutcome(outcomes: readonly ItemOutcome[], halt: Halt | undefined, now: Date): RunOutcome {
  if (halt?.kind === 'limit') {
    return {
      status: RunStatus.deferred,
      reason: { code: halt.code, message: `deferred: ${halt.code}`, params: {} },
      until: halt.until ?? now,
    };
  }
  const failed = outcomes.find((o) => o.status === PlanItemStatus.failed);
  if (failed !== undefined) {
    const code = typeof failed.outcome?.['code'] === 'string' ? failed.outcome['code'] : 'INTERNAL';
    return {
      status: RunStatus.failed,
      error: { code, message: `${code} on an item of this page`, params: { items: outcomes.length } },
    };
  }
  return { status: RunStatus.succeeded };
}

/**
 * Applies `apply` to every unfinished item of the given actions, page by page, until done, halted by a limit,
 * or interrupted (the signal: Ctrl-C). Returns the halt, if any.
 */
export async function walkPages(
  walk: PageWalk,
  apply: (page: readonly PlanItemRow[], run: RunRecorder) => Promise<PageResult>,
): Promise<Halt | undefined> {
  let after = 0;
  for (;;) {
    if (walk.signal?.aborted === true) return { kind: 'interrupted' };
    const page = await unfinishedItemPage(walk.db, walk.planId, {
      actions: walk.actions,
      afterSeq: after,
      limit: walk.pageSize,
    });
    if (page.length === 0) return undefined;
    after = page[page.length - 1]?.seq ?? after;
    // Marked first: a resume after a crash in the middle of this page knows its writes may have landed.
    await setItemStatuses(
      walk.db,
      walk.planId,
      page.map((item) => ({ seq: item.seq, status: PlanItemStatus.started })),
      walk.now(),
    );
    const run = new RunRecorder({
      flow: walk.flow,
      trigger: RunTrigger.backfill,
      subject: walk.planId,
      correlationId: walk.planId,
      clock: { now: walk.now },
    });
    let result: PageResult;
    try {
      result = await run.within(() => apply(page, run));
    } catch (error) {
      const halt = haltOf(error, walk.now());
      if (halt === undefined) throw error;
      result = { outcomes: [], halt };
    }
    const settled = new Set(result.outcomes.map((o) => o.seq));
    const waiting = page
      .filter((item) => !settled.has(item.seq))
      .map((item) => ({ seq: item.seq, status: PlanItemStatus.deferred }));
    const outcomes = [...result.outcomes, ...waiting];
    const record = run.finish(runOutcome(result.outcomes, result.halt, walk.now()));
    await walk.db.transaction(async (tx) => {
      await writeRuns(tx, [record]);
      await setItemStatuses(tx, walk.planId, outcomes, walk.now());
      const jobs = (result.followUps ?? []).map((job) => ({
        ...job,
        trigger: RunTrigger.backfill,
        correlationId: walk.planId,
      }));
      await enqueue(tx, jobs, walk.now());
    });
    walk.onPage?.(result.outcomes.length);
    if (result.halt !== undefined) return result.halt;
  }
}

/**
 * A per-item error (not a limit): the item's outcome holds the coded error, and the record's audit entry says
 * it failed, with the same code.
 */
export function failItem(
  run: RunRecorder,
  seq: number,
  record: Pick<AuditNote, 'referralId' | 'crmSystem' | 'crmRecordId' | 'fieldDiff'>,
  error: unknown,
): ItemOutcome {
  const coded = codedError(error).error;
  run.audit({
    ...record,
    direction: AuditDirection.toCrm,
    action: AuditAction.failed,
    reasonCode: coded.code,
    mappingVersion,
  });
  return { seq, status: PlanItemStatus.failed, outcome: { code: coded.code, params: coded.params } };
}
