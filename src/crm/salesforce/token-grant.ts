// Salesforce's OAuth 2.0 token endpoint, `<loginUrl>/services/oauth2/token`: the refresh-token grant here,
// and the form posts of the device flow (sign-in.ts). Plain fetch rather than openid-client: each is one form
// POST, Salesforce's answer carries no token lifetime for a library to manage, its `instance_url` and identity
// URL are Salesforce's own fields we read anyway, and its device flow is not RFC 8628's (`grant_type=device`,
// codes from the token endpoint). Not API calls, so not metered; no token or code ever reaches an error or a
// log line.
import { requestTimeoutMs, withDeadline } from '../../http-client/send.js';
import { CosellError } from '../../errors.js';
import { describeCause, parseJson, summariseIssues } from '../../http-client/response.js';
import { redactSalesforce, salesforceName, salesforceSystem } from './error-map.js';
import { SfOAuthErrorSchema, SfTokenResponseSchema, type SfTokenResponse } from './wire.js';

/** What the token endpoint answered: the JSON body, or its OAuth error (redacted description). */
export type TokenEndpointAnswer =
  | { readonly ok: true; readonly body: unknown }
  | { readonly ok: false; readonly status: number; readonly error: string; readonly description: string };

/**
 * One form POST to the token endpoint. A network failure is NETWORK_ERROR and a 5xx CRM_UNAVAILABLE; any
 * other refusal comes back as `{ok: false}` for the caller to name (each grant means something else by it).
 */
export async function postTokenForm(
  loginUrl: string,
  params: Readonly<Record<string, string | undefined>>,
  signal?: AbortSignal,
): Promise<TokenEndpointAnswer> {
  const form = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) if (value !== undefined) form.set(name, value);
  const url = new URL('/services/oauth2/token', loginUrl);
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: { accept: 'application/json', 'content-type': 'application/x-www-form-urlencoded' },
      body: form.toString(),
      signal: withDeadline(signal, requestTimeoutMs),
    });
  } catch (cause) {
    if (signal?.aborted) throw cause;
    throw new CosellError(
      'NETWORK_ERROR',
      { host: url.host, reason: redactSalesforce(describeCause(cause)) },
      { cause },
    );
  }
  const body = parseJson(await response.text());
  if (response.ok) return { ok: true, body };
  if (response.status >= 500) {
    throw new CosellError('CRM_UNAVAILABLE', { system: salesforceName, status: response.status });
  }
  const oauth = SfOAuthErrorSchema.safeParse(body);
  return {
    ok: false,
    status: response.status,
    error: oauth.success ? oauth.data.error : `HTTP ${response.status}`,
    description: redactSalesforce(oauth.success ? (oauth.data.error_description ?? '') : ''),
  };
}

/** The tokens of a successful answer; anything else is CRM_RESPONSE_INVALID. */
export function parseTokenResponse(body: unknown): SfTokenResponse {
  const parsed = SfTokenResponseSchema.safeParse(body);
  if (!parsed.success) {
    throw new CosellError('CRM_RESPONSE_INVALID', {
      system: salesforceName,
      reason: summariseIssues(parsed.error),
    });
  }
  return parsed.data;
}

/** `error: description`, or the error alone when Salesforce gave no description. */
export function oauthReason(answer: { error: string; description: string }): string {
  return answer.description === '' ? answer.error : `${answer.error}: ${answer.description}`;
}

/** A new session for a stored refresh token; invalid_grant (revoked, user deactivated) is AUTH_REFRESH_FAILED. */
export async function refreshTokenGrant(
  loginUrl: string,
  params: { clientId: string; clientSecret?: string | undefined; refreshToken: string },
  identity: string,
  signal?: AbortSignal,
): Promise<SfTokenResponse> {
  const answer = await postTokenForm(
    loginUrl,
    {
      grant_type: 'refresh_token',
      client_id: params.clientId,
      refresh_token: params.refreshToken,
      client_secret: params.clientSecret,
    },
    signal,
  );
  if (!answer.ok) {
    // invalid_grant: the refresh token was revoked, or its user deactivated (design: "refresh tokens die with
    // the user who made them").
    if (answer.error === 'invalid_grant') {
      throw new CosellError(
        'AUTH_REFRESH_FAILED',
        { system: salesforceSystem, identity },
        { detail: answer.error },
      );
    }
    throw new CosellError('AUTH_SIGN_IN_FAILED', { system: salesforceName, reason: oauthReason(answer) });
  }
  return parseTokenResponse(answer.body);
}
