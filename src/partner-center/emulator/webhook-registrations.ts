// The webhook registration API's state (docs/remote-apis.md §2 "Registration API"; partner-center-webhooks.md). One
// registration per partner tenant, with one URL per event: registering an event again (POST or PUT) moves it
// to the new URL, which is what the connectors' "Overwrite existing trigger endpoints = Yes" relies on.
// Validation (test-created) events: limited to 2 per minute, their delivery results kept for the status call.
import { randomUUID } from 'node:crypto';
import type { Clock } from './clock.js';
import { invalidRequest, notFound, PcErrorCode, PcHttpError } from './pc-errors.js';
import type { DeliveryAttempt, DispatchTarget } from './webhooks.js';
import { pcWebhookEventNames } from '../wire.js';

export const webhookEventNames = pcWebhookEventNames;
export type WebhookEventName = (typeof webhookEventNames)[number];

export interface RegistrationView {
  readonly SubscriberId: string;
  readonly WebhookUrl: string;
  readonly WebhookEvents: string[];
}

export interface ValidationStatus {
  correlationId: string;
  partnerId: string;
  status: 'inProgress' | 'completed' | 'failed';
  callbackUrl: string;
  results: {
    responseCode: string | null;
    responseMessage: string;
    systemError: boolean;
    dateTimeUtc: string;
  }[];
}

const validationLimit = 2;
const validationWindowMs = 60_000;

/** .NET HttpStatusCode names: the docs show `"responseCode": "OK"`. */
const statusNames: Readonly<Record<number, string>> = {
  200: 'OK',
  201: 'Created',
  202: 'Accepted',
  204: 'NoContent',
  301: 'MovedPermanently',
  302: 'Found',
  400: 'BadRequest',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'NotFound',
  405: 'MethodNotAllowed',
  408: 'RequestTimeout',
  413: 'RequestEntityTooLarge',
  415: 'UnsupportedMediaType',
  429: 'TooManyRequests',
  500: 'InternalServerError',
  502: 'BadGateway',
  503: 'ServiceUnavailable',
  504: 'GatewayTimeout',
};

function member(body: Record<string, unknown>, name: string): unknown {
  const key = Object.keys(body).find((k) => k.toLowerCase() === name.toLowerCase());
  return key === undefined ? undefined : body[key];
}

export class WebhookRegistry {
  #subscriberId: string | undefined;
  readonly #routes = new Map<WebhookEventName, DispatchTarget>();
  #lastUrl: string | undefined;
  readonly #validations = new Map<string, ValidationStatus>();
  #validationTimes: number[] = [];

  constructor(
    private readonly clock: Clock,
    private readonly partnerId: string,
  ) {}

  /** POST (create) and PUT (update) both register; PUT needs an existing registration. */
  register(body: unknown, mode: 'create' | 'update'): RegistrationView {
    if (mode === 'update' && this.#routes.size === 0)
      throw notFound('There is no webhook registration to update.');
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      throw invalidRequest('The body must be {"WebhookUrl": "...", "WebhookEvents": [...]}.');
    }
    const record = body as Record<string, unknown>;
    const url = member(record, 'WebhookUrl');
    let parsed: URL | undefined;
    try {
      parsed = typeof url === 'string' ? new URL(url) : undefined;
    } catch {
      parsed = undefined;
    }
    // Partner Center wants https; the emulator also takes http so loopback receivers can be registered.
    if (typeof url !== 'string' || !parsed || !['http:', 'https:'].includes(parsed.protocol)) {
      throw invalidRequest('WebhookUrl must be an absolute http(s) URL.', 'WebhookUrl');
    }
    const events = member(record, 'WebhookEvents');
    if (!Array.isArray(events) || events.length === 0 || !events.every((e) => typeof e === 'string')) {
      throw invalidRequest('WebhookEvents must be a non-empty array of event names.', 'WebhookEvents');
    }
    const unknown = events.filter((e) => !(webhookEventNames as readonly string[]).includes(e));
    if (unknown.length > 0) {
      throw invalidRequest(
        `Unknown webhook event(s): ${unknown.join(', ')}. Supported: ${webhookEventNames.join(', ')}.`,
        'WebhookEvents',
      );
    }
    const msSignatureHeader = member(record, 'signatureTokenToMsSignatureHeader') === true;
    for (const event of events as WebhookEventName[]) this.#routes.set(event, { url, msSignatureHeader });
    this.#subscriberId ??= randomUUID();
    this.#lastUrl = url;
    return this.view() as RegistrationView;
  }

