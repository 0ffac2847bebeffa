// Helpers for tests that talk to the Dynamics emulator over real HTTP: the emulators a test file starts
// (closed after each test), an authorised fetch against the Web API and a token for a user.
import { afterEach } from 'vitest';
import { ManualClock } from '../../../partner-center/emulator/clock.js';
import { call, type ApiResponse, type CallInit } from '../../../partner-center/emulator/test-support.js';
import { startDynamicsEmulator, type DynamicsEmulator } from './emulator.js';
import type { DynamicsEmulatorOptions } from './options.js';

export { call, type ApiResponse };

/** The start of every test's clock. */
export const testStart = '2026-11-20T10:00:00Z';

/** Call at the top of a test file: every emulator its tests start is closed after each test. */
export function useDynamicsEmulators(): {
  start: (options?: DynamicsEmulatorOptions) => Promise<DynamicsEmulator>;
} {
  const started: DynamicsEmulator[] = [];
  afterEach(async () => {
    await Promise.all(started.splice(0).map((e) => e.close()));
  });
  return {
    start: async (options = {}) => {
      const emulator = await startDynamicsEmulator({ clock: new ManualClock(testStart), ...options });
      started.push(emulator);
      return emulator;
    },
  };
}

/** An access token for a user (default the admin). */
export function tokenFor(emulator: DynamicsEmulator, username = 'admin@contoso.example'): string {
  return emulator.issueTokens(username).access_token;
}

/** A Web API call: `path` relative to /api/data/v9.2 (e.g. `/accounts`), or absolute. */
export function api<T = unknown>(
  emulator: DynamicsEmulator,
  path: string,
  init: CallInit = {},
): Promise<ApiResponse<T>> {
  const url = /^https?:/.test(path) ? path : `${emulator.apiUrl}${path}`;
  return call<T>(url, { ...init, token: init.token ?? tokenFor(emulator) });
}

/** The id a create answered with, from its OData-EntityId header. */
export function createdId(response: ApiResponse): string {
  const m = /\(([0-9a-f-]{36})\)$/.exec(response.headers.get('odata-entityid') ?? '');
  if (!m) throw new Error(`no OData-EntityId in the answer (${response.status}: ${response.text})`);
  return m[1] as string;
}

export interface ODataCollection<T = Record<string, unknown>> {
  readonly value: T[];
  readonly '@odata.nextLink'?: string;
  readonly '@odata.deltaLink'?: string;
  readonly '@odata.count'?: number;
}
