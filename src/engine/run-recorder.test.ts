import { count } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { useTestDb } from '../../test/support/db.js';
import { countEvents, nextEvent } from '../../test/support/engine.js';
import { CosellError } from '../errors.js';
import { listAudit } from '../store/audit.js';
import { enqueue, getJob, type JobInput } from '../store/jobs.js';
import { getRun, listRuns } from '../store/runs.js';
import { audit, runs, runSteps, type AuditDirection } from '../store/schema.js';
import { ManualClock } from './clock.js';
import type { HandlerRegistry } from './handler.js';
import { resubmitRun, resubmitRuns } from './resubmit.js';
import { currentRun, flushRun, RunRecorder } from './run-recorder.js';
import { WakeBus } from './wake.js';
import { Worker } from './worker.js';

const t = useTestDb();
const t0 = new Date('2026-03-01T12:00:00Z');

const workers: Worker[] = [];
afterEach(async () => {
  await Promise.all(workers.splice(0).map((w) => w.stop({ deadlineMs: 0 })));
});

function worker(handlers: HandlerRegistry, clock = new ManualClock(t0), wake = new WakeBus()): Worker {
  const w = new Worker({
    db: t.db,
    clock,
    wake,
    handlers,
    pollIntervalMs: 3_600_000,
    backoff: { baseMs: 1_000, factor: 2, maxMs: 60_000, jitter: 'none' },
  });
  workers.push(w);
  return w;
}

async function queue(inputs: JobInput[]): Promise<void> {
  await enqueue(t.db, inputs, t0);
}

async function rowCounts(): Promise<{ runs: number; steps: number; audit: number }> {
  const [r] = await t.db.orm.select({ n: count() }).from(runs);
  const [s] = await t.db.orm.select({ n: count() }).from(runSteps);
  const [a] = await t.db.orm.select({ n: count() }).from(audit);
  return { runs: r?.n ?? -1, steps: s?.n ?? -1, audit: a?.n ?? -1 };
}

