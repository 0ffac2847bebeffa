// Every HTTP error we answer has the same body: { "error": { "code", "message", "details" } }, in the
// caller's language (Accept-Language), with the fix as guidance. Unknown failures become INTERNAL with a
// reference, and their text (which may hold anything) never leaves the process.
import { randomUUID } from 'node:crypto';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { CosellError, isCosellError } from '../errors.js';
import { describeError, resolveLocale, type Locale } from '../i18n/index.js';

export interface ErrorBody {
  error: { code: string; message: string; details: { fix: string; reference?: string } };
}

export function errorBody(error: CosellError, locale: Locale, reference?: string): ErrorBody {
  const { code, message, fix } = describeError(locale, error);
  return { error: { code, message, details: { fix, ...(reference ? { reference } : {}) } } };
}

export function requestLocale(request: FastifyRequest): Locale {
  const header = request.headers['accept-language'];
  return resolveLocale(typeof header === 'string' ? header.split(',')[0]?.trim() : undefined);
}

/** Maps Fastify's own errors (body too large, bad content length, bad JSON) to catalogue codes. */
export function toCosellError(error: unknown, maxBodyBytes: number): CosellError {
  if (isCosellError(error)) return error;
  const fastifyError = error as Partial<FastifyError>;
  switch (fastifyError.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new CosellError('WEBHOOK_BODY_TOO_LARGE', { limit: maxBodyBytes });
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return new CosellError('REQUEST_INVALID', { reason: fastifyError.message ?? 'bad request' });
  }
  const status = fastifyError.statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    return status === 404
      ? new CosellError('NOT_FOUND', { what: 'route' })
      : new CosellError('REQUEST_INVALID', { reason: fastifyError.code ?? 'bad request' });
  }
  return new CosellError('INTERNAL', { reference: randomUUID() }, { cause: error });
}

export function sendError(reply: FastifyReply, request: FastifyRequest, error: CosellError): FastifyReply {
  const reference = error.code === 'INTERNAL' ? String(error.params.reference) : undefined;
  return reply
    .code(error.status)
    .type('application/json')
    .send(errorBody(error, requestLocale(request), reference));
}
