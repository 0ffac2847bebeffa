// Referral status and substatus, and which moves between them are legal.
// Source: the "Status & Substatus transition states" table of create-a-referral.md and referral-resources.md
// (MicrosoftDocs/partner-rest, partner-rest/develop/referral-resources.md). Kept as data so the table can be read, tested and
// shown to users as it is, instead of being spread over conditionals.

export const referralStatuses = ['None', 'New', 'Active', 'Closed'] as const;
export type ReferralStatus = (typeof referralStatuses)[number];

export const referralSubstatuses = [
  'None',
  'Pending',
  'Received',
  'Accepted',
  'Won',
  'Lost',
  'Declined',
  'Expired',
] as const;
export type ReferralSubstatus = (typeof referralSubstatuses)[number];

/**
 * A referral's state as Partner Center reports it. Plain strings: Microsoft may add values, and a state we do
 * not know must still be representable (it is then treated conservatively, see isLegalTransition).
 */
export interface ReferralState {
  readonly status: string;
  readonly substatus: string;
}

interface StatusRule {
  readonly next: readonly ReferralStatus[];
  readonly substatuses: readonly ReferralSubstatus[];
}

/**
 * From each status: the statuses it may move to, and the substatuses allowed while in it.
 * `None` is not in Microsoft's table; it is the "not set yet" value, so it may become any documented state.
 */
export const statusTable = {
  None: { next: ['None', 'New', 'Active', 'Closed'], substatuses: ['None'] },
  New: { next: ['New', 'Active', 'Closed'], substatuses: ['Pending', 'Received'] },
  Active: { next: ['Active', 'Closed'], substatuses: ['Accepted'] },
  Closed: { next: ['Closed'], substatuses: ['Won', 'Lost', 'Declined', 'Expired'] },
} as const satisfies Record<ReferralStatus, StatusRule>;

export const closedSubstatuses = statusTable.Closed.substatuses;

/** The states the sync engine moves a referral to; the reason of a win or loss goes in `statusReason`. */
export const targetStates = {
  accept: { status: 'Active', substatus: 'Accepted' },
  decline: { status: 'Closed', substatus: 'Declined' },
  win: { status: 'Closed', substatus: 'Won' },
  lose: { status: 'Closed', substatus: 'Lost' },
} as const satisfies Record<string, ReferralState>;
export type StatusAction = keyof typeof targetStates;

export type TransitionResult =
  | { readonly ok: true }
  | {
      readonly ok: false;
      readonly code: 'STATUS_TRANSITION_INVALID';
      readonly params: { readonly from: string; readonly to: string };
    };

export function formatState(state: ReferralState): string {
  return `${state.status}/${state.substatus}`;
}

function ruleFor(status: string): StatusRule | undefined {
  return Object.hasOwn(statusTable, status) ? statusTable[status as ReferralStatus] : undefined;
}

function includes(list: readonly string[], value: string): boolean {
  return list.includes(value);
}

/**
 * R8: a closed referral (Won, Lost, Declined, Expired) is never reopened. A substatus from the closed set counts
 * even when the status disagrees, because overwriting a deal Microsoft already closed is the worse mistake.
 */
export function isClosed(state: ReferralState): boolean {
  return state.status === 'Closed' || includes(closedSubstatuses, state.substatus);
}

function sameState(a: ReferralState, b: ReferralState): boolean {
  return a.status === b.status && a.substatus === b.substatus;
}

/**
 * Whether Partner Center allows moving `from` to `to`. Staying put is always legal (a repeated webhook must
 * be a no-op, R8). Closed is terminal: even Closed/Won -> Closed/Lost is refused, so a deal closed in Partner
 * Center is not overwritten. A `from` status we do not know allows nothing but staying put.
 */
export function isLegalTransition(from: ReferralState, to: ReferralState): TransitionResult {
  if (sameState(from, to)) return { ok: true };
  const fromRule = ruleFor(from.status);
  const toRule = ruleFor(to.status);
  const legal =
    fromRule !== undefined &&
    toRule !== undefined &&
    !isClosed(from) &&
    includes(fromRule.next, to.status) &&
    includes(toRule.substatuses, to.substatus);
  if (legal) return { ok: true };
  return {
    ok: false,
    code: 'STATUS_TRANSITION_INVALID',
    params: { from: formatState(from), to: formatState(to) },
  };
}

/** The target state of an action, or why it is not allowed from the current state. */
export function applyAction(
  from: ReferralState,
  action: StatusAction,
): { readonly ok: true; readonly to: ReferralState } | Extract<TransitionResult, { ok: false }> {
  const to = targetStates[action];
  const result = isLegalTransition(from, to);
  return result.ok ? { ok: true, to } : result;
}
