// `cosell webhooks register --url URL` (C4, C5).
import type { Command } from 'commander';
import { openPartnerCenter } from '../partner-center/connection.js';
import { registerWebhooks } from '../partner-center/webhooks/register.js';
import { runCommand, withStore } from './runtime.js';

export function registerWebhooksCommand(program: Command, locale: () => string | undefined): void {
  const webhooks = program.command('webhooks').description('Manage the Partner Center webhook registration.');
  webhooks
    .command('register')
    .description('Subscribe all four referral events to URL (overwrite) and verify with a validation event.')
    .requiredOption('--url <url>', 'public URL of the webhook receiver (…/webhooks/partner-center)')
    .option('--timeout <seconds>', 'how long to wait for the validation round trip', '60')
    .action((options: { url: string; timeout: string }) =>
      runCommand(locale(), async (runtime) => {
        const { out } = runtime;
        await withStore(runtime, async (db) => {
          const client = await openPartnerCenter({ config: runtime.config, db, logger: runtime.logger });
          const report = await registerWebhooks(client, options.url, {
            timeoutMs: Number(options.timeout) * 1000,
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
        });
      }),
    );
}
