// Typed Partner Center calls. Only this module (through request.ts) speaks HTTP to Partner Center.
import { z } from 'zod';
import { CosellError } from '../errors.js';
import { pcRequest, type RequestContext } from './request.js';
import {
  PcReferralListSchema,
  PcReferralSchema,
  PcValidationEventCreatedSchema,
  PcValidationEventStatusSchema,
  PcWebhookRegistrationSchema,
  type PcReferral,
} from './wire.js';

export interface PartnerCenterUrls {
  referralsApiUrl: string;
  webhooksApiUrl: string;
  /** Token audience of the Referrals API. */
  resource: string;
  /** Token audience of the webhook registration API (a different host). */
  webhooksResource: string;
}

/** RFC 6902 operations Partner Center accepts on a referral. */
export type PcPatchOperation = { op: 'replace' | 'add'; path: string; value: unknown };

export interface ListQuery {
  filter?: string;
  orderby?: string;
  top?: number;
  skip?: number;
  count?: boolean;
}

const EventListSchema = z.union([z.array(z.string()), z.looseObject({ value: z.array(z.string()) })]);

export class PartnerCenterClient {
  constructor(
    private readonly ctx: RequestContext,
    private readonly urls: PartnerCenterUrls,
  ) {}

  get identity(): string {
    return this.ctx.tokens.identity;
  }

  private referralsUrl(suffix = ''): string {
    return `${this.urls.referralsApiUrl}/v1.0/engagements/referrals${suffix}`;
  }

  async getReferral(id: string, signal?: AbortSignal): Promise<PcReferral> {
    const res = await pcRequest(this.ctx, {
      method: 'GET',
      url: this.referralsUrl(`/${encodeURIComponent(id)}`),
      resource: this.urls.resource,
      schema: PcReferralSchema,
      subject: { resource: 'referral', id },
      ...(signal ? { signal } : {}),
    });
    return required(res.body);
  }

  /** One page of referrals; follow `nextLink` with `listPage(nextLink)`. */
  async listPage(
    queryOrNextLink: ListQuery | string,
    signal?: AbortSignal,
  ): Promise<{ referrals: PcReferral[]; nextLink: string | undefined; count: number | undefined }> {
    const url =
      typeof queryOrNextLink === 'string'
        ? queryOrNextLink
        : this.referralsUrl(toQueryString(queryOrNextLink));
    const res = await pcRequest(this.ctx, {
      method: 'GET',
      url,
      resource: this.urls.resource,
      schema: PcReferralListSchema,
      ...(signal ? { signal } : {}),
    });
    const body = required(res.body);
    return { referrals: body.value, nextLink: body['@odata.nextLink'], count: body['@odata.count'] };
  }

  /** Pages through a query without holding more than one page in memory. */
  async *listAll(query: ListQuery, signal?: AbortSignal): AsyncGenerator<PcReferral[]> {
    let next: ListQuery | string | undefined = query;
    while (next !== undefined) {
      const page = await this.listPage(next, signal);
      yield page.referrals;
      next = page.nextLink;
    }
  }

  async createReferral(referral: Record<string, unknown>, signal?: AbortSignal): Promise<PcReferral> {
    const res = await pcRequest(this.ctx, {
      method: 'POST',
      url: this.referralsUrl(),
      resource: this.urls.resource,
      body: referral,
      schema: PcReferralSchema,
      ...(signal ? { signal } : {}),
    });
    return required(res.body);
  }

  /**
   * JSON Patch update. With `ifMatch`, Partner Center refuses the write (412) when the referral changed
   * since that eTag was read. Returns the updated referral (we always ask for the representation, so the
   * new eTag is known without another GET).
   */
  async patchReferral(
    id: string,
    operations: PcPatchOperation[],
    options: { ifMatch?: string; signal?: AbortSignal } = {},
  ): Promise<PcReferral | undefined> {
    const res = await pcRequest(this.ctx, {
      method: 'PATCH',
      url: this.referralsUrl(`/${encodeURIComponent(id)}`),
      resource: this.urls.resource,
      body: operations,
      headers: {
        prefer: 'return=representation',
        ...(options.ifMatch === undefined ? {} : { 'if-match': options.ifMatch }),
      },
      schema: PcReferralSchema,
      subject: { resource: 'referral', id },
      ...(options.signal ? { signal: options.signal } : {}),
    });
    return res.body;
  }

  // ---- webhook registration (a different host: api.partnercenter.microsoft.com) ----

  private webhooksUrl(suffix = ''): string {
    return `${this.urls.webhooksApiUrl}/webhooks/v1/registration${suffix}`;
  }

  async listWebhookEvents(): Promise<string[]> {
    const res = await pcRequest(this.ctx, {
      method: 'GET',
      url: this.webhooksUrl('/events'),
      resource: this.urls.webhooksResource,
      schema: EventListSchema,
    });
    const body = required(res.body);
    return Array.isArray(body) ? body : body.value;
  }

  /** The current registration, or undefined when there is none. */
  async getWebhookRegistration(): Promise<z.infer<typeof PcWebhookRegistrationSchema> | undefined> {
    try {
      const res = await pcRequest(this.ctx, {
        method: 'GET',
        url: this.webhooksUrl(),
        resource: this.urls.webhooksResource,
        schema: PcWebhookRegistrationSchema,
        subject: { resource: 'webhook registration', id: '' },
      });
      return res.body;
    } catch (error) {
      if ((error as { code?: string }).code === 'PC_NOT_FOUND') return undefined;
      throw error;
    }
  }

  /** Creates or overwrites the registration (one URL per event: overwrite moves every event to `url`). */
  async registerWebhook(
    url: string,
    events: readonly string[],
  ): Promise<z.infer<typeof PcWebhookRegistrationSchema>> {
    const existing = await this.getWebhookRegistration();
    const res = await pcRequest(this.ctx, {
      method: existing ? 'PUT' : 'POST',
      url: this.webhooksUrl(),
      resource: this.urls.webhooksResource,
      body: { WebhookUrl: url, WebhookEvents: events },
      schema: PcWebhookRegistrationSchema,
    });
    return required(res.body);
  }

  async sendValidationEvent(): Promise<string> {
    const res = await pcRequest(this.ctx, {
      method: 'POST',
      url: this.webhooksUrl('/validationEvents'),
      resource: this.urls.webhooksResource,
      schema: PcValidationEventCreatedSchema,
    });
    return required(res.body).correlationId;
  }

  async getValidationEvent(correlationId: string): Promise<z.infer<typeof PcValidationEventStatusSchema>> {
    const res = await pcRequest(this.ctx, {
      method: 'GET',
      url: this.webhooksUrl(`/validationEvents/${encodeURIComponent(correlationId)}`),
      resource: this.urls.webhooksResource,
      schema: PcValidationEventStatusSchema,
      subject: { resource: 'validation event', id: correlationId },
    });
    return required(res.body);
  }
}

function toQueryString(q: ListQuery): string {
  const params = new URLSearchParams();
  if (q.filter) params.set('$filter', q.filter);
  if (q.orderby) params.set('$orderby', q.orderby);
  if (q.top !== undefined) params.set('$top', String(q.top));
  if (q.skip !== undefined) params.set('$skip', String(q.skip));
  if (q.count) params.set('$count', 'true');
  const s = params.toString();
  return s ? `?${s}` : '';
}

function required<T>(body: T | undefined): T {
  if (body === undefined) throw new CosellError('PC_RESPONSE_INVALID', { reason: 'empty body' });
  return body;
}
