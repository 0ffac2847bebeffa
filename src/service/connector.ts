// The connector: everything that moves records, assembled once for `cosell start` and `cosell demo`.
// - a Worker running the flows' jobs (one lane per record, leases, retries, deferral);
// - the inbox pump: webhook events -> coalesced jobs, woken by each accepted webhook, plus a slow tick;
// - reconciliation over Partner Center's updatedDateTime, which heals missed webhooks (R4);
// - the CRM change feed -> outbound jobs (crm-to-partner-center).
// On the embedded store, jobs an ended process still held are taken over at start (no lease to wait out).
// Each background pass runs only while its flow is enabled (C3): a disabled flow's work waits in the store.
import type { Config } from '../config.js';
import type { CrmAdapter } from '../crm/adapter.js';
import { listenForJobs, WakeBus } from '../engine/wake.js';
import { Worker, type StopOptions } from '../engine/worker.js';
import type { HandlerRegistry } from '../engine/handler.js';
import type { Logger } from '../logger.js';
import type { PartnerCenterClient } from '../partner-center/client.js';
import { DbKind, type Db } from '../store/db.js';
import { expireLeases } from '../store/jobs.js';
import { enabledFlowNames } from '../store/flows.js';
import { withGatheredUpserts } from '../crm/gathered.js';
import { FlowName } from '../flows/registry.js';
import {
  CrmOrgFacts,
  enqueueFromInbox,
  partnerCenterToCrmHandler,
  reconcileReferrals,
  referralSyncKind,
} from '../flows/partner-center-to-crm/index.js';
import {
  crmToPartnerCenterHandler,
  opportunitySyncKind,
  pollCrmChanges,
} from '../flows/crm-to-partner-center/index.js';
import {
  microsoftReferralSyncKind,
  microsoftReferralUpdatesHandler,
} from '../flows/microsoft-referral-updates/index.js';
import { startPeriodic, type Periodic } from './periodic.js';

export interface ConnectorDeps {
  readonly config: Config;
  readonly db: Db;
  readonly logger: Logger;
  readonly partnerCenter: PartnerCenterClient;
  readonly crm: CrmAdapter;
  /** Shared with the receiver and anything else that queues work in this process. */
  readonly wake?: WakeBus | undefined;
  readonly now?: (() => Date) | undefined;
}

/**
 * What a process does (`cosell start --role`): receive webhooks, run jobs, or run the passes that find work
 * (reconciliation, the CRM change feed), or serve the admin console. Every role turns inbox rows into jobs, which is cheap and wakes
 * the workers of every process. Several processes with different roles share one PostgreSQL database.
 */
export const ServiceRole = {
  receiver: 'receiver',
  worker: 'worker',
  reconciler: 'reconciler',
  /** Serves the admin console and its JSON API (src/console). */
  console: 'console',
} as const;
export type ServiceRole = (typeof ServiceRole)[keyof typeof ServiceRole];
export const allRoles: readonly ServiceRole[] = Object.values(ServiceRole);

export interface ConnectorOptions {
  /** How often the inbox is checked without a wake (a webhook accepted by another process). */
  readonly inboxEveryMs?: number | undefined;
  /** Default: every role. */
  readonly roles?: readonly ServiceRole[] | undefined;
}

export interface Connector {
  readonly worker: Worker;
  readonly wake: WakeBus;
  /** A webhook landed in the inbox: queue it now. */
  inboxChanged(): void;
  reconcileNow(): void;
  pollCrmNow(): void;
  /** Resolves when no background pass is running or queued. */
  passesSettled(): Promise<void>;
  stop(options?: StopOptions): Promise<void>;
}

/** The job handlers of every flow, keyed by job kind. */
/** Inbox rows one pass turns into jobs at a time. */
const inboxBatch = 500;
/** How long the inbox pass waits after a webhook for others to arrive (well inside the coalescing window). */
const inboxGatherMs = 5;

/**
 * Which flows are on, read at most once a second: every inbox pass asks, and a flow enabled or disabled by
 * `cosell flows` (another process) takes effect within that second.
 */
function enabledFlowsCache(db: Db): (flow: FlowName) => Promise<boolean> {
  let cached: { at: number; names: Promise<Set<string>> } | undefined;
  return async (flow) => {
    const at = performance.now();
    if (cached === undefined || at - cached.at >= 1_000 || at < cached.at) {
      const names = enabledFlowNames(db);
      cached = { at, names };
      names.catch(() => (cached = undefined));
    }
    return (await cached.names).has(flow);
  };
}

