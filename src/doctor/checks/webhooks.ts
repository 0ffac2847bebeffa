// The webhook registration (C1, C4, C5): all four referral events registered, to this receiver, and a
// validation event that makes the round trip through it. A receiver that refuses the signing certificate's
// host answers WEBHOOK_CERT_HOST_NOT_ALLOWED, which Partner Center reports back as the delivery's answer:
// that is how the allow list is checked against the host Partner Center really uses.
import { isCosellError } from '../../errors.js';
import { webhookPath } from '../../http/webhook-receiver.js';
import { referralEvents, validateRoundTrip } from '../../partner-center/webhooks/register.js';
import { CheckStatus, FixKind, type DoctorCheck, type DoctorContext } from '../types.js';

/** The URL the registration must point at: given by the caller, or COSELL_PUBLIC_URL + the receiver route. */
export function expectedWebhookUrl(ctx: Pick<DoctorContext, 'deps' | 'config'>): string | undefined {
  if (ctx.deps.receiverUrl !== undefined) return ctx.deps.receiverUrl;
  const base = ctx.config.receiver.publicUrl;
  return base === undefined ? undefined : `${base.replace(/\/+$/, '')}${webhookPath}`;
}

const registration = (ctx: DoctorContext) =>
  ctx.once('webhooks.registration', async () => (await ctx.partnerCenter()).getWebhookRegistration());

type RoundTrip = { ok: true } | { ok: false; reason: string };

const roundTrip = (ctx: DoctorContext) =>
  ctx.once('webhooks.round-trip', async (): Promise<RoundTrip> => {
    const client = await ctx.partnerCenter();
    try {
      await validateRoundTrip(client, {
        timeoutMs: ctx.options.webhookTimeoutMs,
        pollMs: ctx.options.webhookPollMs,
      });
      return { ok: true };
    } catch (error) {
      if (isCosellError(error) && error.code === 'WEBHOOK_VALIDATION_FAILED') {
        return { ok: false, reason: String(error.params['reason'] ?? '') };
      }
      throw error;
    }
  });

const reregister = { key: 'doctor.webhooks.fix' } as const;

export const webhookRegistration: DoctorCheck = {
  id: 'webhooks.registration',
  requirements: ['C1', 'C4'],
  async run(ctx) {
    const found = await registration(ctx);
    if (found === undefined) {
      return {
        status: CheckStatus.fail,
        found: { key: 'doctor.webhooks.none' },
        fix: reregister,
        fixable: FixKind.webhooks,
      };
    }
    const missing = referralEvents.filter((e) => !found.WebhookEvents.includes(e));
    if (missing.length > 0) {
      return {
        status: CheckStatus.fail,
        found: { key: 'doctor.webhooks.missingEvents', params: { events: missing.join(', ') } },
        fix: reregister,
        fixable: FixKind.webhooks,
        records: ctx.sample(missing),
      };
    }
    const expected = expectedWebhookUrl(ctx);
    if (expected === undefined) {
      return {
        status: CheckStatus.warn,
        found: { key: 'doctor.webhooks.urlUnknown', params: { url: found.WebhookUrl } },
        fix: { key: 'doctor.webhooks.urlUnknown.fix' },
      };
    }
    if (found.WebhookUrl !== expected) {
      return {
        status: CheckStatus.fail,
        found: { key: 'doctor.webhooks.otherUrl', params: { url: found.WebhookUrl, expected } },
        fix: reregister,
        fixable: FixKind.webhooks,
      };
    }
    return {
      status: CheckStatus.pass,
      found: { key: 'doctor.webhooks.ok', params: { count: referralEvents.length, url: found.WebhookUrl } },
    };
  },
};

export const webhookRoundTrip: DoctorCheck = {
  id: 'webhooks.validation',
  requirements: ['C4'],
  async run(ctx) {
    if ((await registration(ctx)) === undefined) {
      return { status: CheckStatus.skip, found: { key: 'doctor.webhooks.skipNone' } };
    }
    const result = await roundTrip(ctx);
    if (result.ok) return { status: CheckStatus.pass, found: { key: 'doctor.webhooks.roundTripOk' } };
    return {
      status: CheckStatus.fail,
      found: { key: 'errors.WEBHOOK_VALIDATION_FAILED', params: { reason: result.reason } },
      fix: { key: 'errors.WEBHOOK_VALIDATION_FAILED.fix' },
      code: 'WEBHOOK_VALIDATION_FAILED',
      fixable: FixKind.webhooks,
    };
  },
};

export const certificateHost: DoctorCheck = {
  id: 'webhooks.certificate-host',
  requirements: ['C5'],
  async run(ctx) {
    const hosts = ctx.config.receiver.certHosts.join(', ');
    if ((await registration(ctx)) === undefined) {
      return { status: CheckStatus.skip, found: { key: 'doctor.webhooks.skipNone' } };
    }
    const result = await roundTrip(ctx);
    if (!result.ok && result.reason.includes('WEBHOOK_CERT_HOST_NOT_ALLOWED')) {
      return {
        status: CheckStatus.fail,
        found: { key: 'doctor.webhooks.certHostRefused', params: { hosts } },
        fix: { key: 'doctor.webhooks.certHostRefused.fix' },
        code: 'WEBHOOK_CERT_HOST_NOT_ALLOWED',
      };
    }
    if (!result.ok) {
      return { status: CheckStatus.skip, found: { key: 'doctor.webhooks.skipRoundTrip' } };
    }
    return { status: CheckStatus.pass, found: { key: 'doctor.webhooks.certHostOk', params: { hosts } } };
  },
};
