// A new referral as everything the CRM needs in one upsert (the old "Partner Center to CRM Helper").
import { withNameMarker } from '../../domain/sync/name-marker.js';
import type { InboundUpsert } from '../../crm/adapter.js';
import { solutionIdsOf } from '../../domain/referral.js';
import { syncStateOfReferral } from '../../domain/sync/from-referral.js';
import { coarseStatusOfReferral, stageFor, type StagePolicy } from '../../domain/sync/status-mapping.js';
import type { PcReferral } from '../../partner-center/wire.js';

function opt(value: string | null | undefined): string | undefined {
  return value === null || value === undefined || value.trim() === '' ? undefined : value.trim();
}

/** The referral team's e-mails, in team order: the first that maps to a CRM user owns the opportunity. */
export function teamEmailsOf(ref: PcReferral): string[] {
  return (ref.team ?? []).flatMap((m) => {
    const email = opt(m.email);
    return email === undefined ? [] : [email];
  });
}

/** New -> on-hold stage, Active -> active stage, Closed -> won / lost stage. */
export function stageOfReferral(ref: PcReferral, policy: StagePolicy): string {
  const status = coarseStatusOfReferral({ status: ref.status ?? null, substatus: ref.substatus ?? null });
  return (status === undefined ? undefined : stageFor(status, undefined, policy)) ?? policy.onHoldStage;
}

export function inboundUpsertOf(
  referralId: string,
  ref: PcReferral,
  options: {
    readonly policy: StagePolicy;
    readonly ownerId?: string | undefined;
    /** The outcome shown on the record, in the same write: the ✔ marker and the Audit field's text. */
    readonly shown?: { readonly nameMarker: boolean; readonly auditText: string } | undefined;
  },
): InboundUpsert {
  const profile = ref.customerProfile;
  const address = profile?.address;
  const state = syncStateOfReferral(ref);
  const contact = profile?.team?.[0];
  const help = opt(ref.inviteContext?.assistanceRequestCode);
  return {
    referralId,
    opportunity: {
      name:
        options.shown?.nameMarker === true
          ? withNameMarker(opt(ref.name) ?? referralId, true)
          : (opt(ref.name) ?? referralId),
      ...(options.shown ? { auditText: options.shown.auditText } : {}),
      stageName: stageOfReferral(ref, options.policy),
      amount: state.dealValue,
      currency: state.currency,
      closeDate: state.closeDate,
      description: state.notes,
      syncWithPartnerCenter: true,
      helpRequested: help === 'Unknown' ? undefined : help,
    },
    account: {
      name: opt(profile?.name) ?? '',
      country: opt(address?.country),
      postalCode: opt(address?.postalCode),
      city: opt(address?.city),
      street: opt(address?.addressLine1),
      state: opt(address?.state),
    },
    contact:
      contact === undefined
        ? undefined
        : {
            firstName: opt(contact.firstName),
            lastName: opt(contact.lastName),
            email: opt(contact.email),
            phone: opt(contact.phoneNumber),
          },
    ownerId: options.ownerId,
    solutionIds: solutionIdsOf(ref),
  };
}
