// The device authorization grant (RFC 8628) as Entra ID runs it: a user code a person enters at the
// verification page, and a device code the app polls with. Polling faster than `interval` is answered with
// slow_down, and the interval grows by 5 seconds (§3.5); codes expire after `lifetimeSeconds` (emulator clock).
import { randomBytes, randomInt } from 'node:crypto';
import type { Clock } from './clock.js';
import type { OAuthFailure } from './oauth-errors.js';
import { ControlError } from './pc-errors.js';

interface DeviceCode {
  readonly deviceCode: string;
  readonly userCode: string;
  readonly clientId: string;
  readonly scopes: readonly string[];
  readonly expiresAt: number;
  interval: number;
  lastPollAt: number | undefined;
  state: 'pending' | 'approved' | 'declined' | 'redeemed';
  username: string | undefined;
}

export interface DeviceAuthorization {
  user_code: string;
  device_code: string;
  verification_uri: string;
  expires_in: number;
  interval: number;
  message: string;
}

export type PollResult =
  | { readonly ok: true; readonly username: string; readonly scopes: readonly string[] }
  | ({ readonly ok: false } & OAuthFailure);

/** Entra ID's user codes: 9 characters, upper-case letters and digits without look-alikes. */
const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
const normalize = (code: string) => code.toUpperCase().replace(/[^A-Z0-9]/g, '');
const fail = (error: string, code: number, description: string): PollResult => ({
  ok: false,
  error,
  code,
  description,
});

export class DeviceCodes {
  readonly #codes = new Map<string, DeviceCode>();

  constructor(
    private readonly clock: Clock,
    private readonly intervalSeconds: number,
    private readonly lifetimeSeconds: number,
  ) {}

  start(clientId: string, scope: string, verificationUri: string): DeviceAuthorization {
    const userCode = Array.from({ length: 9 }, () => alphabet[randomInt(alphabet.length)]).join('');
    const record: DeviceCode = {
      deviceCode: `DAQABIQEAAAD${randomBytes(96).toString('base64url')}`,
      userCode,
      clientId,
      scopes: scope.split(/\s+/).filter(Boolean),
      expiresAt: this.clock.now().getTime() + this.lifetimeSeconds * 1000,
      interval: this.intervalSeconds,
      lastPollAt: undefined,
      state: 'pending',
      username: undefined,
    };
    this.#codes.set(record.deviceCode, record);
    return {
      user_code: userCode,
      device_code: record.deviceCode,
      verification_uri: verificationUri,
      expires_in: this.lifetimeSeconds,
      interval: this.intervalSeconds,
      message: `To sign in, use a web browser to open the page ${verificationUri} and enter the code ${userCode} to authenticate.`,
    };
  }

  #pending(userCode: string): DeviceCode {
    const wanted = normalize(userCode);
    const record = [...this.#codes.values()].find((d) => d.userCode === wanted);
    if (!record) throw new ControlError(404, `No device code with user code '${userCode}'.`);
    if (record.expiresAt <= this.clock.now().getTime())
      throw new ControlError(400, `The code '${userCode}' has expired.`);
    if (record.state !== 'pending')
      throw new ControlError(409, `The code '${userCode}' was already ${record.state}.`);
    return record;
  }

  /** A person entered the code (case and dashes do not matter) and signed in as `username`. */
  approve(userCode: string, username: string): void {
    const record = this.#pending(userCode);
    record.state = 'approved';
    record.username = username;
  }

  decline(userCode: string): void {
    this.#pending(userCode).state = 'declined';
  }

  /** One poll of the token endpoint with a device code. */
  poll(deviceCode: string | undefined, clientId: string): PollResult {
    const record = deviceCode ? this.#codes.get(deviceCode) : undefined;
    if (!record)
      return fail(
        'invalid_grant',
        70000,
        "The provided value for the input parameter 'device_code' is not valid.",
      );
    if (record.clientId !== clientId)
      return fail('invalid_grant', 70000, 'The device code was issued to another application.');
    const now = this.clock.now().getTime();
    if (record.state === 'redeemed')
      return fail('invalid_grant', 54005, 'The device code was already redeemed.');
    if (record.expiresAt <= now)
      return fail('expired_token', 70019, 'The device code has expired. Start the sign-in again.');
    if (record.state === 'declined')
      return fail('authorization_declined', 70000, 'The user declined the sign-in request.');
    const tooSoon =
      record.interval > 0 &&
      record.lastPollAt !== undefined &&
      now - record.lastPollAt < record.interval * 1000;
    record.lastPollAt = now;
    if (tooSoon) {
      record.interval += 5;
      return fail('slow_down', 70016, 'OAuth 2.0 device flow error. Polling too frequently; slow down.');
    }
    if (record.state === 'pending' || record.username === undefined) {
      return fail(
        'authorization_pending',
        70016,
        'OAuth 2.0 device flow error. Authorization is pending. Continue polling.',
      );
    }
    record.state = 'redeemed';
    return { ok: true, username: record.username, scopes: record.scopes };
  }
}
