// `cosell webhooks register --url URL` (C4, C5).
import { openPartnerCenter } from '../partner-center/connection.js';
import type { PartnerCenterClient } from '../partner-center/client.js';
import { registerWebhooks, type RegisterOptions } from '../partner-center/webhooks/register.js';
import type { Output } from './output.js';
import { runCommand, withStore, type Cli } from './runtime.js';

export function registerWebhooksCommand({ program, locale, tr }: Cli): void {
  const webhooks = program.command('webhooks').description(tr('cli.cmd.webhooks'));
  webhooks
    .command('register')
    .description(tr('cli.cmd.webhooksRegister'))
    .requiredOption('--url <url>', tr('cli.opt.url'))
    .option('--timeout <seconds>', tr('cli.opt.timeout'), '60')
    .action((options: { url: string; timeout: string }) =>
      runCommand(locale(), async (runtime) => {
        const { out } = runtime;
        await withStore(runtime, async (db) => {
          const client = await openPartnerCenter({ config: runtime.config, db, logger: runtime.logger });
          await registerAndReport(out, client, options.url, { timeoutMs: Number(options.timeout) * 1000 });
        });
      }),
    );
}

/** Registers, and tells the person each step: the validation event, the events registered, the round trip. */
export async function registerAndReport(
  out: Output,
  client: PartnerCenterClient,
  url: string,
  options: Omit<RegisterOptions, 'onValidationSent'> = {},
): Promise<void> {
  const report = await registerWebhooks(client, url, {
    ...options,
    onValidationSent: (id) => out.say('cli.webhooks.validationSent', { id }),
  });
  out.say('cli.webhooks.registered', {
    count: report.registration.WebhookEvents.length,
    url: report.registration.WebhookUrl,
    events: report.registration.WebhookEvents.join(', '),
  });
  out.say('cli.webhooks.validationOk', {
    status: String(report.validation.results?.at(-1)?.responseCode ?? ''),
  });
}
