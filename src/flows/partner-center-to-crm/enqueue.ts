// Inbox -> jobs: pending Partner Center referral events become one coalesced `referral.sync` job per
// referral, and the rows are marked handled in the same transaction (design rules 1 and 6): a crash either
// leaves the rows pending (they are turned into jobs again, which coalesce) or has both. An event about a
// change the referral's link already accounts for (links.pc_seen_change_at: the echo of our own write, a
// repeated delivery, a reconciliation overlap) is marked stale and makes no job: it would only read the
// referral to find nothing new.
import { and, asc, eq, inArray } from 'drizzle-orm';
import { enqueueCoalescedMany } from '../../engine/coalesce.js';
import type { WakeBus } from '../../engine/wake.js';
import type { Db } from '../../store/db.js';
import { markInbox } from '../../store/inbox.js';
import { getLinksByReferrals } from '../../store/links.js';
import { inbox, InboxStatus } from '../../store/schema.js';
import { referralLane, referralSyncKind } from './job.js';
import { reconciledEventName } from './reconcile.js';

/**
 * The events this flow acts on: Partner Center's, and the changes reconciliation found (reconcile.ts);
 * test-created (the registration test) is marked ignored.
 */
export const referralEventNames = ['referral-created', 'referral-updated', reconciledEventName] as const;
const ignoredEventNames = ['test-created'] as const;

export interface EnqueueFromInboxOptions {
  /** How long the first change waits for others to the same referral; default 0. */
  readonly windowMs?: number | undefined;
  readonly limit?: number | undefined;
  readonly wake?: WakeBus | undefined;
}

export async function enqueueFromInbox(
  db: Db,
  now: Date,
  options: EnqueueFromInboxOptions = {},
): Promise<{ jobs: number; processed: number; ignored: number; stale: number }> {
  return db.transaction(async (tx) => {
    const rows = await tx.orm
      .select({
        id: inbox.id,
        eventName: inbox.eventName,
        resourceId: inbox.resourceId,
        resourceChangeDate: inbox.resourceChangeDate,
        correlationId: inbox.correlationId,
      })
      .from(inbox)
      .where(
        and(
          eq(inbox.status, InboxStatus.pending),
          eq(inbox.source, 'partner-center'),
          inArray(inbox.eventName, [...referralEventNames, ...ignoredEventNames]),
        ),
      )
      .orderBy(asc(inbox.id))
      .limit(options.limit ?? 500);
    const referralRows = rows.filter((r) => (referralEventNames as readonly string[]).includes(r.eventName));
    const ignored = rows.filter((r) => !referralRows.includes(r)).map((r) => r.id);
    const seenUntil = new Map(
      (await getLinksByReferrals(tx, [...new Set(referralRows.map((r) => r.resourceId))])).map((l) => [
        l.referralId,
        l.pcSeenChangeAt?.getTime(),
      ]),
    );
    const isStale = (row: (typeof referralRows)[number]): boolean => {
      const seen = seenUntil.get(row.resourceId);
      return seen !== undefined && row.resourceChangeDate.getTime() <= seen;
    };
    const stale = referralRows.filter(isStale).map((r) => r.id);
    const fresh = referralRows.filter((r) => !isStale(r));
    // Per referral: its first event (trigger and correlation id) and the latest change among its events.
    const byReferral = new Map<string, { first: (typeof fresh)[number]; latest: Date }>();
    for (const row of fresh) {
      const seen = byReferral.get(row.resourceId);
      if (seen === undefined) byReferral.set(row.resourceId, { first: row, latest: row.resourceChangeDate });
      else if (row.resourceChangeDate > seen.latest) seen.latest = row.resourceChangeDate;
    }
    await enqueueCoalescedMany(
      tx,
      [...byReferral.values()].map(({ first: row, latest }) => ({
        kind: referralSyncKind,
        laneKey: referralLane(row.resourceId),
        payload: { referralId: row.resourceId, changedAt: latest.toISOString() },
        windowMs: options.windowMs ?? 0,
        trigger: row.eventName === reconciledEventName ? 'reconciliation' : 'webhook',
        correlationId: row.correlationId ?? undefined,
      })),
      { now, wake: options.wake },
    );
    await markInbox(
      tx,
      fresh.map((r) => r.id),
      InboxStatus.processed,
      now,
    );
    await markInbox(tx, ignored, InboxStatus.ignored, now);
    await markInbox(tx, stale, InboxStatus.stale, now);
    return {
      jobs: byReferral.size,
      processed: fresh.length,
      ignored: ignored.length,
      stale: stale.length,
    };
  });
}
