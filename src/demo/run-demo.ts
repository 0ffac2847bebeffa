// `npm start`: the whole job on one machine, with nothing to install. A Partner Center emulator with sample
// referrals and a CRM emulator (Salesforce by default, or Dynamics 365) with sample accounts and
// opportunities (a few of them deliberately invalid, so the audit has something to explain), the store
// (embedded PGlite unless DATABASE_URL is set), the webhook receiver, the device-code sign-in approved as the
// emulator's Referrals admin, the webhook registration with its validation round trip, the CRM connection,
// every flow on, and the connector syncing both ways. Simulated users then work in both systems until Ctrl+C.
import type { FastifyInstance } from 'fastify';
import type { Config } from '../config.js';
import { CosellError, isCosellError } from '../errors.js';
import type { Logger } from '../logger.js';
import type { Output } from '../cli/output.js';
import { openCrm, type CrmAdapter } from '../crm/index.js';
import { enableAllFlows } from '../flows/activation.js';
import { buildServer, closeServer, listen } from '../http/server.js';
import { webhookPath } from '../http/webhook-receiver.js';
import { connectPartnerCenter, openPartnerCenter, budgetUsage } from '../partner-center/connection.js';
import { startPartnerCenterEmulator, type PartnerCenterEmulator } from '../partner-center/emulator/index.js';
import type { PartnerCenterClient } from '../partner-center/client.js';
import { registerAndReport } from '../cli/webhooks.js';
import { startConnector, type Connector } from '../service/connector.js';
import { openStore } from '../store/open.js';
import type { Db } from '../store/db.js';
import { startActivity } from './activity.js';
import { startDemoCrm, type DemoCrm } from './crm.js';
import { startCrmActivity } from './crm-activity.js';
import { demoSummary, type DemoSummary } from './summary.js';
import { syncSummary } from '../store/summary.js';
import { isMicrosoftSide } from '../domain/referral.js';
import { CrmSystem, UserRole } from '../store/schema.js';
import { randomBytes } from 'node:crypto';
import { WakeBus } from '../engine/wake.js';
import { doctorFrom } from '../console/doctor.js';
import { runDoctor, type DoctorDeps } from '../doctor/index.js';
import { queueSyncNow } from '../service/sync-now.js';
import { upsertUser } from '../store/users.js';

export interface DemoOptions {
  /** The CRM the demo syncs with. */
  crm: CrmSystem;
  referrals: number;
  /** CRM accounts generated, each with its contacts and opportunities. */
  accounts: number;
  port: number;
  /** When the port was not chosen by the user: use a free one if it is taken. */
  portFallback: boolean;
  emulatorPort: number;
  intervalMs: number;
  tickMs: number;
  randomSeed: number;
  /** The emulator user the demo signs in as. */
  username: string;
  /** Simulated users keep changing records (off for --until-synced, which waits for a final state). */
  activity: boolean;
  /** The console's admin account, given a new generated password at every start. */
  consoleUser: string;
}

export const defaultDemoOptions: DemoOptions = {
  crm: CrmSystem.salesforce,
  referrals: 25,
  accounts: 12,
  port: 8080,
  portFallback: true,
  emulatorPort: 0,
  intervalMs: 1_500,
  tickMs: 5_000,
  randomSeed: 1,
  username: 'admin@contoso.example',
  activity: true,
  consoleUser: 'admin',
};

export { demoIntegrationUser } from './crm.js';
const demoSeller = 'seller1@contoso.example';

export interface RunningDemo {
  emulator: PartnerCenterEmulator;
  crm: DemoCrm;
  db: Db;
  server: FastifyInstance;
  connector: Connector;
  receiverUrl: string;
  /** The configuration pointed at this run's emulators, and the clients the connector uses. */
  config: Config;
  partnerCenter: PartnerCenterClient;
  crmAdapter: CrmAdapter;
  /** The console's admin sign-in (the password exists only in memory and on the terminal). */
  consoleLogin: { readonly url: string; readonly username: string; readonly password: string };
  stats: { accepted: number; duplicates: number };
  /** Resolves once every record has reached a final state (nothing waiting in the inbox or the queue). */
  untilSynced(): Promise<void>;
  summary(): Promise<DemoSummary>;
  stop(): Promise<void>;
}

/** The configuration pointed at this run's emulators; the certificate host is the emulator's own. */
export function configForEmulator(
  base: Config,
  emulator: PartnerCenterEmulator,
  receiverPort: number,
): Config {
  const emulatorHost = new URL(emulator.url).host;
  return {
    ...base,
    partnerCenter: {
      ...base.partnerCenter,
      referralsApiUrl: emulator.url,
      webhooksApiUrl: emulator.url,
      authorityUrl: emulator.authorityUrl,
    },
    receiver: { ...base.receiver, port: receiverPort, certHosts: [emulatorHost] },
  };
}

