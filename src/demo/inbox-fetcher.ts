// The first step of the inbound flow, as far as this milestone goes: for each referral event waiting in
// the inbox, read the referral from Partner Center (one metered GET) and mark the event processed. The
// engine's queue and the CRM side take over from here in the next milestone.
import { CosellError } from '../errors.js';
import type { Logger } from '../logger.js';
import type { Db } from '../store/db.js';
import { listInbox, markInbox } from '../store/inbox.js';
import type { PartnerCenterClient } from '../partner-center/client.js';

export interface FetchStats {
  fetched: number;
  ignored: number;
  /** Set when the day's budget is spent: fetching waits until then, events stay pending. */
  pausedUntil: Date | undefined;
}

export async function fetchPendingReferrals(
  db: Db,
  client: PartnerCenterClient,
  logger: Logger,
  stats: FetchStats,
  now: () => Date = () => new Date(),
): Promise<void> {
  if (stats.pausedUntil && stats.pausedUntil > now()) return;
  const pending = await listInbox(db, { status: 'pending', limit: 50 });
  const processed: number[] = [];
  const ignored: number[] = [];
  for (const event of pending) {
    if (event.eventName === 'test-created') {
      ignored.push(event.id);
      continue;
    }
    try {
      const referral = await client.getReferral(event.resourceId);
      logger.info(
        { referralId: referral.id, status: referral.status, event: event.eventName },
        'referral fetched',
      );
      processed.push(event.id);
    } catch (error) {
      if (error instanceof CosellError && error.code === 'PC_NOT_FOUND') {
        ignored.push(event.id);
        continue;
      }
      if (error instanceof CosellError && error.code === 'PC_BUDGET_EXHAUSTED') {
        stats.pausedUntil = new Date(now().getTime() + (error.retryAfterMs ?? 60_000));
        break;
      }
      // Anything else stays pending and is tried again on the next pass: nothing is lost.
      logger.warn(
        { code: error instanceof CosellError ? error.code : 'INTERNAL', inboxId: event.id },
        'fetch failed',
      );
    }
  }
  await markInbox(db, processed, 'processed', now());
  await markInbox(db, ignored, 'ignored', now());
  stats.fetched += processed.length;
  stats.ignored += ignored.length;
}
