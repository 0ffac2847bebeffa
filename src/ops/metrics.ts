// Prometheus metrics at /metrics (prom-client). Two kinds:
// - read from the store at scrape time (jobs, backlog, runs by flow and outcome, API calls and budget left
//   today, token expiry): the same totals from every process on a shared PostgreSQL, right after a restart;
// - counted in this process as things happen (webhooks accepted or refused by reason, job outcomes and
//   retries, sync latency per direction): Prometheus sums them over processes.
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { Worker } from '../engine/worker.js';
import type { Queryable } from '../store/db.js';
import { countJobs, type Job } from '../store/jobs.js';
import { System } from '../store/schema.js';
import { dailyCaps, type CapsConfig } from './budget-caps.js';
import {
  callsToday,
  dueJobs,
  linksByCrm,
  oldestOpenJobAgeSeconds,
  runsByFlowAndStatus,
  tokenDaysLeft,
} from './store-readings.js';

export interface MetricsOptions {
  readonly db: Queryable;
  readonly config: CapsConfig;
  readonly now?: (() => Date) | undefined;
  /** Node's own process metrics (CPU, memory, event loop); default true. */
  readonly processMetrics?: boolean | undefined;
}

export interface Metrics {
  readonly registry: Registry;
  webhookAccepted(duplicate: boolean): void;
  webhookRefused(code: string): void;
  /** A job settled: `outcome` done, skipped, deferred, retry or failed; `ageMs` from queued to settled. */
  jobSettled(kind: string, outcome: string, ageMs: number): void;
}

/** Which way a job kind moves data, for the latency histogram. */
export function directionOfKind(kind: string): string {
  if (kind === 'opportunity.sync') return 'to-partner-center';
  if (kind === 'referral.sync' || kind === 'microsoft-referral.sync') return 'to-crm';
  return 'other';
}

export function createMetrics(options: MetricsOptions): Metrics {
  const { db } = options;
  const now = options.now ?? (() => new Date());
  const caps = dailyCaps(options.config);
  const registry = new Registry();
  if (options.processMetrics !== false) collectDefaultMetrics({ register: registry, prefix: 'cosell_' });

  const webhooks = new Counter({
    name: 'cosell_webhooks_total',
    help: 'Partner Center webhook deliveries, by outcome (accepted, duplicate, refused) and refusal code.',
    labelNames: ['outcome', 'code'] as const,
    registers: [registry],
  });
  const jobOutcomes = new Counter({
    name: 'cosell_job_outcomes_total',
    help: 'Jobs settled by this process, by kind and outcome (done, skipped, deferred, retry, failed).',
    labelNames: ['kind', 'outcome'] as const,
    registers: [registry],
  });
  const latency = new Histogram({
    name: 'cosell_sync_latency_seconds',
    help: 'From a job queued (a webhook, a CRM change, a reconciliation) to its sync written, by direction.',
    labelNames: ['direction'] as const,
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 3600],
    registers: [registry],
  });
  new Gauge({
    name: 'cosell_jobs',
    help: 'Jobs in the store by status.',
    labelNames: ['status'] as const,
    registers: [registry],
    async collect() {
      this.reset();
      for (const [status, n] of Object.entries(await countJobs(db))) this.set({ status }, n);
    },
  });
  new Gauge({
    name: 'cosell_jobs_due',
    help: 'Jobs due now that no worker has taken yet (the backlog).',
    registers: [registry],
    async collect() {
      this.set(await dueJobs(db, now()));
    },
  });
  new Gauge({
    name: 'cosell_oldest_open_job_age_seconds',
    help: 'Age of the oldest job not yet finished (queued, deferred or running); 0 when none.',
    registers: [registry],
    async collect() {
      this.set(await oldestOpenJobAgeSeconds(db, now()));
    },
  });
  new Gauge({
    name: 'cosell_runs',
    help: 'Runs recorded in the store, by flow and status (succeeded, skipped, deferred, failed).',
    labelNames: ['flow', 'status'] as const,
    registers: [registry],
    async collect() {
      this.reset();
      for (const r of await runsByFlowAndStatus(db)) this.set({ flow: r.flow, status: r.status }, r.runs);
    },
  });
  new Gauge({
    name: 'cosell_links',
    help: 'Referrals linked to a CRM record, per CRM (each pair counted once).',
    labelNames: ['crm'] as const,
    registers: [registry],
    async collect() {
      this.reset();
      for (const r of await linksByCrm(db)) this.set({ crm: r.crm }, r.links);
    },
  });
  new Gauge({
    name: 'cosell_api_calls_today',
    help: 'API calls counted against today’s (UTC) budget, per system.',
    labelNames: ['system'] as const,
    registers: [registry],
    async collect() {
      const today = await callsToday(db, now());
      for (const system of Object.values(System)) this.set({ system }, today.get(system) ?? 0);
    },
  });
  new Gauge({
    name: 'cosell_api_budget_remaining',
    help: 'Calls left in today’s (UTC) daily cap, per system.',
    labelNames: ['system'] as const,
    registers: [registry],
    async collect() {
      const today = await callsToday(db, now());
      for (const system of Object.values(System)) {
        this.set({ system }, Math.max(0, caps[system] - (today.get(system) ?? 0)));
      }
    },
  });
  new Gauge({
    name: 'cosell_token_expiry_days',
    help: 'Days until each connection’s refresh token expires (negative: expired).',
    labelNames: ['system'] as const,
    registers: [registry],
    async collect() {
      this.reset();
      for (const [system, days] of await tokenDaysLeft(db, now())) this.set({ system }, days);
    },
  });

  return {
    registry,
    webhookAccepted(duplicate) {
      webhooks.inc({ outcome: duplicate ? 'duplicate' : 'accepted', code: '' });
    },
    webhookRefused(code) {
      webhooks.inc({ outcome: 'refused', code });
    },
    jobSettled(kind, outcome, ageMs) {
      jobOutcomes.inc({ kind, outcome });
      if (outcome === 'done') latency.observe({ direction: directionOfKind(kind) }, ageMs / 1000);
    },
  };
}

/** Counts what a worker settles, and how long each job waited from queued to written. */
export function observeWorker(worker: Worker, metrics: Metrics, now: () => Date = () => new Date()): void {
  const age = (job: Job): number => now().getTime() - job.createdAt.getTime();
  worker.on('job:done', (e) => metrics.jobSettled(e.job.kind, e.skipped ? 'skipped' : 'done', age(e.job)));
  worker.on('job:deferred', (e) => metrics.jobSettled(e.job.kind, 'deferred', age(e.job)));
  worker.on('job:retry', (e) => metrics.jobSettled(e.job.kind, 'retry', age(e.job)));
  worker.on('job:failed', (e) => metrics.jobSettled(e.job.kind, 'failed', age(e.job)));
}
