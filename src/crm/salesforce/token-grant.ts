// The OAuth 2.0 refresh-token grant at `<loginUrl>/services/oauth2/token`. Plain fetch rather than
// openid-client: it is one form POST, Salesforce's answer carries no token lifetime for a library to manage,
// and its `instance_url` and identity URL are Salesforce's own fields we read anyway. Not an API call, so
// not metered; the token never reaches an error or a log line.
import { CosellError } from '../../errors.js';
import { describeCause, parseJson, summariseIssues } from '../../http-client/response.js';
import { redactSalesforce, salesforceName, salesforceSystem } from './error-map.js';
import { SfOAuthErrorSchema, SfTokenResponseSchema, type SfTokenResponse } from './wire.js';

/** A new session for a stored refresh token; invalid_grant (revoked, user deactivated) is AUTH_REFRESH_FAILED. */
export async function refreshTokenGrant(
  loginUrl: string,
  params: { clientId: string; clientSecret?: string | undefined; refreshToken: string },
  identity: string,
  signal?: AbortSignal,
): Promise<SfTokenResponse> {
  const form = new URLSearchParams({
    grant_type: 'refresh_token',
    client_id: params.clientId,
    refresh_token: params.refreshToken,
  });
  if (params.clientSecret !== undefined) form.set('client_secret', params.clientSecret);
  const url = new URL('/services/oauth2/token', loginUrl);
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: { accept: 'application/json', 'content-type': 'application/x-www-form-urlencoded' },
      body: form.toString(),
      ...(signal ? { signal } : {}),
    });
  } catch (cause) {
    throw new CosellError(
      'NETWORK_ERROR',
      { host: url.host, reason: redactSalesforce(describeCause(cause)) },
      { cause },
    );
  }
  const body = parseJson(await response.text());
  if (!response.ok) {
    const oauth = SfOAuthErrorSchema.safeParse(body);
    const code = oauth.success ? oauth.data.error : `HTTP ${response.status}`;
    // invalid_grant: the refresh token was revoked, or its user deactivated (design: "refresh tokens die with
    // the user who made them").
    if (code === 'invalid_grant') {
      throw new CosellError('AUTH_REFRESH_FAILED', { system: salesforceSystem, identity }, { detail: code });
    }
    if (response.status >= 500) {
      throw new CosellError('CRM_UNAVAILABLE', { system: salesforceName, status: response.status });
    }
    const reason = oauth.success ? `${code}: ${oauth.data.error_description ?? ''}` : code;
    throw new CosellError('AUTH_SIGN_IN_FAILED', {
      system: salesforceName,
      reason: redactSalesforce(reason),
    });
  }
  const parsed = SfTokenResponseSchema.safeParse(body);
  if (!parsed.success) {
    throw new CosellError('CRM_RESPONSE_INVALID', {
      system: salesforceName,
      reason: summariseIssues(parsed.error),
    });
  }
  return parsed.data;
}
