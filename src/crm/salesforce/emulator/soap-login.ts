// The SOAP API's login and logout calls (partner endpoint /services/Soap/u/XX.X), which jsforce's
// Connection#login uses when it has no OAuth client secret. Only these two operations exist here; the
// session they hand out is an ordinary access token (no refresh token, as with SOAP login). Other
// operations answer a SOAP fault. Not counted as API calls.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { parseVersion } from './api-versions.js';
import type { SalesforceContext } from './context.js';

const xmlEntities: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
const unescapeXml = (text: string) =>
  text.replace(/&(amp|lt|gt|quot|apos|#\d+|#x[0-9a-f]+);/gi, (_m, e: string) =>
    e.startsWith('#x') || e.startsWith('#X')
      ? String.fromCodePoint(parseInt(e.slice(2), 16))
      : e.startsWith('#')
        ? String.fromCodePoint(Number(e.slice(1)))
        : (xmlEntities[e.toLowerCase()] ?? ''),
  );
const escapeXml = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (c) =>
      `&${({ '&': 'amp', '<': 'lt', '>': 'gt', '"': 'quot', "'": 'apos' } as Record<string, string>)[c] ?? ''};`,
  );

/** The text of the first element with this local name (any namespace prefix). */
function element(xml: string, name: string): string | undefined {
  const match = new RegExp(`<(?:[\\w-]+:)?${name}(?:\\s[^>]*)?>([^<]*)</(?:[\\w-]+:)?${name}>`).exec(xml);
  return match?.[1] === undefined ? undefined : unescapeXml(match[1]);
}

const envelope = (body: string) =>
  `<?xml version="1.0" encoding="UTF-8"?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns="urn:partner.soap.sforce.com" xmlns:sf="urn:fault.partner.soap.sforce.com" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><soapenv:Body>${body}</soapenv:Body></soapenv:Envelope>`;

function fault(reply: FastifyReply, code: string, message: string): FastifyReply {
  return reply
    .code(500)
    .type('text/xml;charset=UTF-8')
    .send(
      envelope(
        `<soapenv:Fault><faultcode>sf:${code}</faultcode><faultstring>${code}: ${escapeXml(message)}</faultstring><detail><sf:LoginFault xsi:type="sf:LoginFault"><sf:exceptionCode>${code}</sf:exceptionCode><sf:exceptionMessage>${escapeXml(message)}</sf:exceptionMessage></sf:LoginFault></detail></soapenv:Fault>`,
      ),
    );
}

export function registerSoapLogin(app: FastifyInstance, ctx: SalesforceContext): void {
  const handler = (request: FastifyRequest<{ Params: { version: string } }>, reply: FastifyReply) => {
    const version = parseVersion(`v${request.params.version}`);
    const xml = typeof request.body === 'string' ? request.body : '';
    if (!version)
      return fault(
        reply,
        'UNSUPPORTED_API_VERSION',
        `API version ${request.params.version} is not supported`,
      );
    if (/<(?:[\w-]+:)?logout[\s/>]/.test(xml)) {
      const session = element(xml, 'sessionId');
      if (session) ctx.auth.revoke(session);
      return reply.type('text/xml;charset=UTF-8').send(envelope('<logoutResponse/>'));
    }
    if (!/<(?:[\w-]+:)?login[\s>]/.test(xml)) {
      return fault(
        reply,
        'UNKNOWN_EXCEPTION',
        'the emulator implements the SOAP login and logout calls only',
      );
    }
    const username = element(xml, 'username') ?? '';
    const password = element(xml, 'password') ?? '';
    const user = ctx.users.byUsername(username);
    if (!user || !user.isActive || password !== `${user.password}${user.securityToken ?? ''}`) {
      return fault(reply, 'INVALID_LOGIN', 'Invalid username, password, security token; or user locked out.');
    }
    const session = ctx.auth.issue(user, 'soap-login', false);
    const base = ctx.baseUrl();
    const org = ctx.settings.orgId;
    const result = [
      `<metadataServerUrl>${base}/services/Soap/m/${version}/${org}</metadataServerUrl>`,
      '<passwordExpired>false</passwordExpired>',
      '<sandbox>false</sandbox>',
      `<serverUrl>${base}/services/Soap/u/${version}/${org}</serverUrl>`,
      `<sessionId>${escapeXml(session.access_token)}</sessionId>`,
      `<userId>${user.id}</userId>`,
      '<userInfo>',
      `<organizationId>${org}</organizationId>`,
      '<organizationName>Contoso (emulated)</organizationName>',
      `<profileId>${user.profileId}</profileId>`,
      `<userEmail>${escapeXml(user.email)}</userEmail>`,
      `<userFullName>${escapeXml(user.name)}</userFullName>`,
      `<userId>${user.id}</userId>`,
      `<userName>${escapeXml(user.username)}</userName>`,
      '<userTimeZone>GMT</userTimeZone>',
      `<sessionSecondsValid>${ctx.settings.sessionTimeoutSeconds}</sessionSecondsValid>`,
      '</userInfo>',
    ].join('');
    return reply
      .type('text/xml;charset=UTF-8')
      .send(envelope(`<loginResponse><result>${result}</result></loginResponse>`));
  };
  app.post('/services/Soap/u/:version', handler);
  app.post('/services/Soap/u/:version/:orgId', handler);
}
