// The referral as the validation rules see it, whichever side it comes from. A CRM opportunity and a Partner
// Center referral both map onto this, so one set of rules guards both directions.
import type { PcReferral } from '../partner-center/wire.js';

export interface CustomerContact {
  readonly firstName?: string | undefined;
  readonly lastName?: string | undefined;
  readonly email?: string | undefined;
  readonly phone?: string | undefined;
}

export interface ReferralDraft {
  readonly name: string;
  /** Partner Center referral type: Shared (co-sell) or Independent. */
  readonly type?: string | undefined;
  readonly customer: {
    readonly name: string;
    /** Must hold an ISO 3166-1 alpha-2 code (R6); kept raw so the rule can suggest a fix. */
    readonly country?: string | undefined;
    readonly contacts: readonly CustomerContact[];
  };
  /** Raw, as the source holds it: the rule decides what counts as a number (R3). */
  readonly dealValue?: number | string | undefined;
  readonly currency?: string | undefined;
  readonly closeDate?: string | undefined;
  /** The CRM's "How can Microsoft help?" being filled in. */
  readonly helpRequested: boolean;
  /** Partner Center's inviteContext.assistanceRequestCode; any value but Unknown also asks for help. */
  readonly assistanceRequestCode?: string | undefined;
  readonly solutionIds: readonly string[];
  readonly qualification?: string | undefined;
  readonly status?: string | undefined;
  readonly substatus?: string | undefined;
}

function present(value: string | null | undefined): string | undefined {
  return value === null || value === undefined || value.trim() === '' ? undefined : value;
}

/**
 * Microsoft's referral in a co-sell engagement (the one a partner invites Microsoft with, or Microsoft's own
 * record): it targets Microsoft, not one of the partner's solutions. It carries the same CRM id as the
 * partner's referral of the deal, so it must never be taken for it.
 */
export function isMicrosoftSide(ref: Pick<PcReferral, 'target'>): boolean {
  return (ref.target ?? []).some((t) => t.type === 'BusinessProfileLocation' && t.id === 'msft');
}

/** The CRM id a referral names (R3, R8): blank and whitespace-only values name nothing. */
export function externalIdOf(ref: Pick<PcReferral, 'externalReferenceId'>): string | undefined {
  return present(ref.externalReferenceId)?.trim();
}

/**
 * The `updatedDateTime` of a referral state a link may count as fully synced: only when the referral already
 * names the linked CRM record (its write-back done). Counted any earlier, a job interrupted before the
 * write-back would be skipped as stale on its rerun and the id never written back.
 */
export function syncedChangeOf(
  ref: Pick<PcReferral, 'updatedDateTime' | 'externalReferenceId'>,
  crmRecordId: string,
): Date | undefined {
  return externalIdOf(ref) === crmRecordId ? changedAtOf(ref) : undefined;
}

/** Partner Center's `updatedDateTime` of this state of the referral; undefined when absent or unreadable. */
export function changedAtOf(ref: Pick<PcReferral, 'updatedDateTime'>): Date | undefined {
  const at = ref.updatedDateTime ? new Date(ref.updatedDateTime) : undefined;
  return at === undefined || Number.isNaN(at.getTime()) ? undefined : at;
}

/**
 * Solution ids of a referral: its SolutionProfile targets (how a co-sell names the partner's solution) and
 * the solutions in its requirements.
 */
export function solutionIdsOf(ref: Pick<PcReferral, 'target' | 'details'>): string[] {
  const fromTargets = (ref.target ?? [])
    .filter((target) => target.type === 'SolutionProfile')
    .map((target) => present(target.id));
  const fromRequirements = (ref.details?.requirements?.solutions ?? []).map((solution) =>
    present(solution.id),
  );
  const ids = [...fromTargets, ...fromRequirements].filter((id): id is string => id !== undefined);
  return [...new Set(ids)];
}

export function draftFromPcReferral(ref: PcReferral): ReferralDraft {
  const profile = ref.customerProfile;
  const details = ref.details;
  return {
    name: ref.name ?? '',
    type: ref.type ?? undefined,
    customer: {
      name: profile?.name ?? '',
      country: profile?.address?.country ?? undefined,
      contacts: (profile?.team ?? []).map((member) => ({
        firstName: member.firstName ?? undefined,
        lastName: member.lastName ?? undefined,
        email: member.email ?? undefined,
        phone: member.phoneNumber ?? undefined,
      })),
    },
    dealValue: details?.dealValue ?? undefined,
    currency: present(details?.currency),
    closeDate: present(details?.closingDateTime),
    // Partner Center has no separate flag: the assistance code is the request for help.
    helpRequested: false,
    assistanceRequestCode: present(ref.inviteContext?.assistanceRequestCode),
    solutionIds: solutionIdsOf(ref),
    qualification: ref.qualification ?? undefined,
    status: ref.status ?? undefined,
    substatus: ref.substatus ?? undefined,
  };
}
