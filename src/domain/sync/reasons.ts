// Why a change was not written: each reason is shown on the record's audit timeline (R2, R8) in the
// user's language, from the `reasons.*` keys of the message catalogue.
export const SkipReason = {
  /** The change is our own write coming back (same state hash): costs no call. */
  echo: 'ECHO',
  /** Nothing in the synced fields differs. */
  noChange: 'NO_CHANGE',
  /** The referral is closed (won, lost, declined or expired) in Partner Center: never reopened or overwritten. */
  referralClosed: 'REFERRAL_CLOSED',
  /** The opportunity sits in the on-hold stage: its edits wait until the referral is accepted. */
  onHold: 'ON_HOLD',
  /** The status move is not one Partner Center allows (e.g. back from accepted to new). */
  transitionInvalid: 'STATUS_TRANSITION_INVALID',
  /** The field does not sync in this direction under the field policy. */
  fieldNotSynced: 'FIELD_NOT_SYNCED',
  /** Both sides changed the field; the field's owner won and this value was not written. */
  conflictLost: 'CONFLICT_LOST',
  /** Partner Center names a CRM record that does not exist (R3). */
  crmRecordMissing: 'CRM_RECORD_MISSING',
  /** The opportunity does not have "Sync with Partner Center" on (R3). */
  syncDisabled: 'SYNC_DISABLED',
  /** The opportunity is closed in the CRM and was never shared: a closed deal is not sent as a new referral. */
  opportunityClosed: 'OPPORTUNITY_CLOSED',
  /** The opportunity's Referral Identifier names a referral Partner Center does not have. */
  referralMissing: 'REFERRAL_MISSING',
  /** Microsoft's side of one of our co-sells (it targets Microsoft): it is not a deal of its own. */
  microsoftSide: 'MICROSOFT_SIDE',
  /** A CRM change found by the inbound flow; the outbound flow (CRM to Partner Center) writes it. */
  outboundPending: 'OUTBOUND_PENDING',
  /** First sync: possibly the same deal entered twice; flagged for a person, never merged silently. */
  possibleDuplicate: 'POSSIBLE_DUPLICATE',
  /** First sync: the ids on the two sides point to different records. */
  idsDisagree: 'IDS_DISAGREE',
  /** First sync: a fuzzy match was proposed and nobody accepted it; both records are left alone. */
  matchUnconfirmed: 'MATCH_UNCONFIRMED',
} as const;
export type SkipReason = (typeof SkipReason)[keyof typeof SkipReason];
export const skipReasons = Object.values(SkipReason);

export function isSkipReason(value: string): value is SkipReason {
  return (skipReasons as readonly string[]).includes(value);
}
