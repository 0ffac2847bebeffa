// The Partner Center emulator: a real HTTP server on loopback speaking the Referrals API, the webhook
// registration API and the sign-in endpoints (docs/remote-apis.md §1-2), plus the handle tests,
// the demo and benchmarks use to act as Partner Center's UI, inject faults and observe deliveries.
import { EventEmitter } from 'node:events';
import type { FastifyInstance } from 'fastify';
import { closeListening, startListening } from '../../emulators/shared/http-server.js';
import { AuthService, type TokenResponse } from './auth.js';
import { CallCounter, type CallCount } from './call-counter.js';
import { identityFromPem, sharedSigningIdentity, type SigningIdentity } from './certificate.js';
import { EmulatorClock, formatEventDate, InstantSource, systemClock } from './clock.js';
import {
  renderReferral,
  type EmulatorContext,
  type EmulatorSettings,
  type RenderedReferral,
} from './context.js';
import { FaultInjector, type FaultKnobs } from './faults.js';
import { contextFor, defaultPartner, generateReferrals } from './generator.js';
import type { EmulatorEvents, PartnerCenterEmulatorOptions } from './options.js';
import { atIndex, ControlError } from './pc-errors.js';
import { completeReferral, deepMerge } from './referral-input.js';
import { microsoftOrganization, readOnlyFields, type ReferralInput } from './referral-model.js';
import { bindReferral } from './referral-rules.js';
import { createRng, type Rng } from './rng.js';
import { buildServer, certificatePath } from './server.js';
import { Owner, ReferralStore, type ReferralChange } from './state.js';
import { defaultRequiredRoles, defaultUsers } from './users.js';
import { WebhookRegistry, type WebhookEventName } from './webhook-registrations.js';
import {
  defaultWebhookRetry,
  WebhookDispatcher,
  type DeliveryAttempt,
  type DispatchTarget,
  type UndeliveredEvent,
  type WebhookRetry,
} from './webhooks.js';

export type { EmulatorEvents, PartnerCenterEmulatorOptions } from './options.js';

export class PartnerCenterEmulator extends EventEmitter<EmulatorEvents> {
  readonly #ctx: EmulatorContext;
  readonly #clock: EmulatorClock;
  readonly #rng: Rng;
  #app: FastifyInstance | undefined;
  #url = '';
  #port = 0;

  /** Use startPartnerCenterEmulator(); the constructor does not listen. */
  constructor(
    readonly options: PartnerCenterEmulatorOptions,
    identity: SigningIdentity,
  ) {
    super();
    const clock = (this.#clock = new EmulatorClock(options.clock ?? systemClock));
    const seed = options.randomSeed ?? 1;
    this.#rng = createRng(seed).fork('control');
    const partner = {
      id: options.partnerOrganizationId ?? defaultPartner.id,
      name: options.partnerOrganizationName ?? defaultPartner.name,
    };
    const retry: WebhookRetry = { ...defaultWebhookRetry, ...options.webhookRetry };
    const settings: EmulatorSettings = {
      tenantId: options.tenantId ?? '6f1e3a52-7c4d-4b8e-a0f9-2d5c8e1b4a73',
      tenantDomain: options.tenantDomain ?? 'contoso.example',
      resources: {
        referrals: options.resources?.referrals ?? 'https://api.partner.microsoft.com',
        webhooks: options.resources?.webhooks ?? 'https://api.partnercenter.microsoft.com',
      },
      enforceAudience: options.enforceAudience ?? true,
      requiredRoles: options.requiredRoles ?? defaultRequiredRoles,
      pageSize: options.pageSize ?? 100,
      createStatus: options.createStatus ?? 201,
      webhookAttempts: retry.attempts,
    };
    const faults = new FaultInjector(seed, clock, options.faults);
    const dispatcher = new WebhookDispatcher(
      identity,
      () => `${this.#url}${certificatePath}`,
      faults,
      retry,
      clock,
    );
    dispatcher.on('delivery', (attempt) => this.emit('delivery', attempt));
    dispatcher.on('offline', (event) => this.emit('offline', event));
    dispatcher.on('dropped', (event) => this.emit('dropped', event));
    this.#ctx = {
      settings,
      clock,
      store: new ReferralStore(clock, new InstantSource(clock), partner, (change) => this.#onChange(change)),
      auth: new AuthService({
        clock,
        identity,
        tenantId: settings.tenantId,
        users: options.users ?? defaultUsers,
        accessTokenTtlSeconds: options.accessTokenTtlSeconds ?? 3600,
        deviceCodeIntervalSeconds: options.deviceCodeIntervalSeconds ?? 5,
        deviceCodeLifetimeSeconds: options.deviceCodeLifetimeSeconds ?? 900,
        singleUseRefreshTokens: options.singleUseRefreshTokens ?? false,
      }),
      faults,
      counter: new CallCounter(clock),
      registry: new WebhookRegistry(clock, partner.id),
      dispatcher,
      identity,
      baseUrl: () => this.#url,
      render: (referral) => renderReferral(referral, this.#url),
    };
  }

  /** A referral change becomes a thin, signed event; related-referral-* for Microsoft's referrals (docs/remote-apis.md §2). */
  #onChange(change: ReferralChange): void {
    this.emit('change', change);
    const name =
      `${change.owner === Owner.microsoft ? 'related-referral' : 'referral'}-${change.kind}` as WebhookEventName;
    const target = this.#ctx.registry.targetFor(name);
    if (!target) return;
    this.#ctx.dispatcher.dispatch(
      {
        EventName: name,
        ResourceUri: `${this.#url}/engagements/v1/referrals/${change.referral.id}`,
        ResourceName: 'referral',
        AuditUri: null,
        ResourceChangeUtcDate: formatEventDate(change.instant),
      },
      target,
    );
  }

