// Reconciliation (R4, design "Reconciliation"): webhooks get lost (Partner Center drops an event after 10
// failed deliveries, and nothing is sent while the receiver is down). A periodic pass lists referrals by
// `updatedDateTime` from a cursor, minus an overlap window (equal timestamps, indexing delay), and feeds
// every change we have not synced into the inbox, where it takes the same path as a webhook.
// - Dedupe by (id, version): a referral whose mapped fields match its link is skipped at once, and the
//   inbox's key (referral, updatedDateTime) keeps repeated passes over the overlap from queueing it twice.
// - The cursor moves in the same transaction as the page's inbox rows: a crash replays the page, never
//   skips it. One Partner Center call per page of 100.
// - Pages are read by time, not by position (pagesByTime): following Partner Center's nextLink skips
//   referrals while others are updated under the listing, and the write-backs of this very sync update
//   referrals all the time.
import type { ListQuery, PartnerCenterClient } from '../../partner-center/client.js';
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
  let listed = 0;
  let queued = 0;
  let pages = 0;
  const top = options.pageSize ?? 100;
  for await (const page of pagesByTime(partnerCenter, from.toISOString(), top, options.signal)) {
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

/** Pages one pass reads at most; the next pass goes on from the cursor. */
const maxPagesPerPass = 200;

/**
 * Referrals updated at or after `from`, oldest first, a page at a time, until a page comes back short. `$top`
 * caps what one query returns (Partner Center sends no nextLink with it), so each next page asks again for
 * everything updated at or after the last instant read. Reading by time rather than by position also means
 * that referrals updated while the pass runs (our own write-backs, all the time) are read again later, never
 * skipped; the inbox key drops the repeats. A full page of one single instant goes on with `$skip` inside
 * that instant: nothing can move into an instant that has passed.
 * (Asking for one page per pass, as before, stalled for good once more than a page of referrals changed
 * inside the overlap window: every pass read the same page and the cursor never moved.)
 */
export async function* pagesByTime(
  partnerCenter: PartnerCenterClient,
  from: string,
  top: number,
  signal?: AbortSignal,
): AsyncGenerator<PcReferral[]> {
  let lower = from;
  let skip = 0;
  for (let pages = 0; pages < maxPagesPerPass; pages++) {
    const query: ListQuery = {
      filter: `updatedDateTime ge ${lower}`,
      orderby: 'updatedDateTime asc',
      top,
      ...(skip > 0 ? { skip } : {}),
    };
    const page = await partnerCenter.listPage(query, signal);
    yield page.referrals;
    if (page.referrals.length < top) return;
    const last = latestUpdate(page.referrals);
    if (last === undefined || last <= lower) {
      skip += page.referrals.length;
    } else {
      lower = last;
      skip = 0;
    }
  }
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
