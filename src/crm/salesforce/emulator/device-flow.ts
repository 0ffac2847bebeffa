// Salesforce's OAuth 2.0 device flow ("OAuth 2.0 Device Flow for IoT Integration"), on the token endpoint
// like every other grant: `response_type=device_code` asks for a user code and a device code (the answer has
// `device_code`, `user_code`, `verification_uri` and `interval`, no `expires_in`, as Salesforce answers);
// `grant_type=device&code=<device_code>` polls. A person enters the user code at `verification_uri`
// (`/setup/connect`, the emulator's page or its control API) and allows or denies access. Polling sooner
// than `interval` after the last poll answers `slow_down` and adds 5 seconds to the interval (RFC 8628 §3.5);
// a code not redeemed within `lifetimeSeconds` (emulator clock) answers `expired_token`.
import { randomBytes, randomInt } from 'node:crypto';
import type { Clock } from '../../../partner-center/emulator/clock.js';
import { ControlError, OAuthError } from './sf-errors.js';

export interface DeviceCodeAnswer {
  readonly device_code: string;
  readonly user_code: string;
  readonly verification_uri: string;
  readonly interval: number;
}

interface DeviceCode {
  readonly deviceCode: string;
  readonly userCode: string;
  readonly clientId: string;
  readonly scope: string;
  readonly expiresAtMs: number;
  interval: number;
  lastPollAtMs: number | undefined;
  state: 'pending' | 'approved' | 'denied' | 'redeemed';
  userId: string | undefined;
}

/** What a successful poll hands to the token issuer. */
export interface ApprovedDevice {
  readonly userId: string;
  readonly clientId: string;
  readonly scope: string;
}

export interface DeviceFlowSettings {
  readonly clock: Clock;
  /** The polling interval announced (Salesforce announces 5 seconds). */
  readonly intervalSeconds: number;
  /** How long a code may wait for its person (Salesforce does not say; the emulator uses 10 minutes). */
  readonly lifetimeSeconds: number;
}

/** Eight upper-case letters and digits, without the look-alikes 0/O and 1/I. */
const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
const normalize = (code: string) => code.toUpperCase().replace(/[^A-Z0-9]/g, '');
/** The scope a device request without one gets: the connected app's api and refresh_token. */
export const defaultDeviceScope = 'api refresh_token';

export class DeviceFlow {
  readonly #codes = new Map<string, DeviceCode>();

  constructor(private readonly settings: DeviceFlowSettings) {
    if (!(settings.intervalSeconds >= 0)) throw new RangeError('deviceFlowIntervalSeconds must be >= 0');
    if (!(settings.lifetimeSeconds > 0)) throw new RangeError('deviceCodeLifetimeSeconds must be > 0');
  }

  #now(): number {
    return this.settings.clock.now().getTime();
  }

  /** `response_type=device_code`: a new pair of codes for a client (already checked by the caller). */
  start(clientId: string, scope: string | undefined, verificationUri: string): DeviceCodeAnswer {
    const record: DeviceCode = {
      deviceCode: randomBytes(48).toString('base64url'),
      userCode: Array.from({ length: 8 }, () => alphabet[randomInt(alphabet.length)]).join(''),
      clientId,
      scope: scope?.trim() || defaultDeviceScope,
      expiresAtMs: this.#now() + this.settings.lifetimeSeconds * 1000,
      interval: this.settings.intervalSeconds,
      lastPollAtMs: undefined,
      state: 'pending',
      userId: undefined,
    };
    this.#codes.set(record.deviceCode, record);
    return {
      device_code: record.deviceCode,
      user_code: record.userCode,
      verification_uri: verificationUri,
      interval: record.interval,
    };
  }

  #pending(userCode: string): DeviceCode {
    const wanted = normalize(userCode);
    const record = [...this.#codes.values()].find((d) => d.userCode === wanted);
    if (!record) throw new ControlError(404, `No device sign-in with the code '${userCode}'.`);
    if (record.expiresAtMs <= this.#now()) throw new ControlError(400, `The code '${userCode}' has expired.`);
    if (record.state !== 'pending')
      throw new ControlError(409, `The code '${userCode}' was already ${record.state}.`);
    return record;
  }

  /** The person entered the code (case and dashes do not matter), signed in as `userId` and allowed access. */
  approve(userCode: string, userId: string): void {
    const record = this.#pending(userCode);
    record.state = 'approved';
    record.userId = userId;
  }

  /** The person entered the code and denied access. */
  deny(userCode: string): void {
    this.#pending(userCode).state = 'denied';
  }

  /** `grant_type=device`: one poll; throws the OAuth error Salesforce would answer. */
  poll(deviceCode: string | undefined, clientId: string): ApprovedDevice {
    const record = deviceCode ? this.#codes.get(deviceCode) : undefined;
    if (!record || record.clientId !== clientId) throw new OAuthError('invalid_grant', 'invalid device code');
    if (record.state === 'redeemed') throw new OAuthError('invalid_grant', 'device code already used');
    const now = this.#now();
    if (record.expiresAtMs <= now) throw new OAuthError('expired_token', 'expired device code');
    if (record.state === 'denied') throw new OAuthError('access_denied', 'end-user denied authorization');
    const tooSoon =
      record.interval > 0 &&
      record.lastPollAtMs !== undefined &&
      now - record.lastPollAtMs < record.interval * 1000;
    record.lastPollAtMs = now;
    if (tooSoon) {
      record.interval += 5;
      throw new OAuthError('slow_down', 'polling too frequently');
    }
    if (record.state === 'pending' || record.userId === undefined) {
      throw new OAuthError('authorization_pending', 'authorization pending');
    }
    record.state = 'redeemed';
    return { userId: record.userId, clientId: record.clientId, scope: record.scope };
  }
}
