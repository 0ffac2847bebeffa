import { describe, expect, it } from 'vitest';
import {
  applyAction,
  closedSubstatuses,
  isClosed,
  isLegalTransition,
  statusTable,
  targetStates,
  type ReferralState,
} from './referral-status.js';

function state(text: string): ReferralState {
  const [status = '', substatus = ''] = text.split('/');
  return { status, substatus };
}

describe('referral status transitions', () => {
  it.each([
    ['New/Pending', 'New/Received'],
    ['New/Received', 'New/Pending'],
    ['New/Pending', 'Active/Accepted'],
    ['New/Received', 'Closed/Declined'],
    ['New/Pending', 'Closed/Expired'],
    ['Active/Accepted', 'Closed/Won'],
    ['Active/Accepted', 'Closed/Lost'],
    ['None/None', 'New/Pending'],
    ['Closed/Won', 'Closed/Won'],
    ['Paused/Engaged', 'Paused/Engaged'],
  ])('remote-apis §1: %s -> %s is legal', (from, to) => {
    expect(isLegalTransition(state(from), state(to))).toEqual({ ok: true });
  });

  it.each([
    ['Closed/Won', 'Active/Accepted'],
    ['Closed/Lost', 'New/Pending'],
    ['Closed/Declined', 'Active/Accepted'],
    ['Closed/Expired', 'New/Received'],
    ['Closed/Won', 'Closed/Lost'],
    ['Closed/Lost', 'Closed/Won'],
  ])('R8: closed referral %s is never reopened or overwritten (-> %s)', (from, to) => {
    expect(isLegalTransition(state(from), state(to))).toEqual({
      ok: false,
      code: 'STATUS_TRANSITION_INVALID',
      params: { from, to },
    });
  });

  it.each([
    ['Active/Accepted', 'New/Pending', 'Active may not go back to New'],
    ['New/Pending', 'New/Accepted', 'New allows only Pending or Received'],
    ['New/Pending', 'Active/Pending', 'Active allows only Accepted'],
    ['Active/Accepted', 'Closed/Accepted', 'Closed allows only Won, Lost, Declined, Expired'],
    ['New/Pending', 'Paused/Engaged', 'an unknown target status'],
    ['Paused/Engaged', 'Active/Accepted', 'an unknown current status'],
  ])('remote-apis §1: %s -> %s is refused (%s)', (from, to) => {
    const result = isLegalTransition(state(from), state(to));
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.params).toEqual({ from, to });
  });

  it('remote-apis §1: the table is the documented one', () => {
    expect(statusTable.New).toEqual({
      next: ['New', 'Active', 'Closed'],
      substatuses: ['Pending', 'Received'],
    });
    expect(statusTable.Active).toEqual({ next: ['Active', 'Closed'], substatuses: ['Accepted'] });
    expect(statusTable.Closed).toEqual({
      next: ['Closed'],
      substatuses: ['Won', 'Lost', 'Declined', 'Expired'],
    });
  });

  it.each([
    ['accept', 'New/Pending', 'Active/Accepted'],
    ['decline', 'New/Received', 'Closed/Declined'],
    ['win', 'Active/Accepted', 'Closed/Won'],
    ['lose', 'Active/Accepted', 'Closed/Lost'],
  ] as const)('remote-apis §1: %s from %s targets %s', (action, from, to) => {
    expect(applyAction(state(from), action)).toEqual({ ok: true, to: state(to) });
    expect(targetStates[action]).toEqual(state(to));
  });

  it.each([
    ['accept', 'Closed/Won'],
    ['decline', 'Closed/Lost'],
    ['win', 'Closed/Lost'],
  ] as const)('R8: %s on %s is refused', (action, from) => {
    expect(applyAction(state(from), action).ok).toBe(false);
  });

  it.each<[string, boolean]>([
    ...closedSubstatuses.map((substatus): [string, boolean] => [`Closed/${substatus}`, true]),
    ['Active/Won', true],
    ['Closed/None', true],
    ['Active/Accepted', false],
    ['New/Pending', false],
    ['None/None', false],
  ])('R8: isClosed(%s) is %s', (text, expected) => {
    expect(isClosed(state(text))).toBe(expected);
  });
});
