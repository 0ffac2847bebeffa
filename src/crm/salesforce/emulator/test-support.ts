// Helpers for tests that talk to the Salesforce emulator over real HTTP: an authorised fetch against the
// REST API and a token for a user.
import { call, type ApiResponse } from '../../../partner-center/emulator/test-support.js';
import type { SalesforceEmulator } from './emulator.js';

export { call, type ApiResponse };

/** The API version tests use unless they say otherwise. */
export const testApiVersion = '60.0';

/** An access token for a user (default the admin). */
export function tokenFor(emulator: SalesforceEmulator, username = 'admin@contoso.example'): string {
  return emulator.issueTokens(username).access_token;
}

/** A REST API call: `path` relative to /services/data/vXX.X (e.g. `/sobjects/Account`), or absolute. */
export function api<T = unknown>(
  emulator: SalesforceEmulator,
  path: string,
  init: {
    method?: string;
    token?: string;
    body?: unknown;
    raw?: string;
    headers?: Record<string, string>;
    version?: string;
  } = {},
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
