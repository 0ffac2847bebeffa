// `cosell start`: the connector as a service. For now the webhook receiver and the status API; the sync
// workers join it with the engine. Stops cleanly on SIGINT/SIGTERM: the server stops taking requests,
// in-flight ones finish, then the store is closed (which releases the embedded store's lock).
import { buildServer, closeServer, listen } from '../http/server.js';
import { openPartnerCenter } from '../partner-center/connection.js';
import { registerAndReport } from './webhooks.js';
import { webhookPath } from '../http/webhook-receiver.js';
import { runCommand, withStore, type Cli } from './runtime.js';
import { untilSignal } from './signals.js';

export function registerStart({ program, locale, tr }: Cli): void {
  program
    .command('start')
    .description(tr('cli.cmd.start'))
    // On the embedded store only one process may run, and the validation event needs a receiver that
    // answers: so registration can be done from inside the running receiver.
    .option('--register-webhooks', tr('cli.opt.registerWebhooks'))
    .action((options: { registerWebhooks?: boolean }) =>
      runCommand(locale(), async (runtime) => {
        const { config, logger, out } = runtime;
        const stopped = untilSignal(); // before start-up, so an early SIGTERM still closes the store cleanly
        await withStore(runtime, async (db) => {
          const server = await buildServer({ config, db, logger });
          const port = await listen(server, config.receiver.host, config.receiver.port);
          const url = `http://${config.receiver.host}:${port}`;
          const publicBase = config.receiver.publicUrl?.replace(/\/$/, '') ?? url;
          out.say('cli.start.listening', { url, webhookUrl: `${publicBase}${webhookPath}` });
          if (options.registerWebhooks) {
            try {
              const client = await openPartnerCenter({ config, db, logger });
              await registerAndReport(out, client, `${publicBase}${webhookPath}`);
            } catch (error) {
              // The receiver keeps serving: events may already be registered, and the fix is printed.
              process.exitCode = out.fail(error);
            }
          }
          await stopped;
          await closeServer(server);
          out.say('cli.start.stopped');
        });
      }),
    );
}
