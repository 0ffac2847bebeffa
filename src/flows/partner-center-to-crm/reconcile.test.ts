// Reconciliation against the Partner Center emulator over real HTTP.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { useTestDb } from '../../../test/support/db.js';
import { startPcFixture, type PcFixture } from '../../../test/support/partner-center.js';
import { referralInput } from '../../../test/support/sync-rig.js';
import type { PartnerCenterClient } from '../../partner-center/client.js';
import { listInbox } from '../../store/inbox.js';
import { reconcileReferrals, reconciledEventName } from './reconcile.js';

const testDb = useTestDb();
let pc: PcFixture;
beforeEach(async () => {
  pc = await startPcFixture(testDb);
});
afterEach(async () => {
  await pc.close();
});

describe('reconciliation', () => {
  it('R4: referrals updated while the pass pages through the list are read again later, and none is skipped', async () => {
    const client = await pc.connect();
    const since = new Date(Date.now() - 60_000);
    const ids = Array.from({ length: 250 }, () => pc.emulator.createReferral(referralInput()).id);
    // Between the first page and the second, 30 referrals of the first page change (as our write-backs do
    // during a sync): they move to the end of the list, and the ones behind them slide forward by 30.
    let pages = 0;
    const listing: PartnerCenterClient = Object.create(client, {
      listPage: {
        value: async (...args: Parameters<PartnerCenterClient['listPage']>) => {
          const page = await client.listPage(...args);
          if (++pages === 1) {
            for (const ref of page.referrals.slice(0, 30)) {
              pc.emulator.updateReferral(ref.id, { details: { dealValue: 12_345 } });
            }
          }
          return page;
        },
      },
    }) as PartnerCenterClient;

    const result = await reconcileReferrals(testDb.db, listing, {
      now: new Date(),
      overlapMs: 0,
      since,
      pageSize: 100,
    });

    const queuedIds = new Set(
      (await listInbox(testDb.db, { limit: 1_000 }))
        .filter((e) => e.eventName === reconciledEventName)
        .map((e) => e.resourceId),
    );
    expect(ids.filter((id) => !queuedIds.has(id))).toEqual([]);
    // The 30 that changed are queued at their new version too.
    expect(result.queued).toBe(280);
  });

  it('R4: a pass reads every page, so more changes inside the overlap window than one page never stall it', async () => {
    const client = await pc.connect();
    const since = new Date(Date.now() - 60_000);
    const refs = Array.from({ length: 250 }, () => pc.emulator.createReferral(referralInput()));
    const options = { now: new Date(), overlapMs: 10 * 60_000, since, pageSize: 100 };
    const first = await reconcileReferrals(testDb.db, client, options);
    expect(first).toMatchObject({ queued: 250, pages: 3 });
    expect(first.cursor).toBe(new Date(refs.at(-1)?.updatedDateTime ?? '').toISOString());
    // The next pass re-reads the whole overlap (all 250) and finds nothing new; a new referral is queued.
    const late = pc.emulator.createReferral(referralInput());
    const second = await reconcileReferrals(testDb.db, client, options);
    expect(second.queued).toBe(1);
    expect(second.cursor).toBe(new Date(late.updatedDateTime ?? '').toISOString());
  });
});
