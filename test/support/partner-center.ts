// The Partner Center side wired for a test: an emulator on a loopback port, the receiver on another, the
// file's test database, a device-code sign-in approved as the emulator's admin, and a client. Log lines are
// kept in `logs` so tests can prove no secret reaches them.
import { Writable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { configFrom, type Config } from '../../src/config.js';
import { createLogger, type Logger } from '../../src/logger.js';
import { buildServer, listen, closeServer } from '../../src/http/server.js';
import { webhookPath } from '../../src/http/webhook-receiver.js';
import { CertificateCache } from '../../src/partner-center/webhooks/certificates.js';
import { connectPartnerCenter, openPartnerCenter } from '../../src/partner-center/connection.js';
import type { PartnerCenterClient } from '../../src/partner-center/client.js';
import {
  startPartnerCenterEmulator,
  type PartnerCenterEmulator,
  type PartnerCenterEmulatorOptions,
} from '../../src/partner-center/emulator/index.js';
import { configForEmulator } from '../../src/demo/run-demo.js';
import type { Db } from '../../src/store/db.js';
import type { TestDb } from './db.js';

export interface PcFixture {
  emulator: PartnerCenterEmulator;
  server: FastifyInstance;
  receiverUrl: string;
  webhookUrl: string;
  config: Config;
  db: Db;
  logger: Logger;
  logs: string[];
  certificates: CertificateCache;
  /** Signs in (device code, approved as `username`) and returns a client for the stored connection. */
  connect(username?: string): Promise<PartnerCenterClient>;
  close(): Promise<void>;
}

export function memoryLogger(level: 'debug' | 'info' = 'debug'): { logger: Logger; logs: string[] } {
  const logs: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      logs.push(chunk.toString('utf8'));
      callback();
    },
  });
  return { logger: createLogger({ level, destination }), logs };
}

export async function startPcFixture(
  testDb: TestDb,
  options: {
    emulator?: PartnerCenterEmulatorOptions;
    env?: Parameters<typeof configFrom>[0];
    /** Called for each webhook the receiver stored (to wake the inbox pump). */
    onWebhookAccepted?: () => void;
  } = {},
): Promise<PcFixture> {
  const emulator = await startPartnerCenterEmulator({
    deviceCodeIntervalSeconds: 0.05,
    webhookRetry: { baseDelayMs: 5 },
    ...options.emulator,
  });
  const base = configFrom({
    COSELL_DATA_DIR: testDb.config.dataDir,
    COSELL_LOG_LEVEL: 'debug',
    ...(testDb.config.databaseUrl ? { DATABASE_URL: testDb.config.databaseUrl } : {}),
    ...options.env,
  });
  const { logger, logs } = memoryLogger();
  const draft = configForEmulator(base, emulator, 0);
  const certificates = new CertificateCache({
    allowedHosts: draft.receiver.certHosts,
    issuerOrg: draft.receiver.certIssuerOrg,
    requireHttps: false,
  });
  const server = await buildServer({
    config: draft,
    db: testDb.db,
    logger,
    certificates,
    ...(options.onWebhookAccepted ? { onWebhookAccepted: options.onWebhookAccepted } : {}),
  });
  const port = await listen(server, '127.0.0.1', 0);
  const config = configForEmulator(base, emulator, port);
  const receiverUrl = `http://127.0.0.1:${port}`;
  const db = testDb.db;
  return {
    emulator,
    server,
    receiverUrl,
    webhookUrl: `${receiverUrl}${webhookPath}`,
    config,
    db,
    logger,
    logs,
    certificates,
    async connect(username = 'admin@contoso.example') {
      await connectPartnerCenter({ config, db, logger }, (device) =>
        emulator.approveDeviceCode(device.userCode, username),
      );
      return openPartnerCenter({ config, db, logger });
    },
    async close() {
      await closeServer(server);
      await emulator.close();
    },
  };
}
