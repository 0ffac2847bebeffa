// Fastify plumbing the emulators (Partner Center, Salesforce, Dynamics 365) share: string body parsers, listening
// and the base URL they advertise, and the bodies of /_emulator control calls (one object; a bulk list). What each service answers
// (error bodies, routes) stays in its own emulator.
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';

/** Parses bodies of these content types as text, through `parse`; what `parse` throws is the request's error. */
export function addTextBodyParser(
  app: FastifyInstance,
  contentTypes: string | string[],
  parse: (text: string) => unknown,
): void {
  app.addContentTypeParser(contentTypes, { parseAs: 'string' }, (_request, body, done) => {
    try {
      done(null, parse(body as string));
    } catch (error) {
      done(error as Error, undefined);
    }
  });
}

/** Form posts (OAuth token requests, HTML forms) parse to a plain object of their fields. */
export function addFormBodyParser(app: FastifyInstance): void {
  addTextBodyParser(app, 'application/x-www-form-urlencoded', (text) =>
    Object.fromEntries(new URLSearchParams(text)),
  );
}

export interface ListenOptions {
  /** 0 or absent: the OS picks a free port. */
  readonly port?: number;
  /** Default 127.0.0.1. */
  readonly host?: string;
  /** Base URL to advertise when not `http://<host>:<port>`. */
  readonly publicUrl?: string;
}

/**
 * Listens and says on which port, and the base URL to advertise (no trailing slash): `publicUrl`, else
 * `http://<host>:<port>`, a wildcard host read as loopback and an IPv6 host in brackets.
 */
export async function startListening(
  app: FastifyInstance,
  options: ListenOptions,
): Promise<{ readonly port: number; readonly url: string }> {
  const host = options.host ?? '127.0.0.1';
  await app.listen({ port: options.port ?? 0, host });
  const { port } = app.server.address() as AddressInfo;
  const urlHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
  return { port, url: (options.publicUrl ?? `http://${urlHost}:${port}`).replace(/\/$/, '') };
}

/**
 * Closes the server without waiting out keep-alive sockets. Fastify closes the connections that are idle when
 * close() starts; one whose request was still running then stays open once it is answered, until the client's
 * keep-alive ends (72 s), and close() waits for it. Connections are closed as they fall idle, and whatever is
 * left after `deadlineMs` is cut: the emulated service is going away.
 */
export async function closeListening(app: FastifyInstance, deadlineMs = 2_000): Promise<void> {
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

/**
 * The body of a control call as a JSON object: no body reads as `{}`; anything else but an object is refused
 * with `refuse('The body must be a JSON object.')`.
 */
export function objectBody(body: unknown, refuse: (message: string) => Error): Record<string, unknown> {
  if (body === undefined || body === null) return {};
  if (typeof body !== 'object' || Array.isArray(body)) throw refuse('The body must be a JSON object.');
  return body as Record<string, unknown>;
}

/**
 * The body limit of the bulk control routes only: a benchmark seeds tens of thousands of records a few
 * thousand per request (5,000 Partner Center referrals of ~3 KB each are ~15 MB), more than the API's own limit.
 */
export const bulkBodyLimit = 128 * 1024 * 1024;

/**
 * The list under `key` of a bulk control call's body (`{"records": [{…}, …]}`): an array of JSON objects, else
 * refused with `refuse(<what is wrong>)`.
 */
export function objectList(
  body: Record<string, unknown>,
  key: string,
  refuse: (message: string) => Error,
): Record<string, unknown>[] {
  const list = body[key];
  if (!Array.isArray(list)) throw refuse(`'${key}' must be an array of objects.`);
  list.forEach((item: unknown, index) => {
    if (typeof item !== 'object' || item === null || Array.isArray(item))
      throw refuse(`'${key}[${index}]' must be an object.`);
  });
  return list as Record<string, unknown>[];
}
