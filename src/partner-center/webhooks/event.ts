// Turns a verified webhook body into an inbox event. The body is thin: it names the referral and the
// change time; the worker fetches the referral itself (spec: webhooks, payload).
import { CosellError } from '../../errors.js';
import { PcWebhookEventSchema, pcWebhookEventNames, referralIdFromResourceUri } from '../wire.js';

export interface ParsedWebhookEvent {
  eventName: string;
  resourceId: string;
  changedAt: Date;
  payload: Record<string, unknown>;
}

const knownEvents: ReadonlySet<string> = new Set(pcWebhookEventNames);

export function parseWebhookEvent(rawBody: Buffer): ParsedWebhookEvent {
  let json: unknown;
  try {
    json = JSON.parse(rawBody.toString('utf8'));
  } catch {
    throw new CosellError('WEBHOOK_BODY_MALFORMED', { reason: 'not JSON' });
  }
  // PostgreSQL cannot store a NUL character in text or jsonb: refused here with a coded 400, not a 500 from
  // the store that Partner Center would retry ten times.
  if (containsNul(json)) throw new CosellError('WEBHOOK_BODY_MALFORMED', { reason: 'a NUL character' });
  const parsed = PcWebhookEventSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new CosellError('WEBHOOK_BODY_MALFORMED', {
      reason: issue ? `${issue.path.join('.') || 'body'}: ${issue.message}` : 'invalid',
    });
  }
  const event = parsed.data;
  if (!knownEvents.has(event.EventName)) {
    throw new CosellError('WEBHOOK_EVENT_UNKNOWN', { event: event.EventName.slice(0, 60) });
  }
  const resourceId = referralIdFromResourceUri(event.ResourceUri);
  if (resourceId === undefined)
    throw new CosellError('WEBHOOK_BODY_MALFORMED', { reason: 'ResourceUri names no referral' });
  const changedAt = new Date(event.ResourceChangeUtcDate);
  if (Number.isNaN(changedAt.getTime())) {
    throw new CosellError('WEBHOOK_BODY_MALFORMED', { reason: 'ResourceChangeUtcDate is not a date' });
  }
  return { eventName: event.EventName, resourceId, changedAt, payload: event };
}

function containsNul(value: unknown): boolean {
  if (typeof value === 'string') return value.includes('\0');
  if (Array.isArray(value)) return value.some(containsNul);
  if (typeof value === 'object' && value !== null)
    return Object.entries(value).some(([k, v]) => k.includes('\0') || containsNul(v));
  return false;
}
