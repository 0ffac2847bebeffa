// The job behind "CRM to Partner Center": one `opportunity.sync` job per changed opportunity. A linked
// opportunity shares its referral's lane, so inbound and outbound work on one pair never runs at once.
import type { CrmSystem } from '../../store/schema.js';
import { referralLane } from '../partner-center-to-crm/job.js';

export const opportunitySyncKind = 'opportunity.sync';

export interface OpportunitySyncPayload {
  readonly crmRecordId: string;
}

export function opportunityLane(crmSystem: CrmSystem, crmRecordId: string, referralId?: string): string {
  return referralId !== undefined ? referralLane(referralId) : `crm:${crmSystem}:${crmRecordId}`;
}

export function parseOpportunitySyncPayload(payload: unknown): OpportunitySyncPayload {
  const id = (payload as { crmRecordId?: unknown } | null)?.crmRecordId;
  if (typeof id !== 'string' || id.trim() === '') {
    // Not a CosellError: a malformed payload fails for good, retrying cannot help.
    throw new Error('opportunity.sync payload has no crmRecordId');
  }
  return { crmRecordId: id };
}
