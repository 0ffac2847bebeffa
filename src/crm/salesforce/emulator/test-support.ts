// Helpers for tests that talk to the Salesforce emulator over real HTTP: the emulators a test file starts
// (closed after each test), an authorised fetch against the REST API and a token for a user.
import { afterEach } from 'vitest';
import { ManualClock } from '../../../partner-center/emulator/clock.js';
import { call, type ApiResponse, type CallInit } from '../../../partner-center/emulator/test-support.js';
import { startSalesforceEmulator, type SalesforceEmulator } from './emulator.js';
import type { SalesforceEmulatorOptions } from './options.js';

export { call, type ApiResponse };

/** The API version tests use unless they say otherwise. */
export const testApiVersion = '60.0';

export interface TestEmulators {
  /** Starts an emulator on a ManualClock set to 2026-11-20T10:00:00Z; `options` may override the clock. */
  readonly start: (options?: SalesforceEmulatorOptions) => Promise<SalesforceEmulator>;
  /** Has an emulator started some other way closed after the test too. */
  readonly track: (emulator: SalesforceEmulator) => SalesforceEmulator;
}

/** Call at the top of a test file: every emulator its tests start (or track) is closed after each test. */
export function useSalesforceEmulators(): TestEmulators {
  const started: SalesforceEmulator[] = [];
  afterEach(async () => {
    await Promise.all(started.splice(0).map((e) => e.close()));
  });
  const track = (emulator: SalesforceEmulator): SalesforceEmulator => {
    started.push(emulator);
    return emulator;
  };
  return {
    start: async (options = {}) =>
      track(await startSalesforceEmulator({ clock: new ManualClock('2026-11-20T10:00:00Z'), ...options })),
    track,
  };
}

/** An access token for a user (default the admin). */
export function tokenFor(emulator: SalesforceEmulator, username = 'admin@contoso.example'): string {
  return emulator.issueTokens(username).access_token;
}

/** A REST API call: `path` relative to /services/data/vXX.X (e.g. `/sobjects/Account`), or absolute. */
export function api<T = unknown>(
  emulator: SalesforceEmulator,
  path: string,
  init: CallInit & { version?: string } = {},
): Promise<ApiResponse<T>> {
  const url =
    path.startsWith('/services/') || path.startsWith('/id/')
      ? `${emulator.url}${path}`
      : `${emulator.url}/services/data/v${init.version ?? testApiVersion}${path}`;
  const { version: _version, ...rest } = init;
  return call<T>(url, { ...rest, token: init.token ?? tokenFor(emulator) });
}

/** A SOQL query through the REST API (first batch). */
export function soql<T = unknown>(emulator: SalesforceEmulator, query: string, token?: string) {
  return api<T>(emulator, `/query?q=${encodeURIComponent(query)}`, token === undefined ? {} : { token });
}
