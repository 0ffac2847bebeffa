// The delta-link change feed against the Dataverse emulator: solutions changes as opportunity changes, an
// idle poll in one round trip, the cursor only moving forward, cursorSince, deletions and scope.
import { afterEach, describe, expect, it } from 'vitest';
import { useTestDb } from '../../../test/support/db.js';
import { decodeCursor } from './change-feed.js';
import {
  idOfRow,
  newReferral,
  personUsername,
  startDynamicsRig,
  type DynamicsTestRig,
} from './test-support.js';

const testDb = useTestDb();
const rigs: DynamicsTestRig[] = [];
afterEach(async () => {
  await Promise.all(rigs.splice(0).map((r) => r.emulator.close()));
});
async function rig(): Promise<DynamicsTestRig> {
  const r = await startDynamicsRig(testDb.db);
  rigs.push(r);
  return r;
}
const asPerson = { asUser: personUsername };
/** The row version a delta link's token names (`<version>!<date>`). */
const versionOf = (link: string | undefined) =>
  Number(/\$deltatoken=(\d+)/.exec(decodeURIComponent(link ?? ''))?.[1] ?? Number.NaN);

describe('Dynamics 365 change feed (delta links)', () => {
  it('a solution added by a person is a change of its opportunity; an idle poll is one round trip', async () => {
    const r = await rig();
    const opp = r.emulator.insertRow(
      'opportunity',
      { name: 'Solutions feed', stepname: '1-Qualify', cosell_syncwithpartnercenter: true },
      asPerson,
    );
    const id = idOfRow(opp, 'opportunityid');
    const start = await r.adapter.changedOpportunities(undefined, 50);
    expect(start).toMatchObject({ opportunities: [], more: false });

    const before = r.calls.length;
    const idle = await r.adapter.changedOpportunities(start.cursor, 50);
    expect(idle).toMatchObject({ opportunities: [], more: false });
    expect(r.calls.length - before).toBe(1);

    r.emulator.advanceClock(1000);
    r.emulator.insertRow('cosell_microsoftsolution', {
      cosell_name: 'Contoso Cloud',
      cosell_solutionid: 'SOL-FEED-1',
      'cosell_opportunityid@odata.bind': `/opportunities(${id})`,
    });
    const changed = await r.adapter.changedOpportunities(idle.cursor, 50);
    expect(changed.opportunities.map((o) => [o.id, o.solutionIds])).toEqual([[id, ['SOL-FEED-1']]]);
    const after = await r.adapter.changedOpportunities(changed.cursor, 50);
    expect(after.opportunities).toEqual([]);
    expect(after.more).toBe(false);
  });

  it('the cursor only moves forward: each page names later versions; an old cursor re-reads, a new one does not', async () => {
    const r = await rig();
    const start = await r.adapter.changedOpportunities(undefined, 10);
    const [a] = await r.adapter.upsertFromReferrals([newReferral(1, r.harness.person.id)]);
    const page = await r.adapter.changedOpportunities(start.cursor, 10);
    expect(page.opportunities.map((o) => o.id)).toEqual([a?.ok && a.id]);
    expect(page.opportunities[0]?.lastModifiedById).toBe(r.harness.integrationUserId);
    const [from, to] = [decodeCursor(start.cursor), decodeCursor(page.cursor)];
    expect(versionOf(to.o)).toBeGreaterThan(versionOf(from.o));
    expect(versionOf(to.s)).toBeGreaterThanOrEqual(versionOf(from.s));
    // Not committed yet (the page's work failed): the old cursor delivers the same change again.
    const again = await r.adapter.changedOpportunities(start.cursor, 10);
    expect(again.opportunities.map((o) => o.id)).toEqual([a?.ok && a.id]);
    expect((await r.adapter.changedOpportunities(page.cursor, 10)).opportunities).toEqual([]);
  });

  it('cursorSince delivers co-sell opportunities changed since then, page by page, then follows the delta link', async () => {
    const r = await rig();
    const old = r.emulator.insertRow(
      'opportunity',
      { name: 'Old', cosell_syncwithpartnercenter: true },
      asPerson,
    );
    r.emulator.advanceClock(3600_000);
    const since = r.emulator.now();
    const ids = [1, 2, 3, 4, 5].map((n) =>
      idOfRow(
        r.emulator.insertRow(
          'opportunity',
          { name: `New ${n}`, cosell_syncwithpartnercenter: true },
          asPerson,
        ),
        'opportunityid',
      ),
    );
    r.emulator.insertRow('opportunity', { name: 'Not co-sell' }, asPerson);
    const seen: string[] = [];
    let cursor = r.adapter.cursorSince(since);
    for (let n = 0; n < 20; n++) {
      const page = await r.adapter.changedOpportunities(cursor, 2);
      expect(page.opportunities.length).toBeLessThanOrEqual(2);
      seen.push(...page.opportunities.map((o) => o.id));
      cursor = page.cursor;
      if (!page.more) break;
    }
    expect(seen).toEqual(ids);
    expect(seen).not.toContain(old['opportunityid']);
    r.emulator.updateRow('opportunity', idOfRow(old, 'opportunityid'), { description: 'now' }, asPerson);
    const later = await r.adapter.changedOpportunities(cursor, 10);
    expect(later.opportunities.map((o) => o.id)).toEqual([old['opportunityid']]);
  });

  it('a deleted opportunity is not reported; an unreadable cursor is REQUEST_INVALID', async () => {
    const r = await rig();
    const [a] = await r.adapter.upsertFromReferrals([newReferral(1, r.harness.person.id)]);
    const start = await r.adapter.changedOpportunities(undefined, 10);
    r.emulator.deleteRow('opportunity', a?.ok ? a.id : '');
    const page = await r.adapter.changedOpportunities(start.cursor, 10);
    expect(page.opportunities).toEqual([]);
    await expect(r.adapter.changedOpportunities('sf1.nope', 10)).rejects.toMatchObject({
      code: 'REQUEST_INVALID',
    });
  });
});
