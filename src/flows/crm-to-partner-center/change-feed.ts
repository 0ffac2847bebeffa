// The CRM's change feed -> outbound jobs (design "Outbound"). Each page of changed opportunities is read
// with one call; opportunities with "Sync with Partner Center" off are not ours (R3); an opportunity whose
// mapped fields hash to what its link last agreed is our own write coming back (design rule 4) and costs
// nothing. The rest become coalesced jobs, and the feed's cursor moves in the same transaction, so a crash
// replays the page rather than losing it.
import { hashState } from '../../domain/sync/sync-state.js';
import type { StagePolicy } from '../../domain/sync/status-mapping.js';
import type { CrmAdapter } from '../../crm/adapter.js';
import { enqueueCoalesced } from '../../engine/coalesce.js';
import type { WakeBus } from '../../engine/wake.js';
import { getCursor, setCursor } from '../../store/cursors.js';
import type { Db } from '../../store/db.js';
import { getLinksByCrmRecords } from '../../store/links.js';
import { syncStateOfOpportunity } from '../partner-center-to-crm/states.js';
import { opportunityLane, opportunitySyncKind } from './job.js';

export function changeFeedCursorName(crm: CrmAdapter): string {
  return `${crm.capabilities.system}.opportunities.changes`;
}

export interface PollOptions {
  readonly now: Date;
  readonly windowMs: number;
  readonly policy: StagePolicy;
  /** Where the very first read starts; default: from now on. */
  readonly since?: Date | undefined;
  readonly pageSize?: number | undefined;
  readonly wake?: WakeBus | undefined;
}

export interface PollResult {
  readonly read: number;
  readonly queued: number;
  readonly echoes: number;
  readonly pages: number;
}

export async function pollCrmChanges(db: Db, crm: CrmAdapter, options: PollOptions): Promise<PollResult> {
  const name = changeFeedCursorName(crm);
  const system = crm.capabilities.system;
  let cursor =
    (await getCursor(db, name)) ?? (options.since === undefined ? undefined : crm.cursorSince(options.since));
  let read = 0;
  let queued = 0;
  let echoes = 0;
  let pages = 0;
  for (;;) {
    const page = await crm.changedOpportunities(cursor, options.pageSize ?? 200);
    pages++;
    read += page.opportunities.length;
    const synced = page.opportunities.filter((o) => o.syncWithPartnerCenter);
    const links = new Map(
      (
        await getLinksByCrmRecords(
          db,
          system,
          synced.map((o) => o.id),
        )
      ).map((l) => [l.crmRecordId, l]),
    );
    await db.transaction(async (tx) => {
      for (const opportunity of synced) {
        const link = links.get(opportunity.id);
        if (
          link !== undefined &&
          link.crmStateHash === hashState(syncStateOfOpportunity(opportunity, options.policy))
        ) {
          echoes++;
          continue;
        }
        await enqueueCoalesced(tx, {
          kind: opportunitySyncKind,
          laneKey: opportunityLane(system, opportunity.id, link?.referralId),
          payload: { crmRecordId: opportunity.id },
          windowMs: options.windowMs,
          now: options.now,
          trigger: 'change-feed',
          wake: options.wake,
        });
        queued++;
      }
      await setCursor(tx, name, page.cursor, options.now);
    });
    cursor = page.cursor;
    if (!page.more) break;
  }
  return { read, queued, echoes, pages };
}
