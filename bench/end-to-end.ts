// The end-to-end scenario: the connector as `cosell start` runs it (receiver, inbox pump, Worker,
// reconciliation, CRM change feed) against both emulators, which run beside it in a worker thread
// (bench/emulators-worker.ts). Referrals are created in the Partner Center emulator; its signed webhooks
// reach our receiver; the connector reads each referral, upserts its opportunity in the CRM (Salesforce, or
// Dynamics 365 with --crm dynamics) and writes the CRM id back. Three measurements, after one warm-up referral (set-up data read once per process):
//   trickle     referrals created one at a time, each synced (and its echo settled) before the next:
//               the API calls one new referral costs on each side;
//   bulk        N referrals created at once: referrals/s from the first create to the last CRM id written
//               back, calls per referral, duplicates, peak memory;
//   latency     referrals created at a steady rate: per referral, webhook accepted by the receiver ->
//               opportunity committed in the CRM (and -> CRM id written back).
// API calls are the emulators' own counters (every request that reached them, the echo of our write-back
// included); for Dataverse both what it counts (a $batch once plus each request inside) and the round
// trips (HTTP requests). Duplicates are opportunities per Referral Identifier beyond the first.
import type { AddressInfo } from 'node:net';
import { count, inArray } from 'drizzle-orm';
import { configFrom, type Config } from '../src/config.js';
import { openCrm } from '../src/crm/index.js';
import { saveSalesforceConnection } from '../src/crm/salesforce/connection.js';
import type { CrmSystem } from '../src/store/schema.js';
import { enableAllFlows } from '../src/flows/activation.js';
import { buildServer, closeServer } from '../src/http/server.js';
import { webhookPath } from '../src/http/webhook-receiver.js';
import { connectPartnerCenter, openPartnerCenter } from '../src/partner-center/connection.js';
import { registerWebhooks } from '../src/partner-center/webhooks/register.js';
import { startConnector, type Connector } from '../src/service/connector.js';
import type { Db, DbKind } from '../src/store/db.js';
import { openStore } from '../src/store/open.js';
import { inbox, InboxStatus, jobs, JobStatus, runs } from '../src/store/schema.js';
import { syncSummary } from '../src/store/summary.js';
import { startRemoteEmulators, type Moment, type RemoteEmulators } from './emulators.js';
import type { CallCounts, FinalState } from './emulators-worker.js';
import type { Signing } from './run-database.js';
import { throwawayStore } from './run-database.js';
import { perSecond, quietLogger, round, Scope, summarize, wallNow, type LatencySummary } from './support.js';

export interface EndToEndOptions {
  /** The CRM the connector syncs with. */
  readonly crm: CrmSystem;
  /** Referrals of the bulk run. */
  readonly referrals: number;
  /** Events per second of the latency run. */
  readonly rate: number;
  /** Referrals of the latency run. */
  readonly latencyReferrals: number;
  /** Referrals synced one at a time. */
  readonly trickle: number;
  /** COSELL_WORKERS: jobs running at once. */
  readonly workers: number;
  /** COSELL_COALESCE_MS: how long the first change to a referral waits for others. */
  readonly coalesceMs: number;
  readonly postgresUrl: string;
}

export interface CallsPerReferral {
  readonly partnerCenter: number;
  /** What the CRM counts (Dataverse: a $batch once, plus each request inside it). */
  readonly crm: number;
  /** HTTP requests to the CRM (a Dataverse $batch is one). */
  readonly crmRoundTrips: number;
}

export interface TrickleResult {
  readonly referrals: number;
  /** Mean over the referrals; each one's calls include the echo of its own write-back. */
  readonly callsPerReferral: CallsPerReferral;
  readonly maxCalls: CallsPerReferral;
  /** Webhook accepted -> CRM id written back, per referral. */
  readonly latencyMs: LatencySummary;
}

