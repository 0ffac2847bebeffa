// `npm start`: the whole Partner Center side on one machine, with nothing to install. A Partner Center
// emulator with sample referrals, the store (embedded PGlite unless DATABASE_URL is set), the webhook
// receiver, a device-code sign-in approved as the emulator's Referrals admin, the webhook registration
// with its validation round trip, then simulated Partner Center activity whose webhooks fill the inbox.
import type { FastifyInstance } from 'fastify';
import type { Config } from '../config.js';
import { CosellError, isCosellError } from '../errors.js';
import type { Logger } from '../logger.js';
import type { Output } from '../cli/output.js';
import { buildServer, closeServer, listen } from '../http/server.js';
import { webhookPath } from '../http/webhook-receiver.js';
import { connectPartnerCenter, openPartnerCenter, budgetUsage } from '../partner-center/connection.js';
import { startPartnerCenterEmulator, type PartnerCenterEmulator } from '../partner-center/emulator/index.js';
import { registerAndReport } from '../cli/webhooks.js';
import { openStore } from '../store/open.js';
import { countInbox } from '../store/inbox.js';
import type { Db } from '../store/db.js';
import { startActivity } from './activity.js';
import { fetchPendingReferrals, type FetchStats } from './inbox-fetcher.js';

export interface DemoOptions {
  referrals: number;
  port: number;
  /** When the port was not chosen by the user: use a free one if it is taken. */
  portFallback: boolean;
  emulatorPort: number;
  intervalMs: number;
  tickMs: number;
  randomSeed: number;
  /** The emulator user the demo signs in as. */
  username: string;
}

export const defaultDemoOptions: DemoOptions = {
  referrals: 25,
  port: 8080,
  portFallback: true,
  emulatorPort: 0,
  intervalMs: 1_500,
  tickMs: 5_000,
  randomSeed: 1,
  username: 'admin@contoso.example',
};

export interface RunningDemo {
  emulator: PartnerCenterEmulator;
  db: Db;
  server: FastifyInstance;
  receiverUrl: string;
  stats: FetchStats & { accepted: number; duplicates: number };
  stop(): Promise<void>;
}

/** The configuration pointed at this run's emulator; the certificate host is the emulator's own. */
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

export async function runDemo(
  base: Config,
  logger: Logger,
  out: Output,
  options: DemoOptions,
): Promise<RunningDemo> {
  if (base.profile !== 'sandbox')
    throw new CosellError('REQUEST_INVALID', { reason: 'the demo runs only in the sandbox profile' });
  out.say('cli.demo.starting');
  const emulator = await startPartnerCenterEmulator({
    port: options.emulatorPort,
    generate: options.referrals,
    randomSeed: options.randomSeed,
    deviceCodeIntervalSeconds: 0.2,
    webhookRetry: { baseDelayMs: 500 },
  });
  // Stopped in reverse order of starting. `stopping` is set first, so nothing started by a late webhook
  // (a fetch pass) can begin while the store is being closed.
  let stopping = false;
  const cleanups: { name: string; run: () => Promise<void> }[] = [
    { name: 'emulator', run: () => emulator.close() },
  ];
  const cleanup = async (): Promise<void> => {
    stopping = true;
    for (const step of cleanups.reverse()) {
      logger.debug({ step: step.name }, 'demo stopping');
      await step
        .run()
        .catch((error: unknown) => logger.warn({ err: error, step: step.name }, 'cleanup failed'));
    }
  };
  try {
    out.say('cli.emulator.listening', { url: emulator.url, count: emulator.listReferrals().length });
    const db = await openStore(base.store);
    cleanups.push({ name: 'store', run: () => db.close() });
    out.say('cli.demo.store', {
      store: db.kind === 'pglite' ? base.store.dataDir : 'PostgreSQL (DATABASE_URL)',
    });

    const stats = {
      fetched: 0,
      ignored: 0,
      pausedUntil: undefined,
      accepted: 0,
      duplicates: 0,
    } as RunningDemo['stats'];
    let wake: () => void = () => undefined;
    const server = await buildServer({
      config: configForEmulator(base, emulator, options.port),
      db,
      logger,
      onWebhookAccepted: (event) => {
        if (event.inserted) stats.accepted++;
        else stats.duplicates++;
        wake();
      },
    });
    cleanups.push({ name: 'receiver', run: () => closeServer(server) });
    const receiverPort = await listen(server, base.receiver.host, options.port).catch((error: unknown) => {
      // The demo must start on any machine: when the default port is taken, any free port will do.
      if (!(isCosellError(error) && error.code === 'PORT_IN_USE' && options.portFallback)) throw error;
      out.say('cli.demo.portBusy', { port: options.port });
      return listen(server, base.receiver.host, 0);
    });
    const config = configForEmulator(base, emulator, receiverPort);
    const receiverUrl = `http://${base.receiver.host}:${receiverPort}`;
    out.say('cli.demo.receiver', { url: `${receiverUrl}${webhookPath}` });

    const deps = { config, db, logger };
    await connectPartnerCenter(deps, (device) => {
      out.say('cli.demo.signIn', { identity: options.username, code: device.userCode });
      emulator.approveDeviceCode(device.userCode, options.username);
    });
    const client = await openPartnerCenter(deps);
    await registerAndReport(out, client, `${receiverUrl}${webhookPath}`, { pollMs: 200, timeoutMs: 30_000 });

    // Fetching runs one pass at a time: woken by each accepted webhook, and every few seconds regardless.
    let running: Promise<void> | undefined;
    let again = false;
    const pass = (): void => {
      if (stopping) return;
      if (running) {
        again = true;
        return;
      }
      running = fetchPendingReferrals(db, client, logger, stats)
        .catch((error: unknown) => logger.warn({ err: error }, 'fetch pass failed'))
        .finally(() => {
          running = undefined;
          if (again) {
            again = false;
            pass();
          }
        });
    };
    wake = pass;
    const poller = setInterval(pass, 3_000);
    cleanups.push({
      name: 'fetcher',
      run: async () => {
        clearInterval(poller);
        await running;
      },
    });

    const activity = startActivity(emulator, {
      intervalMs: options.intervalMs,
      randomSeed: options.randomSeed,
      onError: (error) => logger.debug({ err: error }, 'activity step refused'),
    });
    cleanups.push({ name: 'activity', run: () => Promise.resolve(activity.stop()) });
    const account = emulator.tenantId;
    const ticker = setInterval(() => {
      void (async () => {
        const total = await countInbox(db);
        const { used } = await budgetUsage(db, account);
        out.say('cli.demo.tick', {
          total,
          processed: stats.fetched,
          duplicates: stats.duplicates,
          used,
          cap: config.partnerCenter.dailyCap,
        });
      })().catch((error: unknown) => logger.debug({ err: error }, 'tick failed'));
    }, options.tickMs);
    cleanups.push({ name: 'status lines', run: () => Promise.resolve(clearInterval(ticker)) });
    out.say('cli.demo.ready');
    pass();
    return { emulator, db, server, receiverUrl, stats, stop: cleanup };
  } catch (error) {
    await cleanup();
    throw error;
  }
}
