// The connector's HTTP server: the webhook receiver, a small status API and (role console) the admin console.
import type { AddressInfo } from 'node:net';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { Config } from '../config.js';
import { CosellError } from '../errors.js';
import type { Logger } from '../logger.js';
import type { Db } from '../store/db.js';
import { countInbox } from '../store/inbox.js';
import { countJobs } from '../store/jobs.js';
import { CertificateCache } from '../partner-center/webhooks/certificates.js';
import { sendError, toCosellError } from './error-body.js';
import { webhookReceiver, type WebhookReceiverOptions } from './webhook-receiver.js';
import type { Metrics } from '../ops/metrics.js';
import type { Readiness } from '../ops/readiness.js';
import { registerConsole, type ConsoleDeps } from '../console/index.js';

export interface ServerOptions {
  config: Pick<Config, 'profile' | 'receiver'>;
  db: Db;
  logger: Logger;
  /** Shared so tests and the doctor can see what was fetched. */
  certificates?: CertificateCache;
  onWebhookAccepted?: WebhookReceiverOptions['onAccepted'];
  /** Serves /metrics and counts webhook deliveries; without it there is no /metrics. */
  metrics?: Metrics;
  /** Serves /readyz; without it there is no /readyz. */
  readiness?: () => Promise<Readiness>;
  /** Serve the Partner Center webhook route (default true; false for a worker-only process). */
  receiveWebhooks?: boolean;
  /** Serve the admin console under /console and its JSON API under /api/v1 (the console role). */
  console?: Omit<ConsoleDeps, 'db' | 'logger'> | undefined;
}

export function certificateCacheFor(config: ServerOptions['config']): CertificateCache {
  return new CertificateCache({
    allowedHosts: config.receiver.certHosts,
    issuerOrg: config.receiver.certIssuerOrg,
    requireHttps: config.profile === 'production',
  });
}

export async function buildServer(options: ServerOptions): Promise<FastifyInstance> {
  // Typed as Fastify's logger interface so the instance type stays the default one the plugins expect.
  const httpLogger: FastifyBaseLogger = options.logger.child({ component: 'http' });
  const app = Fastify({
    loggerInstance: httpLogger,
    logController: new LogController({ disableRequestLogging: true }),
    // Bodies bigger than any route allows are refused before they are buffered.
    bodyLimit: Math.max(options.config.receiver.maxBodyBytes, 1024 * 1024),
    return503OnClosing: true,
  });
  app.setErrorHandler((error, request, reply) =>
    sendError(reply, request, toCosellError(error, options.config.receiver.maxBodyBytes)),
  );
  app.setNotFoundHandler((request, reply) =>
    sendError(reply, request, toCosellError({ statusCode: 404 }, 0)),
  );

  if (options.receiveWebhooks !== false)
    webhookReceiver(app, {
      db: options.db,
      certificates: options.certificates ?? certificateCacheFor(options.config),
      maxBodyBytes: options.config.receiver.maxBodyBytes,
      logger: options.logger.child({ component: 'webhooks' }),
      onAccepted: (event) => {
        options.metrics?.webhookAccepted(!event.inserted);
        options.onWebhookAccepted?.(event);
      },
      onRefused: (code) => options.metrics?.webhookRefused(code),
    });

  // Alive: the process answers. Deliberately nothing more (a lost database is /readyz's business, and must
  // not get the process restarted).
  app.get('/healthz', () => ({ status: 'ok' }));
  const { readiness, metrics } = options;
  if (readiness !== undefined) {
    app.get('/readyz', async (_request, reply) => {
      const result = await readiness();
      return reply
        .code(result.ready ? 200 : 503)
        .send({ status: result.ready ? 'ready' : 'unready', ...result });
    });
  }
  if (metrics !== undefined) {
    app.get('/metrics', async (_request, reply) => {
      const text = await metrics.registry.metrics();
      return reply.type(metrics.registry.contentType).send(text);
    });
  }
  app.get('/api/status', async () => ({
    inbox: {
      total: await countInbox(options.db),
      pending: await countInbox(options.db, { status: 'pending' }),
    },
    // Jobs by status: queued, running, deferred (waiting), done, failed.
    jobs: await countJobs(options.db),
  }));
  if (options.console !== undefined) {
    await registerConsole(app, {
      ...options.console,
      db: options.db,
      logger: options.logger.child({ component: 'console' }),
    });
  }
  await app.ready();
  return app;
}

/**
 * Stops taking requests, lets the ones in flight finish, and closes keep-alive sockets as they fall idle.
 * Without this, a delivery in flight at shutdown leaves a keep-alive socket that holds close() open for
 * Fastify's keep-alive timeout (72 s). After `deadlineMs` the remaining connections are cut: a webhook cut
 * off before its 200 is redelivered by Partner Center, and the inbox dedupe makes that harmless.
 */
export async function closeServer(app: FastifyInstance, deadlineMs = 10_000): Promise<void> {
  const server = app.server;
  const sweep = setInterval(() => server.closeIdleConnections(), 50);
  const deadline = setTimeout(() => server.closeAllConnections(), deadlineMs);
  try {
    await app.close();
  } finally {
    clearInterval(sweep);
    clearTimeout(deadline);
  }
}

/** Listens, turning "address in use" into a coded error that says what to do. Returns the bound port. */
/**
 * Connections the kernel queues before the process accepts them (capped by net.core.somaxconn). Node's 511
 * overflows when Partner Center delivers a burst of thousands of events at once: the surplus connections are
 * dropped and their senders wait out TCP retransmits, past Partner Center's 10 s timeout, which costs retries.
 */
const listenBacklog = 4096;

export async function listen(app: FastifyInstance, host: string, port: number): Promise<number> {
  try {
    await app.listen({ host, port, backlog: listenBacklog });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      throw new CosellError('PORT_IN_USE', { host, port }, { cause: error });
    }
    throw error;
  }
  return (app.server.address() as AddressInfo).port;
}
