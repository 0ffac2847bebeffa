// The emulator's own control surface, /_emulator/* (JSON), so another process (`cosell emulate dynamics`, the
// demo, a benchmark) can drive it: change rows as a person in Dynamics 365's UI (one, or many in one request
// to seed a benchmark), approve or decline a device
// sign-in, issue and revoke tokens, set faults and the service protection limit, read the call counter, move
// the clock. Loopback tooling only: no authentication, not counted. A refused row change answers its Dataverse
// status with `{error: {code: 'emulatorControl', message, dataverse: {code, message}}}`.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { bulkBodyLimit, objectBody, objectList } from '../../../emulators/shared/http-server.js';
import { ControlError, DvHttpError } from './dv-errors.js';
import type { DynamicsEmulator } from './emulator.js';

type Req = FastifyRequest<{
  Params: { table: string; id: string; username: string };
  Querystring: { asUser?: string; day?: string };
}>;

const body = (request: FastifyRequest) =>
  objectBody(request.body, (message) => new ControlError(400, message));

/** Runs a handle call, turning Dataverse and range errors into control errors. */
function control<T>(fn: () => T): T {
  try {
    return fn();
  } catch (error) {
    if (error instanceof DvHttpError) throw new ControlError(error.status, `${error.code}: ${error.message}`);
    if (error instanceof RangeError) throw new ControlError(400, error.message);
    throw error;
  }
}

const asUser = (request: Req) => (request.query.asUser === undefined ? {} : { asUser: request.query.asUser });

function text(b: Record<string, unknown>, key: string): string {
  const value = b[key];
  if (typeof value !== 'string' || value === '') throw new ControlError(400, `'${key}' is required.`);
  return value;
}

export function registerControlRoutes(app: FastifyInstance, emulator: DynamicsEmulator): void {
  const base = '/_emulator';
  app.get(`${base}/health`, () => ({
    ok: true,
    url: emulator.url,
    apiUrl: emulator.apiUrl,
    tokenUrl: emulator.tokenUrl,
    organizationId: emulator.organizationId,
    publisherPrefix: emulator.publisherPrefix,
    now: emulator.now().toISOString(),
  }));
  app.get(`${base}/users`, () => emulator.users());
  app.get(`${base}/metadata`, () => emulator.metadataChanges());

  app.get(`${base}/rows/:table`, (request: Req) => control(() => emulator.rows(request.params.table)));
  app.get(`${base}/rows/:table/:id`, (request: Req) => {
    const row = control(() => emulator.getRow(request.params.table, request.params.id));
    if (!row) throw new ControlError(404, `No ${request.params.table} '${request.params.id}'.`);
    return row;
  });
  app.post(`${base}/rows/:table`, (request: Req, reply) => {
    const row = control(() => emulator.insertRow(request.params.table, body(request), asUser(request)));
    void reply.code(201).send(row);
  });
  app.post(`${base}/rows/:table/bulk`, { bodyLimit: bulkBodyLimit }, (request: Req, reply) => {
    const rows = objectList(body(request), 'rows', (message) => new ControlError(400, message));
    const ids = control(() => emulator.insertRows(request.params.table, rows, asUser(request)));
    void reply.code(201).send({ ids });
  });
  app.patch(`${base}/rows/:table/:id`, (request: Req) =>
    control(() =>
      emulator.updateRow(request.params.table, request.params.id, body(request), asUser(request)),
    ),
  );
  app.delete(`${base}/rows/:table/:id`, (request: Req, reply) => {
    control(() => emulator.deleteRow(request.params.table, request.params.id, asUser(request)));
    void reply.code(204).send();
  });

  app.post(`${base}/device/approve`, (request) => {
    const b = body(request);
    emulator.approveDeviceCode(text(b, 'userCode'), text(b, 'username'));
    return { approved: true };
  });
  app.post(`${base}/device/decline`, (request) => {
    emulator.declineDeviceCode(text(body(request), 'userCode'));
    return { declined: true };
  });
  app.post(`${base}/tokens`, (request) =>
    control(() => emulator.issueTokens(text(body(request), 'username'))),
  );
  app.post(`${base}/users/:username/revoke-tokens`, (request: Req) => ({
    revoked: control(() => emulator.revokeTokens(request.params.username)),
  }));

  app.get(`${base}/faults`, () => emulator.faults);
  app.put(`${base}/faults`, (request) => control(() => emulator.setFaults(body(request))));

  app.get(`${base}/counters`, (request: Req) => ({
    ...emulator.apiCalls(request.query.day),
    serviceProtection: emulator.serviceProtection,
  }));
  app.put(`${base}/limits`, (request) => {
    const b = body(request);
    const { requests, windowSeconds } = b;
    if (typeof requests !== 'number' || typeof windowSeconds !== 'number') {
      throw new ControlError(400, "'requests' and 'windowSeconds' must be numbers.");
    }
    control(() => emulator.setServiceProtection({ requests, windowSeconds }));
    return { serviceProtection: emulator.serviceProtection };
  });
  app.post(`${base}/limits/reset`, () => {
    emulator.resetServiceProtection();
    return { reset: true };
  });

  app.post(`${base}/clock/advance`, (request) => {
    const ms = body(request)['ms'];
    if (typeof ms !== 'number' || !(ms >= 0))
      throw new ControlError(400, "'ms' must be a non-negative number.");
    return { now: emulator.advanceClock(ms).toISOString() };
  });
}
