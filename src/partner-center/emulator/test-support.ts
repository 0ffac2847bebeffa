// Helpers for tests that talk to the emulator over real HTTP: an authorised fetch, and a tiny webhook receiver
// (node:http on port 0) that records each request's raw body and headers and answers with scripted statuses.
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { PartnerCenterEmulator } from './emulator.js';

export interface ApiResponse<T = unknown> {
  readonly status: number;
  readonly headers: Headers;
  readonly body: T;
  readonly text: string;
}

export interface CallInit {
  method?: string;
  token?: string;
  body?: unknown;
  raw?: string;
  headers?: Record<string, string>;
}

/** fetch with a bearer token; JSON bodies are serialised unless `raw` is given. */
export async function call<T = unknown>(url: string, init: CallInit = {}): Promise<ApiResponse<T>> {
  const headers: Record<string, string> = { accept: 'application/json', ...init.headers };
  if (init.token !== undefined) headers['authorization'] = `Bearer ${init.token}`;
  let body: string | undefined = init.raw;
  if (init.body !== undefined) {
    body = JSON.stringify(init.body);
    headers['content-type'] ??= 'application/json';
  }
  const response = await fetch(url, {
    method: init.method ?? 'GET',
    headers,
    ...(body === undefined ? {} : { body }),
  });
  const text = await response.text();
  let parsed: unknown = undefined;
  try {
    parsed = text === '' ? undefined : JSON.parse(text);
  } catch {
    parsed = text;
  }
  return { status: response.status, headers: response.headers, body: parsed as T, text };
}

/** An access token for the Referrals API (default) or the webhook API, for the emulator's admin by default. */
export function tokenFor(
  emulator: PartnerCenterEmulator,
  options: { username?: string; api?: 'referrals' | 'webhooks' } = {},
): string {
  const resource = options.api === 'webhooks' ? emulator.resources.webhooks : emulator.resources.referrals;
  return emulator.issueTokens(options.username ?? 'admin@contoso.example', { resource }).access_token;
}

export interface ReceivedRequest {
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
  readonly status: number;
}

export interface Receiver {
  readonly url: string;
  readonly received: ReceivedRequest[];
  /** Statuses to answer with, in order; after the script runs out, `fallback` (default 200). */
  script(statuses: readonly number[], fallback?: number): void;
  /** Resolves once `count` requests have arrived. */
  waitFor(count: number, timeoutMs?: number): Promise<ReceivedRequest[]>;
  close(): Promise<void>;
}

export async function startReceiver(): Promise<Receiver> {
  const received: ReceivedRequest[] = [];
  let scripted: number[] = [];
  let fallback = 200;
  const waiters: { count: number; resolve: () => void }[] = [];
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const status = scripted.shift() ?? fallback;
      received.push({ headers: request.headers, body: Buffer.concat(chunks), status });
      response.writeHead(status, { 'content-type': 'text/plain' }).end(status < 300 ? 'ok' : 'nope');
      for (const w of waiters.filter((w) => received.length >= w.count)) w.resolve();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    received,
    script(statuses, otherwise = 200) {
      scripted = [...statuses];
      fallback = otherwise;
    },
    waitFor(count, timeoutMs = 10_000) {
      if (received.length >= count) return Promise.resolve(received);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`receiver got ${received.length} of ${count} requests`)),
          timeoutMs,
        );
        waiters.push({
          count,
          resolve: () => {
            clearTimeout(timer);
            resolve(received);
          },
        });
      });
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
