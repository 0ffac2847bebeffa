// What the console's buttons and the JSON API's POSTs do, once for both: resubmit (one run, or every
// failed run matching a filter), sync a record now, run the doctor again. Each checks the caller's role.
import type { FastifyRequest } from 'fastify';
import { resubmitRun, resubmitRuns, type Resubmitted } from '../engine/resubmit.js';
import { CosellError } from '../errors.js';
import { Permission, requirePermission } from './auth.js';
import type { DoctorReport } from './doctor.js';
import type { ConsoleRequestContext } from './index.js';

export interface ResubmitAnswer {
  readonly runId: number;
  readonly jobId: number;
  readonly coalesced: boolean;
}

function answer(r: Resubmitted): ResubmitAnswer {
  return { runId: r.runId, jobId: r.job.id, coalesced: r.coalesced };
}

export async function resubmitOne(
  ctx: ConsoleRequestContext,
  request: FastifyRequest,
  runId: number,
): Promise<ResubmitAnswer> {
  const identity = requirePermission(request, Permission.operate);
  const result = await resubmitRun(ctx.deps.db, runId, { now: ctx.now(), wake: ctx.deps.wake });
  ctx.deps.logger.info(
    { runId, jobId: result.job.id, user: identity.user.username },
    'run resubmitted from the console',
  );
  return answer(result);
}

export async function resubmitMatching(
  ctx: ConsoleRequestContext,
  request: FastifyRequest,
  filter: { flow?: string | undefined },
): Promise<ResubmitAnswer[]> {
  const identity = requirePermission(request, Permission.operate);
  const results = await resubmitRuns(
    ctx.deps.db,
    { flow: filter.flow },
    { now: ctx.now(), wake: ctx.deps.wake },
  );
  ctx.deps.logger.info(
    { flow: filter.flow, runs: results.length, user: identity.user.username },
    'failed runs resubmitted from the console',
  );
  return results.map(answer);
}

export async function syncRecordNow(
  ctx: ConsoleRequestContext,
  request: FastifyRequest,
  id: string,
): Promise<{ jobs: number }> {
  const identity = requirePermission(request, Permission.operate);
  if (ctx.deps.syncNow === undefined) throw new CosellError('AUTH_NOT_CONNECTED', { system: 'crm' });
  const jobs = await ctx.deps.syncNow(id);
  ctx.deps.logger.info({ id, jobs, user: identity.user.username }, 'record sync queued from the console');
  return { jobs };
}

export async function runDoctorAgain(
  ctx: ConsoleRequestContext,
  request: FastifyRequest,
): Promise<DoctorReport> {
  requirePermission(request, Permission.operate);
  if (ctx.deps.doctor === undefined) throw new CosellError('DOCTOR_UNAVAILABLE');
  return ctx.deps.doctor.run();
}
