// The emulator's referral store. Every write, whether it comes through the API or the control surface (a
// change "made in Partner Center's UI"), bumps updatedDateTime and the eTag and reports the change, which the
// emulator turns into webhook events.
import { randomUUID } from 'node:crypto';
import { formatInstant, parseInstant, type Clock, type Instant, type InstantSource } from './clock.js';
import { atIndex } from './pc-errors.js';
import { checkFormats, checkTransition, isValidPair, statusRules } from './referral-rules.js';
import {
  microsoftOrganization,
  readOnlyFields,
  referralModel,
  type EmReferral,
  type ReferralStatus,
  type ReferralSubstatus,
} from './referral-model.js';

export const Owner = { partner: 'partner', microsoft: 'microsoft' } as const;
export type Owner = (typeof Owner)[keyof typeof Owner];

export interface ReferralChange {
  readonly kind: 'created' | 'updated';
  readonly referral: EmReferral;
  readonly owner: Owner;
  readonly instant: Instant;
}

export interface Organization {
  readonly id: string;
  readonly name: string;
}

/** Unanswered incoming referrals are archived as Expired after 14 days (docs/remote-apis.md §1 "Expiry"). */
const expiryDays = 14;
const dayMs = 86_400_000;

/** Keys in the documented order, so responses read like Partner Center's examples. */
const keyOrder = referralModel.kind === 'object' ? Object.keys(referralModel.fields) : [];

function ordered(referral: Record<string, unknown>): EmReferral {
  const out: Record<string, unknown> = {};
  for (const key of keyOrder) if (referral[key] !== undefined) out[key] = referral[key];
  return out as unknown as EmReferral;
}

