// Entra ID's OAuth error body (400 on the token and device code endpoints). The AADSTS numbers are plausible,
// not verified against Entra ID; clients branch on `error`, which follows RFC 6749 / RFC 8628.
import { randomUUID } from 'node:crypto';
import type { Clock } from './clock.js';

export interface OAuthErrorBody {
  error: string;
  error_description: string;
  error_codes: number[];
  timestamp: string;
  trace_id: string;
  correlation_id: string;
  error_uri: string;
}

export function oauthError(clock: Clock, error: string, code: number, description: string): OAuthErrorBody {
  const trace = randomUUID();
  const correlation = randomUUID();
  const timestamp = clock
    .now()
    .toISOString()
    .replace('T', ' ')
    .replace(/\.\d+Z$/, 'Z');
  return {
    error,
    error_description: `AADSTS${code}: ${description}\r\nTrace ID: ${trace}\r\nCorrelation ID: ${correlation}\r\nTimestamp: ${timestamp}`,
    error_codes: [code],
    timestamp,
    trace_id: trace,
    correlation_id: correlation,
    error_uri: `https://login.microsoftonline.com/error?code=${code}`,
  };
}

/** An OAuth failure before it is rendered: the RFC error, an AADSTS number and a description. */
export interface OAuthFailure {
  readonly error: string;
  readonly code: number;
  readonly description: string;
}
