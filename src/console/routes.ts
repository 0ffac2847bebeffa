// The console's pages and the form posts behind their buttons. A post answers with a redirect (303) to a
// page, so the browser's back button and a reload never repeat it.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { CosellError } from '../errors.js';
import { flowDefinitions } from '../flows/registry.js';
import { AuditAction, AuditDirection, RunStatus, type RunStatus as RunStatusType } from '../store/schema.js';
import { resubmitMatching, resubmitOne, runDoctorAgain, syncRecordNow } from './actions.js';
import { can, Permission, requireIdentity } from './auth.js';
import {
  decodeCursor,
  readOverview,
  readRecord,
  readRecords,
  readRun,
  readRuns,
  readSettings,
} from './data.js';
import { safeBack, type ConsoleRequestContext } from './index.js';
import { consoleBase, type PageContext } from './layout.js';
import {
  doctorPage,
  overviewPage,
  recordPage,
  recordsPage,
  runPage,
  runsPage,
  settingsPage,
} from './pages.js';

const pageSize = 50;

const text = z
  .string()
  .trim()
  .max(200)
  .optional()
  .transform((v) => (v === '' ? undefined : v));
export const recordQuerySchema = z.object({
  outcome: z
    .enum([
      AuditAction.failed,
      AuditAction.skipped,
      AuditAction.deferred,
      AuditAction.created,
      AuditAction.updated,
      AuditAction.received,
    ])
    .or(z.literal(''))
    .optional()
    .transform((v) => (v === '' ? undefined : v)),
  direction: z
    .enum([AuditDirection.toCrm, AuditDirection.toPartnerCenter])
    .or(z.literal(''))
    .optional()
    .transform((v) => (v === '' ? undefined : v)),
  status: z
    .enum(['pending', 'active', 'won', 'lost'])
    .or(z.literal(''))
    .optional()
    .transform((v) => (v === '' ? undefined : v)),
  q: text,
  after: text,
  limit: z.coerce.number().int().min(1).max(500).optional(),
});

export const runQuerySchema = z.object({
  status: z
    .enum(Object.values(RunStatus) as [RunStatusType, ...RunStatusType[]])
    .or(z.literal(''))
    .optional()
    .transform((v) => (v === '' ? undefined : v)),
  flow: text,
  before: z.coerce.number().int().positive().optional(),
  limit: z.coerce.number().int().min(1).max(500).optional(),
});

export function parseQuery<T extends z.ZodType>(schema: T, value: unknown): z.output<T> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new CosellError('REQUEST_INVALID', { reason: z.prettifyError(parsed.error) });
  return parsed.data;
}

const idParam = z.object({ id: z.coerce.number().int().positive() });
const keyParam = z.object({ key: z.string().min(1).max(300) });
const backBody = z.object({ back: z.string().optional(), flow: z.string().optional() }).loose();

function pageContext(ctx: ConsoleRequestContext, request: FastifyRequest): PageContext {
  const identity = requireIdentity(request);
  return {
    fmt: ctx.fmt(request),
    user: identity.user,
    csrfToken: identity.csrfToken,
    here: request.url,
    canOperate: can(identity.user, Permission.operate),
  };
}

const htmlType = 'text/html; charset=utf-8';

export function registerPages(app: FastifyInstance, ctx: ConsoleRequestContext): void {
  const { db, config } = ctx.deps;

  app.get(consoleBase, async (request, reply) => {
    const overview = await readOverview(db, config, ctx.now());
    return reply.type(htmlType).send(overviewPage(pageContext(ctx, request), overview).text);
  });

  app.get(`${consoleBase}/records`, async (request, reply) => {
    const q = parseQuery(recordQuerySchema, request.query);
    const result = await readRecords(db, {
      outcomes: q.outcome !== undefined ? [q.outcome] : undefined,
      direction: q.direction,
      status: q.status,
      text: q.q,
      after: decodeCursor(q.after),
      limit: q.limit ?? pageSize,
    });
    return reply
      .type(htmlType)
      .send(
        recordsPage(
          pageContext(ctx, request),
          result,
          { outcome: q.outcome, direction: q.direction, status: q.status, q: q.q },
          config.crm,
        ).text,
      );
  });

  app.get(`${consoleBase}/records/:key`, async (request, reply) => {
    const { key } = parseQuery(keyParam, request.params);
    const record = await readRecord(db, config, key);
    if (record === undefined) throw new CosellError('NOT_FOUND', { what: `record ${key}` });
    return reply.type(htmlType).send(recordPage(pageContext(ctx, request), record).text);
  });

  app.post(`${consoleBase}/records/:key/sync`, async (request, reply) => {
    const { key } = parseQuery(keyParam, request.params);
    await syncRecordNow(ctx, request, key);
    return reply.redirect(`${consoleBase}/records/${encodeURIComponent(key)}`, 303);
  });

  app.get(`${consoleBase}/runs`, async (request, reply) => {
    const q = parseQuery(runQuerySchema, request.query);
    const result = await readRuns(db, {
      status: q.status,
      flow: q.flow,
      beforeId: q.before,
      limit: q.limit ?? pageSize,
    });
    const flows = flowDefinitions.map((f) => f.name as string);
    return reply
      .type(htmlType)
      .send(runsPage(pageContext(ctx, request), result, { status: q.status, flow: q.flow }, flows).text);
  });

  app.get(`${consoleBase}/runs/:id`, async (request, reply) => {
    const { id } = parseQuery(idParam, request.params);
    const run = await readRun(db, id);
    if (run === undefined) throw new CosellError('RUN_NOT_FOUND', { id });
    return reply.type(htmlType).send(runPage(pageContext(ctx, request), run).text);
  });

  app.post(`${consoleBase}/runs/:id/resubmit`, async (request, reply) => {
    const { id } = parseQuery(idParam, request.params);
    const body = parseQuery(backBody, request.body ?? {});
    await resubmitOne(ctx, request, id);
    return reply.redirect(body.back !== undefined ? safeBack(body.back) : `${consoleBase}/runs/${id}`, 303);
  });

  app.post(`${consoleBase}/runs/resubmit`, async (request, reply) => {
    const body = parseQuery(backBody, request.body ?? {});
    const flow = body.flow !== undefined && body.flow !== '' ? body.flow : undefined;
    await resubmitMatching(ctx, request, { flow });
    return reply.redirect(
      `${consoleBase}/runs${flow !== undefined ? `?flow=${encodeURIComponent(flow)}` : ''}`,
      303,
    );
  });

  app.get(`${consoleBase}/doctor`, async (request, reply) => {
    const doctor = ctx.deps.doctor;
    const latest = doctor !== undefined ? await doctor.latest() : undefined;
    return reply
      .type(htmlType)
      .send(doctorPage(pageContext(ctx, request), doctor !== undefined, latest).text);
  });

  app.post(`${consoleBase}/doctor/run`, async (request, reply) => {
    await runDoctorAgain(ctx, request);
    return reply.redirect(`${consoleBase}/doctor`, 303);
  });

  app.get(`${consoleBase}/settings`, (request, reply) =>
    reply.type(htmlType).send(settingsPage(pageContext(ctx, request), readSettings(config)).text),
  );
}
