// The identity platform's endpoints on the emulator's origin: `POST /{tenant}/oauth2/v2.0/token`, the device
// authorization endpoint `POST /{tenant}/oauth2/v2.0/devicecode` and the page a person opens to enter the code
// (`/device`). Any tenant segment is accepted (common, organizations, a GUID or a domain): the emulator has one
// directory. OAuth errors are Entra ID's JSON body with 400. None of these calls count as Web API requests.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { DataverseContext } from './context.js';
import { renderDevicePage } from './device-page.js';
import { ControlError } from './dv-errors.js';

function form(request: FastifyRequest): Record<string, string | undefined> {
  const body = request.body;
  if (typeof body !== 'object' || body === null) return {};
  return Object.fromEntries(Object.entries(body).map(([k, v]) => [k, typeof v === 'string' ? v : undefined]));
}

const noStore = (reply: FastifyReply) =>
  reply.header('cache-control', 'no-store, no-cache').header('pragma', 'no-cache');

export function registerAuthRoutes(app: FastifyInstance, ctx: DataverseContext): void {
  app.post('/:tenant/oauth2/v2.0/token', (request, reply) => {
    const result = ctx.auth.token(form(request));
    void noStore(reply)
      .code(result.ok ? 200 : 400)
      .send(result.body);
  });

  app.post('/:tenant/oauth2/v2.0/devicecode', (request, reply) => {
    const params = form(request);
    for (const name of ['client_id', 'scope'] as const) {
      if (!params[name]) {
        return reply
          .code(400)
          .send(
            ctx.auth.error(
              'invalid_request',
              900144,
              `The request body must contain the following parameter: '${name}'.`,
            ),
          );
      }
    }
    return noStore(reply).send(
      ctx.auth.startDeviceCode(params['client_id'] ?? '', params['scope'] ?? '', `${ctx.baseUrl()}/device`),
    );
  });

  const page = (reply: FastifyReply, notice: string, code = '') =>
    reply.type('text/html; charset=utf-8').send(renderDevicePage(ctx.directory.all(), notice, code));
  app.get('/device', (request: FastifyRequest<{ Querystring: { code?: string } }>, reply) =>
    page(reply, '', request.query.code ?? ''),
  );
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
      void reply.code(error.status);
      notice = error.message;
    }
    return page(reply, notice);
  });
}
