// One database's run: the store, the Partner Center emulator, the receiver on loopback and a signed-in
// client, wired as test/support/partner-center.ts does (quiet logs, no vitest), then the four measurements.
import { createSign, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { count, eq } from 'drizzle-orm';
import { configFrom } from '../src/config.js';
import { configForEmulator } from '../src/demo/run-demo.js';
import { buildServer, closeServer } from '../src/http/server.js';
import { webhookPath } from '../src/http/webhook-receiver.js';
import { budgetUsage, connectPartnerCenter, openPartnerCenter } from '../src/partner-center/connection.js';
import { startPartnerCenterEmulator } from '../src/partner-center/emulator/index.js';
import { CertificateCache } from '../src/partner-center/webhooks/certificates.js';
import { registerWebhooks } from '../src/partner-center/webhooks/register.js';
import type { Db, DbKind } from '../src/store/db.js';
import { countInbox } from '../src/store/inbox.js';
import { openStore } from '../src/store/open.js';
import { inbox } from '../src/store/schema.js';
import type { LoadRequest, LoadResult } from './load-worker.js';
import {
  createBenchDatabase,
  median,
  perSecond,
  quietLogger,
  round,
  Scope,
  startLoadGenerator,
  summarize,
  timedPool,
  type LatencySummary,
} from './support.js';

export interface BenchOptions {
  readonly events: number;
  readonly calls: number;
  readonly concurrency: number;
  /** Fresh open+migrate samples for the store-open measurement. */
  readonly openRepeats: number;
  readonly postgresUrl: string;
}

export interface Signing {
  readonly privateKeyPem: string;
  readonly certificatePem: string;
}

export interface IntakeResult {
  readonly events: number;
  readonly concurrency: number;
  readonly wallMs: number;
  readonly perSecond: number;
  readonly latencyMs: LatencySummary;
  readonly outcomes: Record<string, number>;
  readonly inboxRows: number;
}

export interface DeliveryResult {
  readonly referrals: number;
  /** First createReferral() to the last referral-created event stored. */
  readonly wallMs: number;
  readonly perSecond: number;
  /** Time spent inside the M createReferral() calls (the emulator signs each event there). */
  readonly createMs: number;
  /** Per referral: createReferral() returned → its event stored. */
  readonly latencyMs: LatencySummary;
  readonly deliveryAttempts: number;
  readonly failedAttempts: number;
  readonly storedEvents: number;
}

export interface ClientResult {
  readonly calls: number;
  readonly concurrency: number;
  readonly wallMs: number;
  readonly perSecond: number;
  readonly latencyMs: LatencySummary;
  /** Calls the store's daily budget counted during the run (every HTTP attempt is metered). */
  readonly budgetCalls: number;
}

export interface StoreOpenResult {
  readonly kind: string;
  readonly samplesMs: readonly number[];
  readonly medianMs: number;
  readonly minMs: number;
}

export interface DatabaseResult {
  readonly db: DbKind;
  readonly store: string;
  /** The workload store's own first open and migration (PGlite: file-backed in a fresh temp dir). */
  readonly workloadStoreOpenMs: number;
  readonly webhookIntake: IntakeResult;
  readonly webhookRedelivery: IntakeResult & { readonly duplicates: number };
  readonly emulatorDelivery: DeliveryResult;
  readonly clientSequential: ClientResult;
  readonly clientParallel: ClientResult;
  readonly storeOpen: StoreOpenResult;
  readonly logWarnings: number;
  readonly wallMs: number;
}

const progress = (kind: DbKind, message: string): void => {
  process.stderr.write(`[${kind}] ${message}\n`);
};

const adminUser = 'admin@contoso.example';

export async function runDatabase(
  kind: DbKind,
  options: BenchOptions,
  signing: Signing,
): Promise<DatabaseResult> {
  const runStarted = performance.now();
  const scope = new Scope();
  try {
    const { dataDir, databaseUrl } = await throwawayStore(scope, kind, options, 'cosell-bench-');
    const base = configFrom({
      COSELL_DATA_DIR: dataDir,
      COSELL_LOG_LEVEL: 'warn',
      // Room for every metered call of the run (the default cap is 10,000 a day).
      COSELL_PC_DAILY_CAP: String(Math.max(10_000, 2 * options.calls + 1_000)),
      ...(databaseUrl !== undefined ? { DATABASE_URL: databaseUrl } : {}),
    });

    progress(kind, 'opening the store');
    const openStarted = performance.now();
    const db = await openStore(base.store);
    const workloadStoreOpenMs = round(performance.now() - openStarted);
    scope.defer(() => db.close());

    const emulator = await startPartnerCenterEmulator({
      certificate: signing,
      deviceCodeIntervalSeconds: 0.05,
      webhookRetry: { baseDelayMs: 5 },
    });
    scope.defer(() => emulator.close());

    const { logger, lines } = quietLogger();
    const draft = configForEmulator(base, emulator, 0);
    const certificates = new CertificateCache({
      allowedHosts: draft.receiver.certHosts,
      issuerOrg: draft.receiver.certIssuerOrg,
      requireHttps: false,
    });
    // Phase 2 times each referral-created event from its creation to the moment the receiver stored it.
    const stored = new Map<string, number>();
    const server = await buildServer({
      config: draft,
      db,
      logger,
      certificates,
      onWebhookAccepted: (event) => {
        if (event.inserted && event.eventName === 'referral-created')
          stored.set(event.resourceId, performance.now());
      },
    });
    scope.defer(() => closeServer(server));
    await server.listen({ host: '127.0.0.1', port: 0 });
    const port = (server.server.address() as AddressInfo).port;
    const config = configForEmulator(base, emulator, port);
    const receiverUrl = `http://127.0.0.1:${port}`;
    const webhookUrl = `${receiverUrl}${webhookPath}`;

    const deps = { config, db, logger };
    const { account } = await connectPartnerCenter(deps, (device) =>
      emulator.approveDeviceCode(device.userCode, adminUser),
    );
    const client = await openPartnerCenter(deps);

    // ---- 1. webhook intake: signed events straight to the receiver ----
    // The certificate is fetched (and cached) before the clock starts, as it is after a receiver's first event.
    await certificates.get(emulator.certificateUrl);
    const fetchesBefore = certificates.fetches;
    const requests = await signedEvents(options.events, signing.privateKeyPem, emulator.certificateUrl);
    const load = await startLoadGenerator();
    scope.defer(() => load.close());
    const job = {
      url: webhookUrl,
      warmupUrl: `${receiverUrl}/healthz`,
      requests,
      concurrency: options.concurrency,
    };

    progress(kind, `webhook intake: ${options.events} events, ${options.concurrency} in flight`);
    const intake = await load.run(job);
    expectOutcomes('webhook intake', intake, { '200 accepted': options.events });
    const intakeRows = await countInbox(db);
    if (intakeRows !== options.events)
      throw new Error(`webhook intake: the inbox holds ${intakeRows} rows, ${options.events} expected`);

    progress(kind, `webhook redelivery: the same ${options.events} events again`);
    const redelivery = await load.run(job);
    expectOutcomes('webhook redelivery', redelivery, { '200 duplicate': options.events });
    const redeliveryRows = await countInbox(db);
    if (redeliveryRows !== options.events)
      throw new Error(
        `webhook redelivery: the inbox holds ${redeliveryRows} rows, ${options.events} expected`,
      );
    if (certificates.fetches !== fetchesBefore)
      throw new Error('webhook intake: the certificate was fetched again during the run');

    // ---- 2. end-to-end delivery by the emulator ----
    const referrals = Math.min(options.events, 500);
    await registerWebhooks(client, webhookUrl, { pollMs: 10, timeoutMs: 30_000 });
    await emulator.waitForDeliveriesIdle();
    const baseline = await countInbox(db);
    const attemptsBefore = emulator.deliveries.length;
    stored.clear();

    progress(kind, `emulator delivery: ${referrals} referrals created in the emulator`);
    const created = new Map<string, number>();
    const deliveryStarted = performance.now();
    for (let i = 0; i < referrals; i++) {
      const referral = emulator.createReferral();
      created.set(String(referral['id']), performance.now());
    }
    const createMs = performance.now() - deliveryStarted;
    await emulator.waitForDeliveriesIdle(120_000);
    await waitFor(
      `emulator delivery: ${referrals} referral-created events in the inbox`,
      30_000,
      async () => {
        return (await countInbox(db)) >= baseline + referrals;
      },
    );
    const storedEvents = await countEvents(db, 'referral-created');
    if (
      storedEvents !== referrals ||
      stored.size !== referrals ||
      (await countInbox(db)) !== baseline + referrals
    )
      throw new Error(
        `emulator delivery: ${storedEvents} referral-created rows (${stored.size} seen stored), ${referrals} expected`,
      );
    const deliveryLatencies: number[] = [];
    let lastStored = deliveryStarted;
    for (const [id, at] of stored) {
      const createdAt = created.get(id);
      if (createdAt === undefined)
        throw new Error(`emulator delivery: stored an event for unknown referral ${id}`);
      deliveryLatencies.push(at - createdAt);
      lastStored = Math.max(lastStored, at);
    }
    const attempts = emulator.deliveries.slice(attemptsBefore);
    const deliveryWallMs = lastStored - deliveryStarted;
    const emulatorDelivery: DeliveryResult = {
      referrals,
      wallMs: round(deliveryWallMs),
      perSecond: perSecond(referrals, deliveryWallMs),
      createMs: round(createMs),
      latencyMs: summarize(deliveryLatencies),
      deliveryAttempts: attempts.length,
      failedAttempts: attempts.filter((a) => a.status === null || a.status < 200 || a.status >= 300).length,
      storedEvents,
    };

    // ---- 3. the Partner Center client ----
    const ids = [...created.keys()];
    const idAt = (i: number): string => ids[i % ids.length] ?? '';
    const clientRun = async (concurrency: number): Promise<ClientResult> => {
      const before = (await budgetUsage(db, account)).used;
      const { wallMs, latenciesMs } = await timedPool(options.calls, concurrency, (i) =>
        client.getReferral(idAt(i)),
      );
      const budgetCalls = (await budgetUsage(db, account)).used - before;
      if (budgetCalls < options.calls)
        throw new Error(`client: ${options.calls} calls but the budget counted ${budgetCalls}`);
      return {
        calls: options.calls,
        concurrency,
        wallMs: round(wallMs),
        perSecond: perSecond(options.calls, wallMs),
        latencyMs: summarize(latenciesMs),
        budgetCalls,
      };
    };
    progress(kind, `client: ${options.calls} getReferral calls, one at a time`);
    const clientSequential = await clientRun(1);
    progress(kind, `client: ${options.calls} getReferral calls, ${options.concurrency} in flight`);
    const clientParallel = await clientRun(options.concurrency);

    // ---- 4. store open cost, with the workload stopped ----
    await scope.close();
    for (const line of lines.slice(0, 3)) progress(kind, `log: ${line}`);
    progress(kind, `store open: ${options.openRepeats} fresh open+migrate`);
    const storeOpen = await measureStoreOpen(kind, options);

    return {
      db: kind,
      store:
        kind === 'pglite'
          ? 'PGlite, file-backed in a temp dir (store open: in memory)'
          : 'PostgreSQL, a fresh database on the server',
      workloadStoreOpenMs,
      webhookIntake: intakeResult(intake, options, intakeRows),
      webhookRedelivery: {
        ...intakeResult(redelivery, options, redeliveryRows),
        duplicates: redelivery.outcomes['200 duplicate'] ?? 0,
      },
      emulatorDelivery,
      clientSequential,
      clientParallel,
      storeOpen,
      logWarnings: lines.length,
      wallMs: round(performance.now() - runStarted),
    };
  } finally {
    await scope.close();
  }
}

/**
 * N distinct referral-updated events, signed as Partner Center signs them (RSA-SHA256 over the exact bytes).
 * Yields now and then: signing thousands of events would otherwise hold the event loop (and Ctrl-C) for seconds.
 */
async function signedEvents(
  n: number,
  privateKeyPem: string,
  certificateUrl: string,
): Promise<LoadRequest[]> {
  const changed = Date.parse('2026-01-01T00:00:00Z');
  const requests: LoadRequest[] = [];
  for (let i = 0; i < n; i++) {
    if (i % 100 === 99) await new Promise((resolve) => setImmediate(resolve));
    const body = JSON.stringify({
      EventName: 'referral-updated',
      ResourceUri: `https://api.partnercenter.microsoft.com/engagements/v1/referrals/${randomUUID()}`,
      ResourceName: 'referral',
      AuditUri: null,
      ResourceChangeUtcDate: new Date(changed + i).toISOString(),
    });
    const signature = createSign('sha256').update(body).sign(privateKeyPem, 'base64');
    requests.push({
      body,
      headers: {
        'content-type': 'application/json',
        authorization: `Signature ${signature}`,
        'x-ms-certificate-url': certificateUrl,
        'x-ms-signature-algorithm': 'rsa-sha256',
      },
    });
  }
  return requests;
}

function expectOutcomes(phase: string, result: LoadResult, expected: Record<string, number>): void {
  const actual = JSON.stringify(result.outcomes);
  if (actual !== JSON.stringify(expected))
    throw new Error(
      `${phase}: answers ${actual}, expected ${JSON.stringify(expected)}` +
        (result.firstFailure !== undefined ? `; first failure: ${result.firstFailure}` : ''),
    );
}

function intakeResult(result: LoadResult, options: BenchOptions, inboxRows: number): IntakeResult {
  return {
    events: result.latenciesMs.length,
    concurrency: options.concurrency,
    wallMs: round(result.wallMs),
    perSecond: perSecond(result.latenciesMs.length, result.wallMs),
    latencyMs: summarize(result.latenciesMs),
    outcomes: result.outcomes,
    inboxRows,
  };
}

async function countEvents(db: Db, eventName: string): Promise<number> {
  const [row] = await db.orm.select({ n: count() }).from(inbox).where(eq(inbox.eventName, eventName));
  return row?.n ?? 0;
}

/** Polls `check` (not part of any timing) until it holds; throws after `timeoutMs`. */
async function waitFor(what: string, timeoutMs: number, check: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/**
 * A temp data directory and, on PostgreSQL, a fresh database, both removed when `scope` closes.
 */
export async function throwawayStore(
  scope: Scope,
  kind: DbKind,
  options: Pick<BenchOptions, 'postgresUrl'>,
  prefix: string,
): Promise<{ dataDir: string; databaseUrl: string | undefined }> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  scope.defer(() => fs.rmSync(dataDir, { recursive: true, force: true }));
  if (kind !== 'postgres') return { dataDir, databaseUrl: undefined };
  const database = await createBenchDatabase(options.postgresUrl);
  scope.defer(database.drop);
  return { dataDir, databaseUrl: database.url };
}

/** Fresh open + migrate + close, `openRepeats` times: PGlite in memory, or PostgreSQL on a new database. */
async function measureStoreOpen(kind: DbKind, options: BenchOptions): Promise<StoreOpenResult> {
  const samplesMs: number[] = [];
  for (let i = 0; i < options.openRepeats; i++) {
    const scope = new Scope();
    try {
      const { dataDir, databaseUrl } = await throwawayStore(scope, kind, options, 'cosell-bench-open-');
      const t = performance.now();
      const db = await openStore({ dataDir, databaseUrl, secretsKey: undefined }, { inMemory: true });
      samplesMs.push(round(performance.now() - t));
      await db.close();
    } finally {
      await scope.close();
    }
  }
  return {
    kind:
      kind === 'pglite'
        ? 'PGlite in memory, fresh (initdb + migrate)'
        : 'PostgreSQL, fresh database (migrate)',
    samplesMs,
    medianMs: round(median(samplesMs)),
    minMs: round(Math.min(...samplesMs)),
  };
}
