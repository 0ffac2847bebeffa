// Microsoft identity platform v2 endpoints on the emulator (docs/remote-apis.md §1 "Auth and headers"): OpenID discovery,
// signing keys, device authorization, token, and the /device page. OAuth errors use Entra ID's JSON error
// body with 400. The issuer is `<url>/<tenant>/v2.0` with the tenant of the request path, so standard OIDC
// issuer checks pass (Entra ID's templated `{tenantid}` issuer is special-cased by client libraries only for
// login.microsoftonline.com). None of these calls count as Partner Center API calls.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { EmulatorContext } from './context.js';
import { renderDevicePage } from './device-page.js';
import { ControlError } from './pc-errors.js';

type TenantRequest = FastifyRequest<{ Params: { tenant: string } }>;

function form(request: FastifyRequest): Record<string, string | undefined> {
  const body = request.body;
  if (typeof body !== 'object' || body === null) return {};
  return Object.fromEntries(Object.entries(body).map(([k, v]) => [k, typeof v === 'string' ? v : undefined]));
}

export function registerAuthRoutes(app: FastifyInstance, ctx: EmulatorContext): void {
  const { tenantId, tenantDomain } = ctx.settings;
  const knownTenants = new Set([
    'common',
    'organizations',
    tenantId.toLowerCase(),
    tenantDomain.toLowerCase(),
  ]);
  const authority = (tenant: string) => `${ctx.baseUrl()}/${tenant}`;

  /** Unknown tenants fail like Entra ID's AADSTS90002; returns false when the reply was sent. */
  const checkTenant = (request: TenantRequest, reply: FastifyReply): boolean => {
    if (knownTenants.has(request.params.tenant.toLowerCase())) return true;
    void reply
      .code(400)
      .send(ctx.auth.error('invalid_tenant', 90002, `Tenant '${request.params.tenant}' not found.`));
    return false;
  };
  const noStore = (reply: FastifyReply) =>
    reply.header('cache-control', 'no-store, no-cache').header('pragma', 'no-cache');

  app.get('/:tenant/v2.0/.well-known/openid-configuration', (request: TenantRequest, reply) => {
    if (!checkTenant(request, reply)) return;
    const a = authority(request.params.tenant);
    return {
      token_endpoint: `${a}/oauth2/v2.0/token`,
      token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt', 'client_secret_basic'],
      jwks_uri: `${a}/discovery/v2.0/keys`,
      response_modes_supported: ['query', 'fragment', 'form_post'],
      subject_types_supported: ['pairwise'],
      id_token_signing_alg_values_supported: ['RS256'],
      response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
      scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
      issuer: `${a}/v2.0`,
      request_uri_parameter_supported: false,
      authorization_endpoint: `${a}/oauth2/v2.0/authorize`,
      device_authorization_endpoint: `${a}/oauth2/v2.0/devicecode`,
      http_logout_supported: true,
      frontchannel_logout_supported: true,
      end_session_endpoint: `${a}/oauth2/v2.0/logout`,
      claims_supported: [
        'sub',
        'iss',
        'aud',
        'exp',
        'iat',
        'auth_time',
        'nonce',
        'preferred_username',
        'name',
        'tid',
        'ver',
        'oid',
      ],
      tenant_region_scope: 'EU',
      cloud_instance_name: 'partner-center-emulator',
    };
  });

  app.get('/:tenant/discovery/v2.0/keys', (request: TenantRequest, reply) => {
    if (!checkTenant(request, reply)) return;
    return { keys: [{ ...ctx.identity.publicJwk, issuer: `${authority(request.params.tenant)}/v2.0` }] };
  });

  app.post('/:tenant/oauth2/v2.0/devicecode', (request: TenantRequest, reply) => {
    if (!checkTenant(request, reply)) return;
    const params = form(request);
    for (const name of ['client_id', 'scope'] as const) {
      if (!params[name]) {
        void reply
          .code(400)
          .send(
            ctx.auth.error(
              'invalid_request',
              900144,
              `The request body must contain the following parameter: '${name}'.`,
            ),
          );
        return;
      }
    }
    void noStore(reply).send(
      ctx.auth.startDeviceCode(params['client_id'] ?? '', params['scope'] ?? '', `${ctx.baseUrl()}/device`),
    );
  });

  app.post('/:tenant/oauth2/v2.0/token', (request: TenantRequest, reply) => {
    if (!checkTenant(request, reply)) return;
    const result = ctx.auth.token(form(request), `${authority(request.params.tenant)}/v2.0`);
    void noStore(reply)
      .code(result.ok ? 200 : 400)
      .send(result.body);
  });

  app.get('/device', (request: FastifyRequest<{ Querystring: { code?: string } }>, reply) => {
    void reply
      .type('text/html; charset=utf-8')
      .send(renderDevicePage(ctx.auth.users(), '', request.query.code ?? ''));
  });

  app.post('/device', (request, reply) => {
    const params = form(request);
    let notice: string;
    try {
      if (params['action'] === 'decline') {
        ctx.auth.declineDeviceCode(params['code'] ?? '');
        notice = 'You declined the sign-in. You can close this window.';
      } else {
        const user = ctx.auth.approveDeviceCode(params['code'] ?? '', params['username'] ?? '');
        notice = `Signed in as ${user.username}. Return to the application; you can close this window.`;
      }
    } catch (error) {
      if (!(error instanceof ControlError)) throw error;
      reply.code(error.status);
      notice = error.message;
    }
    void reply.type('text/html; charset=utf-8').send(renderDevicePage(ctx.auth.users(), notice));
  });
}
