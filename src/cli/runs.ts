// `cosell runs list|show|resubmit` (R1, R4): what ran, when, how it ended and why; failed runs queued again.
import { resubmitRun, resubmitRuns, type Resubmitted } from '../engine/resubmit.js';
import { CosellError, isCosellError } from '../errors.js';
import { describeError } from '../i18n/index.js';
import type { Queryable } from '../store/db.js';
import { getRun, listRuns, type Run, type RunStep } from '../store/runs.js';
import { RunStatus, RunTrigger, type CrmSystem } from '../store/schema.js';
import { choiceParser, dateParser, positiveParser } from './args.js';
import { callsText, durationMs, durationText, explain, isObject, storedCode, valueText } from './format.js';
import type { Output } from './output.js';
import { findRecord, runsAbout } from './record.js';
import { runCommand, withStore, type Cli } from './runtime.js';

const defaultLimit = 20;
/** How many failed runs `resubmit --failed` looks at to say which it left out, and why. */
const leftOutWindow = 1000;

interface ListOptions {
  status?: RunStatus;
  flow?: string;
  referral?: string;
  crmId?: string;
  since?: Date;
  limit?: number;
  json?: boolean;
}

interface ResubmitFlags {
  failed?: boolean;
  flow?: string;
  since?: Date;
  limit?: number;
}

export function registerRuns({ program, locale, tr }: Cli): void {
  const statuses = Object.values(RunStatus);
  const positive = positiveParser(tr);
  const runs = program.command('runs').description(tr('cli.cmd.runs'));
  runs
    .command('list')
    .description(tr('cli.cmd.runsList'))
    .option(
      '--status <status>',
      tr('cli.opt.status', { choices: statuses.join(', ') }),
      choiceParser(tr, statuses),
    )
    .option('--flow <flow>', tr('cli.opt.flow'))
    .option('--referral <id>', tr('cli.opt.referral'))
    .option('--crm-id <id>', tr('cli.opt.crmId'))
    .option('--since <date>', tr('cli.opt.since'), dateParser(tr))
    .option('--limit <n>', tr('cli.opt.limit'), positive)
    .option('--json', tr('cli.opt.json'))
    .action((options: ListOptions) =>
      runCommand(locale(), async (runtime) => {
        await withStore(runtime, (db) => list(db, runtime.out, runtime.config.crm, options));
      }),
    );
  runs
    .command('show')
    .description(tr('cli.cmd.runsShow'))
    .argument('<id>', tr('cli.arg.runId'), positive)
    .option('--json', tr('cli.opt.json'))
    .action((id: number, options: { json?: boolean }) =>
      runCommand(locale(), async (runtime) => {
        await withStore(runtime, async (db) => {
          const run = await getRun(db, id);
          if (run === undefined) throw new CosellError('RUN_NOT_FOUND', { id });
          if (options.json === true) runtime.out.json({ ...runJson(run), steps: run.steps.map(stepJson) });
          else show(runtime.out, run);
        });
      }),
    );
  runs
    .command('resubmit')
    .description(tr('cli.cmd.runsResubmit'))
    .argument('[ids...]', tr('cli.arg.runIds'), (value: string, previous: number[] = []) => [
      ...previous,
      positive(value),
    ])
    .option('--failed', tr('cli.opt.failed'))
    .option('--flow <flow>', tr('cli.opt.resubmitFlow'))
    .option('--since <date>', tr('cli.opt.resubmitSince'), dateParser(tr))
    .option('--limit <n>', tr('cli.opt.resubmitLimit'), positive)
    .action((ids: number[] | undefined, options: ResubmitFlags) =>
      runCommand(locale(), async (runtime) => {
        const { out } = runtime;
        const named = ids ?? [];
        const filtered =
          options.flow !== undefined || options.since !== undefined || options.limit !== undefined;
        if (options.failed === true ? named.length > 0 : named.length === 0 || filtered) {
          throw new CosellError('REQUEST_INVALID', { reason: out.text('cli.runs.resubmitUsage') });
        }
        await withStore(runtime, async (db) => {
          if (options.failed === true) await resubmitFailed(db, out, options);
          else await resubmitNamed(db, out, named);
        });
      }),
    );
}

async function list(db: Queryable, out: Output, crm: CrmSystem, options: ListOptions): Promise<void> {
  const records = [
    ...(options.referral !== undefined ? [await findRecord(db, crm, { referralId: options.referral })] : []),
    ...(options.crmId !== undefined ? [await findRecord(db, crm, { crmRecordId: options.crmId })] : []),
  ];
  const limit = options.limit ?? defaultLimit;
  const rows = await listRuns(db, {
    status: options.status,
    flow: options.flow,
    record: records.length > 0 ? runsAbout(records) : undefined,
    since: options.since,
    // One more than shown tells whether there are more.
    limit: limit + 1,
  });
  const more = rows.length > limit;
  const shown = rows.slice(0, limit);
  if (options.json === true) {
    out.json(shown.map(runJson));
    return;
  }
  if (shown.length === 0) {
    out.say('cli.runs.none');
    return;
  }
  for (const run of shown) {
    const code = storedCode(run.error);
    out.say('cli.runs.row', {
      id: run.id,
      startedAt: run.startedAt.toISOString(),
      flow: run.flow,
      trigger: triggerText(out, run.trigger),
      outcome: out.text(`runs.status.${run.status}`),
      duration: durationText(out, durationMs(run.startedAt, run.finishedAt)),
      calls: callsText(out, run.apiCalls, run.callsBySystem),
      subject: run.subject !== null ? out.text('cli.runs.rowSubject', { subject: run.subject }) : '',
      error:
        code === undefined
          ? ''
          : out.text(run.status === RunStatus.failed ? 'cli.runs.rowError' : 'cli.runs.rowReason', {
              code: code.code,
            }),
    });
  }
  if (more) out.say('cli.runs.more', { limit });
}