describe('RunRecorder (R1)', () => {
  it('writes the run, its steps with calls per system, and its audit entries when the job settles', async () => {
    const clock = new ManualClock(t0);
    const handlers: HandlerRegistry = {
      'referral-to-crm': {
        flow: 'Referral to CRM',
        async run(ctx) {
          await ctx.run.step('fetch referral', () => {
            ctx.run.countCall('partner-center');
            clock.advance(40);
            ctx.run.countCall('partner-center');
          });
          await ctx.run.step('upsert opportunity', (step) => {
            // A client shared by the whole process finds the run on its own.
            currentRun()?.countCall('salesforce');
            step.detail({ fields: ['amount'] });
            clock.advance(25);
          });
          await ctx.run.step('write back', (step) => step.skip('NO_CHANGE'));
          ctx.run.audit({
            referralId: 'ref-1',
            crmSystem: 'salesforce',
            crmRecordId: '006A',
            direction: 'pc-to-crm',
            action: 'updated',
            fieldDiff: { amount: { from: 1, to: 2 } },
          });
          ctx.run.audit({
            referralId: 'ref-1',
            direction: 'crm-to-pc',
            action: 'skipped',
            reasonCode: 'NO_CHANGE',
          });
        },
      },
    };
    await queue([
      {
        kind: 'referral-to-crm',
        laneKey: 'ref-1',
        payload: { referralId: 'ref-1' },
        trigger: 'webhook',
        correlationId: 'corr-1',
      },
    ]);
    const w = worker(handlers, clock);
    const done = nextEvent(w, 'job:done');
    w.start();
    const [{ runId, job }] = await done;
    const run = await getRun(t.db, runId ?? 0);
    expect(run).toMatchObject({
      flow: 'Referral to CRM',
      trigger: 'webhook',
      subject: 'ref-1',
      correlationId: 'corr-1',
      status: 'succeeded',
      startedAt: t0,
      finishedAt: new Date(t0.getTime() + 65),
      apiCalls: 3,
      callsBySystem: { 'partner-center': 2, salesforce: 1 },
      error: null,
      jobId: job.id,
      jobKind: 'referral-to-crm',
      jobLaneKey: 'ref-1',
      jobPayload: { referralId: 'ref-1' },
    });
    expect(run?.steps.map((s) => [s.seq, s.name, s.status, s.apiCalls, s.callsBySystem])).toEqual([
      [1, 'fetch referral', 'succeeded', 2, { 'partner-center': 2 }],
      [2, 'upsert opportunity', 'succeeded', 1, { salesforce: 1 }],
      [3, 'write back', 'skipped', 0, {}],
    ]);
    expect(run?.steps[0]?.finishedAt).toEqual(new Date(t0.getTime() + 40));
    expect(run?.steps[1]?.detail).toEqual({ fields: ['amount'] });
    expect(run?.steps[2]?.detail).toEqual({ skipped: 'NO_CHANGE' });
    const entries = await listAudit(t.db, { referralId: 'ref-1' });
    expect(entries).toHaveLength(2);
    expect(entries.every((e) => e.runId === runId && e.correlationId === 'corr-1')).toBe(true);
    expect(entries.map((e) => e.action).sort()).toEqual(['skipped', 'updated']);
  });

  it('records a failed run with its code and guidance key, and the failing step', async () => {
    const handlers: HandlerRegistry = {
      'crm-to-referral': {
        async run(ctx) {
          await ctx.run.step('validate', () => {
            throw new CosellError('VALIDATION_SOLUTION_MISSING');
          });
        },
      },
    };
    await queue([{ kind: 'crm-to-referral', laneKey: '006B' }]);
    const w = worker(handlers);
    const failed = nextEvent(w, 'job:failed');
    w.start();
    const [{ runId }] = await failed;
    const run = await getRun(t.db, runId ?? 0);
    expect(run).toMatchObject({
      status: 'failed',
      trigger: 'manual',
      error: { code: 'VALIDATION_SOLUTION_MISSING', guidance: 'errors.VALIDATION_SOLUTION_MISSING.fix' },
    });
    expect(run?.steps[0]).toMatchObject({
      name: 'validate',
      status: 'failed',
      error: { code: 'VALIDATION_SOLUTION_MISSING' },
    });
  });

  it('a failure while writing leaves nothing half-written: no run, no steps, no audit', async () => {
    const clock = new ManualClock(t0);
    const recorder = new RunRecorder({ flow: 'f', trigger: 'manual', subject: 's', clock });
    await recorder.step('one', () => undefined);
    await recorder.step('two', () => undefined);
    recorder.audit({ direction: 'none', action: 'received' });
    // The last statement of the transaction breaks a CHECK constraint.
    recorder.audit({ direction: 'sideways' as AuditDirection, action: 'received' });
    await expect(flushRun(t.db, recorder.finish({ status: 'succeeded' }))).rejects.toThrow();
    expect(await rowCounts()).toEqual({ runs: 0, steps: 0, audit: 0 });
  });

  it('in the worker, a run that cannot be written is rolled back with the job’s settle; the job runs again', async () => {
    let calls = 0;
    const handlers: HandlerRegistry = {
      flaky: {
        async run(ctx) {
          calls++;
          await ctx.run.step('work', () => undefined);
          if (calls === 1) ctx.run.audit({ direction: 'sideways' as AuditDirection, action: 'received' });
          else ctx.run.audit({ direction: 'none', action: 'received' });
        },
      },
    };
    await queue([{ kind: 'flaky', laneKey: 'r1' }]);
    const clock = new ManualClock(t0);
    const w = worker(handlers, clock);
    const errors: Error[] = [];
    w.on('error', (e) => errors.push(e));
    const retry = nextEvent(w, 'job:retry');
    w.start();
    const [{ job, error }] = await retry;
    expect(error.code).toBe('INTERNAL');
    expect(errors).toHaveLength(1);
    expect(await rowCounts()).toEqual({ runs: 0, steps: 0, audit: 0 });
    expect(await getJob(t.db, job.id)).toMatchObject({ status: 'queued', attempts: 1 });
    // The rerun is recorded whole.
    clock.advance(1_000);
    const done = nextEvent(w, 'job:done');
    w.wake();
    await done;
    expect(calls).toBe(2);
    expect(await rowCounts()).toEqual({ runs: 1, steps: 1, audit: 1 });
  });
});

