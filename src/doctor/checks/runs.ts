// Runs failing again and again with the same error (R1): resubmitting will not help until the cause is
// fixed, so the finding carries the error's own guidance.
import { isErrorCode, messageKey } from '../../errors.js';
import { repeatedFailures } from '../../store/runs.js';
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
