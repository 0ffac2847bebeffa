// The emulator's own control surface, /_emulator/* (JSON), so another process (`cosell emulate salesforce`,
// the demo, a benchmark) can drive it: change records as a person in Salesforce's UI (one, or many in one
// request to seed a benchmark), approve or deny a
// device sign-in, issue and revoke tokens, set faults and the daily cap, read the call counter, move the clock. Loopback tooling only: no
// authentication, not counted as API calls. A refused record change answers its status with
// `{error: {code: 'emulatorControl', message, errors}}`, `errors` being Salesforce's error array.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { bulkBodyLimit, objectBody, objectList } from '../../../emulators/shared/http-server.js';
import type { SalesforceEmulator } from './emulator.js';
import { ControlError, SfHttpError } from './sf-errors.js';

type Body = Record<string, unknown>;
type Req = FastifyRequest<{
  Params: { object: string; id: string; username: string };
  Querystring: { asUser?: string; includeDeleted?: string; day?: string };
}>;

const body = (request: FastifyRequest): Body =>
  objectBody(request.body, (message) => new ControlError(400, message));

/** Runs a handle call, turning Salesforce and range errors into control errors. */
function control<T>(fn: () => T): T {
  try {
    return fn();
  } catch (error) {
    if (error instanceof SfHttpError) throw new ControlError(error.status, error.message, error.errors);
    if (error instanceof RangeError) throw new ControlError(400, error.message);
    throw error;
  }
}

const asUser = (request: Req) => (request.query.asUser === undefined ? {} : { asUser: request.query.asUser });

export function registerControlRoutes(app: FastifyInstance, emulator: SalesforceEmulator): void {
  const base = '/_emulator';

  app.get(`${base}/health`, () => ({
    ok: true,
    url: emulator.url,
    orgId: emulator.orgId,
    now: emulator.now().toISOString(),
  }));
  app.get(`${base}/users`, () => emulator.users());

  app.get(`${base}/records/:object`, (request: Req) =>
    control(() =>
      emulator.records(request.params.object, { includeDeleted: request.query.includeDeleted === 'true' }),
    ),
  );
  app.get(`${base}/records/:object/:id`, (request: Req) => {
    const record = control(() => emulator.getRecord(request.params.object, request.params.id));
    if (!record) throw new ControlError(404, `No ${request.params.object} '${request.params.id}'.`);
    return record;
  });
  app.post(`${base}/records/:object`, (request: Req, reply) => {
    const record = control(() =>
      emulator.insertRecord(request.params.object, body(request), asUser(request)),
    );
    void reply.code(201).send(record);
  });
  app.post(`${base}/records/:object/bulk`, { bodyLimit: bulkBodyLimit }, (request: Req, reply) => {
    const records = objectList(body(request), 'records', (message) => new ControlError(400, message));
    const ids = control(() => emulator.insertRecords(request.params.object, records, asUser(request)));
    void reply.code(201).send({ ids });
  });
  app.patch(`${base}/records/:object/:id`, (request: Req) =>
    control(() =>
      emulator.updateRecord(request.params.object, request.params.id, body(request), asUser(request)),
    ),
  );
  app.delete(`${base}/records/:object/:id`, (request: Req, reply) => {
    control(() => emulator.deleteRecord(request.params.object, request.params.id, asUser(request)));
    void reply.code(204).send();
  });

  const text = (b: Body, key: string): string => {
    const value = b[key];
    if (typeof value !== 'string' || value === '') throw new ControlError(400, `'${key}' is required.`);
    return value;
  };
  app.post(`${base}/device/approve`, (request) => {
    const b = body(request);
    emulator.approveDeviceCode(text(b, 'userCode'), text(b, 'username'));
    return { approved: true };
  });
  app.post(`${base}/device/deny`, (request) => {
    emulator.denyDeviceCode(text(body(request), 'userCode'));
    return { denied: true };
  });

  app.post(`${base}/tokens`, (request) => {
    const username = body(request)['username'];
    if (typeof username !== 'string' || username === '')
      throw new ControlError(400, "'username' is required.");
    return emulator.issueTokens(username);
  });
  app.post(`${base}/users/:username/revoke-tokens`, (request: Req) => ({
    revoked: emulator.revokeTokens(request.params.username),
  }));

  app.get(`${base}/faults`, () => emulator.faults);
  app.put(`${base}/faults`, (request) => control(() => emulator.setFaults(body(request))));

  app.get(`${base}/counters`, (request: Req) => ({
    ...emulator.apiCalls(request.query.day),
    cap: emulator.dailyApiCap,
  }));
  app.put(`${base}/limits`, (request) => {
    const cap = body(request)['dailyApiCap'];
    if (typeof cap !== 'number') throw new ControlError(400, "'dailyApiCap' must be a number.");
    control(() => emulator.setDailyApiCap(cap));
    return { dailyApiCap: emulator.dailyApiCap };
  });

  app.post(`${base}/clock/advance`, (request) => {
    const ms = body(request)['ms'];
    if (typeof ms !== 'number' || !(ms >= 0))
      throw new ControlError(400, "'ms' must be a non-negative number.");
    return { now: emulator.advanceClock(ms).toISOString() };
  });
}
