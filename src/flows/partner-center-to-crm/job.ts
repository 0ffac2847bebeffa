// The job behind "Partner Center to CRM": one `referral.sync` job per referral, serialised on its lane.
export const referralSyncKind = 'referral.sync';

/**
 * The mapping of referral fields to CRM fields the flows write; audited with every decision.
 * 1: name, value, currency, close date, notes, status. 2: + the Microsoft solutions (CRM to Partner Center).
 */
export const mappingVersion = 2;

export interface ReferralSyncPayload {
  readonly referralId: string;
  /**
   * The latest Partner Center change (ISO instant) among the events this job stands for; absent for jobs
   * not made from events (`cosell sync`, resubmits), which always read the referral.
   */
  readonly changedAt?: string | undefined;
}

export function referralLane(referralId: string): string {
  return `referral:${referralId}`;
}

export function parseReferralSyncPayload(payload: unknown): ReferralSyncPayload {
  const id = (payload as { referralId?: unknown } | null)?.referralId;
  if (typeof id !== 'string' || id.trim() === '') {
    // Not a CosellError: a malformed payload fails for good, retrying cannot help.
    throw new Error('referral.sync payload has no referralId');
  }
  const changedAt = (payload as { changedAt?: unknown }).changedAt;
  return typeof changedAt === 'string' && !Number.isNaN(Date.parse(changedAt))
    ? { referralId: id, changedAt }
    : { referralId: id };
}