/** Strong ETag values compare without their quotes or a weak prefix; `*` matches any. */
export function etagMatches(header: string, eTag: string): boolean {
  const strip = (s: string) =>
    s
      .trim()
      .replace(/^W\//, '')
      .replace(/^["\\]+|["\\]+$/g, '');
  return header.split(',').some((candidate) => candidate.trim() === '*' || strip(candidate) === strip(eTag));
}

export class ReferralStore {
  readonly #byId = new Map<string, EmReferral>();
  #etagCounter = 0x6d10;

  constructor(
    private readonly clock: Clock,
    private readonly instants: InstantSource,
    readonly partner: Organization,
    private readonly onChange: (change: ReferralChange) => void,
  ) {}

  list(): EmReferral[] {
    return [...this.#byId.values()];
  }

  get(id: string): EmReferral | undefined {
    return this.#byId.get(id);
  }

  ownerOf(referral: EmReferral): Owner {
    return referral.organizationId === microsoftOrganization.id ? Owner.microsoft : Owner.partner;
  }

  /**
   * An eTag in Cosmos DB's shape, as Partner Center returns it (`"00006d10-0000-0700-0000-5e1b3b6a0000"`,
   * quotes included in the value): a write counter and the write's Unix time.
   */
  #nextETag(instant: Instant): string {
    this.#etagCounter = (this.#etagCounter + 1) >>> 0;
    const counter = this.#etagCounter.toString(16).padStart(8, '0');
    const seconds = Math.floor(instant.ms / 1000)
      .toString(16)
      .padStart(8, '0');
    return `"${counter}-0000-0700-0000-${seconds}0000"`;
  }

  /** Incoming referrals still New expire at midnight UTC 14 days after creation (list example: 10-30 -> 11-13). */
  #expiry(direction: unknown, status: ReferralStatus, created: unknown): string | undefined {
    const at = typeof created === 'string' ? parseInstant(created) : undefined;
    if (direction !== 'Incoming' || status !== 'New' || !at) return undefined;
    return formatInstant({ ms: Math.floor(at.ms / dayMs) * dayMs + expiryDays * dayMs, ticks: 0 });
  }

  /** Seeds and generated data: stored as given, filling only what the service always sets. No webhook. */
  insert(input: Record<string, unknown>, owner: Owner = Owner.partner): EmReferral {
    const instant = this.instants.next();
    const now = formatInstant(instant);
    const org = owner === Owner.microsoft ? microsoftOrganization : this.partner;
    const status = (input['status'] as ReferralStatus | undefined) ?? 'New';
    const createdDateTime = input['createdDateTime'] ?? now;
    const referral = ordered({
      ...input,
      expirationDateTime:
        input['expirationDateTime'] ?? this.#expiry(input['direction'], status, createdDateTime),
      id: typeof input['id'] === 'string' && input['id'] !== '' ? input['id'] : randomUUID(),
      engagementId: input['engagementId'] ?? randomUUID(),
      organizationId: input['organizationId'] ?? org.id,
      organizationName: input['organizationName'] ?? org.name,
      createdDateTime,
      updatedDateTime: input['updatedDateTime'] ?? createdDateTime,
      status,
      substatus: input['substatus'] ?? statusRules[status].substatuses[0],
      eTag: typeof input['eTag'] === 'string' ? input['eTag'] : this.#nextETag(instant),
    });
    if (!isValidPair(referral.status, referral.substatus)) {
      throw new Error(
        `Referral ${referral.id}: ${referral.status}/${referral.substatus} is not a valid state.`,
      );
    }
    this.#byId.set(referral.id, referral);
    this.#noteExpiry(referral);
    return referral;
  }

  /** A new referral: the service assigns id, organisation, timestamps, state defaults and eTag. */
  create(bound: Record<string, unknown>, owner: Owner): EmReferral {
    return this.#commit(this.#newReferral(bound, owner), owner);
  }

  /**
   * Many new referrals, each as create() makes it, all or none: every one is checked before the first is
   * stored, so a refusal (which names its index) leaves the store as it was.
   */
  createMany(bound: readonly Record<string, unknown>[], owner: Owner): EmReferral[] {
    const made = bound.map((b, index) => atIndex(`referrals[${index}]`, () => this.#newReferral(b, owner)));
    return made.map((m) => this.#commit(m, owner));
  }

  #newReferral(bound: Record<string, unknown>, owner: Owner): { referral: EmReferral; instant: Instant } {
    const instant = this.instants.next();
    const now = formatInstant(instant);
    const org = owner === Owner.microsoft ? microsoftOrganization : this.partner;
    const status = (bound['status'] as ReferralStatus | null | undefined) ?? 'New';
    const substatus =
      (bound['substatus'] as ReferralSubstatus | null | undefined) ?? statusRules[status].substatuses[0];
    checkTransition({ status: 'None', substatus: 'None' }, { status, substatus });
    checkFormats(bound);
    const direction = bound['direction'] ?? 'Outgoing';
    const expires = bound['expirationDateTime'] ?? this.#expiry(direction, status, now);
    const referral = ordered({
      ...bound,
      id: randomUUID(),
      engagementId: bound['engagementId'] ?? randomUUID(),
      organizationId: org.id,
      organizationName: org.name,
      createdDateTime: now,
      updatedDateTime: now,
      expirationDateTime: expires,
      status,
      substatus,
      direction,
      eTag: this.#nextETag(instant),
    });
    return { referral, instant };
  }

  #commit(made: { referral: EmReferral; instant: Instant }, owner: Owner): EmReferral {
    const { referral, instant } = made;
    this.#byId.set(referral.id, referral);
    this.#noteExpiry(referral);
    this.onChange({ kind: 'created', referral, owner, instant });
    return referral;
  }

  /**
   * Replaces a referral with `next` (already bound to the model). Read-only fields keep their stored values,
   * the state change is checked against the transition table, and the write gets a new timestamp and eTag.
   */
  write(id: string, next: Record<string, unknown>): EmReferral {
    const current = this.#byId.get(id);
    if (!current) throw new Error(`No referral ${id}`);
    const status = (next['status'] as ReferralStatus | null | undefined) ?? current.status;
    const substatus = (next['substatus'] as ReferralSubstatus | null | undefined) ?? current.substatus;
    checkTransition(current, { status, substatus });
    checkFormats(next);
    const instant = this.instants.next();
    const kept = Object.fromEntries(
      readOnlyFields.map((f) => [f, (current as unknown as Record<string, unknown>)[f]]),
    );
    const accepted =
      status === 'Active' && current.status !== 'Active' && next['acceptedDateTime'] == null
        ? formatInstant(instant)
        : next['acceptedDateTime'];
    const referral = ordered({
      ...next,
      ...kept,
      status,
      substatus,
      acceptedDateTime: accepted,
      updatedDateTime: formatInstant(instant),
      eTag: this.#nextETag(instant),
    });
    this.#byId.set(id, referral);
    this.#noteExpiry(referral);
    this.onChange({ kind: 'updated', referral, owner: this.ownerOf(referral), instant });
    return referral;
  }

  /**
   * The earliest expiration among unanswered incoming referrals, as far as known (undefined: unknown, scan).
   * Every API call runs expireStale, so without it each call would read every referral: 50,000 referrals
   * made a backfill's 50,000 calls cost billions of steps.
   */
  #nextDue: number | undefined;

  #noteExpiry(referral: EmReferral): void {
    if (this.#nextDue === undefined) return;
    if (referral.direction !== 'Incoming' || referral.status !== 'New' || !referral.expirationDateTime)
      return;
    const due = parseInstant(referral.expirationDateTime);
    if (due && due.ms < this.#nextDue) this.#nextDue = due.ms;
  }

  /** Archives unanswered incoming referrals whose expiration has passed; run lazily before each API call. */
  expireStale(): EmReferral[] {
    const now = this.clock.now().getTime();
    const expired: EmReferral[] = [];
    if (this.#nextDue !== undefined && now < this.#nextDue) return expired;
    let nextDue = Number.POSITIVE_INFINITY;
    for (const referral of [...this.#byId.values()]) {
      if (referral.direction !== 'Incoming' || referral.status !== 'New' || !referral.expirationDateTime)
        continue;
      const due = parseInstant(referral.expirationDateTime);
      if (due && due.ms > now) nextDue = Math.min(nextDue, due.ms);
      if (!due || due.ms > now) continue;
      const { links: _links, ...rest } = referral as EmReferral & { links?: unknown };
      expired.push(
        this.write(referral.id, {
          ...rest,
          status: 'Closed',
          substatus: 'Expired',
          statusReason: 'Referral expired',
        }),
      );
    }
    this.#nextDue = nextDue;
    return expired;
  }
}