/** The demo's pace: the CRM is read every 2 s, reconciliation every 15 s, from the start of time. */
function demoSync(base: Config, crm: DemoCrm): Config {
  const config = crm.configure(base);
  return {
    ...config,
    sync: {
      ...base.sync,
      coalesceMs: Math.min(base.sync.coalesceMs, 500),
      crmPollEveryMs: 2_000,
      reconcileEveryMs: 15_000,
      syncSince: new Date(0),
    },
  };
}

export async function runDemo(
  base: Config,
  logger: Logger,
  out: Output,
  options: DemoOptions,
): Promise<RunningDemo> {
  if (base.profile !== 'sandbox')
    throw new CosellError('REQUEST_INVALID', { reason: 'the demo runs only in the sandbox profile' });
  const crmName = out.text(`crm.${options.crm}`);
  out.say('cli.demo.starting', { crm: crmName });
  const started = Date.now();
  const emulator = await startPartnerCenterEmulator({
    port: options.emulatorPort,
    generate: options.referrals,
    randomSeed: options.randomSeed,
    deviceCodeIntervalSeconds: 0.2,
    webhookRetry: { baseDelayMs: 500 },
  });
  // Stopped in reverse order of starting.
  const cleanups: { name: string; run: () => Promise<void> }[] = [
    { name: 'partner center emulator', run: () => emulator.close() },
  ];
  const cleanup = async (): Promise<void> => {
    for (const step of cleanups.reverse()) {
      logger.debug({ step: step.name }, 'demo stopping');
      await step
        .run()
        .catch((error: unknown) => logger.warn({ err: error, step: step.name }, 'cleanup failed'));
    }
  };
  try {
    out.say('cli.emulator.listening', { url: emulator.url, count: emulator.listReferrals().length });
    seedInvalidReferrals(emulator);
    assignDemoSellers(emulator);
    const crmEmulator = await startDemoCrm(options.crm, {
      randomSeed: options.randomSeed,
      accounts: options.accounts,
      stages: base.sync.stages,
    });
    cleanups.push({ name: `${options.crm} emulator`, run: () => crmEmulator.close() });
    out.say(options.crm === CrmSystem.dynamics ? 'cli.demo.dynamics' : 'cli.demo.salesforce', {
      url: crmEmulator.url,
      opportunities: crmEmulator.opportunities,
    });
    const db = await openStore(base.store);
    cleanups.push({ name: 'store', run: () => db.close() });
    out.say('cli.demo.store', {
      store: db.kind === 'pglite' ? base.store.dataDir : 'PostgreSQL (DATABASE_URL)',
    });

    const stats = { accepted: 0, duplicates: 0 };
    let onAccepted: () => void = () => undefined;
    const wake = new WakeBus();
    const connected: { crm?: CrmAdapter; doctor?: DoctorDeps } = {};
    const server = await buildServer({
      config: configForEmulator(base, emulator, options.port),
      db,
      logger,
      onWebhookAccepted: (event) => {
        if (event.inserted) stats.accepted++;
        else stats.duplicates++;
        onAccepted();
      },
      console: {
        config: { ...base, crm: options.crm },
        wake,
        syncNow: (id) => {
          if (connected.crm === undefined)
            throw new CosellError('AUTH_NOT_CONNECTED', { system: options.crm });
          return queueSyncNow(db, connected.crm, id, wake);
        },
        // The doctor against this run's emulators, with the clients the connector uses, once connected.
        doctor: doctorFrom(() => {
          if (connected.doctor === undefined)
            return Promise.reject(new CosellError('AUTH_NOT_CONNECTED', { system: options.crm }));
          return runDoctor(connected.doctor);
        }),
      },
    });
    cleanups.push({ name: 'receiver', run: () => closeServer(server) });
    const receiverPort = await listen(server, base.receiver.host, options.port).catch((error: unknown) => {
      // The demo must start on any machine: when the default port is taken, any free port will do.
      if (!(isCosellError(error) && error.code === 'PORT_IN_USE' && options.portFallback)) throw error;
      out.say('cli.demo.portBusy', { port: options.port });
      return listen(server, base.receiver.host, 0);
    });
    const config = demoSync(configForEmulator(base, emulator, receiverPort), crmEmulator);
    const receiverUrl = `http://${base.receiver.host}:${receiverPort}`;
    out.say('cli.demo.receiver', { url: `${receiverUrl}${webhookPath}` });

    const deps = { config, db, logger };
    await connectPartnerCenter(deps, (device) => {
      out.say('cli.demo.signIn', { identity: options.username, code: device.userCode });
      emulator.approveDeviceCode(device.userCode, options.username);
    });
    const partnerCenter = await openPartnerCenter(deps);
    await registerAndReport(out, partnerCenter, `${receiverUrl}${webhookPath}`, {
      pollMs: 200,
      timeoutMs: 30_000,
    });
    const identity = await crmEmulator.connect(deps);
    out.say('cli.demo.crmConnected', { identity, crm: crmName });
    const crm = await openCrm(options.crm, deps);
    connected.crm = crm;
    connected.doctor = {
      config,
      db,
      logger,
      receiverUrl: `${receiverUrl}${webhookPath}`,
      partnerCenter: () => Promise.resolve(partnerCenter),
      crm: () => Promise.resolve(crm),
    };
    await enableAllFlows(db);

    const connector = await startConnector({ config, db, logger, partnerCenter, crm, wake });
    onAccepted = () => connector.inboxChanged();
    cleanups.push({ name: 'connector', run: () => connector.stop({ deadlineMs: 5_000 }) });

    if (options.activity) {
      const activity = startActivity(emulator, {
        intervalMs: options.intervalMs,
        randomSeed: options.randomSeed,
        onError: (error) => logger.debug({ err: error }, 'activity step refused'),
      });
      cleanups.push({ name: 'activity', run: () => Promise.resolve(activity.stop()) });
      const crmActivity = startCrmActivity(crmEmulator.hands, {
        intervalMs: options.intervalMs * 2,
        randomSeed: options.randomSeed,
        seller: demoSeller,
        stages: config.sync.stages,
        onError: (error) => logger.debug({ err: error }, 'crm activity step refused'),
      });
      cleanups.push({ name: 'crm activity', run: () => Promise.resolve(crmActivity.stop()) });
    }

    const account = emulator.tenantId;
    const ticker = setInterval(() => {
      void (async () => {
        const summary = await syncSummary(db);
        const { used } = await budgetUsage(db, account);
        out.say('cli.demo.tick', {
          linked: summary.links,
          succeeded: summary.runsByStatus['succeeded'] ?? 0,
          skipped: summary.runsByStatus['skipped'] ?? 0,
          failed: summary.runsByStatus['failed'] ?? 0,
          waiting: summary.jobsOpen + summary.inboxPending,
          used,
          cap: config.partnerCenter.dailyCap,
          crm: crmName,
          crmCalls: crmEmulator.apiCalls(),
        });
      })().catch((error: unknown) => logger.debug({ err: error }, 'tick failed'));
    }, options.tickMs);
    cleanups.push({ name: 'status lines', run: () => Promise.resolve(clearInterval(ticker)) });
    // A new password at every start, printed once here and never logged: the demo's data dir is a sandbox.
    const consoleLogin = {
      url: `${receiverUrl}/console`,
      username: options.consoleUser,
      password: randomBytes(12).toString('base64url'),
    };
    await upsertUser(db, {
      username: consoleLogin.username,
      role: UserRole.admin,
      password: consoleLogin.password,
    });
    out.say('cli.demo.console', consoleLogin);
    if (options.activity) out.say('cli.demo.ready', { crm: crmName });
    else out.say('cli.demo.readyUntilSynced');

    const untilSynced = async (): Promise<void> => {
      // Final when, twice in a row after every background pass has run, nothing waits anywhere.
      let quiet = 0;
      while (quiet < 2) {
        connector.reconcileNow();
        connector.pollCrmNow();
        connector.inboxChanged();
        await connector.passesSettled();
        await emulator.waitForDeliveriesIdle();
        await connector.worker.runUntilIdle();
        const summary = await syncSummary(db);
        quiet = summary.jobsOpen + summary.inboxPending === 0 ? quiet + 1 : 0;
      }
    };
    return {
      emulator,
      crm: crmEmulator,
      db,
      server,
      connector,
      receiverUrl,
      config,
      partnerCenter,
      crmAdapter: crm,
      consoleLogin,
      stats,
      untilSynced,
      summary: () => demoSummary({ db, emulator, crm: crmEmulator, account, started }),
      stop: cleanup,
    };
  } catch (error) {
    await cleanup();
    throw error;
  }
}

