// R7: a co-sell referral needs one of the partner's co-sell-ready solutions. The old connector failed late with
// "Solution ID is required"; we refuse before sending. Required for every referral we share, not only Shared
// ones: the connector's "Microsoft Partner Center Solutions" needed one "before sharing" in every case.
import { failed, passed, type RuleResult } from './result.js';

export function checkSolution(input: { readonly solutionIds: readonly string[] }): RuleResult {
  const hasOne = input.solutionIds.some((id) => id.trim() !== '');
  return hasOne ? passed : failed('VALIDATION_SOLUTION_MISSING', 'solutionIds');
}