  /**
   * The registration as GET shows it: the URL of the latest registration call and the events routed to it.
   * Events still routed elsewhere are not shown (the API has one URL field); `routes()` lists them all.
   */
  view(): RegistrationView | undefined {
    if (this.#routes.size === 0 || this.#subscriberId === undefined) return undefined;
    const urls = [...new Set([...this.#routes.values()].map((t) => t.url))];
    const url =
      this.#lastUrl !== undefined && urls.includes(this.#lastUrl) ? this.#lastUrl : (urls[0] as string);
    const events = webhookEventNames.filter((e) => this.#routes.get(e)?.url === url);
    return { SubscriberId: this.#subscriberId, WebhookUrl: url, WebhookEvents: events };
  }

  routes(): Record<string, DispatchTarget> {
    return Object.fromEntries(this.#routes);
  }

  remove(): boolean {
    const had = this.#routes.size > 0;
    this.#routes.clear();
    this.#lastUrl = undefined;
    return had;
  }

  targetFor(event: WebhookEventName): DispatchTarget | undefined {
    return this.#routes.get(event);
  }

  /** Accepts a validation request (throws 400 without test-created, 429 over 2 a minute). */
  startValidation(): { correlationId: string; target: DispatchTarget } {
    const target = this.#routes.get('test-created');
    if (!target)
      throw invalidRequest(
        "Register the 'test-created' event before requesting a validation event.",
        'WebhookEvents',
      );
    const now = this.clock.now().getTime();
    this.#validationTimes = this.#validationTimes.filter((t) => t > now - validationWindowMs);
    if (this.#validationTimes.length >= validationLimit) {
      const retryAfter = Math.max(
        1,
        Math.ceil(((this.#validationTimes[0] ?? now) + validationWindowMs - now) / 1000),
      );
      throw new PcHttpError(
        429,
        PcErrorCode.serviceNotAvailable,
        'Validation events are limited to 2 per minute.',
        undefined,
        {
          'retry-after': String(retryAfter),
        },
      );
    }
    this.#validationTimes.push(now);
    const correlationId = randomUUID();
    this.#validations.set(correlationId, {
      correlationId,
      partnerId: this.partnerId,
      status: 'inProgress',
      callbackUrl: target.url,
      results: [],
    });
    return { correlationId, target };
  }

  recordValidationAttempt(correlationId: string, attempt: DeliveryAttempt, finalAttempt: boolean): void {
    const status = this.#validations.get(correlationId);
    if (!status) return;
    const ok = attempt.status !== null && attempt.status >= 200 && attempt.status < 300;
    status.results.push({
      responseCode: attempt.status === null ? null : (statusNames[attempt.status] ?? String(attempt.status)),
      responseMessage: attempt.error ?? attempt.responseText,
      systemError: attempt.status === null,
      // .NET DateTime without a zone, 7 digits, as in the docs' example ("2017-12-08T21:39:48.2386997").
      dateTimeUtc: `${attempt.at.replace(/Z$/, '')}0000`,
    });
    status.status = ok ? 'completed' : finalAttempt ? 'failed' : 'inProgress';
  }

  validation(correlationId: string): ValidationStatus {
    const status = this.#validations.get(correlationId);
    if (!status)
      throw notFound(`No validation event with correlationId '${correlationId}'.`, 'correlationId');
    return status;
  }
}