/** The demo's sellers: users of both CRM emulators, so every referral's team maps to a CRM owner (P4). */
const demoSellers = ['seller1@contoso.example', 'seller2@contoso.example', 'seller3@contoso.example'];

/**
 * The generated referrals name made-up team members; the demo's sellers take their place, so the doctor's
 * seller check finds only what the demo means to show (the records invalid on purpose).
 */
function assignDemoSellers(emulator: PartnerCenterEmulator): void {
  emulator
    .listReferrals()
    .filter((r) => !isMicrosoftSide(r))
    .forEach((r, index) => {
      const email = demoSellers[index % demoSellers.length] ?? demoSeller;
      emulator.updateReferral(r.id, {
        team: [{ firstName: 'Sam', lastName: 'Seller', email, phoneNumber: '+1 555 0100' }],
      });
    });
}

/**
 * A referral the checks must stop, so the audit shows why: Microsoft's help is asked but nobody at the
 * customer can be contacted (R2). The CRM side brings its own (country names, missing solutions).
 */
function seedInvalidReferrals(emulator: PartnerCenterEmulator): void {
  emulator.createReferral({
    name: 'Tailspin Toys – security review',
    externalReferenceId: null,
    direction: 'Incoming',
    customerProfile: { name: 'Tailspin Toys', team: [] },
    inviteContext: { assistanceRequestCode: 'CustomerTechnicalArchitecture' },
  });
}
