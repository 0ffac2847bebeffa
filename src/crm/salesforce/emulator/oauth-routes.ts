// Salesforce's OAuth 2.0 endpoints on the login URL (which is also the instance URL here): token (form
// post; password, refresh_token, client_credentials and device grants, and `response_type=device_code` to
// start the device flow), the device flow's verification page `/setup/connect`, revoke, the OpenID userinfo
// endpoint and the identity URL `/id/<orgId>/<userId>` a token response names. Not counted as API calls. The
// identity endpoints answer a bad token with 403 `Bad_OAuth_Token` as text, as Salesforce does.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { renderConnectPage } from './connect-page.js';
import type { SalesforceContext } from './context.js';
import { formatDateTime } from './sf-time.js';
import { ControlError, OAuthError } from './sf-errors.js';
import type { UserAccount } from './users.js';

type Params = Record<string, string | undefined>;

function formParams(request: FastifyRequest): Params {
  const query = request.query as Params;
  const body = request.body;
  const fromBody = body !== null && typeof body === 'object' && !Array.isArray(body) ? (body as Params) : {};
  return { ...query, ...fromBody };
}

function urls(ctx: SalesforceContext, user: UserAccount): Record<string, string> {
  const base = ctx.baseUrl();
  const org = ctx.settings.orgId;
  return {
    enterprise: `${base}/services/Soap/c/{version}/${org}`,
    metadata: `${base}/services/Soap/m/{version}/${org}`,
    partner: `${base}/services/Soap/u/{version}/${org}`,
    rest: `${base}/services/data/v{version}/`,
    sobjects: `${base}/services/data/v{version}/sobjects/`,
    search: `${base}/services/data/v{version}/search/`,
    query: `${base}/services/data/v{version}/query/`,
    recent: `${base}/services/data/v{version}/recent/`,
    profile: `${base}/${user.id}`,
    custom_domain: base,
  };
}

function identity(ctx: SalesforceContext, user: UserAccount): Record<string, unknown> {
  const record = ctx.store.get('User', user.id);
  return {
    id: ctx.auth.identityUrl(user),
    asserted_user: true,
    user_id: user.id,
    organization_id: ctx.settings.orgId,
    username: user.username,
    nick_name: user.username.split('@')[0],
    display_name: user.name,
    email: user.email,
    email_verified: true,
    first_name: user.firstName,
    last_name: user.lastName,
    timezone: 'GMT',
    photos: {
      picture: `${ctx.baseUrl()}/profilephoto/005/F`,
      thumbnail: `${ctx.baseUrl()}/profilephoto/005/T`,
    },
    urls: urls(ctx, user),
    active: user.isActive,
    user_type: 'STANDARD',
    language: 'en_US',
    locale: 'en_US',
    utcOffset: 0,
    last_modified_date: formatDateTime(Number(record?.['LastModifiedDate'] ?? 0)),
    is_app_installed: true,
  };
}

function userInfo(ctx: SalesforceContext, user: UserAccount): Record<string, unknown> {
  const id = identity(ctx, user);
  return {
    sub: id['id'],
    user_id: user.id,
    organization_id: ctx.settings.orgId,
    preferred_username: user.username,
    nickname: id['nick_name'],
    name: user.name,
    email: user.email,
    email_verified: true,
    given_name: user.firstName,
    family_name: user.lastName,
    zoneinfo: 'GMT',
    photos: id['photos'],
    profile: `${ctx.baseUrl()}/${user.id}`,
    picture: (id['photos'] as { picture: string }).picture,
    address: {},
    is_salesforce_integration_user: false,
    urls: id['urls'],
    active: user.isActive,
    user_type: 'STANDARD',
    language: 'en_US',
    locale: 'en_US',
    utcOffset: 0,
    updated_at: id['last_modified_date'],
  };
}

function badToken(reply: FastifyReply, text = 'Bad_OAuth_Token'): FastifyReply {
  return reply.code(403).type('text/plain;charset=UTF-8').send(text);
}

export function registerOAuthRoutes(app: FastifyInstance, ctx: SalesforceContext): void {
  app.post('/services/oauth2/token', (request, reply) => {
    const params = formParams(request);
    void reply.header('cache-control', 'no-store');
    if (params['response_type'] === 'device_code') return ctx.auth.startDeviceFlow(params);
    return ctx.auth.grant(params);
  });

  // The device flow's verification page: enter the code, pick who signs in, allow or deny.
  const connectPage = (reply: FastifyReply, notice: string, code = '') =>
    reply.type('text/html; charset=utf-8').send(
      renderConnectPage(
        ctx.users.all().filter((u) => u.isActive),
        notice,
        code,
      ),
    );
  app.get('/setup/connect', (request: FastifyRequest<{ Querystring: { user_code?: string } }>, reply) =>
    connectPage(reply, '', request.query.user_code ?? ''),
  );
  app.post('/setup/connect', (request, reply) => {
    const params = formParams(request);
    let notice: string;
    try {
      if (params['action'] === 'deny') {
        ctx.auth.denyDevice(params['user_code'] ?? '');
        notice = 'Access denied. You can close this window.';
      } else {
        const user = ctx.auth.approveDevice(params['user_code'] ?? '', params['username'] ?? '');
        notice = `Access allowed for ${user.username}. Return to the application; you can close this window.`;
      }
    } catch (error) {
      if (!(error instanceof ControlError)) throw error;
      void reply.code(error.status);
      notice = error.message;
    }
    return connectPage(reply, notice);
  });

  const revoke = (request: FastifyRequest, reply: FastifyReply) => {
    const token = formParams(request)['token'];
    if (!token || !ctx.auth.revoke(token)) {
      throw new OAuthError('unsupported_token_type', 'this token type is not supported');
    }
    return reply.code(200).send();
  };
  app.post('/services/oauth2/revoke', revoke);
  app.get('/services/oauth2/revoke', revoke);

  const userinfo = (request: FastifyRequest, reply: FastifyReply) => {
    const auth = ctx.auth.authenticate(
      request.headers.authorization,
      (request.query as Params)['oauth_token'],
    );
    if (!auth.ok) return badToken(reply);
    return reply.send(userInfo(ctx, auth.user));
  };
  app.get('/services/oauth2/userinfo', userinfo);
  app.post('/services/oauth2/userinfo', userinfo);

  app.get(
    '/id/:orgId/:userId',
    (request: FastifyRequest<{ Params: { orgId: string; userId: string } }>, reply) => {
      const auth = ctx.auth.authenticate(
        request.headers.authorization,
        (request.query as Params)['oauth_token'],
      );
      if (!auth.ok) return badToken(reply);
      const { orgId, userId } = request.params;
      if (
        orgId.slice(0, 15) !== ctx.settings.orgId.slice(0, 15) ||
        userId.slice(0, 15) !== auth.user.id.slice(0, 15)
      ) {
        return badToken(reply, 'Bad_Id');
      }
      return reply.send(identity(ctx, auth.user));
    },
  );
}
