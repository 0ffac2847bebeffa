// Reconciliation (R4, design "Reconciliation"): webhooks get lost (Partner Center drops an event after 10
// failed deliveries, and nothing is sent while the receiver is down). A periodic pass lists referrals by
// `updatedDateTime` from a cursor, minus an overlap window (equal timestamps, indexing delay), and feeds
// every change we have not synced into the inbox, where it takes the same path as a webhook.
// - Dedupe by (id, version): a referral whose mapped fields match its link is skipped at once, and the
//   inbox's key (referral, updatedDateTime) keeps repeated passes over the overlap from queueing it twice.
// - The cursor moves in the same transaction as the page's inbox rows: a crash replays the page, never
//   skips it. One Partner Center call per page of 100.
import type { PartnerCenterClient } from '../../partner-center/client.js';
import type { PcReferral } from '../../partner-center/wire.js';
import { getCursor, setCursor } from '../../store/cursors.js';
import type { Db } from '../../store/db.js';
import { insertInboxEvents } from '../../store/inbox.js';
import { getLinksByReferrals } from '../../store/links.js';
import { referralMatchesLink } from './echo.js';

export const reconcileCursorName = 'partner-center.referrals.updatedDateTime';
/** Inbox events written by reconciliation; the inbox pump queues them with the reconciliation trigger. */
export const reconciledEventName = 'referral-reconciled';

export interface ReconcileOptions {
  readonly now: Date;
  readonly overlapMs: number;
  /** Where the very first pass starts; default `now` (only changes from here on). */
  readonly since?: Date | undefined;
  readonly pageSize?: number | undefined;
  readonly signal?: AbortSignal | undefined;
}

export interface ReconcileResult {
  readonly listed: number;
  /** Changes not yet synced, now in the inbox. */
  readonly queued: number;
  readonly pages: number;
  readonly cursor: string;
}

export async function reconcileReferrals(
  db: Db,
  partnerCenter: PartnerCenterClient,
  options: ReconcileOptions,
): Promise<ReconcileResult> {
  let cursor = (await getCursor(db, reconcileCursorName)) ?? (options.since ?? options.now).toISOString();
  const from = new Date(Date.parse(cursor) - options.overlapMs);
  const query = {
    filter: `updatedDateTime ge ${from.toISOString()}`,
    orderby: 'updatedDateTime asc',
    top: options.pageSize ?? 100,
  };
  let listed = 0;
  let queued = 0;
  let pages = 0;
  for await (const page of partnerCenter.listAll(query, options.signal)) {
    pages++;
    listed += page.length;
    const links = new Map(
      (
        await getLinksByReferrals(
          db,
          page.map((r) => r.id),
        )
      ).map((link) => [link.referralId, link]),
    );
    const unsynced = page.filter((ref) => !referralMatchesLink(ref, links.get(ref.id)));
    const latest = latestUpdate(page);
    if (latest !== undefined && latest > cursor) cursor = latest;
    await db.transaction(async (tx) => {
      const { inserted } = await insertInboxEvents(
        tx,
        unsynced.map((ref) => ({
          source: 'partner-center',
          eventName: reconciledEventName,
          resourceId: ref.id,
          resourceChangeDate: new Date(ref.updatedDateTime ?? options.now.toISOString()),
          payload: {},
        })),
      );
      queued += inserted;
      await setCursor(tx, reconcileCursorName, cursor, options.now);
    });
  }
  if (pages === 0) await setCursor(db, reconcileCursorName, cursor, options.now);
  return { listed, queued, pages, cursor };
}

function latestUpdate(page: readonly PcReferral[]): string | undefined {
  let latest: string | undefined;
  for (const ref of page) {
    const at = ref.updatedDateTime;
    if (at === undefined || at === null) continue;
    const iso = new Date(at).toISOString();
    if (latest === undefined || iso > latest) latest = iso;
  }
  return latest;
}