export function flowHandlers(deps: ConnectorDeps): HandlerRegistry {
  const orgFacts = new CrmOrgFacts(deps.crm);
  const common = {
    db: deps.db,
    partnerCenter: deps.partnerCenter,
    crm: withGatheredUpserts(deps.crm),
    stagePolicy: deps.config.sync.stages,
    defaultOwnerId: deps.config.sync.defaultOwnerId,
    orgFacts,
    locale: deps.config.locale,
    nameMarker: deps.config.sync.nameMarker,
  };
  return {
    [referralSyncKind]: partnerCenterToCrmHandler(common),
    [microsoftReferralSyncKind]: microsoftReferralUpdatesHandler(common),
    [opportunitySyncKind]: crmToPartnerCenterHandler(common),
  };
}

export async function startConnector(
  deps: ConnectorDeps,
  options: ConnectorOptions = {},
): Promise<Connector> {
  const { config, db, logger } = deps;
  const roles = new Set(options.roles ?? allRoles);
  const now = deps.now ?? (() => new Date());
  const wake = deps.wake ?? new WakeBus();
  if (db.kind === DbKind.pglite) {
    // The embedded store belongs to one process (its lock file), so a job still leased in it was leased by a
    // process that has ended (killed, crashed, or stopped while a job ignored the abort). Its work is taken
    // over now rather than when the lease would have run out.
    const orphans = await expireLeases(db, now());
    if (orphans.length > 0) logger.warn({ jobIds: orphans }, 'jobs of an ended process taken over');
  }
  const stopListening = await listenForJobs(db, wake, (error) =>
    logger.warn({ err: error }, 'job notifications interrupted'),
  );
  const worker = new Worker({
    db,
    handlers: flowHandlers(deps),
    concurrency: config.sync.workers,
    leaseMs: config.sync.leaseMs,
    wake,
    logger,
  });
  worker.on('error', (error) => logger.warn({ err: error }, 'worker loop error'));

  const isOn = enabledFlowsCache(db);
  const passes: Periodic[] = [];
  const inbox = startPeriodic({
    name: 'inbox',
    everyMs: options.inboxEveryMs ?? 5_000,
    gatherMs: inboxGatherMs,
    logger,
    run: async () => {
      if (!(await isOn(FlowName.partnerCenterToCrm))) return;
      // Drain in batches: a burst of webhooks becomes jobs without waiting for the next tick.
      for (;;) {
        const { processed, ignored, stale } = await enqueueFromInbox(db, now(), {
          windowMs: config.sync.coalesceMs,
          limit: inboxBatch,
          wake,
        });
        if (processed + ignored + stale < inboxBatch) break;
      }
    },
  });
  passes.push(inbox);
  const finding = roles.has(ServiceRole.reconciler);
  const reconcile = startPeriodic({
    name: 'reconcile',
    everyMs: config.sync.reconcileEveryMs,
    logger,
    runAtStart: finding,
    run: async (signal) => {
      if (!finding || !(await isOn(FlowName.partnerCenterToCrm))) return;
      const result = await reconcileReferrals(db, deps.partnerCenter, {
        now: now(),
        overlapMs: config.sync.reconcileOverlapMs,
        since: config.sync.syncSince,
        signal,
      });
      // Quiet when there was nothing to heal: a pass every few minutes is routine.
      logger[result.queued > 0 ? 'info' : 'debug'](result, 'reconciliation pass');
      if (result.queued > 0) inbox.wake();
    },
  });
  passes.push(reconcile);
  const crmFeed = startPeriodic({
    name: 'crm-change-feed',
    everyMs: config.sync.crmPollEveryMs,
    logger,
    runAtStart: finding,
    run: async () => {
      if (!finding || !(await isOn(FlowName.crmToPartnerCenter))) return;
      const result = await pollCrmChanges(db, deps.crm, {
        now: now(),
        policy: config.sync.stages,
        since: config.sync.syncSince,
        windowMs: config.sync.coalesceMs,
        wake,
      });
      if (result.queued > 0) logger.info(result, 'crm change feed');
    },
  });
  passes.push(crmFeed);
  if (roles.has(ServiceRole.worker)) worker.start();

  return {
    worker,
    wake,
    inboxChanged: () => inbox.wake(),
    reconcileNow: () => reconcile.wake(),
    pollCrmNow: () => crmFeed.wake(),
    async passesSettled() {
      for (const pass of passes) await pass.settled();
    },
    async stop(stopOptions) {
      for (const pass of passes) await pass.stop();
      await worker.stop(stopOptions);
      await stopListening();
    },
  };
}
