// The webhook registration API, /webhooks/v1/registration (docs/remote-apis.md §2 "Registration API"). Partner Center serves it
// from api.partnercenter.microsoft.com; the emulator serves both APIs from one origin, but still wants a token
// for the webhook resource. GET answers 404 itemNotFound when nothing is registered; DELETE removes everything.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { apiGate } from './api-gate.js';
import { formatEventDate } from './clock.js';
import type { EmulatorContext } from './context.js';
import { notFound } from './pc-errors.js';
import { webhookEventNames } from './webhook-registrations.js';

export function registerWebhookRoutes(app: FastifyInstance, ctx: EmulatorContext): void {
  const base = '/webhooks/v1/registration';
  app.register((api, _options, done) => {
    api.addHook('onRequest', apiGate(ctx, ctx.settings.resources.webhooks));

    api.get(`${base}/events`, () => [...webhookEventNames]);

    api.post(base, (request) => ctx.registry.register(request.body, 'create'));
    api.put(base, (request) => ctx.registry.register(request.body, 'update'));
    api.get(base, () => {
      const view = ctx.registry.view();
      if (!view) throw notFound('No webhook registration exists for this partner.');
      return view;
    });
    api.delete(base, (_request, reply) => {
      if (!ctx.registry.remove()) throw notFound('No webhook registration exists for this partner.');
      void reply.code(204).send();
    });

    api.post(`${base}/validationEvents`, () => {
      const { correlationId, target } = ctx.registry.startValidation();
      // test-created payload (partner-center-webhook-events.md): ResourceName "test", URI of the status resource.
      const instant = { ms: ctx.clock.now().getTime(), ticks: 0 };
      ctx.dispatcher.dispatch(
        {
          EventName: 'test-created',
          ResourceUri: `${ctx.baseUrl()}${base}/validationEvents/${correlationId}`,
          ResourceName: 'test',
          AuditUri: null,
          ResourceChangeUtcDate: formatEventDate(instant),
        },
        target,
        (attempt) =>
          ctx.registry.recordValidationAttempt(
            correlationId,
            attempt,
            attempt.attempt >= ctx.settings.webhookAttempts,
          ),
      );
      return { correlationId };
    });

    api.get(
      `${base}/validationEvents/:correlationId`,
      (request: FastifyRequest<{ Params: { correlationId: string } }>) =>
        ctx.registry.validation(request.params.correlationId),
    );
    done();
  });
}
