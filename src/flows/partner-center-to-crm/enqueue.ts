// Inbox -> jobs: pending Partner Center referral events become one coalesced `referral.sync` job per
// referral, and the rows are marked handled in the same transaction (design rules 1 and 6): a crash either
// leaves the rows pending (they are turned into jobs again, which coalesce) or has both.
import { and, asc, eq, inArray } from 'drizzle-orm';
import { enqueueCoalesced } from '../../engine/coalesce.js';
import type { WakeBus } from '../../engine/wake.js';
import type { Db } from '../../store/db.js';
import { markInbox } from '../../store/inbox.js';
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
): Promise<{ jobs: number; processed: number; ignored: number }> {
  return db.transaction(async (tx) => {
    const rows = await tx.orm
      .select({
        id: inbox.id,
        eventName: inbox.eventName,
        resourceId: inbox.resourceId,
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
    const referralIds = new Set<string>();
    for (const row of referralRows) {
      if (referralIds.has(row.resourceId)) continue;
      referralIds.add(row.resourceId);
      await enqueueCoalesced(tx, {
        kind: referralSyncKind,
        laneKey: referralLane(row.resourceId),
        payload: { referralId: row.resourceId },
        windowMs: options.windowMs ?? 0,
        now,
        trigger: row.eventName === reconciledEventName ? 'reconciliation' : 'webhook',
        correlationId: row.correlationId ?? undefined,
        wake: options.wake,
      });
    }
    await markInbox(
      tx,
      referralRows.map((r) => r.id),
      InboxStatus.processed,
      now,
    );
    await markInbox(tx, ignored, InboxStatus.ignored, now);
    return { jobs: referralIds.size, processed: referralRows.length, ignored: ignored.length };
  });
}
