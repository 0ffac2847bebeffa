// `cosell start`: the connector as a service. For now the webhook receiver and the status API; the sync
// workers join it with the engine. Stops cleanly on SIGINT/SIGTERM: the server stops taking requests,
// in-flight ones finish, then the store is closed (which releases the embedded store's lock).
import type { AddressInfo } from 'node:net';
import { buildServer } from '../http/server.js';
import { webhookPath } from '../http/webhook-receiver.js';
import { runCommand, withStore, type Cli } from './runtime.js';
import { untilSignal } from './signals.js';

export function registerStart({ program, locale, tr }: Cli): void {
  program
    .command('start')
    .description(tr('cli.cmd.start'))
    .action(() =>
      runCommand(locale(), async (runtime) => {
        const { config, logger, out } = runtime;
        await withStore(runtime, async (db) => {
          const server = await buildServer({ config, db, logger });
          await server.listen({ host: config.receiver.host, port: config.receiver.port });
          const { port } = server.server.address() as AddressInfo;
          const url = `http://${config.receiver.host}:${port}`;
          const publicBase = config.receiver.publicUrl?.replace(/\/$/, '') ?? url;
          out.say('cli.start.listening', { url, webhookUrl: `${publicBase}${webhookPath}` });
          await untilSignal();
          await server.close();
          out.say('cli.start.stopped');
        });
      }),
    );
}
