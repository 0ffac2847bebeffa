// What every Web API request (/api/data/v9.x/…) goes through before its handler, in this order: the per-UTC-day
// call counter (every request counts, failed ones too, under the token's user or "(anonymous)"), injected
// latency, a dropped connection, injected faults (a gateway in front answers before Dataverse looks at the
// token), the token check (401 with Entra ID's `WWW-Authenticate` challenge) and the service protection limit
// (429 0x80072322 with Retry-After). A $batch is counted but not admitted: the requests inside it are, one by one.
import { setTimeout as sleep } from 'node:timers/promises';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { anonymousAccount } from '../../../partner-center/emulator/call-counter.js';
import type { DataverseContext } from './context.js';
import { DvHttpError } from './dv-errors.js';
import type { UserAccount } from './security.js';

const usersByRequest = new WeakMap<FastifyRequest, UserAccount>();
const numbersByRequest = new WeakMap<FastifyRequest, number>();

/** The number service protection gave the HTTP request (its $batch's inner requests are logged under it). */
export function httpRequestNumber(request: FastifyRequest): number {
  return numbersByRequest.get(request) ?? 0;
}

/** The user of a request that passed the gate. */
export function requestUser(request: FastifyRequest): UserAccount {
  const user = usersByRequest.get(request);
  if (!user) throw new Error('requestUser called outside the API gate');
  return user;
}

/**
 * Dataverse answers a missing, unknown or expired token with 401 and Entra ID's challenge; the emulator adds
 * the OData error body so a client that only reads bodies still learns why.
 */
function unauthorized(ctx: DataverseContext, reason: 'missing' | 'invalid' | 'expired'): DvHttpError {
  const description =
    reason === 'expired' ? 'The access token has expired.' : 'The access token is missing or invalid.';
  return new DvHttpError(401, 'invalid_token', description, {
    'WWW-Authenticate': `Bearer error="invalid_token", error_description="${description}", authorization_uri=${ctx.baseUrl()}/${ctx.settings.tenantId}/oauth2/authorize, resource_id=${ctx.baseUrl()}/`,
  });
}

export function apiGate(ctx: DataverseContext) {
  return async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
    const auth = ctx.auth.authenticate(request.headers.authorization);
    ctx.counter.record(auth.ok ? auth.user.username : anonymousAccount);
    const latency = ctx.faults.latencyMs();
    if (latency > 0) await sleep(latency);
    if (ctx.faults.drop()) {
      // No answer at all: the client sees its connection reset.
      reply.hijack();
      request.raw.socket.destroy();
      return;
    }
    const fault = ctx.faults.fault();
    if (fault) throw fault;
    if (!auth.ok) throw unauthorized(ctx, auth.reason);
    const path = request.url.split('?')[0] ?? '';
    const number = ctx.protection.nextHttpRequest();
    numbersByRequest.set(request, number);
    if (!path.endsWith('/$batch')) ctx.protection.admit(auth.user.id, number);
    usersByRequest.set(request, auth.user);
  };
}
