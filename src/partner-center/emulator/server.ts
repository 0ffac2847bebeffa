// The HTTP server: body parsers, Partner Center's error body for every failure, and the route modules.
import Fastify, { type FastifyInstance } from 'fastify';
import { addFormBodyParser, addTextBodyParser } from '../../emulators/shared/http-server.js';
import { registerAuthRoutes } from './auth-routes.js';
import type { EmulatorContext } from './context.js';
import { registerControlRoutes } from './control-routes.js';
import type { PartnerCenterEmulator } from './emulator.js';
import { ControlError, PcErrorCode, PcHttpError } from './pc-errors.js';
import { registerReferralRoutes } from './referral-routes.js';
import { registerWebhookRoutes } from './webhook-routes.js';

/** Path of the signing certificate named in every webhook's x-ms-certificate-url. */
export const certificatePath = '/certificates/pcnotifications-dispatch.cer';

function parseJson(body: string): unknown {
  try {
    return JSON.parse(body);
  } catch (cause) {
    throw new PcHttpError(
      400,
      PcErrorCode.invalidRequest,
      `The request body is not valid JSON: ${(cause as Error).message}`,
    );
  }
}

export function buildServer(
  ctx: EmulatorContext,
  emulator: PartnerCenterEmulator,
  logger: boolean,
): FastifyInstance {
  const app = Fastify({ logger, bodyLimit: 4 * 1024 * 1024 });

  // JSON Patch bodies (RFC 6902 media type) and the webhook API's documented text/json parse as JSON.
  addTextBodyParser(app, ['application/json-patch+json', 'text/json'], (text) =>
    text === '' ? undefined : parseJson(text),
  );
  // OAuth endpoints and the /device form post urlencoded bodies.
  addFormBodyParser(app);

  app.setErrorHandler((error: unknown, request, reply) => {
    if (error instanceof PcHttpError)
      return reply.code(error.status).headers(error.headers).send(error.body());
    if (error instanceof ControlError) {
      return reply.code(error.status).send({ error: { code: 'emulatorControl', message: error.message } });
    }
    const status = (error as { statusCode?: unknown }).statusCode;
    const message = error instanceof Error ? error.message : String(error);
    if (typeof status === 'number' && status >= 400 && status < 500) {
      // Fastify's own refusals (malformed JSON, unsupported media type, body too large) in Partner Center's shape.
      return reply.code(status).send({ error: { code: PcErrorCode.invalidRequest, message } });
    }
    request.log.error({ err: error }, 'emulator handler failed');
    return reply.code(500).send({ error: { code: PcErrorCode.generalException, message } });
  });
  app.setNotFoundHandler((request, reply) =>
    reply.code(404).send({
      error: {
        code: PcErrorCode.itemNotFound,
        message: `No resource at ${request.method} ${request.url.split('?')[0] ?? ''}.`,
      },
    }),
  );

  app.get(certificatePath, (_request, reply) => {
    void reply
      .type('application/pkix-cert')
      .header('cache-control', 'public, max-age=3600')
      .send(ctx.identity.certificateDer);
  });

  registerAuthRoutes(app, ctx);
  registerReferralRoutes(app, ctx);
  registerWebhookRoutes(app, ctx);
  registerControlRoutes(app, emulator);
  return app;
}
