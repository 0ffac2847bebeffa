// links, runs and steps, audit, cursors.
import { describe, expect, it } from 'vitest';
import { useTestDb } from '../../test/support/db.js';
import { insertAudit, listAudit } from './audit.js';
import { getCursor, setCursor } from './cursors.js';
import { ensureLink, getLinkByCrmRecord, getLinkByReferral, recordSyncState } from './links.js';
import { finishRun, getRun, insertRun, insertSteps, listRuns, startRun } from './runs.js';
import { runs } from './schema.js';
import { eq } from 'drizzle-orm';

const t = useTestDb();
const t0 = new Date('2026-03-01T12:00:00Z');
const at = (ms: number): Date => new Date(t0.getTime() + ms);

describe('links', () => {
  it('R2: linking the same referral again returns the first link instead of making a second', async () => {
    const input = {
      referralId: 'ref-1',
      crmSystem: 'salesforce',
      crmRecordId: '006A',
      mappingVersion: 3,
    } as const;
    const first = await ensureLink(t.db, input, t0);
    expect(first.created).toBe(true);
    const replay = await ensureLink(t.db, { ...input, crmRecordId: '006B' }, at(1));
    expect(replay).toEqual({ created: false, link: first.link });
    // The CRM record is taken by ref-1 as well.
    const other = await ensureLink(t.db, { ...input, referralId: 'ref-2' }, at(2));
    expect(other).toMatchObject({ created: false, link: { referralId: 'ref-1' } });
    expect(await getLinkByCrmRecord(t.db, 'salesforce', '006A')).toEqual(first.link);
    expect(await getLinkByCrmRecord(t.db, 'dynamics', '006A')).toBeUndefined();
  });

  it('records each side’s last synced state', async () => {
    const { link } = await ensureLink(
      t.db,
      { referralId: 'ref-1', crmSystem: 'dynamics', crmRecordId: 'guid-1', mappingVersion: 1 },
      t0,
    );
    await recordSyncState(t.db, {
      linkId: link.id,
      side: 'pc',
      stateHash: 'h-pc',
      etag: 'W/"1"',
      syncedAt: at(10),
    });
    await recordSyncState(t.db, {
      linkId: link.id,
      side: 'crm',
      stateHash: 'h-crm',
      syncedAt: at(20),
      mappingVersion: 2,
    });
    expect(await getLinkByReferral(t.db, 'ref-1')).toMatchObject({
      pcStateHash: 'h-pc',
      pcEtag: 'W/"1"',
      pcSyncedAt: at(10),
      crmStateHash: 'h-crm',
      crmEtag: null,
      crmSyncedAt: at(20),
      mappingVersion: 2,
      createdAt: t0,
      updatedAt: at(20),
    });
  });
});

describe('runs', () => {
  it('keeps a run with its steps (inserted in one statement) and its outcome', async () => {
    const run = await startRun(t.db, {
      flow: 'referral-to-crm',
      trigger: 'webhook',
      subject: 'ref-1',
      startedAt: t0,
    });
    expect(run).toMatchObject({ status: 'running', finishedAt: null, apiCalls: 0 });
    await insertSteps(t.db, run.id, [
      {
        seq: 1,
        name: 'fetch-referral',
        status: 'succeeded',
        startedAt: t0,
        finishedAt: at(120),
        apiCalls: 1,
      },
      {
        seq: 2,
        name: 'validate',
        status: 'failed',
        startedAt: at(120),
        finishedAt: at(121),
        error: { code: 'VALIDATION_SOLUTION_MISSING' },
      },
    ]);
    await finishRun(t.db, {
      id: run.id,
      status: 'failed',
      finishedAt: at(130),
      apiCalls: 1,
      error: { code: 'VALIDATION_SOLUTION_MISSING' },
    });
    const stored = await getRun(t.db, run.id);
    expect(stored).toMatchObject({ status: 'failed', finishedAt: at(130), apiCalls: 1 });
    expect(stored?.steps.map((s) => [s.seq, s.name, s.status])).toEqual([
      [1, 'fetch-referral', 'succeeded'],
      [2, 'validate', 'failed'],
    ]);
    expect(stored?.steps[1]?.error).toEqual({ code: 'VALIDATION_SOLUTION_MISSING' });
    // Steps go with their run.
    await t.db.orm.delete(runs).where(eq(runs.id, run.id));
    expect(await getRun(t.db, run.id)).toBeUndefined();
  });

  it('lists runs newest first, filtered and paged', async () => {
    for (let i = 0; i < 5; i++) {
      const r = await startRun(t.db, {
        flow: i % 2 === 0 ? 'a' : 'b',
        trigger: 'reconciliation',
        startedAt: at(i * 1000),
      });
      if (i < 2)
        await finishRun(t.db, { id: r.id, status: 'succeeded', finishedAt: at(i * 1000 + 1), apiCalls: 0 });
    }
    expect((await listRuns(t.db)).map((r) => r.startedAt)).toEqual([4, 3, 2, 1, 0].map((i) => at(i * 1000)));
    expect((await listRuns(t.db, { flow: 'a' })).length).toBe(3);
    expect((await listRuns(t.db, { status: 'running' })).length).toBe(3);
    const page = await listRuns(t.db, { limit: 2 });
    expect((await listRuns(t.db, { limit: 2, beforeId: page[1]?.id ?? 0 })).map((r) => r.startedAt)).toEqual([
      at(2000),
      at(1000),
    ]);
  });

  it('R1: lists the runs started since a moment, and the runs about one record', async () => {
    const finished = { status: 'succeeded', apiCalls: 0 } as const;
    const bySubject = await insertRun(t.db, {
      ...finished,
      flow: 'a',
      trigger: 'webhook',
      subject: 'referral:ref-1',
      startedAt: at(0),
      finishedAt: at(1),
    });
    const byAudit = await insertRun(t.db, {
      ...finished,
      flow: 'b',
      trigger: 'change-feed',
      subject: 'lane-x',
      startedAt: at(1000),
      finishedAt: at(1001),
    });
    const other = await insertRun(t.db, {
      ...finished,
      flow: 'a',
      trigger: 'webhook',
      subject: 'referral:ref-2',
      startedAt: at(2000),
      finishedAt: at(2001),
    });
    await insertAudit(t.db, [
      {
        at: at(1001),
        crmSystem: 'salesforce',
        crmRecordId: '006A',
        direction: 'crm-to-pc',
        action: 'skipped',
        runId: byAudit,
      },
      { at: at(2001), referralId: 'ref-2', direction: 'pc-to-crm', action: 'created', runId: other },
    ]);
    const ids = (runs: { id: number }[]) => runs.map((r) => r.id);
    expect(ids(await listRuns(t.db, { since: at(1000) }))).toEqual([other, byAudit]);
    const record = {
      subjects: ['ref-1', 'referral:ref-1', '006A'],
      audited: [{ referralId: 'ref-1' }, { crmRecordId: '006A', crmSystem: 'salesforce' }],
    } as const;
    expect(ids(await listRuns(t.db, { record }))).toEqual([byAudit, bySubject]);
    expect(ids(await listRuns(t.db, { record, since: at(500) }))).toEqual([byAudit]);
    expect(ids(await listRuns(t.db, { record: { subjects: [], audited: { referralId: 'ref-2' } } }))).toEqual(
      [other],
    );
    expect(
      await listRuns(t.db, { record: { subjects: ['nothing'], audited: { referralId: 'none' } } }),
    ).toEqual([]);
  });
});

