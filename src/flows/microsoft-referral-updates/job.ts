// The job behind "Microsoft co-sell referral updates to CRM": Microsoft's referral in a co-sell engagement
// changed (Microsoft accepted our invitation, assigned a seller, declined, closed it). One lane per engagement.
export const microsoftReferralSyncKind = 'microsoft-referral.sync';

export interface MicrosoftReferralPayload {
  readonly referralId: string;
  readonly engagementId: string;
}

export function engagementLane(engagementId: string): string {
  return `engagement:${engagementId}`;
}

export function parseMicrosoftReferralPayload(payload: unknown): MicrosoftReferralPayload {
  const p = payload as { referralId?: unknown; engagementId?: unknown } | null;
  if (typeof p?.referralId !== 'string' || typeof p.engagementId !== 'string') {
    // Not a CosellError: a malformed payload fails for good, retrying cannot help.
    throw new Error('microsoft-referral.sync payload needs referralId and engagementId');
  }
  return { referralId: p.referralId, engagementId: p.engagementId };
}
