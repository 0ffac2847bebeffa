// Options of startPartnerCenterEmulator and the events its handle emits.
import type { Clock } from './clock.js';
import type { FaultKnobs } from './faults.js';
import type { ReferralInput } from './referral-model.js';
import type { ReferralChange } from './state.js';
import type { EmulatorUser } from './users.js';
import type { DeliveryAttempt, UndeliveredEvent, WebhookRetry } from './webhooks.js';

export interface PartnerCenterEmulatorOptions {
  /** 0 (default): the OS picks a free port; read it back from `port`/`url`. */
  readonly port?: number;
  readonly host?: string;
  /** Base URL to advertise (links, nextLink, webhook ResourceUri) when not `http://<host>:<port>`. */
  readonly publicUrl?: string;
  /** Referrals to start with (partial ones are completed with generated values). */
  readonly seed?: readonly ReferralInput[];
  /** How many partner referrals to generate (plus related Microsoft ones). */
  readonly generate?: number;
  /** Seeds generated data and every fault decision (default 1). */
  readonly randomSeed?: number;
  readonly users?: readonly EmulatorUser[];
  /** Roles that may call the APIs (default Referrals admin, Global admin). */
  readonly requiredRoles?: readonly string[];
  readonly partnerOrganizationId?: string;
  readonly partnerOrganizationName?: string;
  readonly tenantId?: string;
  readonly tenantDomain?: string;
  readonly accessTokenTtlSeconds?: number;
  readonly deviceCodeIntervalSeconds?: number;
  readonly deviceCodeLifetimeSeconds?: number;
  readonly singleUseRefreshTokens?: boolean;
  /** Token audiences of the two APIs. */
  readonly resources?: { readonly referrals?: string; readonly webhooks?: string };
  /** Refuse a token issued for another resource (default true, as Partner Center does). */
  readonly enforceAudience?: boolean;
  readonly faults?: FaultKnobs;
  readonly clock?: Clock;
  readonly webhookRetry?: Partial<WebhookRetry>;
  /** Server page size of the list endpoint (default 100, the documented maximum). */
  readonly pageSize?: number;
  /** Status of a successful create: 201 (default) or 200 as the swagger documents. */
  readonly createStatus?: 200 | 201;
  /** Pin the signing identity (PEM); by default one is generated per process. */
  readonly certificate?: { readonly privateKeyPem: string; readonly certificatePem: string };
  readonly logger?: boolean;
}

export interface EmulatorEvents {
  delivery: [DeliveryAttempt];
  offline: [UndeliveredEvent];
  dropped: [UndeliveredEvent];
  change: [ReferralChange];
}
