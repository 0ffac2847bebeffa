// The Partner Center webhook receiver (design: "Nothing is acknowledged before it is durable").
// Order matters: size limit, signature over the raw bytes, then parsing, then one transaction into the
// inbox, and only then 200. Anything refused gets a coded 4xx and leaves no trace in the store.
// Deliveries arriving together are stored together (group commit): while one insert is out, the others wait
// and go as the next multi-row statement, each still answered only once its own row is committed. A burst of
// thousands of events (a bulk change in Partner Center) then costs a few commits, not one each, and no
// delivery waits past Partner Center's timeout, which would cost it a retry.
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { CosellError } from '../errors.js';
import type { Logger } from '../logger.js';
import type { Db } from '../store/db.js';
import { Gatherer } from '../engine/gather.js';
import { insertInboxEvents, type InboxEventInput } from '../store/inbox.js';
import type { CertificateCache } from '../partner-center/webhooks/certificates.js';
import { verifyWebhookSignature } from '../partner-center/webhooks/verify.js';
import { parseWebhookEvent } from '../partner-center/webhooks/event.js';
import { sendError, toCosellError } from './error-body.js';

export const webhookPath = '/webhooks/partner-center';

export interface WebhookReceiverOptions {
  db: Db;
  certificates: CertificateCache;
  maxBodyBytes: number;
  logger: Logger;
  /** Told after an event is durable (wakes the workers); never awaited by the 200. */
  onAccepted?: (event: { eventName: string; resourceId: string; inserted: boolean }) => void;
  /** Told of every refused delivery, by its error code (metrics). */
  onRefused?: (code: string) => void;
}

/** Most events in one insert; more wait for the next. */
const maxInsertBatch = 500;

export function webhookReceiver(app: FastifyInstance, options: WebhookReceiverOptions): void {
  const insertOne = async (event: InboxEventInput): Promise<boolean | Error> => {
    try {
      return (await insertInboxEvents(options.db, [event])).stored[0] === true;
    } catch (error) {
      return error instanceof Error ? error : new Error(String(error));
    }
  };
  // A batch the store refuses is tried again event by event, so one event it cannot take fails alone.
  const store = new Gatherer<InboxEventInput, boolean | Error>(
    async (events) => {
      try {
        return (await insertInboxEvents(options.db, events)).stored;
      } catch (error) {
        if (events.length === 1) throw error;
        const results: (boolean | Error)[] = [];
        for (const event of events) results.push(await insertOne(event));
        return results;
      }
    },
    { maxBatch: maxInsertBatch, maxInFlight: 2 },
  );
  void app.register((scope, _opts, done) => {
    // Take the body as raw bytes whatever its declared type: the signature covers the exact bytes, and we
    // want our own coded answer for a wrong content type rather than Fastify's generic 415.
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser(
      '*',
      { parseAs: 'buffer', bodyLimit: options.maxBodyBytes },
      (_req, body, next) => {
        next(null, body);
      },
    );
    scope.setErrorHandler((error, request, reply) =>
      sendError(reply, request, toCosellError(error, options.maxBodyBytes)),
    );

    scope.post(webhookPath, async (request, reply) => {
      const correlationId = randomUUID();
      const rawBody = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
      try {
        const contentType = String(request.headers['content-type'] ?? '');
        await verifyWebhookSignature({ headers: request.headers, rawBody }, options.certificates);
        if (!/^application\/(json|[\w.+-]+\+json)\s*(;|$)/i.test(contentType)) {
          throw new CosellError('WEBHOOK_CONTENT_TYPE', {
            contentType: contentType.slice(0, 60) || '(none)',
          });
        }
        const event = parseWebhookEvent(rawBody);
        const inserted = await store.submit({
          source: 'partner-center',
          eventName: event.eventName,
          resourceId: event.resourceId,
          resourceChangeDate: event.changedAt,
          payload: event.payload,
          correlationId,
        });
        if (inserted instanceof Error) throw inserted;
        options.logger.info(
          { correlationId, event: event.eventName, referralId: event.resourceId, duplicate: !inserted },
          'webhook accepted',
        );
        options.onAccepted?.({ eventName: event.eventName, resourceId: event.resourceId, inserted });
        return reply.code(200).send({ status: inserted ? 'accepted' : 'duplicate', correlationId });
      } catch (error) {
        const coded = toCosellError(error, options.maxBodyBytes);
        const level = coded.status >= 500 ? 'error' : 'warn';
        options.logger[level](
          { correlationId, code: coded.code, err: coded.status >= 500 ? error : undefined },
          'webhook refused',
        );
        options.onRefused?.(coded.code);
        return sendError(reply, request, coded);
      }
    });
    done();
  });
}