describe('resubmit (R1, R4)', () => {
  async function failRuns(): Promise<Worker> {
    let healthy = false;
    const handlers: HandlerRegistry = {
      sync: {
        run(ctx) {
          if (!healthy && (ctx.payload as { fail?: boolean }).fail === true) {
            throw new CosellError('VALIDATION_COUNTRY_INVALID', { value: 'XX', suggestion: '' });
          }
        },
      },
    };
    await queue([
      {
        kind: 'sync',
        laneKey: 'ref-1',
        payload: { fail: true, v: 1 },
        correlationId: 'c-1',
        trigger: 'webhook',
      },
      { kind: 'sync', laneKey: 'ref-2', payload: { fail: true }, trigger: 'change-feed' },
      { kind: 'sync', laneKey: 'ref-3', payload: {} },
    ]);
    const w = worker(handlers);
    await w.runUntilIdle();
    // ref-1 fails a second time, later: bulk resubmission takes its newest failed run only.
    await enqueue(
      t.db,
      [{ kind: 'sync', laneKey: 'ref-1', payload: { fail: true, v: 2 }, correlationId: 'c-1b' }],
      t0,
    );
    await w.runUntilIdle();
    healthy = true;
    return w;
  }

  it('resubmits one failed run as a new job with trigger resubmit; it runs and is recorded', async () => {
    const w = await failRuns();
    const [failed] = await listRuns(t.db, { status: 'failed', subject: 'ref-2' });
    const { runId: resubmittedRun, job, coalesced } = await resubmitRun(t.db, failed?.id ?? 0, { now: t0 });
    expect(resubmittedRun).toBe(failed?.id);
    expect(coalesced).toBe(false);
    expect(job).toMatchObject({
      kind: 'sync',
      laneKey: 'ref-2',
      payload: { fail: true },
      trigger: 'resubmit',
    });
    const done = nextEvent(w, 'job:done', (e) => e.job.id === job.id);
    w.wake();
    const [{ runId }] = await done;
    expect(await getRun(t.db, runId ?? 0)).toMatchObject({
      trigger: 'resubmit',
      status: 'succeeded',
      subject: 'ref-2',
    });
    // Resubmitting again while the record's job waits queues nothing more (no worker may take it meanwhile:
    // on PostgreSQL the resubmission's NOTIFY would wake it).
    await w.stop({ deadlineMs: 0 });
    const first = await resubmitRun(t.db, failed?.id ?? 0, { now: t0 });
    const again = await resubmitRun(t.db, failed?.id ?? 0, { now: t0 });
    expect(again).toMatchObject({ coalesced: true, job: { id: first.job.id } });
  });

  it('refuses a run that did not fail, or does not exist, with a coded error', async () => {
    await failRuns();
    const [ok] = await listRuns(t.db, { status: 'succeeded' });
    await expect(resubmitRun(t.db, ok?.id ?? 0, { now: t0 })).rejects.toMatchObject({
      code: 'RUN_NOT_FAILED',
      params: { id: ok?.id, status: 'succeeded' },
    });
    await expect(resubmitRun(t.db, 999_999, { now: t0 })).rejects.toMatchObject({
      code: 'RUN_NOT_FOUND',
      params: { id: 999_999 },
    });
  });

  it('resubmits in bulk once per record, newest failed run first, keeping the correlation id', async () => {
    const w = await failRuns();
    const bus = new WakeBus();
    const woken: unknown[] = [];
    bus.onWake((runAt) => woken.push(runAt));
    const results = await resubmitRuns(t.db, { flow: 'sync' }, { now: t0, wake: bus });
    expect(woken).toEqual([undefined]);
    // Each result names the failed run it resubmitted: the newest of its record.
    for (const r of results) {
      const run = await getRun(t.db, r.runId);
      expect(run).toMatchObject({ status: 'failed', jobLaneKey: r.job.laneKey, jobPayload: r.job.payload });
    }
    expect(
      results.map((r) => [r.job.laneKey, r.job.payload, r.job.correlationId, r.coalesced]).sort(),
    ).toEqual([
      ['ref-1', { fail: true, v: 2 }, 'c-1b', false],
      ['ref-2', { fail: true }, null, false],
    ]);
    const allDone = countEvents([w], 'job:done', results.length);
    w.wake();
    await allDone;
    const resubmitted = await listRuns(t.db, { status: 'succeeded' });
    expect(
      resubmitted
        .filter((r) => r.trigger === 'resubmit')
        .map((r) => r.subject)
        .sort(),
    ).toEqual(['ref-1', 'ref-2']);
    expect(await resubmitRuns(t.db, { subject: 'ref-3' }, { now: t0 })).toEqual([]);
  });
});
