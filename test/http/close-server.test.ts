// Shutdown with a webhook in flight: the request finishes, and close() does not wait for the keep-alive
// socket it leaves behind (Fastify keeps those 72 s, which once held `cosell demo` open on shutdown).
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { configFrom } from '../../src/config.js';
import { buildServer, closeServer } from '../../src/http/server.js';
import { CertificateCache } from '../../src/partner-center/webhooks/certificates.js';
import { useTestDb } from '../support/db.js';
import { memoryLogger } from '../support/partner-center.js';

const testDb = useTestDb();

describe('receiver shutdown', () => {
  it('lets a request in flight finish and closes its keep-alive socket instead of waiting for it', async () => {
    // A certificate host that answers slowly keeps the webhook request in flight while we close.
    let release: () => void = () => undefined;
    const certRequested = new Promise<void>((resolve) => {
      release = resolve;
    });
    const slowCertHost = http.createServer((_req, res) => {
      release();
      setTimeout(() => res.writeHead(404).end(), 300);
    });
    await new Promise<void>((resolve) => slowCertHost.listen(0, '127.0.0.1', resolve));
    const certHost = `127.0.0.1:${(slowCertHost.address() as AddressInfo).port}`;
    const config = configFrom({ COSELL_WEBHOOK_CERT_HOSTS: certHost });
    const { logger } = memoryLogger();
    const certificates = new CertificateCache({
      allowedHosts: [certHost],
      issuerOrg: 'Microsoft Corporation',
      requireHttps: false,
    });
    const app = await buildServer({ config, db: testDb.db, logger, certificates });
    await app.listen({ host: '127.0.0.1', port: 0 });
    const port = (app.server.address() as AddressInfo).port;
    const agent = new http.Agent({ keepAlive: true, keepAliveMsecs: 60_000 });
    try {
      const response = new Promise<{ status: number | undefined; connection: string | undefined }>(
        (resolve, reject) => {
          const req = http.request(
            {
              host: '127.0.0.1',
              port,
              path: '/webhooks/partner-center',
              method: 'POST',
              agent,
              headers: {
                'content-type': 'application/json',
                authorization: `Signature ${Buffer.alloc(64, 1).toString('base64')}`,
                'x-ms-certificate-url': `http://${certHost}/cert.cer`,
                'x-ms-signature-algorithm': 'rsa-sha256',
              },
            },
            (res) => {
              res.resume();
              res.on('end', () => resolve({ status: res.statusCode, connection: res.headers.connection }));
            },
          );
          req.on('error', reject);
          req.end('{}');
        },
      );
      await certRequested; // the request is now in flight
      const closing = closeServer(app, 20_000);
      const answered = await response;
      expect(answered.status).toBe(401); // it finished: the certificate could not be had
      await closing; // and close() returned although the client keeps its socket alive
      expect(app.server.listening).toBe(false);
    } finally {
      agent.destroy();
      await new Promise((resolve) => slowCertHost.close(resolve));
    }
  });
});
