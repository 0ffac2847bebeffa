// What the route modules share: the emulator's parts and its settings. Built once in emulator.ts.
import type { AuthService } from './auth.js';
import type { CallCounter } from './call-counter.js';
import type { SigningIdentity } from './certificate.js';
import type { EmulatorClock } from './clock.js';
import type { FaultInjector } from './faults.js';
import type { EmReferral } from './referral-model.js';
import type { ReferralStore } from './state.js';
import type { WebhookRegistry } from './webhook-registrations.js';
import type { WebhookDispatcher } from './webhooks.js';

export interface EmulatorSettings {
  readonly tenantId: string;
  /** Tenant names the sign-in endpoints accept besides the id: common, organizations and this domain. */
  readonly tenantDomain: string;
  readonly resources: { readonly referrals: string; readonly webhooks: string };
  readonly enforceAudience: boolean;
  readonly requiredRoles: readonly string[];
  readonly pageSize: number;
  readonly createStatus: 200 | 201;
  readonly webhookAttempts: number;
}

export interface EmulatorContext {
  readonly settings: EmulatorSettings;
  readonly clock: EmulatorClock;
  readonly store: ReferralStore;
  readonly auth: AuthService;
  readonly faults: FaultInjector;
  readonly counter: CallCounter;
  readonly registry: WebhookRegistry;
  readonly dispatcher: WebhookDispatcher;
  readonly identity: SigningIdentity;
  /** The emulator's absolute base URL, known once it listens. */
  baseUrl(): string;
  /** A referral as the API returns it: a copy, with `links` for this emulator's URL. */
  render(referral: EmReferral): RenderedReferral;
}

/** A referral as the API answers it: the stored fields plus `links`. */
export type RenderedReferral = EmReferral & {
  readonly links: {
    readonly relatedReferrals: { readonly uri: string; readonly method: 'GET' };
    readonly self: { readonly uri: string; readonly method: 'GET' };
  };
};

/** Top-level fields Partner Center always serialises, as null when unset (create-a-referral.md response). */
const alwaysPresent = [
  'name',
  'externalReferenceId',
  'expirationDateTime',
  'statusReason',
  'qualification',
  'type',
  'target',
  'customerProfile',
  'consent',
  'details',
  'team',
  'inviteContext',
] as const;

export function renderReferral(referral: EmReferral, baseUrl: string): RenderedReferral {
  const api = `${baseUrl}/v1.0/engagements/referrals`;
  const copy: Record<string, unknown> = structuredClone(referral) as unknown as Record<string, unknown>;
  for (const key of alwaysPresent) copy[key] ??= null;
  return {
    ...(copy as unknown as EmReferral),
    links: {
      // Unencoded, as in the documented examples (get-a-list-of-referrals.md); clients encode when they follow it.
      relatedReferrals: { uri: `${api}?$filter=engagementId eq '${referral.engagementId}'`, method: 'GET' },
      self: { uri: `${api}/${referral.id}`, method: 'GET' },
    },
  };
}
