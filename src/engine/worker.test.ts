import { afterEach, describe, expect, it } from 'vitest';
import { countEvents, gate, nextEvent } from '../../test/support/engine.js';
import { useTestDb } from '../../test/support/db.js';
import { CosellError } from '../errors.js';
import type { Db } from '../store/db.js';
import {
  claim,
  countJobs,
  enqueue,
  getJob,
  maxInterruptions,
  type Job,
  type JobInput,
} from '../store/jobs.js';
import { getRun, listRuns } from '../store/runs.js';
import { listAudit } from '../store/audit.js';
import { AuditAction, AuditDirection } from '../store/schema.js';
import { openStore } from '../store/open.js';
import { createLogger } from '../logger.js';
import { ManualClock } from './clock.js';
import type { HandlerRegistry, JobContext } from './handler.js';
import { Worker, type WorkerOptions } from './worker.js';

const t = useTestDb();
const t0 = new Date('2026-03-01T12:00:00Z');
const lease = 30_000;

const workers: Worker[] = [];
const extraDbs: Db[] = [];
afterEach(async () => {
  await Promise.all(workers.splice(0).map((w) => w.stop({ deadlineMs: 0, abortGraceMs: 0 })));
  await Promise.all(extraDbs.splice(0).map((d) => d.close()));
});

function worker(options: Partial<WorkerOptions> & { handlers: HandlerRegistry; clock: ManualClock }): Worker {
  const w = new Worker({ db: t.db, leaseMs: lease, pollIntervalMs: 3_600_000, ...options });
  workers.push(w);
  return w;
}

/** Another worker process's own connection pool on PostgreSQL; the one shared connection on PGlite. */
async function secondDb(): Promise<Db> {
  if (t.kind !== 'postgres') return t.db;
  const other = await openStore(t.config, { migrate: false });
  extraDbs.push(other);
  return other;
}

async function queue(inputs: JobInput[], now = t0): Promise<Job[]> {
  return (await enqueue(t.db, inputs, now)).jobs;
}

