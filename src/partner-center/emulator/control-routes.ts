// The emulator's own control surface, /_emulator/* (JSON), so another process (`cosell emulate partner-center`,
// the demo, a benchmark) can drive it: approve device codes, create and change referrals as Partner Center's
// UI would, set faults, read counters and the delivery log. Loopback tooling only: no authentication, and
// these calls are not counted as API calls.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { bulkBodyLimit, objectBody, objectList } from '../../emulators/shared/http-server.js';
import type { PartnerCenterEmulator } from './emulator.js';
import { ControlError } from './pc-errors.js';
import type { ReferralInput } from './referral-model.js';

type Body = Record<string, unknown>;

const body = (request: FastifyRequest): Body =>
  objectBody(request.body, (message) => new ControlError(400, message));

function text(b: Body, name: string): string {
  const value = b[name];
  if (typeof value !== 'string' || value === '') throw new ControlError(400, `'${name}' is required.`);
  return value;
}

/** Who creates a referral "in the UI": `as` of the body, the partner when absent. */
function owner(b: Body): 'partner' | 'microsoft' | undefined {
  const as = b['as'];
  if (as !== undefined && as !== 'partner' && as !== 'microsoft')
    throw new ControlError(400, "'as' must be 'partner' or 'microsoft'.");
  return as;
}

export function registerControlRoutes(app: FastifyInstance, emulator: PartnerCenterEmulator): void {
  const base = '/_emulator';
  type Id = FastifyRequest<{ Params: { id: string } }>;

  app.get(`${base}/health`, () => ({ ok: true, url: emulator.url, now: emulator.now().toISOString() }));

  app.get(`${base}/referrals`, () => emulator.listReferrals());
  app.get(`${base}/referrals/:id`, (request: Id) => {
    const referral = emulator.getReferral(request.params.id);
    if (!referral) throw new ControlError(404, `No referral '${request.params.id}'.`);
    return referral;
  });
  app.post(`${base}/referrals`, (request, reply) => {
    const b = body(request);
    const as = owner(b);
    const referral = (b['referral'] ?? {}) as ReferralInput;
    void reply.code(201).send(emulator.createReferral(referral, as === undefined ? {} : { as }));
  });
  app.post(`${base}/referrals/bulk`, { bodyLimit: bulkBodyLimit }, (request, reply) => {
    const b = body(request);
    const as = owner(b);
    const referrals = objectList(b, 'referrals', (message) => new ControlError(400, message));
    const ids = emulator.createReferrals(referrals, as === undefined ? {} : { as });
    void reply.code(201).send({ ids });
  });
  app.patch(`${base}/referrals/:id`, (request: Id) =>
    emulator.updateReferral(request.params.id, body(request) as ReferralInput),
  );

  app.post(`${base}/device/approve`, (request) => {
    const b = body(request);
    emulator.approveDeviceCode(text(b, 'userCode'), text(b, 'username'));
    return { approved: true };
  });
  app.post(`${base}/device/decline`, (request) => {
    emulator.declineDeviceCode(text(body(request), 'userCode'));
    return { declined: true };
  });
  app.post(`${base}/tokens`, (request) => {
    const b = body(request);
    const options: { resource?: string; scope?: string; clientId?: string } = {};
    for (const key of ['resource', 'scope', 'clientId'] as const)
      if (typeof b[key] === 'string') options[key] = b[key];
    return emulator.issueTokens(text(b, 'username'), options);
  });
  app.post(`${base}/users/:id/revoke-refresh-tokens`, (request: Id) => ({
    revoked: emulator.revokeRefreshTokens(request.params.id),
  }));

  app.get(`${base}/faults`, () => emulator.faults);
  app.put(`${base}/faults`, (request) => {
    try {
      return emulator.setFaults(body(request));
    } catch (error) {
      if (error instanceof RangeError) throw new ControlError(400, error.message);
      throw error;
    }
  });

  app.get(`${base}/counters`, (request: FastifyRequest<{ Querystring: { day?: string } }>) =>
    emulator.callCount(request.query.day),
  );
  app.get(`${base}/deliveries`, () => ({
    deliveries: emulator.deliveries,
    offline: emulator.offlineEvents,
    dropped: emulator.droppedEvents,
  }));
  app.post(
    `${base}/deliveries/wait-idle`,
    async (request: FastifyRequest<{ Querystring: { timeoutMs?: string } }>) => {
      const timeout = request.query.timeoutMs === undefined ? undefined : Number(request.query.timeoutMs);
      try {
        await emulator.waitForDeliveriesIdle(timeout);
      } catch (error) {
        throw new ControlError(504, error instanceof Error ? error.message : String(error));
      }
      return { idle: true };
    },
  );
  app.get(`${base}/webhooks`, () => emulator.webhookRoutes());

  app.post(`${base}/clock/advance`, (request) => {
    const ms = body(request)['ms'];
    if (typeof ms !== 'number' || !(ms >= 0))
      throw new ControlError(400, "'ms' must be a non-negative number.");
    return { now: emulator.advanceClock(ms).toISOString() };
  });
}
