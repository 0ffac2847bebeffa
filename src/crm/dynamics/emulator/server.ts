// The HTTP server: body parsers (JSON read as text so a bad body gets an OData error, forms for the token
// endpoint, multipart/mixed for $batch), Dataverse's error body for every failure, the gated Web API under
// /api/data/v9.x/, the identity endpoints and the control surface.
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { addFormBodyParser, addTextBodyParser } from '../../../emulators/shared/http-server.js';
import { apiGate, httpRequestNumber, requestUser } from './api-gate.js';
import { registerAuthRoutes } from './auth-routes.js';
import { runBatch } from './batch-run.js';
import type { DataverseContext } from './context.js';
import { ControlError, DvErrorCode, DvHttpError, payloadError, resourceNotFound } from './dv-errors.js';
import { dispatch } from './router.js';
import type { ApiAnswer } from './router-types.js';
import type { Writes } from './writes.js';

const apiMethods = ['GET', 'POST', 'PATCH', 'PUT', 'DELETE'] as const;
const jsonType = 'application/json; odata.metadata=minimal';

function parseJson(text: string): unknown {
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text);
  } catch (cause) {
    throw payloadError(`The request body is not valid JSON: ${(cause as Error).message}`);
  }
}

function send(reply: FastifyReply, answer: ApiAnswer): FastifyReply {
  void reply
    .code(answer.status)
    .header('OData-Version', '4.0')
    .headers(answer.headers ?? {});
  if (answer.body === undefined) return reply.send();
  return reply.type(jsonType).send(JSON.stringify(answer.body));
}

export function buildServer(
  ctx: DataverseContext,
  writes: Writes,
  registerControl: (app: FastifyInstance) => void,
  logger: boolean,
): FastifyInstance {
  const app = Fastify({ logger, bodyLimit: 32 * 1024 * 1024 });
  app.removeContentTypeParser('application/json');
  addTextBodyParser(app, ['application/json', 'text/json'], parseJson);
  addFormBodyParser(app);
  addTextBodyParser(app, 'multipart/mixed', (text) => text);

  app.setErrorHandler((error: unknown, request, reply) => {
    if (error instanceof DvHttpError)
      return send(reply, { status: error.status, headers: error.headers, body: error.body() });
    if (error instanceof ControlError) {
      return reply.code(error.status).send({ error: { code: 'emulatorControl', message: error.message } });
    }
    const status = (error as { statusCode?: unknown }).statusCode;
    const message = error instanceof Error ? error.message : String(error);
    if (typeof status === 'number' && status >= 400 && status < 500) {
      return send(reply, { status, body: { error: { code: DvErrorCode.payload, message } } });
    }
    request.log.error({ err: error }, 'emulator handler failed');
    return send(reply, { status: 500, body: { error: { code: DvErrorCode.unexpected, message } } });
  });
  app.setNotFoundHandler((request, reply) =>
    send(reply, { status: 404, body: resourceNotFound(request.url.split('?')[0] ?? '').body() }),
  );

  const api = (request: FastifyRequest<{ Params: { version: string } }>, reply: FastifyReply) => {
    if (!/^v9\.[0-2]$/.test(request.params.version)) throw resourceNotFound(request.params.version);
    const at = request.url.indexOf('?');
    const path = (at < 0 ? request.url : request.url.slice(0, at)).slice(
      `/api/data/${request.params.version}/`.length,
    );
    const user = requestUser(request);
    if (path === '$batch') {
      if (request.method !== 'POST') throw resourceNotFound('$batch');
      const result = runBatch(
        {
          ctx,
          writes,
          user,
          admit: () => {
            ctx.counter.record(user.username);
            ctx.protection.admit(user.id, httpRequestNumber(request));
          },
        },
        typeof request.body === 'string' ? request.body : '',
        request.headers['content-type'],
        [request.headers['prefer']].flat().join(', '),
      );
      return reply.code(200).header('OData-Version', '4.0').type(result.contentType).send(result.body);
    }
    let segments: string[];
    try {
      segments = path.split('/').map((s) => decodeURIComponent(s));
    } catch {
      throw resourceNotFound(path);
    }
    const headers: Record<string, string | undefined> = {};
    for (const [name, value] of Object.entries(request.headers))
      headers[name] = Array.isArray(value) ? value.join(', ') : value;
    return send(
      reply,
      dispatch(ctx, writes, {
        method: request.method,
        segments,
        query: new URLSearchParams(at < 0 ? '' : request.url.slice(at + 1)),
        headers,
        body: request.body,
        user,
      }),
    );
  };
  const preHandler = apiGate(ctx);
  app.route({ method: [...apiMethods], url: '/api/data/:version', preHandler, handler: api });
  app.route({ method: [...apiMethods], url: '/api/data/:version/*', preHandler, handler: api });

  registerAuthRoutes(app, ctx);
  registerControl(app);
  return app;
}