  async listen(): Promise<void> {
    const { options } = this;
    const app = buildServer(this.#ctx, this, options.logger ?? false);
    const { port, url } = await startListening(app, options);
    this.#app = app;
    this.#port = port;
    this.#url = url;
  }

  /** Loads seed and generated referrals; no webhooks fire for them. */
  load(seed: readonly ReferralInput[], generate: number, randomSeed: number): void {
    const { store } = this.#ctx;
    for (const [index, input] of seed.entries()) {
      const owner =
        (input as { organizationId?: unknown }).organizationId === microsoftOrganization.id
          ? Owner.microsoft
          : Owner.partner;
      try {
        store.insert(
          bindReferral(
            completeReferral(
              input,
              owner,
              this.#rng,
              contextFor({ now: this.now(), partner: this.#ctx.store.partner }),
            ),
          ),
          owner,
        );
      } catch (error) {
        throw new Error(`seed referral ${index}: ${error instanceof Error ? error.message : String(error)}`, {
          cause: error,
        });
      }
    }
    const generated = generateReferrals(generate, randomSeed, { now: this.now(), partner: store.partner });
    for (const referral of generated) {
      store.insert(referral as unknown as Record<string, unknown>, store.ownerOf(referral));
    }
  }

  get url(): string {
    return this.#url;
  }
  get port(): number {
    return this.#port;
  }
  get tenantId(): string {
    return this.#ctx.settings.tenantId;
  }
  /** Authority for OIDC clients: discovery lives at `${authorityUrl}/v2.0/.well-known/openid-configuration`. */
  get authorityUrl(): string {
    return `${this.#url}/${this.#ctx.settings.tenantId}`;
  }
  get resources(): { readonly referrals: string; readonly webhooks: string } {
    return this.#ctx.settings.resources;
  }
  get partnerOrganization(): { readonly id: string; readonly name: string } {
    return this.#ctx.store.partner;
  }
  get certificatePem(): string {
    return this.#ctx.identity.certificatePem;
  }
  get certificateUrl(): string {
    return `${this.#url}${certificatePath}`;
  }

  listReferrals(): RenderedReferral[] {
    return this.#ctx.store.list().map((r) => this.#ctx.render(r));
  }

  getReferral(id: string): RenderedReferral | undefined {
    const referral = this.#ctx.store.get(id);
    return referral && this.#ctx.render(referral);
  }

  /** A referral created in Partner Center's UI, by the partner or by Microsoft; fires the created webhook. */
  createReferral(partial: ReferralInput = {}, options: { as?: Owner } = {}): RenderedReferral {
    const owner = options.as ?? Owner.partner;
    return this.#ctx.render(this.#ctx.store.create(this.#completed(partial, owner), owner));
  }

  /**
   * Many referrals, each as createReferral makes it (a created webhook each), all or none: a refusal names the
   * referral's index (`referrals[3]: …`) and creates nothing. Answers the new referrals' ids, in order.
   */
  createReferrals(partials: readonly ReferralInput[], options: { as?: Owner } = {}): string[] {
    const owner = options.as ?? Owner.partner;
    const bound = partials.map((partial, index) =>
      atIndex(`referrals[${index}]`, () => this.#completed(partial, owner)),
    );
    return this.#ctx.store.createMany(bound, owner).map((r) => r.id);
  }

  /** A UI-made referral: what the person left out filled in as the generator would, bound to the model. */
  #completed(partial: ReferralInput, owner: Owner): Record<string, unknown> {
    return bindReferral(
      completeReferral(
        partial,
        owner,
        this.#rng,
        contextFor({ now: this.now(), partner: this.#ctx.store.partner }),
      ),
    );
  }

  /** A change made in Partner Center's UI: merged into the referral, checked, stamped, webhook fired. */
  updateReferral(id: string, changes: ReferralInput): RenderedReferral {
    const current = this.#ctx.store.get(id);
    if (!current) throw new ControlError(404, `No referral '${id}'.`);
    const readOnly = Object.keys(changes).filter((k) => (readOnlyFields as readonly string[]).includes(k));
    if (readOnly.length > 0) throw new ControlError(400, `Read-only field(s): ${readOnly.join(', ')}.`);
    const merged = deepMerge(current as unknown as Record<string, unknown>, changes);
    return this.#ctx.render(this.#ctx.store.write(id, bindReferral(merged)));
  }

  approveDeviceCode(userCode: string, username: string): void {
    this.#ctx.auth.approveDeviceCode(userCode, username);
  }

  /** Changes a user's Partner Center roles, as an admin does in the portal (P3: a role taken away). */
  setUserRoles(username: string, roles: readonly string[]): void {
    if (!this.#ctx.auth.setUserRoles(username, roles)) throw new ControlError(404, `No user '${username}'.`);
  }

  declineDeviceCode(userCode: string): void {
    this.#ctx.auth.declineDeviceCode(userCode);
  }

  /** Tokens for a user without the interactive flow (default: the Referrals API, with refresh and id tokens). */
  issueTokens(
    username: string,
    options: { resource?: string; scope?: string; clientId?: string } = {},
  ): TokenResponse {
    const user = this.#ctx.auth.user(username);
    if (!user) throw new ControlError(404, `No user '${username}'.`);
    const resource = options.resource ?? this.#ctx.settings.resources.referrals;
    const scopes = (options.scope ?? `${resource}/user_impersonation offline_access openid profile`).split(
      /\s+/,
    );
    return this.#ctx.auth.issueTokens(
      user,
      options.clientId ?? 'emulator-test-client',
      resource,
      scopes,
      `${this.authorityUrl}/v2.0`,
    );
  }

  revokeRefreshTokens(username: string): number {
    return this.#ctx.auth.revokeRefreshTokens(username);
  }

  get faults(): FaultKnobs {
    return this.#ctx.faults.knobs;
  }

  setFaults(partial: FaultKnobs): FaultKnobs {
    return this.#ctx.faults.set(partial);
  }

  callCount(day?: string | Date): CallCount {
    return this.#ctx.counter.count(day);
  }

  get deliveries(): readonly DeliveryAttempt[] {
    return this.#ctx.dispatcher.deliveries;
  }
  get offlineEvents(): readonly UndeliveredEvent[] {
    return this.#ctx.dispatcher.offline;
  }
  get droppedEvents(): readonly UndeliveredEvent[] {
    return this.#ctx.dispatcher.dropped;
  }

  webhookRoutes(): Record<string, DispatchTarget> {
    return this.#ctx.registry.routes();
  }

  waitForDeliveriesIdle(timeoutMs?: number): Promise<void> {
    return this.#ctx.dispatcher.waitForIdle(timeoutMs);
  }

  now(): Date {
    return this.#clock.now();
  }

  /** Moves the emulator's clock forward (tokens, device codes, expiry, rate windows, day counter). */
  advanceClock(ms: number): Date {
    const now = this.#clock.advance(ms);
    this.#ctx.store.expireStale();
    return now;
  }

  async close(): Promise<void> {
    await this.#ctx.dispatcher.close();
    if (this.#app) await closeListening(this.#app);
  }
}

export async function startPartnerCenterEmulator(
  options: PartnerCenterEmulatorOptions = {},
): Promise<PartnerCenterEmulator> {
  const identity = options.certificate
    ? identityFromPem(options.certificate.privateKeyPem, options.certificate.certificatePem)
    : await sharedSigningIdentity();
  const emulator = new PartnerCenterEmulator(options, identity);
  emulator.load(options.seed ?? [], options.generate ?? 0, options.randomSeed ?? 1);
  await emulator.listen();
  return emulator;
}
