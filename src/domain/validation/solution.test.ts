import { describe, expect, it } from 'vitest';
import { checkSolution } from './solution.js';

describe('R7 solution', () => {
  it.each([[['SOL-34104-EBB']], [['', 'SOL-1']], [['Dynamics365forFieldService']]])(
    'R7: solution ids %j pass',
    (solutionIds) => {
      expect(checkSolution({ solutionIds })).toEqual({ ok: true });
    },
  );

  it.each([[[]], [['']], [['  ', '']]])(
    'R7: solution ids %j fail: a co-sell needs a solution',
    (solutionIds) => {
      expect(checkSolution({ solutionIds })).toEqual({
        ok: false,
        code: 'VALIDATION_SOLUTION_MISSING',
        field: 'solutionIds',
        params: {},
      });
    },
  );
});