describe('Worker', () => {
  it('design rule 9: jobs finishing together are settled in one group, each run with its own job, steps and audit', async () => {
    const clock = new ManualClock(t0);
    const release = gate();
    let started = 0;
    const allStarted = gate();
    const handlers: HandlerRegistry = {
      grouped: {
        async run(ctx: JobContext) {
          const n = (ctx.payload as { n: number }).n;
          await ctx.run.step(`work-${n}`, () => undefined);
          ctx.run.audit({
            referralId: `ref-${n}`,
            direction: AuditDirection.toCrm,
            action: AuditAction.updated,
          });
          if (++started === 12) allStarted.open();
          await release.promise;
          if (n % 4 === 3) throw new CosellError('PC_INVALID_REQUEST', { reason: `bad ${n}` });
          return n % 4 === 2 ? { skipped: 'NO_CHANGE' } : undefined;
        },
      },
    };
    const jobs = await queue(
      Array.from({ length: 12 }, (_, n) => ({ kind: 'grouped', laneKey: `lane-${n}`, payload: { n } })),
    );
    const w = worker({ handlers, clock, concurrency: 12 });
    const settledAll = Promise.all([countEvents([w], 'job:done', 9), countEvents([w], 'job:failed', 3)]);
    w.start();
    await allStarted.promise;
    release.open();
    await settledAll;
    const runs = await listRuns(t.db, { limit: 50 });
    expect(runs).toHaveLength(12);
    for (const job of jobs) {
      const n = (job.payload as { n: number }).n;
      const run = runs.find((r) => r.jobId === job.id);
      expect(run?.status).toBe(n % 4 === 3 ? 'failed' : n % 4 === 2 ? 'skipped' : 'succeeded');
      const detail = await getRun(t.db, run?.id ?? 0);
      expect(detail?.steps.map((st) => st.name)).toEqual([`work-${n}`]);
      const [entry, ...more] = await listAudit(t.db, { referralId: `ref-${n}` });
      expect(more).toEqual([]);
      expect(entry?.runId).toBe(run?.id);
      expect((await getJob(t.db, job.id))?.status).toBe(n % 4 === 3 ? 'failed' : 'done');
    }
  });

  it('R3: runs one lane serially and different lanes in parallel', async () => {
    const clock = new ManualClock(t0);
    const log: string[] = [];
    // a1 and b1 each wait until both have started: only parallel lanes get past this.
    const bothStarted = gate();
    let started = 0;
    const handlers: HandlerRegistry = {
      step: {
        async run(ctx: JobContext) {
          const name = (ctx.payload as { name: string }).name;
          log.push(`start ${name}`);
          if (name === 'a1' || name === 'b1') {
            if (++started === 2) bothStarted.open();
            await bothStarted.promise;
          }
          await new Promise((r) => setImmediate(r));
          log.push(`end ${name}`);
        },
      },
    };
    await queue(
      ['a1', 'b1', 'a2', 'a3', 'b2'].map((name) => ({
        kind: 'step',
        laneKey: name[0] ?? '',
        payload: { name },
      })),
    );
    const w = worker({ handlers, clock, concurrency: 4 });
    const done = countEvents([w], 'job:done', 5);
    w.start();
    await done;
    const at = (e: string): number => log.indexOf(e);
    for (const lane of [
      ['a1', 'a2', 'a3'],
      ['b1', 'b2'],
    ]) {
      for (let i = 1; i < lane.length; i++)
        expect(at(`start ${lane[i]}`)).toBeGreaterThan(at(`end ${lane[i - 1]}`));
    }
    expect(at('start b1')).toBeLessThan(at('end a1'));
    expect((await countJobs(t.db)).done).toBe(5);
  });

  it('never runs more jobs at once than its concurrency', async () => {
    const clock = new ManualClock(t0);
    let active = 0;
    let most = 0;
    const handlers: HandlerRegistry = {
      work: {
        async run() {
          most = Math.max(most, ++active);
          for (let i = 0; i < 3; i++) await new Promise((r) => setImmediate(r));
          active--;
        },
      },
    };
    await queue(Array.from({ length: 12 }, (_, i) => ({ kind: 'work', laneKey: `r${i}` })));
    const w = worker({ handlers, clock, concurrency: 3, batchSize: 10 });
    await w.drain();
    expect(most).toBe(3);
    expect((await countJobs(t.db)).done).toBe(12);
  });

  it('R8: a budget stop defers the job without spending an attempt; it runs after the window', async () => {
    const clock = new ManualClock(t0);
    const hour = 3_600_000;
    let calls = 0;
    const handlers: HandlerRegistry = {
      fetch: {
        run() {
          if (++calls === 1) {
            throw new CosellError(
              'PC_BUDGET_EXHAUSTED',
              { account: 'contoso', used: 100, cap: 100, resumeAt: '2026-03-01T13:00:00Z' },
              { retryAfterMs: hour },
            );
          }
        },
      },
    };
    const [job] = await queue([{ kind: 'fetch', laneKey: 'r1', maxAttempts: 1 }]);
    const w = worker({ handlers, clock });
    const deferred = nextEvent(w, 'job:deferred');
    w.start();
    const [event] = await deferred;
    expect(event.until).toEqual(new Date(t0.getTime() + hour));
    expect(await getJob(t.db, job?.id ?? 0)).toMatchObject({
      status: 'deferred',
      attempts: 0,
      runAt: new Date(t0.getTime() + hour),
      lastError: { code: 'PC_BUDGET_EXHAUSTED', params: { account: 'contoso', used: 100, cap: 100 } },
    });
    // Not due yet: a look finds nothing.
    await w.runUntilIdle();
    expect(calls).toBe(1);
    clock.advance(hour);
    const done = nextEvent(w, 'job:done');
    w.wake();
    await done;
    expect(calls).toBe(2);
    // maxAttempts 1, yet it ran twice: the deferral spent nothing.
    expect(await getJob(t.db, job?.id ?? 0)).toMatchObject({ status: 'done', attempts: 1 });
    const runs = await listRuns(t.db, {});
    expect(runs.map((r) => r.status).sort()).toEqual(['deferred', 'succeeded']);
  });

  it('retries a backoff error with backoff, then fails for good with a coded error and no secret', async () => {
    const clock = new ManualClock(t0);
    const token = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ1c2VyIn0.c2lnbmF0dXJl';
    let calls = 0;
    const handlers: HandlerRegistry = {
      push: {
        run() {
          calls++;
          throw new CosellError('PC_SERVER_ERROR', { status: 502 }, { detail: `sent Bearer ${token}` });
        },
      },
    };
    const [job] = await queue([{ kind: 'push', laneKey: 'r1', maxAttempts: 3 }]);
    const w = worker({
      handlers,
      clock,
      backoff: { baseMs: 1_000, factor: 2, maxMs: 60_000, jitter: 'none' },
    });
    let retry = nextEvent(w, 'job:retry');
    w.start();
    expect((await retry)[0].retryAt).toEqual(new Date(t0.getTime() + 1_000));
    // Not due before its time.
    await w.runUntilIdle();
    expect(calls).toBe(1);
    clock.advance(1_000);
    retry = nextEvent(w, 'job:retry');
    w.wake();
    expect((await retry)[0].retryAt).toEqual(new Date(t0.getTime() + 1_000 + 2_000));
    clock.advance(2_000);
    const failed = nextEvent(w, 'job:failed');
    w.wake();
    const [event] = await failed;
    expect(calls).toBe(3);
    expect(event.error).toMatchObject({ code: 'PC_SERVER_ERROR', params: { status: 502 } });
    const stored = await getJob(t.db, job?.id ?? 0);
    expect(stored).toMatchObject({ status: 'failed', attempts: 3, lastError: { code: 'PC_SERVER_ERROR' } });
    expect(JSON.stringify(stored?.lastError)).not.toContain(token);
    expect(JSON.stringify(stored?.lastError)).toContain('[redacted');
  });

  it('logs a failed attempt with the correlation id of the webhook that queued it, as its run and audit carry it', async () => {
    const clock = new ManualClock(t0);
    const lines: Record<string, unknown>[] = [];
    const logger = createLogger({
      level: 'warn',
      destination: { write: (line: string) => void lines.push(JSON.parse(line) as Record<string, unknown>) },
    });
    const handlers: HandlerRegistry = {
      push: {
        run(ctx: JobContext) {
          ctx.run.audit({
            referralId: 'r-corr',
            direction: AuditDirection.toCrm,
            action: AuditAction.updated,
          });
          throw new CosellError('PC_INVALID_REQUEST', { reason: 'refused' });
        },
      },
    };
    await queue([{ kind: 'push', laneKey: 'r-corr', correlationId: 'corr-webhook-7' }]);
    const w = worker({ handlers, clock, logger });
    const failed = nextEvent(w, 'job:failed');
    w.start();
    await failed;
    const line = lines.find((l) => l.msg === 'job attempt failed');
    expect(line).toMatchObject({
      correlationId: 'corr-webhook-7',
      code: 'PC_INVALID_REQUEST',
      lane: 'r-corr',
    });
    const [run] = await listRuns(t.db, { subject: 'r-corr' });
    expect(run?.correlationId).toBe('corr-webhook-7');
    const [entry] = await listAudit(t.db, { referralId: 'r-corr' });
    expect(entry?.correlationId).toBe('corr-webhook-7');
  });

  it('fails an unknown error at once as INTERNAL with a redacted message and a reference', async () => {
    const clock = new ManualClock(t0);
    const handlers: HandlerRegistry = {
      boom: {
        run() {
          throw new Error('connect failed: postgres://app:hunter2@db/x password=hunter2');
        },
      },
    };
    const [job] = await queue([{ kind: 'boom', laneKey: 'r1', maxAttempts: 5 }]);
    const w = worker({ handlers, clock });
    const failed = nextEvent(w, 'job:failed');
    w.start();
    await failed;
    const stored = await getJob(t.db, job?.id ?? 0);
    expect(stored).toMatchObject({
      status: 'failed',
      attempts: 1,
      lastError: {
        code: 'INTERNAL',
        params: { reference: expect.stringMatching(/^[0-9a-f]{8}$/) as unknown },
      },
    });
    expect(JSON.stringify(stored?.lastError)).not.toContain('hunter2');
  });

  it('honours an explicit deferral and a skip from the handler', async () => {
    const clock = new ManualClock(t0);
    const later = new Date(t0.getTime() + 5_000);
    const handlers: HandlerRegistry = {
      later: { run: () => ({ defer: later, reason: 'CRM_DAILY_LIMIT' }) },
      nothing: { run: () => ({ skipped: 'NO_CHANGE' }) },
    };
    const [deferredJob] = await queue([
      { kind: 'later', laneKey: 'r1' },
      { kind: 'nothing', laneKey: 'r2' },
    ]);
    const w = worker({ handlers, clock });
    const deferred = nextEvent(w, 'job:deferred');
    const done = nextEvent(w, 'job:done');
    w.start();
    expect((await deferred)[0]).toMatchObject({ until: later, reason: { code: 'CRM_DAILY_LIMIT' } });
    expect((await done)[0].skipped).toBe('NO_CHANGE');
    expect(await getJob(t.db, deferredJob?.id ?? 0)).toMatchObject({
      status: 'deferred',
      runAt: later,
      attempts: 0,
    });
    const runs = await listRuns(t.db, {});
    expect(runs.map((r) => [r.flow, r.status, r.error])).toEqual(
      expect.arrayContaining([
        ['nothing', 'skipped', { code: 'NO_CHANGE' }],
        ['later', 'deferred', expect.objectContaining({ code: 'CRM_DAILY_LIMIT' })],
      ]),
    );
  });

  it('puts back a job of a kind it has no handler for, without spending an attempt', async () => {
    const clock = new ManualClock(t0);
    const [job] = await queue([{ kind: 'from-the-future', laneKey: 'r1' }]);
    const w = worker({ handlers: {}, clock, unknownKindDeferMs: 60_000 });
    const deferred = nextEvent(w, 'job:deferred');
    w.start();
    expect((await deferred)[0].reason.code).toBe('JOB_KIND_UNKNOWN');
    expect(await getJob(t.db, job?.id ?? 0)).toMatchObject({ status: 'deferred', attempts: 0 });
  });

  it('crash: a job whose worker stopped without settling is taken over after the lease, and completed once', async () => {
    const clock = new ManualClock(t0);
    const stuck = gate();
    const ranOn: string[] = [];
    const [job] = await queue([{ kind: 'sync', laneKey: 'r1' }]);
    const a = worker({
      workerId: 'A',
      clock,
      handlers: {
        // Ignores its abort signal, like a process that hangs and is then killed.
        sync: {
          async run() {
            ranOn.push('A');
            await stuck.promise;
          },
        },
      },
    });
    const claimed = nextEvent(a, 'job:claimed');
    a.start();
    await claimed;
    await a.stop({ deadlineMs: 0, abortGraceMs: 0 });
    expect(await getJob(t.db, job?.id ?? 0)).toMatchObject({ status: 'running', lockedBy: 'A' });

    const b = worker({
      workerId: 'B',
      clock,
      db: await secondDb(),
      handlers: {
        sync: {
          run() {
            ranOn.push('B');
          },
        },
      },
    });
    // The lease is live: B does not touch it.
    await b.runUntilIdle();
    expect(ranOn).toEqual(['A']);
    clock.advance(lease);
    const done = nextEvent(b, 'job:done');
    b.wake();
    await done;
    // A's handler finishing now writes nothing: it was abandoned.
    stuck.open();
    await b.runUntilIdle();
    expect(ranOn).toEqual(['A', 'B']);
    expect(await getJob(t.db, job?.id ?? 0)).toMatchObject({
      status: 'done',
      attempts: 1,
      interruptions: 1,
      lockedBy: null,
    });
    expect((await listRuns(t.db, {})).map((r) => r.status)).toEqual(['succeeded']);
  });

  it('a worker that never heartbeats loses its job to another; its late settle is refused', async () => {
    const clock = new ManualClock(t0);
    const slow = gate();
    let bRuns = 0;
    const [job] = await queue([{ kind: 'sync', laneKey: 'r1' }]);
    const a = worker({
      workerId: 'A',
      clock,
      heartbeatMs: false,
      handlers: { sync: { run: () => slow.promise } },
    });
    const claimed = nextEvent(a, 'job:claimed');
    a.start();
    await claimed;
    const b = worker({
      workerId: 'B',
      clock,
      db: await secondDb(),
      handlers: { sync: { run: () => void bRuns++ } },
    });
    clock.advance(lease);
    const bDone = nextEvent(b, 'job:done');
    b.start();
    await bDone;
    const lost = nextEvent(a, 'job:lost');
    slow.open();
    await lost;
    expect(bRuns).toBe(1);
    expect(await getJob(t.db, job?.id ?? 0)).toMatchObject({
      status: 'done',
      attempts: 1,
      interruptions: 1,
      lockedBy: null,
    });
  });

  it('fails a job whose workers died running it maxInterruptions times instead of running it again', async () => {
    const clock = new ManualClock(t0);
    const [job] = await queue([{ kind: 'sync', laneKey: 'r1', maxAttempts: 1 }]);
    await claim(t.db, { workerId: 'dead', limit: 1, leaseMs: lease, now: t0 });
    for (let n = 1; n <= maxInterruptions; n++) {
      clock.advance(lease);
      await claim(t.db, { workerId: `dead-${n}`, limit: 1, leaseMs: lease, now: clock.now() });
    }
    clock.advance(lease);
    let runs = 0;
    const w = worker({ clock, handlers: { sync: { run: () => void runs++ } } });
    await w.runUntilIdle();
    expect(runs).toBe(0);
    expect(await getJob(t.db, job?.id ?? 0)).toMatchObject({
      status: 'failed',
      lastError: { code: 'LEASE_EXPIRED' },
    });
  });

  it('a heartbeat keeps a long job’s lease alive', async () => {
    const clock = new ManualClock(t0);
    const slow = gate();
    const [job] = await queue([{ kind: 'sync', laneKey: 'r1' }]);
    const a = worker({
      workerId: 'A',
      clock,
      heartbeatMs: 5,
      handlers: { sync: { run: () => slow.promise } },
    });
    const claimed = nextEvent(a, 'job:claimed');
    a.start();
    await claimed;
    clock.advance(lease - 1);
    // A heartbeat extends the lease from the advanced clock (one in flight may still use the old time).
    const extended = new Date(t0.getTime() + 2 * lease - 1);
    for (let beat = 0; beat < 3; beat++) {
      const [kept] = await nextEvent(a, 'heartbeat');
      expect(kept).toEqual([job?.id]);
      if ((await getJob(t.db, job?.id ?? 0))?.leaseExpiresAt?.getTime() === extended.getTime()) break;
    }
    expect((await getJob(t.db, job?.id ?? 0))?.leaseExpiresAt).toEqual(extended);
    clock.advance(2);
    const b = worker({
      workerId: 'B',
      clock,
      db: await secondDb(),
      handlers: { sync: { run: () => undefined } },
    });
    await b.runUntilIdle();
    expect(await getJob(t.db, job?.id ?? 0)).toMatchObject({ status: 'running', lockedBy: 'A', attempts: 1 });
    const done = nextEvent(a, 'job:done');
    slow.open();
    await done;
  });

  it('stop waits for jobs in flight before it resolves', async () => {
    const clock = new ManualClock(t0);
    const hold = gate();
    await queue([{ kind: 'sync', laneKey: 'r1' }]);
    const w = worker({ clock, handlers: { sync: { run: () => hold.promise } } });
    const claimed = nextEvent(w, 'job:claimed');
    w.start();
    await claimed;
    let stopped = false;
    const stopping = w.stop({ deadlineMs: 30_000 }).then(() => {
      stopped = true;
    });
    await new Promise((r) => setImmediate(r));
    expect(stopped).toBe(false);
    hold.open();
    await stopping;
    expect((await countJobs(t.db)).done).toBe(1);
  });

  it('stop past its deadline aborts handlers: one that gives up is put back, one that ignores it stays leased', async () => {
    const clock = new ManualClock(t0);
    const never = gate();
    const [polite, stubborn] = await queue([
      { kind: 'polite', laneKey: 'r1' },
      { kind: 'stubborn', laneKey: 'r2' },
    ]);
    const w = worker({
      workerId: 'W',
      clock,
      handlers: {
        polite: {
          run: (ctx) =>
            new Promise((_, reject) => {
              ctx.signal.addEventListener('abort', () => reject(new Error('aborted')));
            }),
        },
        stubborn: { run: () => never.promise },
      },
    });
    const claimed = countEvents([w], 'job:claimed', 2);
    w.start();
    await claimed;
    await w.stop({ deadlineMs: 20, abortGraceMs: 20 });
    expect(await getJob(t.db, polite?.id ?? 0)).toMatchObject({
      status: 'deferred',
      attempts: 0,
      runAt: t0,
      lockedBy: null,
      lastError: { code: 'WORKER_STOPPED' },
    });
    expect(await getJob(t.db, stubborn?.id ?? 0)).toMatchObject({
      status: 'running',
      lockedBy: 'W',
      attempts: 1,
    });
    never.open();
  });

  it('keeps running when the store fails, with backoff, and carries on when it is back', async () => {
    const clock = new ManualClock(t0);
    let broken = true;
    const real = t.db;
    const unreachable = (): never => {
      throw new CosellError('STORE_UNREACHABLE', { reason: 'connection refused' });
    };
    // A fault knob in front of the real store (not a mock of it): while broken, every call fails.
    const faulty: Db = {
      kind: real.kind,
      get orm() {
        return broken ? unreachable() : real.orm;
      },
      exec: async (sql) => (broken ? unreachable() : real.exec(sql)),
      transaction: async (fn) => (broken ? unreachable() : real.transaction(fn)),
      close: () => Promise.resolve(),
    };
    let runs = 0;
    const w = worker({
      db: faulty,
      clock,
      handlers: { sync: { run: () => void runs++ } },
      loopBackoff: { baseMs: 2, factor: 2, maxMs: 10, jitter: 'none' },
    });
    const errors: Error[] = [];
    w.on('error', (err) => errors.push(err));
    const threeErrors = countEvents([w], 'error', 3);
    w.start();
    await threeErrors;
    expect(errors[0]).toBeInstanceOf(CosellError);
    broken = false;
    await queue([{ kind: 'sync', laneKey: 'r1' }]);
    const done = nextEvent(w, 'job:done');
    w.wake();
    await done;
    expect(runs).toBe(1);
  });

  it('drain processes everything due and stops; runUntilIdle leaves it running', async () => {
    const clock = new ManualClock(t0);
    const seen: number[] = [];
    const handlers: HandlerRegistry = {
      chain: {
        async run(ctx) {
          const n = (ctx.payload as { n: number }).n;
          seen.push(n);
          if (n < 3) await ctx.enqueue({ kind: 'chain', laneKey: 'r1', payload: { n: n + 1 } });
        },
      },
    };
    await queue([
      { kind: 'chain', laneKey: 'r1', payload: { n: 1 }, trigger: 'webhook', correlationId: 'c-1' },
    ]);
    const w = worker({ clock, handlers });
    await w.drain();
    expect(seen).toEqual([1, 2, 3]);
    const runs = await listRuns(t.db, {});
    // Follow-ups inherit the trigger and the correlation id.
    expect(runs.map((r) => [r.trigger, r.correlationId])).toEqual([
      ['webhook', 'c-1'],
      ['webhook', 'c-1'],
      ['webhook', 'c-1'],
    ]);
    // Stopped: a new job waits.
    await queue([{ kind: 'chain', laneKey: 'r2', payload: { n: 3 } }]);
    expect((await countJobs(t.db)).queued).toBe(1);
  });
});