export interface BulkResult {
  readonly referrals: number;
  /** First create -> last CRM id written back. */
  readonly wallMs: number;
  readonly referralsPerSecond: number;
  /** Time the emulator took to create the referrals (and sign their webhooks). */
  readonly createMs: number;
  /** Last CRM id written back -> nothing left in the inbox or the queue (the write-backs' echoes). */
  readonly drainMs: number;
  readonly calls: CallCounts;
  readonly callsPerReferral: CallsPerReferral;
  readonly final: FinalState;
  /** Webhook accepted -> CRM id written back, per referral. */
  readonly latencyMs: LatencySummary;
  readonly peakRssMiB: number;
}

export interface LatencyResult {
  readonly referrals: number;
  readonly targetRate: number;
  /** The rate the emulator actually created them at. */
  readonly createdPerSecond: number;
  /** Webhook accepted by the receiver -> opportunity committed in the CRM. */
  readonly toCrmWriteMs: LatencySummary;
  /** Webhook accepted -> CRM id written back to Partner Center. */
  readonly toWriteBackMs: LatencySummary;
  readonly callsPerReferral: CallsPerReferral;
  readonly final: FinalState;
  readonly peakRssMiB: number;
}

export interface EndToEndResult {
  readonly db: DbKind;
  readonly crm: CrmSystem;
  readonly workers: number;
  readonly coalesceMs: number;
  readonly trickle: TrickleResult;
  readonly bulk: BulkResult;
  readonly latency: LatencyResult;
  /** Runs of the whole scenario by status, and audit entries by reason (skips, failures). */
  readonly runsByStatus: Readonly<Record<string, number>>;
  readonly auditByReason: Readonly<Record<string, number>>;
  /** Highest resident set size of the process (bench, connector, store and emulator thread). */
  readonly maxRssMiB: number;
  readonly logWarnings: number;
  readonly wallMs: number;
}

const adminUser = 'admin@contoso.example';
const integrationUser = 'integration@contoso.example';
const seller = 'seller1@contoso.example';
/** No moment for this long while referrals are still unsynced: the run is stuck, not slow. */
const stallMs = 120_000;

const progress = (kind: DbKind, message: string): void => {
  process.stderr.write(`[${kind} e2e] ${message}\n`);
};

const mib = (bytes: number): number => round(bytes / 1024 / 1024, 1);

/** The highest RSS sampled every 50 ms until stop() (the process-wide maxRSS never goes down). */
function sampleRss(): { stop(): number } {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 50);
  return {
    stop() {
      clearInterval(timer);
      return mib(Math.max(peak, process.memoryUsage().rss));
    },
  };
}

function perReferral(before: CallCounts, after: CallCounts, referrals: number): CallsPerReferral {
  return {
    partnerCenter: round((after.partnerCenter - before.partnerCenter) / referrals, 3),
    crm: round((after.crm - before.crm) / referrals, 3),
    crmRoundTrips: round((after.crmRoundTrips - before.crmRoundTrips) / referrals, 3),
  };
}

/** Webhooks accepted (first delivery of referral-created) and the moments the emulators report, by referral. */
class Timeline {
  readonly accepted = new Map<string, number>();
  readonly crmWrite = new Map<string, number>();
  readonly writeBack = new Map<string, number>();
  #lastMomentAt = wallNow();
  #waiters: { ids: ReadonlySet<string>; resolve: () => void }[] = [];

  onAccepted(referralId: string): void {
    if (!this.accepted.has(referralId)) this.accepted.set(referralId, wallNow());
  }

  onMoment(moment: Moment): void {
    this.#lastMomentAt = wallNow();
    (moment.what === 'crm-write' ? this.crmWrite : this.writeBack).set(moment.referralId, moment.at);
    if (moment.what === 'write-back') this.#check();
  }

