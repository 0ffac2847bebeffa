// How stored codes, calls and values read in the CLI, without starting a process.
import { describe, expect, it } from 'vitest';
import { callsText, explain, storedCode, valueText } from './format.js';
import { createOutput } from './output.js';

const out = createOutput('en', () => undefined);

describe('reading runs and audit entries', () => {
  it('R2: a skip reason reads as its text; an error code as its message and fix', () => {
    expect(explain(out, { code: 'ECHO', params: {} }, 'reason')).toEqual({
      code: 'ECHO',
      text: 'Our own write came back; nothing to do.',
    });
    // STATUS_TRANSITION_INVALID is both: a skip reason on a skipped entry, an error on a failed one.
    const both = { code: 'STATUS_TRANSITION_INVALID', params: { from: 'won', to: 'new' } };
    expect(explain(out, both, 'reason').text).toBe('Partner Center does not allow this status change.');
    expect(explain(out, both, 'error')).toMatchObject({
      text: 'A referral cannot move from won to new.',
      fix: 'Closed referrals (won, lost, declined, expired) are final and are never reopened.',
    });
  });

  it('R2: params the store did not keep read as an ellipsis, never as {{name}}', () => {
    const explained = explain(out, { code: 'PC_NOT_FOUND', params: { id: 'ref-9' } });
    expect(explained.text).toBe('Partner Center has no … with id ref-9.');
    expect(`${explained.text} ${explained.fix}`).not.toContain('{{');
  });

  it('R1: an unknown code keeps its stored message; a stored error is read from its JSON', () => {
    expect(storedCode({ code: 'LEGACY', message: 'old text', params: { n: 1, skip: { x: 1 } } })).toEqual({
      code: 'LEGACY',
      message: 'old text',
      params: { n: 1 },
      until: undefined,
    });
    expect(storedCode(null)).toBeUndefined();
    expect(storedCode({ message: 'no code' })).toBeUndefined();
    expect(explain(out, { code: 'LEGACY', params: {}, message: 'old text' })).toEqual({
      code: 'LEGACY',
      text: 'old text',
    });
  });

  it('R1: API calls read per system in name order, else as a total, else as none', () => {
    expect(callsText(out, 3, { salesforce: 1, 'partner-center': 2, dynamics: 0 })).toBe(
      'partner-center 2, salesforce 1',
    );
    expect(callsText(out, 4, null)).toBe('4');
    expect(callsText(out, 0, {})).toBe('none');
  });

  it('R2: values read as text, empty ones as "(empty)", others as JSON', () => {
    expect(valueText(out, null)).toBe('(empty)');
    expect(valueText(out, '')).toBe('(empty)');
    expect(valueText(out, 'Contoso')).toBe('Contoso');
    expect(valueText(out, 5000)).toBe('5000');
    expect(valueText(out, { amount: 1 })).toBe('{"amount":1}');
  });
});