describe('audit', () => {
  it('R9: stores decisions in one statement and lists a record’s history, newest first', async () => {
    const run = await startRun(t.db, { flow: 'referral-to-crm', trigger: 'webhook', startedAt: t0 });
    const n = await insertAudit(t.db, [
      {
        at: t0,
        referralId: 'ref-1',
        direction: 'pc-to-crm',
        action: 'received',
        runId: run.id,
        correlationId: 'c1',
      },
      {
        at: at(1),
        referralId: 'ref-1',
        crmSystem: 'salesforce',
        crmRecordId: '006A',
        direction: 'pc-to-crm',
        action: 'created',
        fieldDiff: { dealValue: { from: null, to: 5000 } },
        runId: run.id,
        mappingVersion: 3,
      },
      {
        at: at(2),
        referralId: 'ref-1',
        crmRecordId: '006A',
        direction: 'crm-to-pc',
        action: 'skipped',
        reasonCode: 'echo',
      },
      {
        at: at(3),
        referralId: 'ref-2',
        direction: 'pc-to-crm',
        action: 'failed',
        reasonCode: 'VALIDATION_COUNTRY_INVALID',
      },
    ]);
    expect(n).toBe(4);
    const history = await listAudit(t.db, { referralId: 'ref-1' });
    expect(history.map((e) => e.action)).toEqual(['skipped', 'created', 'received']);
    expect(history[1]).toMatchObject({
      fieldDiff: { dealValue: { from: null, to: 5000 } },
      mappingVersion: 3,
      runId: run.id,
    });
    expect((await listAudit(t.db, { crmRecordId: '006A' })).map((e) => e.action)).toEqual([
      'skipped',
      'created',
    ]);
    expect(
      (await listAudit(t.db, { crmRecordId: '006A', crmSystem: 'salesforce' })).map((e) => e.action),
    ).toEqual(['created']);
    const [newest] = history;
    expect(
      (await listAudit(t.db, { referralId: 'ref-1' }, { beforeId: newest?.id ?? 0, limit: 1 }))[0]?.action,
    ).toBe('created');
    // A referral and its linked CRM record are one history.
    expect(
      (await listAudit(t.db, [{ referralId: 'ref-2' }, { crmRecordId: '006A' }])).map((e) => e.action),
    ).toEqual(['failed', 'skipped', 'created']);
    expect(await listAudit(t.db, [])).toEqual([]);
    // The audit outlives pruned runs.
    await t.db.orm.delete(runs).where(eq(runs.id, run.id));
    expect((await listAudit(t.db, { referralId: 'ref-1' })).map((e) => e.runId)).toEqual([null, null, null]);
  });
});

describe('cursors', () => {
  it('are unset until set, then hold the latest value', async () => {
    expect(await getCursor(t.db, 'reconcile:pc')).toBeUndefined();
    await setCursor(t.db, 'reconcile:pc', '2026-03-01T11:00:00Z', t0);
    await setCursor(t.db, 'reconcile:pc', '2026-03-01T12:00:00Z', at(1));
    expect(await getCursor(t.db, 'reconcile:pc')).toBe('2026-03-01T12:00:00Z');
  });
});
