// The HTTP server: body parsers (JSON, form posts for OAuth, XML for SOAP login), Salesforce's error body
// for every failure, the version list, the gated REST API and the other route modules.
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { addFormBodyParser, addTextBodyParser } from '../../../emulators/shared/http-server.js';
import { apiGate, requestUser } from './api-gate.js';
import { parseVersion, versionList } from './api-versions.js';
import { collectionRoutes } from './collections-routes.js';
import { compositeRoutes } from './composite-routes.js';
import type { SalesforceContext } from './context.js';
import { registerOAuthRoutes } from './oauth-routes.js';
import { orgRoutes } from './org-routes.js';
import { queryRoutes } from './query-routes.js';
import { RestRouter } from './rest-router.js';
import { ControlError, badRequest, notFound, OAuthError, SfErrorCode, SfHttpError } from './sf-errors.js';
import { sobjectRoutes } from './sobject-routes.js';
import { toolingRoutes } from './tooling.js';
import { registerSoapLogin } from './soap-login.js';

const apiMethods = ['GET', 'POST', 'PATCH', 'PUT', 'DELETE'] as const;

function parseJson(text: string): unknown {
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text);
  } catch (cause) {
    throw badRequest(
      SfErrorCode.jsonParser,
      `Unexpected character in the request body: ${(cause as Error).message}`,
    );
  }
}

function decodeSegments(path: string): string[] {
  try {
    return path.split('/').filter(Boolean).map(decodeURIComponent);
  } catch {
    throw notFound();
  }
}

export function buildServer(
  ctx: SalesforceContext,
  registerControl: (app: FastifyInstance) => void,
  logger: boolean,
): FastifyInstance {
  const app = Fastify({ logger, bodyLimit: 16 * 1024 * 1024 });

  app.removeContentTypeParser('application/json');
  addTextBodyParser(app, ['application/json', 'text/json'], parseJson);
  addFormBodyParser(app);
  addTextBodyParser(app, ['text/xml', 'application/soap+xml'], (text) => text);

  app.setErrorHandler((error: unknown, request, reply) => {
    if (error instanceof SfHttpError)
      return reply.code(error.status).headers(error.headers).send(error.errors);
    if (error instanceof OAuthError) return reply.code(error.status).send(error.body());
    if (error instanceof ControlError) {
      return reply.code(error.status).send({
        error: {
          code: 'emulatorControl',
          message: error.message,
          ...(error.errors ? { errors: error.errors } : {}),
        },
      });
    }
    const status = (error as { statusCode?: unknown }).statusCode;
    const message = error instanceof Error ? error.message : String(error);
    if (typeof status === 'number' && status >= 400 && status < 500) {
      // Fastify's own refusals (unsupported media type, body too large) in Salesforce's shape.
      const errorCode = status === 415 ? SfErrorCode.unsupportedMediaType : SfErrorCode.jsonParser;
      return reply.code(status).send([{ message, errorCode }]);
    }
    request.log.error({ err: error }, 'emulator handler failed');
    return reply.code(500).send([{ message, errorCode: SfErrorCode.unknownException }]);
  });
  app.setNotFoundHandler((_request, reply) => reply.code(404).send(notFound().errors));

  // The version list needs no session, as in Salesforce.
  app.get('/services/data', () => versionList());
  app.get('/services/data/', () => versionList());

  const router: RestRouter = new RestRouter([
    ...orgRoutes(ctx),
    ...sobjectRoutes(ctx),
    ...queryRoutes(ctx),
    ...toolingRoutes(ctx),
    ...collectionRoutes(ctx),
    ...compositeRoutes(ctx, () => router),
  ]);
  const api = (request: FastifyRequest<{ Params: { version: string } }>, reply: FastifyReply) => {
    const version = parseVersion(request.params.version);
    if (!version) throw notFound();
    const at = request.url.indexOf('?');
    const path = at < 0 ? request.url : request.url.slice(0, at);
    const search = at < 0 ? '' : request.url.slice(at + 1);
    const headers: Record<string, string | undefined> = {};
    for (const [name, value] of Object.entries(request.headers)) {
      headers[name] = Array.isArray(value) ? value.join(', ') : value;
    }
    const response = router.dispatch({
      method: request.method,
      version,
      segments: decodeSegments(path.slice(`/services/data/${request.params.version}`.length)),
      query: new URLSearchParams(search),
      body: request.body,
      headers,
      user: requestUser(request),
      composite: undefined,
    });
    void reply.code(response.status).headers(response.headers ?? {});
    if (response.body === undefined) return reply.send();
    return reply.type('application/json;charset=UTF-8').send(JSON.stringify(response.body));
  };
  const preHandler = apiGate(ctx);
  app.route({ method: [...apiMethods], url: '/services/data/:version', preHandler, handler: api });
  app.route({ method: [...apiMethods], url: '/services/data/:version/*', preHandler, handler: api });

  registerOAuthRoutes(app, ctx);
  registerSoapLogin(app, ctx);
  registerControl(app);
  return app;
}
