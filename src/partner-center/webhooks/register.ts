// Webhook registration (C4, C5): all four referral events plus `test-created` (needed for the validation
// event) to one URL, overwriting whatever was registered, then a validation event whose round trip is
// checked through Partner Center's own report.
import { CosellError } from '../../errors.js';
import type { PartnerCenterClient } from '../client.js';
import type { PcValidationEventStatus, PcWebhookRegistration } from '../wire.js';

export const referralEvents = [
  'referral-created',
  'referral-updated',
  'related-referral-created',
  'related-referral-updated',
] as const;
export const registeredEvents = [...referralEvents, 'test-created'] as const;

export interface RegistrationReport {
  registration: PcWebhookRegistration;
  correlationId: string;
  validation: PcValidationEventStatus;
  roundTripOk: boolean;
}

export interface RegisterOptions {
  /** How long to wait for Partner Center to report the validation delivery. */
  timeoutMs?: number;
  pollMs?: number;
  onValidationSent?: (correlationId: string) => void;
}

export async function registerWebhooks(
  client: PartnerCenterClient,
  url: string,
  options: RegisterOptions = {},
): Promise<RegistrationReport> {
  let registration: PcWebhookRegistration;
  try {
    registration = await client.registerWebhook(url, registeredEvents);
  } catch (error) {
    if (error instanceof CosellError && error.retry === 'never') throw error;
    throw new CosellError(
      'WEBHOOK_REGISTRATION_FAILED',
      { reason: String((error as Error).message) },
      { cause: error },
    );
  }
  const missing = registeredEvents.filter((e) => !registration.WebhookEvents.includes(e));
  if (missing.length > 0) {
    throw new CosellError('WEBHOOK_REGISTRATION_FAILED', { reason: `not registered: ${missing.join(', ')}` });
  }
  const { correlationId, validation } = await validateRoundTrip(client, options);
  return { registration, correlationId, validation, roundTripOk: true };
}

/**
 * Sends a validation event and waits for Partner Center to report its delivery to the registered receiver;
 * WEBHOOK_VALIDATION_FAILED (with the receiver's answer) unless it answered with success. Used by the
 * registration and by the doctor (C4).
 */
export async function validateRoundTrip(
  client: PartnerCenterClient,
  options: RegisterOptions = {},
): Promise<{ correlationId: string; validation: PcValidationEventStatus }> {
  const correlationId = await client.sendValidationEvent();
  options.onValidationSent?.(correlationId);
  const deadline = Date.now() + (options.timeoutMs ?? 60_000);
  let validation = await client.getValidationEvent(correlationId);
  while (!hasResult(validation) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, options.pollMs ?? 1_000));
    validation = await client.getValidationEvent(correlationId);
  }
  const last = validation.results?.at(-1);
  const roundTripOk = last !== undefined && isSuccessCode(last.responseCode);
  if (!roundTripOk) {
    const reason = last
      ? `the receiver answered ${String(last.responseCode)} ${String(last.responseMessage ?? '')}`.trim()
      : `no delivery reported (status ${String(validation.status ?? 'unknown')})`;
    throw new CosellError('WEBHOOK_VALIDATION_FAILED', { reason });
  }
  return { correlationId, validation };
}

// Partner Center reports .NET HttpStatusCode names ("OK" in the docs); a number is accepted as well.
const successNames = new Set([
  'ok',
  'created',
  'accepted',
  'nonauthoritativeinformation',
  'nocontent',
  'resetcontent',
]);

export function isSuccessCode(code: string | number | null | undefined): boolean {
  if (code === null || code === undefined) return false;
  const numeric = Number(code);
  if (Number.isInteger(numeric)) return numeric >= 200 && numeric < 300;
  return successNames.has(String(code).toLowerCase());
}

function hasResult(status: PcValidationEventStatus): boolean {
  return (status.results?.length ?? 0) > 0;
}
