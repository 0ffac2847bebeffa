// What every Partner Center API call goes through before its handler, in this order: response headers
// (request-id, client-request-id echo, timestamp; headers.md), the per-day call counter (every call counts,
// failed ones too), injected latency, injected throttling/errors, then authentication (401 unauthenticated)
// and the role check (403 accessDenied naming the missing role and the identity). Faults come before
// authentication so that a throttled client sees 429 whatever its token, as a gateway in front would answer.
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { UserRecord } from './users.js';
import { anonymousAccount } from './call-counter.js';
import type { EmulatorContext } from './context.js';
import { PcErrorCode, PcHttpError } from './pc-errors.js';

const usersByRequest = new WeakMap<FastifyRequest, UserRecord>();

/** The signed-in user of a request that passed the gate. */
export function requestUser(request: FastifyRequest): UserRecord {
  const user = usersByRequest.get(request);
  if (!user) throw new Error('requestUser called outside the API gate');
  return user;
}

export function apiGate(ctx: EmulatorContext, audience: string) {
  return async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
    reply.header('request-id', randomUUID());
    const clientRequestId = request.headers['client-request-id'];
    if (typeof clientRequestId === 'string') reply.header('client-request-id', clientRequestId);
    const correlationId = request.headers['ms-correlationid'];
    if (typeof correlationId === 'string') reply.header('ms-correlationid', correlationId);
    reply.header('timestamp', ctx.clock.now().toISOString());
    reply.header(
      'x-ms-ags-diagnostic',
      JSON.stringify({
        ServerInfo: {
          DataCenter: 'Emulator',
          Slice: 'E',
          Ring: '0',
          ScaleUnit: '000',
          RoleInstance: 'pc-emulator',
        },
      }),
    );

    const auth = ctx.auth.authenticate(request.headers.authorization);
    ctx.counter.record(auth.ok ? auth.user.username : anonymousAccount);

    const latency = ctx.faults.latencyMs();
    if (latency > 0) await sleep(latency);
    const fault = ctx.faults.apiFault();
    if (fault?.status === 429) {
      throw new PcHttpError(
        429,
        PcErrorCode.serviceNotAvailable,
        'Too many requests. Retry after the time given in Retry-After.',
        undefined,
        {
          'retry-after': String(fault.retryAfterSeconds),
        },
      );
    }
    if (fault?.status === 503) {
      throw new PcHttpError(
        503,
        PcErrorCode.serviceNotAvailable,
        'The service is temporarily unavailable. Retry later.',
        undefined,
        {
          'retry-after': String(fault.retryAfterSeconds),
        },
      );
    }
    if (fault?.status === 500) {
      throw new PcHttpError(
        500,
        PcErrorCode.generalException,
        'An unexpected error occurred. The request may be retried.',
      );
    }

    const challenge = {
      'www-authenticate': `Bearer authorization_uri="${ctx.baseUrl()}/${ctx.settings.tenantId}/oauth2/v2.0/authorize", error="invalid_token"`,
    };
    if (!auth.ok) {
      const message = {
        missing: 'The request has no bearer access token.',
        unknown: 'The access token is not valid.',
        expired: 'The access token has expired. Acquire a new one with the refresh token.',
      }[auth.reason];
      throw new PcHttpError(401, PcErrorCode.unauthenticated, message, undefined, challenge);
    }
    if (ctx.settings.enforceAudience && auth.audience !== audience) {
      throw new PcHttpError(
        401,
        PcErrorCode.unauthenticated,
        `The access token is for '${auth.audience}', but this API needs a token for '${audience}'.`,
        undefined,
        challenge,
      );
    }
    const held = new Set(auth.user.roles.map((r) => r.toLowerCase()));
    if (!ctx.settings.requiredRoles.some((r) => held.has(r.toLowerCase()))) {
      const roles = auth.user.roles.length > 0 ? auth.user.roles.join(', ') : 'no Partner Center role';
      throw new PcHttpError(
        403,
        PcErrorCode.accessDenied,
        `The user '${auth.user.username}' (${roles}) lacks the '${ctx.settings.requiredRoles.join("' or '")}' role required for the referrals and webhook APIs.`,
      );
    }
    usersByRequest.set(request, auth.user);
    ctx.store.expireStale();
  };
}
