// Webhook events, written before the receiver answers 200 (design rule 1). Partner Center redelivers
// (up to 10 attempts) and duplicates; the dedupe key makes a redelivery a no-op.
import { and, asc, count, eq, gt, inArray, type SQL } from 'drizzle-orm';
import type { Queryable } from './db.js';
import { inbox, type InboxStatus, type System } from './schema.js';

export type InboxEvent = typeof inbox.$inferSelect;

export interface InboxEventInput {
  readonly source: System;
  readonly eventName: string;
  readonly resourceId: string;
  readonly resourceChangeDate: Date;
  readonly payload: unknown;
  readonly correlationId?: string | undefined;
  /** Default: the database's clock. */
  readonly receivedAt?: Date | undefined;
}

/** The same change of the same resource, announced again, has the same key. */
export function inboxDedupeKey(
  e: Pick<InboxEventInput, 'eventName' | 'resourceId' | 'resourceChangeDate'>,
): string {
  return `${e.eventName}|${e.resourceId}|${e.resourceChangeDate.toISOString()}`;
}

/**
 * One statement for the whole batch. Events already stored (or repeated within the batch) are counted as
 * duplicates; `ids` are the rows this call stored, to be queued; `stored[i]` says whether `events[i]` was
 * stored by this call (the first of repeats within the batch is).
 */
export async function insertInboxEvents(
  db: Queryable,
  events: readonly InboxEventInput[],
): Promise<{ inserted: number; duplicates: number; ids: number[]; stored: boolean[] }> {
  if (events.length === 0) return { inserted: 0, duplicates: 0, ids: [], stored: [] };
  const keys = events.map(inboxDedupeKey);
  const rows = await db.orm
    .insert(inbox)
    .values(
      events.map((e, i) => ({
        source: e.source,
        eventName: e.eventName,
        resourceId: e.resourceId,
        resourceChangeDate: e.resourceChangeDate,
        dedupeKey: keys[i] ?? '',
        payload: e.payload,
        correlationId: e.correlationId ?? null,
        ...(e.receivedAt !== undefined ? { receivedAt: e.receivedAt } : {}),
      })),
    )
    .onConflictDoNothing({ target: inbox.dedupeKey })
    .returning({ id: inbox.id, dedupeKey: inbox.dedupeKey });
  const fresh = new Set(rows.map((r) => r.dedupeKey));
  const stored = keys.map((key) => fresh.delete(key));
  return {
    inserted: rows.length,
    duplicates: events.length - rows.length,
    ids: rows.map((r) => r.id),
    stored,
  };
}

export interface InboxFilter {
  readonly status?: InboxStatus | undefined;
  readonly resourceId?: string | undefined;
}

function where(filter: InboxFilter, afterId?: number): SQL | undefined {
  return and(
    filter.status !== undefined ? eq(inbox.status, filter.status) : undefined,
    filter.resourceId !== undefined ? eq(inbox.resourceId, filter.resourceId) : undefined,
    afterId !== undefined ? gt(inbox.id, afterId) : undefined,
  );
}

export async function countInbox(db: Queryable, filter: InboxFilter = {}): Promise<number> {
  const [row] = await db.orm.select({ n: count() }).from(inbox).where(where(filter));
  return row?.n ?? 0;
}

/** Oldest first; page with `afterId` (the last id of the previous page). */
export async function listInbox(
  db: Queryable,
  options: InboxFilter & { readonly limit?: number; readonly afterId?: number } = {},
): Promise<InboxEvent[]> {
  return db.orm
    .select()
    .from(inbox)
    .where(where(options, options.afterId))
    .orderBy(asc(inbox.id))
    .limit(options.limit ?? 100);
}

/** Marks events handled (processed, ignored or failed); returns how many rows changed. */
export async function markInbox(
  db: Queryable,
  ids: readonly number[],
  status: Exclude<InboxStatus, typeof InboxStatus.pending>,
  now: Date,
): Promise<number> {
  if (ids.length === 0) return 0;
  const rows = await db.orm
    .update(inbox)
    .set({ status, processedAt: now })
    .where(inArray(inbox.id, [...ids]))
    .returning({ id: inbox.id });
  return rows.length;
}
