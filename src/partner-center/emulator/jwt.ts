// Compact JWS (RS256) for the sign-in endpoints' id_token and access_token. Entra ID signs both with RS256 and
// names the key in `kid`; relying parties may verify them against `/{tenant}/discovery/v2.0/keys`.
import { sign } from 'node:crypto';

const b64url = (data: string | Buffer) => Buffer.from(data).toString('base64url');

export function signJwt(claims: Record<string, unknown>, privateKeyPem: string, keyId: string): string {
  const header = b64url(JSON.stringify({ typ: 'JWT', alg: 'RS256', kid: keyId, x5t: keyId }));
  const payload = b64url(JSON.stringify(claims));
  const signature = sign('sha256', Buffer.from(`${header}.${payload}`), privateKeyPem);
  return `${header}.${payload}.${b64url(signature)}`;
}

/** The claims of a JWT, without verifying it (tests and diagnostics). */
export function decodeJwtClaims(token: string): Record<string, unknown> {
  const payload = token.split('.')[1];
  if (payload === undefined) throw new Error('not a JWT');
  return JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
}
