// An opportunity (with its account and contacts) as the co-sell referral Partner Center creates, and as the
// draft the sharing rules check (R2, R3, R6, R7, P4). Creating a co-sell is two POSTs (docs/remote-apis.md):
// our Shared referral targeting our solution, then, when Microsoft's help is asked, a second referral in the
// same engagement targeting Microsoft.
import type { CrmAccount, CrmContact, CrmOpportunity } from '../../crm/adapter.js';
import type { ReferralDraft } from '../../domain/referral.js';
import { referralStateFor } from '../../domain/sync/status-mapping.js';
import type { SyncState } from '../../domain/sync/sync-state.js';

export interface OpportunityParts {
  readonly opportunity: CrmOpportunity;
  readonly state: SyncState;
  readonly account: CrmAccount | undefined;
  readonly contacts: readonly CrmContact[];
}

export function draftOfOpportunity(parts: OpportunityParts): ReferralDraft {
  const { opportunity, state, account, contacts } = parts;
  const referralState = state.status === undefined ? undefined : referralStateFor(state.status);
  return {
    name: state.name ?? '',
    type: 'Shared',
    customer: {
      name: account?.name ?? '',
      country: account?.country,
      contacts: contacts.map((c) => ({
        firstName: c.firstName,
        lastName: c.lastName,
        email: c.email,
        phone: c.phone,
      })),
    },
    dealValue: opportunity.amount,
    currency: state.currency,
    closeDate: state.closeDate,
    helpRequested: opportunity.helpRequested !== undefined,
    assistanceRequestCode: opportunity.helpRequested,
    solutionIds: opportunity.solutionIds,
    status: referralState?.status,
    substatus: referralState?.substatus,
  };
}

/** The partner's own Shared referral; `externalReferenceId` is the CRM id (R8), so a replay can find it. */
export function coSellReferralBody(parts: OpportunityParts): Record<string, unknown> {
  const { opportunity, state, account, contacts } = parts;
  const referralState = state.status === undefined ? undefined : referralStateFor(state.status);
  const [solutionId] = opportunity.solutionIds;
  return {
    name: state.name,
    type: 'Shared',
    externalReferenceId: opportunity.id,
    ...(referralState === undefined
      ? {}
      : { status: referralState.status, substatus: referralState.substatus }),
    customerProfile: {
      name: account?.name,
      address: {
        addressLine1: account?.street ?? null,
        city: account?.city ?? null,
        state: account?.state ?? null,
        postalCode: account?.postalCode ?? null,
        country: account?.country ?? null,
      },
      team: contacts.map((c) => ({
        firstName: c.firstName ?? null,
        lastName: c.lastName ?? null,
        email: c.email ?? null,
        phoneNumber: c.phone ?? null,
      })),
    },
    consent: { consentToToShareInfoWithOthers: true, consentToContact: true },
    details: {
      dealValue: state.dealValue ?? null,
      currency: state.currency ?? null,
      closingDateTime: state.closeDate === undefined ? null : `${state.closeDate}T00:00:00Z`,
      notes: state.notes ?? null,
      requirements: { solutions: opportunity.solutionIds.map((id) => ({ id, type: 'Name' })) },
    },
    target: solutionId === undefined ? [] : [{ type: 'SolutionProfile', id: solutionId }],
  };
}

/** Microsoft's side of the co-sell, in the same engagement, carrying the help asked for. */
export function microsoftReferralBody(
  parts: OpportunityParts,
  engagementId: string,
): Record<string, unknown> {
  const own = coSellReferralBody(parts);
  return {
    ...own,
    engagementId,
    target: [{ type: 'BusinessProfileLocation', id: 'msft' }],
    inviteContext: {
      notes: parts.state.notes ?? '',
      assistanceRequestCode: parts.opportunity.helpRequested,
    },
  };
}
