import { describe, expect, it } from 'vitest';
import { useTestDb } from '../../test/support/db.js';
import {
  countInbox,
  inboxDedupeKey,
  insertInboxEvents,
  listInbox,
  markInbox,
  type InboxEventInput,
} from './inbox.js';

const t = useTestDb();
const receivedAt = new Date('2026-03-01T12:00:00Z');

function event(
  resourceId: string,
  changed = '2026-03-01T11:59:00.123Z',
  eventName = 'referral-updated',
): InboxEventInput {
  return {
    source: 'partner-center',
    eventName,
    resourceId,
    resourceChangeDate: new Date(changed),
    payload: { EventName: eventName, ResourceId: resourceId, ResourceChangeUtcDate: changed },
    correlationId: `c-${resourceId}`,
    receivedAt,
  };
}

describe('inbox', () => {
  it('R1: the same webhook delivered three times is stored once', async () => {
    const results = [];
    for (let i = 0; i < 3; i++) results.push(await insertInboxEvents(t.db, [event('ref-1')]));
    expect(results.map((r) => [r.inserted, r.duplicates])).toEqual([
      [1, 0],
      [0, 1],
      [0, 1],
    ]);
    expect(await countInbox(t.db)).toBe(1);
    const [row] = await listInbox(t.db);
    expect(row).toMatchObject({
      id: results[0]?.ids[0],
      resourceId: 'ref-1',
      dedupeKey: 'referral-updated|ref-1|2026-03-01T11:59:00.123Z',
      payload: event('ref-1').payload,
      status: 'pending',
      receivedAt,
      processedAt: null,
    });
  });

  it('R8: dedupes within one batch too, says which input was stored, and keeps distinct changes apart', async () => {
    const batch = [
      event('ref-1'),
      event('ref-1'),
      event('ref-1', '2026-03-01T12:00:00.000Z'), // a later change of the same referral
      event('ref-1', '2026-03-01T11:59:00.123Z', 'referral-created'), // another event for the same moment
      event('ref-2'),
      event('ref-1'),
    ];
    expect(await insertInboxEvents(t.db, batch)).toMatchObject({
      inserted: 4,
      duplicates: 2,
      stored: [true, false, true, true, true, false],
    });
    expect(await countInbox(t.db)).toBe(4);
    expect(await countInbox(t.db, { resourceId: 'ref-1' })).toBe(3);
    expect(inboxDedupeKey(event('x', '2026-03-01T11:59:00.123+00:00'))).toBe(inboxDedupeKey(event('x')));
    expect(await insertInboxEvents(t.db, [])).toEqual({ inserted: 0, duplicates: 0, ids: [], stored: [] });
    expect((await insertInboxEvents(t.db, [event('ref-2'), event('ref-3')])).stored).toEqual([false, true]);
  });

  it('lists oldest first in pages, and marks events handled', async () => {
    const { ids } = await insertInboxEvents(
      t.db,
      Array.from({ length: 5 }, (_, i) => event(`ref-${i}`)),
    );
    const page1 = await listInbox(t.db, { limit: 2 });
    const page2 = await listInbox(t.db, { limit: 2, afterId: page1[1]?.id ?? 0 });
    expect([...page1, ...page2].map((r) => r.resourceId)).toEqual(['ref-0', 'ref-1', 'ref-2', 'ref-3']);
    const processedAt = new Date('2026-03-01T12:05:00Z');
    expect(await markInbox(t.db, ids.slice(0, 3), 'processed', processedAt)).toBe(3);
    expect(await countInbox(t.db, { status: 'pending' })).toBe(2);
    const [done] = await listInbox(t.db, { status: 'processed', limit: 1 });
    expect(done?.processedAt).toEqual(processedAt);
  });
});
