// Runs the registry's checks in order and gathers one serialisable report. It never throws: a check that
// throws is a failure carrying its coded error (its message and fix from the catalogue), a check that takes
// longer than its time limit is a failure that says so, and a check whose system is not connected is skipped
// with that reason (the connection checks themselves say it as a failure).
import { CosellError, isCosellError, messageKey } from '../errors.js';
import { openCrm } from '../crm/index.js';
import { redactSecrets } from '../logger.js';
import { openPartnerCenter } from '../partner-center/connection.js';
import { doctorChecks } from './registry.js';
import {
  CheckStatus,
  type CheckOutcome,
  type CheckResult,
  type DoctorCheck,
  type DoctorContext,
  type DoctorDeps,
  type DoctorOptions,
  type DoctorReport,
  type DoctorSettings,
} from './types.js';

export const defaultDoctorOptions: DoctorSettings = {
  sampleSize: 5,
  checkTimeoutMs: 60_000,
  webhookTimeoutMs: 30_000,
  webhookPollMs: 500,
  scanLimit: 10_000,
  pageSize: 200,
  minFreeBytes: 1024 ** 3,
};

export function createDoctorContext(deps: DoctorDeps, options: DoctorOptions = {}): DoctorContext {
  const { only: _only, ...given } = options;
  const merged: DoctorSettings = { ...defaultDoctorOptions, ...withoutUndefined(given) };
  const shared = new Map<string, Promise<unknown>>();
  const once = <T>(key: string, read: () => Promise<T>): Promise<T> => {
    let found = shared.get(key) as Promise<T> | undefined;
    if (found === undefined) {
      found = read();
      // Whoever awaits it sees the error; an unawaited rejection must not crash the process.
      found.catch(() => undefined);
      shared.set(key, found);
    }
    return found;
  };
  const now = deps.now ?? (() => new Date());
  return {
    deps,
    config: deps.config,
    db: deps.db,
    options: merged,
    now,
    partnerCenter: () =>
      once('client.partner-center', () =>
        deps.partnerCenter
          ? deps.partnerCenter()
          : openPartnerCenter({ config: deps.config, db: deps.db, logger: deps.logger, now }),
      ),
    crm: () =>
      once('client.crm', () =>
        deps.crm
          ? deps.crm()
          : openCrm(deps.config.crm, { config: deps.config, db: deps.db, logger: deps.logger, now }),
      ),
    once,
    sample: (ids) => ({ first: ids.slice(0, merged.sampleSize), total: ids.length }),
  };
}

function withoutUndefined<T extends object>(value: T): { [K in keyof T]?: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as {
    [K in keyof T]?: Exclude<T[K], undefined>;
  };
}

/** The outcome of a check that threw. */
export function outcomeOfError(error: unknown): CheckOutcome {
  if (isCosellError(error) && error.code === 'AUTH_NOT_CONNECTED') {
    return {
      status: CheckStatus.skip,
      found: { key: 'doctor.skip.notConnected', params: { system: String(error.params['system'] ?? '') } },
      fix: { key: 'errors.AUTH_NOT_CONNECTED.fix', params: error.params },
    };
  }
  const coded = isCosellError(error)
    ? error
    : new CosellError('INTERNAL', {
        reference: redactSecrets(error instanceof Error ? error.message : String(error)).slice(0, 200),
      });
  const key = messageKey(coded.code);
  return {
    status: CheckStatus.fail,
    found: { key, params: coded.params },
    fix: { key: `${key}.fix`, params: coded.params },
    code: coded.code,
  };
}

async function runOne(check: DoctorCheck, ctx: DoctorContext): Promise<CheckResult> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<CheckOutcome>((resolve) => {
    timer = setTimeout(
      () =>
        resolve({
          status: CheckStatus.fail,
          found: {
            key: 'doctor.timedOut',
            params: { seconds: Math.round(ctx.options.checkTimeoutMs / 1000) },
          },
        }),
      ctx.options.checkTimeoutMs,
    );
  });
  let outcome: CheckOutcome;
  try {
    outcome = await Promise.race([check.run(ctx).catch(outcomeOfError), timeout]);
  } finally {
    clearTimeout(timer);
  }
  return { id: check.id, requirements: check.requirements, ...outcome };
}

export function selectChecks(checks: readonly DoctorCheck[], only?: readonly string[]): DoctorCheck[] {
  if (only === undefined || only.length === 0) return [...checks];
  return checks.filter((c) => only.some((o) => c.id === o || c.id.startsWith(`${o}.`)));
}

export function summarise(crm: string, at: Date, results: readonly CheckResult[]): DoctorReport {
  const counts = { pass: 0, warn: 0, fail: 0, skip: 0 };
  for (const r of results) counts[r.status]++;
  const status = counts.fail > 0 ? 'fail' : counts.warn > 0 ? 'warn' : 'pass';
  return {
    status,
    exitCode: status === 'fail' ? 2 : status === 'warn' ? 1 : 0,
    crm,
    at: at.toISOString(),
    counts,
    checks: results,
  };
}

/** Runs every check (or those `options.only` names), one after another, and never throws. */
export async function runDoctor(
  deps: DoctorDeps,
  options: DoctorOptions = {},
  checks: readonly DoctorCheck[] = doctorChecks,
): Promise<DoctorReport> {
  const ctx = createDoctorContext(deps, options);
  const results: CheckResult[] = [];
  for (const check of selectChecks(checks, options.only)) results.push(await runOne(check, ctx));
  return summarise(deps.config.crm, ctx.now(), results);
}