  #check(): void {
    this.#waiters = this.#waiters.filter((w) => {
      for (const id of w.ids) if (!this.writeBack.has(id)) return true;
      w.resolve();
      return false;
    });
  }

  /** Resolves when every referral has its CRM id written back; rejects when nothing moves for stallMs. */
  async writtenBack(ids: readonly string[], what: string): Promise<void> {
    const set = new Set(ids);
    let timer: NodeJS.Timeout | undefined;
    try {
      await new Promise<void>((resolve, reject) => {
        this.#waiters.push({ ids: set, resolve });
        this.#check();
        timer = setInterval(() => {
          if (wallNow() - this.#lastMomentAt > stallMs) {
            const missing = ids.filter((id) => !this.writeBack.has(id)).length;
            reject(new Error(`${what}: ${missing} of ${ids.length} referrals not synced, no progress`));
          }
        }, 1_000);
      });
    } finally {
      clearInterval(timer);
    }
  }

  /** to - from per referral, in ms, for those that have both. */
  span(ids: readonly string[], from: Map<string, number>, to: Map<string, number>): number[] {
    return ids.flatMap((id) => {
      const a = from.get(id);
      const b = to.get(id);
      return a === undefined || b === undefined ? [] : [b - a];
    });
  }
}

/** Pending inbox rows plus queued, running and deferred jobs. */
async function openWork(db: Db): Promise<number> {
  const [pending] = await db.orm
    .select({ n: count() })
    .from(inbox)
    .where(inArray(inbox.status, [InboxStatus.pending]));
  const [open] = await db.orm
    .select({ n: count() })
    .from(jobs)
    .where(inArray(jobs.status, [JobStatus.queued, JobStatus.running, JobStatus.deferred]));
  return (pending?.n ?? 0) + (open?.n ?? 0);
}

