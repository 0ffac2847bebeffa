import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { sendJson } from './send.js';

const servers: http.Server[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) {
    s.closeAllConnections();
    await new Promise((resolve) => s.close(resolve));
  }
});

/** A server that takes the request and never answers: a stuck remote. */
async function silentServer(): Promise<string> {
  const server = http.createServer(() => undefined);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
}

describe('sendJson', () => {
  it('abandons a request that gets no answer by its deadline, so a stuck remote cannot hold a job', async () => {
    const url = await silentServer();
    const started = Date.now();
    const error = await sendJson(url, { method: 'GET', headers: {}, timeoutMs: 200 }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).name).toBe('TimeoutError');
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it("the caller's own abort still ends the request (and says it was the caller)", async () => {
    const url = await silentServer();
    const controller = new AbortController();
    const pending = sendJson(url, { method: 'GET', headers: {}, signal: controller.signal });
    controller.abort(new Error('stopped by the caller'));
    await expect(pending).rejects.toThrow('stopped by the caller');
    expect(controller.signal.aborted).toBe(true);
  });
});
