// What every REST API call (/services/data/vXX.X/…) goes through before its handler, in this order: the
// per-UTC-day call counter (every call counts, failed ones too, under the token's user or "(anonymous)"),
// the `Sforce-Limit-Info: api-usage=N/M` header, injected latency, injected faults, the session check (401
// INVALID_SESSION_ID) and the daily cap (403 REQUEST_LIMIT_EXCEEDED). Faults come first, as a gateway in
// front would answer: Salesforce does not throttle with 429/503 + Retry-After, so `throttle` answers 403
// REQUEST_LIMIT_EXCEEDED (the concurrent-request limit's words) without Retry-After, and `errorRate` answers
// 503 SERVER_UNAVAILABLE or 500 UNKNOWN_EXCEPTION, half each.
import { setTimeout as sleep } from 'node:timers/promises';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { anonymousAccount } from '../../../partner-center/emulator/call-counter.js';
import type { SalesforceContext } from './context.js';
import { sfError, SfErrorCode, type SfHttpError } from './sf-errors.js';
import type { UserAccount } from './users.js';

const usersByRequest = new WeakMap<FastifyRequest, UserAccount>();

/** The user of a request that passed the gate. */
export function requestUser(request: FastifyRequest): UserAccount {
  const user = usersByRequest.get(request);
  if (!user) throw new Error('requestUser called outside the API gate');
  return user;
}

export const sessionExpired = (): SfHttpError =>
  sfError(401, SfErrorCode.invalidSession, 'Session expired or invalid');

export function apiGate(ctx: SalesforceContext) {
  // ErrorIds only need to look like Salesforce's and differ per failure.
  let failures = 0;
  return async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
    const auth = ctx.auth.authenticate(request.headers.authorization);
    ctx.counter.record(auth.ok ? auth.user.username : anonymousAccount);
    const used = ctx.counter.count().total;
    const cap = ctx.dailyApiCap();
    void reply.header('Sforce-Limit-Info', `api-usage=${used}/${cap}`);

    const latency = ctx.faults.latencyMs();
    if (latency > 0) await sleep(latency);
    const fault = ctx.faults.apiFault();
    if (fault?.status === 429) {
      throw sfError(403, SfErrorCode.requestLimitExceeded, 'ConcurrentPerOrgLongTxn Limit exceeded.');
    }
    if (fault?.status === 503) {
      throw sfError(503, SfErrorCode.serverUnavailable, 'Server is unavailable. Please try again later.');
    }
    if (fault?.status === 500) {
      failures++;
      const errorId = `${String(1_180_000_000 + failures)}-${String(100_000 + failures)} (${String(-1_700_000_000 - failures)})`;
      throw sfError(
        500,
        SfErrorCode.unknownException,
        `An unexpected error occurred. Please include this ErrorId if you contact support: ${errorId}`,
      );
    }

    if (!auth.ok) throw sessionExpired();
    if (used > cap) throw sfError(403, SfErrorCode.requestLimitExceeded, 'TotalRequests Limit exceeded.');
    usersByRequest.set(request, auth.user);
  };
}
