// What every validation rule returns. A failure is data (it goes on the record and into the audit, R2), never an
// exception; its code is a catalogue code so it can be rendered in every language later.
import type { ErrorCode } from '../../errors.js';

export type RuleParams = Record<string, string | number>;

export type RuleResult =
  | { readonly ok: true }
  | { readonly ok: false; readonly code: ErrorCode; readonly field: string; readonly params: RuleParams };

export type RuleFailure = Extract<RuleResult, { ok: false }>;

export const passed: RuleResult = Object.freeze({ ok: true });

export function failed(code: ErrorCode, field: string, params: RuleParams = {}): RuleFailure {
  return { ok: false, code, field, params };
}