/** Until every webhook is delivered and nothing waits in the inbox or the queue, twice in a row. */
async function quiesce(db: Db, connector: Connector, emulators: RemoteEmulators): Promise<void> {
  const deadline = Date.now() + stallMs;
  let quiet = 0;
  while (quiet < 2) {
    if (Date.now() > deadline) throw new Error('the connector did not settle');
    await emulators.deliveriesIdle();
    connector.inboxChanged();
    await connector.passesSettled();
    if ((await openWork(db)) === 0) {
      quiet++;
    } else {
      quiet = 0;
      // Jobs may wait for their coalescing window: a short pause, not a busy loop.
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }
}

export async function runEndToEnd(
  kind: DbKind,
  options: EndToEndOptions,
  signing: Signing,
): Promise<EndToEndResult> {
  const runStarted = performance.now();
  const scope = new Scope();
  try {
    const { dataDir, databaseUrl } = await throwawayStore(scope, kind, options, 'cosell-bench-e2e-');
    progress(kind, 'starting the emulators, the store and the connector');
    const emulators = await startRemoteEmulators({
      certificate: signing,
      crm: options.crm,
      integrationUser,
      seller,
    });
    scope.defer(() => emulators.close());
    const { pc, crm: crmInfo } = emulators.info;
    const total = 1 + options.trickle + options.referrals + options.latencyReferrals;
    // Room for every call of the run: about three per referral on each side, and the echoes (Dataverse counts
    // each request inside a $batch: about ten per referral).
    const cap = String(Math.max(10_000, 10 * total));
    const crmEnv: Record<string, string> =
      crmInfo.system === 'dynamics'
        ? {
            COSELL_CRM: 'dynamics',
            COSELL_DV_URL: crmInfo.url,
            COSELL_DV_AUTHORITY_URL: crmInfo.url,
            COSELL_DV_TENANT: crmInfo.tenantId,
            COSELL_DV_CLIENT_ID: crmInfo.clientId,
            COSELL_DV_CLIENT_SECRET: crmInfo.clientSecret,
            COSELL_DV_DAILY_CAP: String(Math.max(100_000, 40 * total)),
          }
        : { COSELL_CRM: 'salesforce', COSELL_SF_LOGIN_URL: crmInfo.url, COSELL_SF_DAILY_CAP: cap };
    const config: Config = configFrom({
      COSELL_DATA_DIR: dataDir,
      COSELL_LOG_LEVEL: 'warn',
      COSELL_PC_API_URL: pc.url,
      COSELL_PC_WEBHOOKS_API_URL: pc.url,
      COSELL_PC_AUTHORITY_URL: pc.authorityUrl,
      COSELL_WEBHOOK_CERT_HOSTS: new URL(pc.certificateUrl).host,
      COSELL_PC_DAILY_CAP: cap,
      ...crmEnv,
      COSELL_WORKERS: String(options.workers),
      COSELL_COALESCE_MS: String(options.coalesceMs),
      ...(databaseUrl !== undefined ? { DATABASE_URL: databaseUrl } : {}),
    });
    const db = await openStore(config.store);
    scope.defer(() => db.close());

    const { logger, lines } = quietLogger();
    const timeline = new Timeline();
    // The receiver wakes the inbox pump once the connector runs.
    let inboxChanged: () => void = () => undefined;
    const server = await buildServer({
      config,
      db,
      logger,
      onWebhookAccepted: (event) => {
        if (event.inserted && event.eventName === 'referral-created') timeline.onAccepted(event.resourceId);
        inboxChanged();
      },
    });
    scope.defer(() => closeServer(server));
    await server.listen({ host: '127.0.0.1', port: 0 });
    const port = (server.server.address() as AddressInfo).port;
    const webhookUrl = `http://127.0.0.1:${port}${webhookPath}`;

    const deps = { config, db, logger };
    await connectPartnerCenter(deps, (device) => emulators.approve(device.userCode, adminUser));
    const partnerCenter = await openPartnerCenter(deps);
    await registerWebhooks(partnerCenter, webhookUrl, { pollMs: 10, timeoutMs: 30_000 });
    // Dynamics 365 runs on the client credentials in the configuration (an application user).
    if (crmInfo.system === 'salesforce') {
      await saveSalesforceConnection(deps, {
        refreshToken: crmInfo.refreshToken,
        loginUrl: crmInfo.url,
        identity: integrationUser,
        orgId: crmInfo.orgId,
      });
    }
    const crm = await openCrm(crmInfo.system, deps);
    await enableAllFlows(db);
    const running = await startConnector({ config, db, logger, partnerCenter, crm });
    inboxChanged = () => running.inboxChanged();
    scope.defer(() => running.stop({ deadlineMs: 5_000 }));
    scope.defer(emulators.onMoment((moment) => timeline.onMoment(moment)));
    await emulators.deliveriesIdle();
    await quiesce(db, running, emulators);

    const syncAll = async (ids: readonly string[], what: string): Promise<void> => {
      await timeline.writtenBack(ids, what);
    };

    // ---- warm-up: set-up data (currencies, the seller's user) is read once per process ----
    progress(kind, 'warm-up: one referral');
    const warm = await emulators.create(1, undefined, 'warm');
    await syncAll(warm.ids, 'warm-up');
    await quiesce(db, running, emulators);

    // ---- trickle: one referral at a time ----
    progress(kind, `trickle: ${options.trickle} referrals, one at a time`);
    const trickleIds: string[] = [];
    const tricklePc: number[] = [];
    const trickleCrm: number[] = [];
    const trickleTrips: number[] = [];
    for (let i = 0; i < options.trickle; i++) {
      const before = await emulators.calls();
      const created = await emulators.create(1, undefined, `trickle${i}`);
      await syncAll(created.ids, 'trickle');
      await quiesce(db, running, emulators);
      const after = await emulators.calls();
      trickleIds.push(...created.ids);
      tricklePc.push(after.partnerCenter - before.partnerCenter);
      trickleCrm.push(after.crm - before.crm);
      trickleTrips.push(after.crmRoundTrips - before.crmRoundTrips);
    }
    const mean = (xs: readonly number[]): number =>
      xs.length === 0 ? 0 : round(xs.reduce((a, b) => a + b, 0) / xs.length, 3);
    const trickle: TrickleResult = {
      referrals: options.trickle,
      callsPerReferral: {
        partnerCenter: mean(tricklePc),
        crm: mean(trickleCrm),
        crmRoundTrips: mean(trickleTrips),
      },
      maxCalls: {
        partnerCenter: Math.max(0, ...tricklePc),
        crm: Math.max(0, ...trickleCrm),
        crmRoundTrips: Math.max(0, ...trickleTrips),
      },
      latencyMs: summarize(timeline.span(trickleIds, timeline.accepted, timeline.writeBack)),
    };

    // ---- bulk: N referrals at once ----
    progress(kind, `bulk: ${options.referrals} referrals created at once`);
    const bulkBefore = await emulators.calls();
    let rss = sampleRss();
    const bulkCreated = await emulators.create(options.referrals, undefined, 'bulk');
    await syncAll(bulkCreated.ids, 'bulk');
    const lastWriteBack = Math.max(...bulkCreated.ids.map((id) => timeline.writeBack.get(id) ?? 0));
    await quiesce(db, running, emulators);
    const drainMs = wallNow() - lastWriteBack;
    const bulkAfter = await emulators.calls();
    const bulkWallMs = lastWriteBack - bulkCreated.firstAt;
    const bulk: BulkResult = {
      referrals: options.referrals,
      wallMs: round(bulkWallMs),
      referralsPerSecond: perSecond(options.referrals, bulkWallMs),
      createMs: round(bulkCreated.lastAt - bulkCreated.firstAt),
      drainMs: round(drainMs),
      calls: {
        partnerCenter: bulkAfter.partnerCenter - bulkBefore.partnerCenter,
        crm: bulkAfter.crm - bulkBefore.crm,
        crmRoundTrips: bulkAfter.crmRoundTrips - bulkBefore.crmRoundTrips,
      },
      callsPerReferral: perReferral(bulkBefore, bulkAfter, options.referrals),
      final: await emulators.check(bulkCreated.ids),
      latencyMs: summarize(timeline.span(bulkCreated.ids, timeline.accepted, timeline.writeBack)),
      peakRssMiB: rss.stop(),
    };

    // ---- latency: a steady rate ----
    progress(
      kind,
      `latency: ${options.latencyReferrals} referrals at ${options.rate}/s (coalescing ${options.coalesceMs} ms)`,
    );
    const latencyBefore = await emulators.calls();
    rss = sampleRss();
    const steady = await emulators.create(options.latencyReferrals, options.rate, 'steady');
    await syncAll(steady.ids, 'latency');
    await quiesce(db, running, emulators);
    const latencyAfter = await emulators.calls();
    const createdSpan = steady.lastAt - steady.firstAt;
    const latency: LatencyResult = {
      referrals: options.latencyReferrals,
      targetRate: options.rate,
      createdPerSecond:
        options.latencyReferrals > 1 ? perSecond(options.latencyReferrals - 1, createdSpan) : 0,
      toCrmWriteMs: summarize(timeline.span(steady.ids, timeline.accepted, timeline.crmWrite)),
      toWriteBackMs: summarize(timeline.span(steady.ids, timeline.accepted, timeline.writeBack)),
      callsPerReferral: perReferral(latencyBefore, latencyAfter, options.latencyReferrals),
      final: await emulators.check(steady.ids),
      peakRssMiB: rss.stop(),
    };

    const summary = await syncSummary(db);
    const failedRuns = await db.orm
      .select({ n: count() })
      .from(runs)
      .where(inArray(runs.status, ['failed']));
    if ((failedRuns[0]?.n ?? 0) > 0) progress(kind, `${failedRuns[0]?.n} runs failed (see the audit counts)`);
    for (const line of lines.slice(0, 3)) progress(kind, `log: ${line}`);
    return {
      db: kind,
      crm: options.crm,
      workers: options.workers,
      coalesceMs: options.coalesceMs,
      trickle,
      bulk,
      latency,
      runsByStatus: summary.runsByStatus,
      auditByReason: summary.auditByReason,
      maxRssMiB: mib(process.resourceUsage().maxRSS * 1024),
      logWarnings: lines.length,
      wallMs: round(performance.now() - runStarted),
    };
  } finally {
    await scope.close();
  }
}
