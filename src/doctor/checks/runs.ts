// Runs failing again and again with the same error (R1): resubmitting will not help until the cause is
// fixed, so the finding carries the error's own guidance.
import { isErrorCode, messageKey } from '../../errors.js';
import { recordsLastFailed, repeatedFailures } from '../../store/runs.js';
import { CheckStatus, type DoctorCheck } from '../types.js';

/** Failures in a row, with one error, that make a record "failing repeatedly". */
export const repeatedFailureCount = 3;

export const failingRuns: DoctorCheck = {
  id: 'runs.repeated-failures',
  requirements: ['R1'],
  async run(ctx) {
    const found = await repeatedFailures(ctx.db, repeatedFailureCount);
    const first = found[0];
    if (first === undefined) {
      return {
        status: CheckStatus.pass,
        found: { key: 'doctor.runs.ok', params: { count: repeatedFailureCount } },
      };
    }
    const codes = [...new Set(found.map((f) => f.code))];
    const params = first.params ?? {};
    return {
      status: CheckStatus.warn,
      found: {
        key: 'doctor.runs.repeated',
        params: { records: found.length, codes: codes.join(', '), count: repeatedFailureCount },
      },
      ...(isErrorCode(first.code)
        ? { fix: { key: `${messageKey(first.code)}.fix`, params }, code: first.code }
        : { fix: { key: 'doctor.runs.repeated.fix' } }),
      records: ctx.sample(found.map((f) => f.subject)),
    };
  },
};

/** Records whose newest run failed (R1, R2): each needs its error's fix before a resubmit can succeed. */
export const failedRecords: DoctorCheck = {
  id: 'runs.failed-records',
  requirements: ['R1', 'R2'],
  async run(ctx) {
    const failing = await recordsLastFailed(ctx.db);
    if (failing.length === 0) return { status: CheckStatus.pass, found: { key: 'doctor.runs.noneFailing' } };
    // The most common error first: its guidance is the fix shown.
    const byCode = new Map<string, number>();
    for (const f of failing) byCode.set(f.code, (byCode.get(f.code) ?? 0) + 1);
    const codes = [...byCode.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
    const top = codes[0]?.[0] ?? '';
    const params = failing.find((f) => f.code === top)?.params ?? {};
    return {
      status: CheckStatus.warn,
      found: {
        key: 'doctor.runs.failing',
        params: { records: failing.length, codes: codes.map(([c, n]) => `${c} ×${n}`).join(', ') },
      },
      ...(isErrorCode(top)
        ? { fix: { key: `${messageKey(top)}.fix`, params }, code: top }
        : { fix: { key: 'doctor.runs.repeated.fix' } }),
      records: ctx.sample(failing.map((f) => f.subject)),
    };
  },
};
