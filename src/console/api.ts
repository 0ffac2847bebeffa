// The JSON API under /api/v1: what the console's pages show, as data, for scripts and for the page script
// (GET /api/v1/events, server-sent events while sync runs). Authenticated by the session cookie (with the
// CSRF token on every POST) or by an API token (`Authorization: Bearer ...`, made with `cosell users token`).
import type { FastifyInstance } from 'fastify';
import { CosellError } from '../errors.js';
import { resubmitMatching, resubmitOne, runDoctorAgain, syncRecordNow } from './actions.js';
import { requireIdentity } from './auth.js';
import {
  decodeCursor,
  liveState,
  readOverview,
  readRecord,
  readRecords,
  readRun,
  readRuns,
  readSettings,
} from './data.js';
import type { ConsoleRequestContext } from './index.js';
import { parseQuery, recordQuerySchema, runQuerySchema } from './routes.js';
import { z } from 'zod';

const api = '/api/v1';
const idParam = z.object({ id: z.coerce.number().int().positive() });
const keyParam = z.object({ key: z.string().min(1).max(300) });
const bulkBody = z.object({ flow: z.string().min(1).optional() }).loose();

export function registerApi(app: FastifyInstance, ctx: ConsoleRequestContext): void {
  const { db, config } = ctx.deps;
  const streams = new Set<() => void>();
  // Open event streams would hold the server's close() open: end them first.
  app.addHook('preClose', (done) => {
    for (const end of streams) end();
    done();
  });

  app.get(`${api}/me`, (request) => {
    const { user, via } = requireIdentity(request);
    return { username: user.username, role: user.role, via };
  });

  app.get(`${api}/overview`, () => readOverview(db, config, ctx.now()));

  app.get(`${api}/records`, async (request) => {
    const q = parseQuery(recordQuerySchema, request.query);
    return readRecords(db, {
      outcomes: q.outcome !== undefined ? [q.outcome] : undefined,
      direction: q.direction,
      status: q.status,
      text: q.q,
      after: decodeCursor(q.after),
      limit: q.limit ?? 50,
    });
  });

  app.get(`${api}/records/:key`, async (request) => {
    const { key } = parseQuery(keyParam, request.params);
    const record = await readRecord(db, config, key);
    if (record === undefined) throw new CosellError('NOT_FOUND', { what: `record ${key}` });
    return record;
  });

  app.post(`${api}/records/:key/sync`, async (request, reply) => {
    const { key } = parseQuery(keyParam, request.params);
    return reply.code(202).send(await syncRecordNow(ctx, request, key));
  });

  app.get(`${api}/runs`, async (request) => {
    const q = parseQuery(runQuerySchema, request.query);
    return readRuns(db, { status: q.status, flow: q.flow, beforeId: q.before, limit: q.limit ?? 50 });
  });

  app.get(`${api}/runs/:id`, async (request) => {
    const { id } = parseQuery(idParam, request.params);
    const run = await readRun(db, id);
    if (run === undefined) throw new CosellError('RUN_NOT_FOUND', { id });
    return run;
  });

  app.post(`${api}/runs/:id/resubmit`, async (request, reply) => {
    const { id } = parseQuery(idParam, request.params);
    return reply.code(202).send(await resubmitOne(ctx, request, id));
  });

  app.post(`${api}/runs/resubmit`, async (request, reply) => {
    const body = parseQuery(bulkBody, request.body ?? {});
    return reply.code(202).send({ resubmitted: await resubmitMatching(ctx, request, { flow: body.flow }) });
  });

  app.get(`${api}/doctor`, async () => {
    const doctor = ctx.deps.doctor;
    return {
      available: doctor !== undefined,
      latest: doctor !== undefined ? ((await doctor.latest()) ?? null) : null,
    };
  });

  app.post(`${api}/doctor/run`, async (request) => runDoctorAgain(ctx, request));

  app.get(`${api}/settings`, () => readSettings(config));

  // Server-sent events: `sync` whenever a run was written or work was queued or taken (checked every second).
  app.get(`${api}/events`, (request, reply) => {
    requireIdentity(request);
    reply.hijack();
    const raw = reply.raw;
    raw.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      connection: 'keep-alive',
      'x-content-type-options': 'nosniff',
    });
    raw.write('retry: 2000\n\n');
    let last = '';
    let busy = false;
    const tick = async () => {
      if (busy) return;
      busy = true;
      try {
        const state = await liveState(db);
        const text = JSON.stringify(state);
        if (text !== last) {
          last = text;
          raw.write(`event: sync\ndata: ${text}\n\n`);
        }
      } catch (error) {
        ctx.deps.logger.debug({ err: error }, 'live update failed');
      } finally {
        busy = false;
      }
    };
    const timer = setInterval(() => void tick(), ctx.deps.liveEveryMs ?? 1_000);
    const end = () => {
      clearInterval(timer);
      streams.delete(end);
      raw.end();
    };
    streams.add(end);
    request.raw.on('close', end);
    void tick();
  });
}
