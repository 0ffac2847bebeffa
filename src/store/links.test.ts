import { describe, expect, it } from 'vitest';
import { useTestDb } from '../../test/support/db.js';
import { getLinkByReferral, saveLinkSnapshots, type LinkSnapshotsInput } from './links.js';

const t = useTestDb();

describe('link snapshots', () => {
  it('design rule 7: the link, both per-side snapshots and both hashes are written together, then replaced', async () => {
    const input: LinkSnapshotsInput = {
      referralId: 'ref-1',
      crmSystem: 'salesforce',
      crmRecordId: '006A',
      mappingVersion: 1,
      pcSnapshot: { name: 'Deal', dealValue: 100, status: 'pending' },
      pcStateHash: 'pc-1',
      pcEtag: 'etag-1',
      crmSnapshot: { name: 'Deal', dealValue: 100, status: 'pending' },
      crmStateHash: 'crm-1',
      syncedAt: new Date('2026-11-20T10:00:00Z'),
    };
    const first = await saveLinkSnapshots(t.db, input);
    expect(first).toMatchObject({ crmRecordId: '006A', pcStateHash: 'pc-1', crmStateHash: 'crm-1' });

    const later = new Date('2026-11-20T11:00:00Z');
    const second = await saveLinkSnapshots(t.db, {
      ...input,
      pcSnapshot: { name: 'Deal', dealValue: 200, status: 'won' },
      pcStateHash: 'pc-2',
      syncedAt: later,
    });
    expect(second.id).toBe(first.id);
    expect(second.createdAt).toEqual(first.createdAt);
    const stored = await getLinkByReferral(t.db, 'ref-1');
    expect(stored).toMatchObject({
      pcSnapshot: { name: 'Deal', dealValue: 200, status: 'won' },
      crmSnapshot: { name: 'Deal', dealValue: 100, status: 'pending' },
      pcStateHash: 'pc-2',
      pcEtag: 'etag-1',
      pcSyncedAt: later,
      crmSyncedAt: later,
    });
  });
});