function show(out: Output, run: Run & { steps: RunStep[] }): void {
  out.say('cli.runs.show.title', {
    id: run.id,
    flow: run.flow,
    trigger: triggerText(out, run.trigger),
    outcome: out.text(`runs.status.${run.status}`),
  });
  const startedAt = run.startedAt.toISOString();
  if (run.finishedAt === null) out.say('cli.runs.show.unfinished', { startedAt });
  else
    out.say('cli.runs.show.finished', {
      startedAt,
      finishedAt: run.finishedAt.toISOString(),
      duration: durationText(out, durationMs(run.startedAt, run.finishedAt)),
    });
  if (run.subject !== null) out.say('cli.runs.show.subject', { subject: run.subject });
  if (run.correlationId !== null) out.say('cli.runs.show.correlation', { id: run.correlationId });
  out.say('cli.runs.show.calls', {
    calls: callsText(out, run.apiCalls, run.callsBySystem),
    total: run.apiCalls,
  });

  out.say(run.steps.length > 0 ? 'cli.runs.show.steps' : 'cli.runs.show.noSteps');
  for (const step of run.steps) {
    out.say('cli.runs.show.step', {
      seq: step.seq,
      name: step.name,
      outcome: out.text(`runs.status.${step.status}`),
      duration: durationText(out, durationMs(step.startedAt, step.finishedAt)),
      calls: callsText(out, step.apiCalls, step.callsBySystem),
    });
    const { skipped, ...detail } = isObject(step.detail) ? step.detail : {};
    if (Object.keys(detail).length > 0) out.say('cli.runs.show.detail', { detail: valueText(out, detail) });
    if (typeof skipped === 'string') {
      const reason = explain(out, { code: skipped, params: {} }, 'reason');
      out.say('cli.runs.show.stepReason', { code: reason.code, text: reason.text ?? '' });
    }
    const error = storedCode(step.error);
    if (error !== undefined) {
      out.say('cli.runs.show.stepError', { code: error.code, message: explain(out, error).text ?? '' });
    }
  }

  const code = storedCode(run.error);
  if (code === undefined) return;
  if (run.status === RunStatus.skipped) {
    const reason = explain(out, code, 'reason');
    out.say('cli.runs.show.reason', { code: reason.code, text: reason.text ?? '' });
    return;
  }
  const error = explain(out, code);
  out.say('cli.error', { code: error.code, message: error.text ?? '' });
  if (error.fix !== undefined) out.say('cli.fix', { fix: error.fix });
  if (code.until !== undefined) out.say('cli.runs.show.deferredUntil', { until: code.until });
  if (run.status === RunStatus.failed && run.jobKind !== null) {
    out.say('cli.runs.show.resubmitHint', { id: run.id });
  }
}

/** Each named run: queued again, or refused with its coded reason (and a failing exit code). */
async function resubmitNamed(db: Queryable, out: Output, ids: readonly number[]): Promise<void> {
  for (const id of ids) {
    try {
      reportResubmitted(out, await resubmitRun(db, id, { now: new Date() }));
    } catch (error) {
      if (!isCosellError(error)) throw error;
      process.exitCode = out.fail(error);
    }
  }
}

/** The newest failed run of each record matching the filter; then the matching runs left out, and why. */
async function resubmitFailed(db: Queryable, out: Output, options: ResubmitFlags): Promise<void> {
  const filter = { flow: options.flow, since: options.since };
  const matched = await listRuns(db, { ...filter, status: RunStatus.failed, limit: leftOutWindow });
  const results = await resubmitRuns(db, { ...filter, limit: options.limit }, { now: new Date() });
  if (results.length === 0) {
    out.say('cli.runs.resubmitNone');
    return;
  }
  for (const result of results) reportResubmitted(out, result);

  const done = new Set(results.map((r) => r.runId));
  const newest = new Map(results.map((r) => [laneOf(r.job.kind, r.job.laneKey), r.runId]));
  let leftOut = 0;
  for (const run of matched) {
    if (done.has(run.id)) continue;
    if (run.jobKind === null || run.jobLaneKey === null) {
      const refusal = new CosellError('RUN_NOT_RESUBMITTABLE', { id: run.id });
      out.say('cli.runs.leftOut', { message: describeError(out.locale, refusal).message });
      leftOut++;
      continue;
    }
    const newer = newest.get(laneOf(run.jobKind, run.jobLaneKey));
    // A record beyond --limit is not reported: the limit left it out, as asked.
    if (newer === undefined) continue;
    out.say('cli.runs.superseded', { run: run.id, newer });
    leftOut++;
  }
  const waiting = results.filter((r) => r.coalesced).length;
  out.say('cli.runs.resubmitSummary', { queued: results.length - waiting, waiting, leftOut });
}

function reportResubmitted(out: Output, result: Resubmitted): void {
  out.say(result.coalesced ? 'cli.runs.resubmitWaiting' : 'cli.runs.resubmitted', {
    run: result.runId,
    job: result.job.id,
  });
}

function laneOf(kind: string, laneKey: string): string {
  return JSON.stringify([kind, laneKey]);
}

function triggerText(out: Output, trigger: string): string {
  const known = Object.values(RunTrigger).find((t) => t === trigger);
  return known !== undefined ? out.text(`runs.trigger.${known}`) : trigger;
}

function runJson(run: Run) {
  return { ...run, durationMs: durationMs(run.startedAt, run.finishedAt) ?? null };
}

function stepJson(step: RunStep) {
  return { ...step, durationMs: durationMs(step.startedAt, step.finishedAt) ?? null };
}
