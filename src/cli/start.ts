// `cosell start`: the connector as a service: the webhook receiver, the workers running the flows, the inbox
// pump, reconciliation and the CRM change feed (src/service/connector.ts). Without a Partner Center or CRM
// connection the receiver still runs (every webhook is stored; nothing is lost) and the missing connection is
// named with its fix. Stops cleanly on SIGINT/SIGTERM: no new requests or jobs, jobs in flight finish or are
// put back, then the store is closed (which releases the embedded store's lock).
import type { Config } from '../config.js';
import { openCrm } from '../crm/index.js';
import { buildServer, closeServer, listen } from '../http/server.js';
import { webhookPath } from '../http/webhook-receiver.js';
import { openPartnerCenter } from '../partner-center/connection.js';
import { allRoles, ServiceRole, startConnector, type Connector } from '../service/connector.js';
import { doctorFrom } from '../console/doctor.js';
import { runDoctor } from '../doctor/index.js';
import { CosellError } from '../errors.js';
import { createMetrics, observeWorker } from '../ops/metrics.js';
import { checkReadiness } from '../ops/readiness.js';
import { registerAndReport } from './webhooks.js';
import { countParser } from './args.js';
import { runCommand, withStore, type Cli } from './runtime.js';
import { untilSignal } from './signals.js';
import type { CrmAdapter } from '../crm/adapter.js';
import { WakeBus } from '../engine/wake.js';
import { queueSyncNow } from '../service/sync-now.js';

export function registerStart({ program, locale, tr }: Cli): void {
  program
    .command('start')
    .description(tr('cli.cmd.start'))
    // On the embedded store only one process may run, and the validation event needs a receiver that
    // answers: so registration can be done from inside the running receiver.
    .option('--register-webhooks', tr('cli.opt.registerWebhooks'))
    .option('--workers <count>', tr('cli.opt.workers'), countParser(tr))
    .option('--role <roles>', tr('cli.opt.role'), 'all')
    .action((options: { registerWebhooks?: boolean; workers?: number; role: string }) =>
      runCommand(locale(), async (runtime) => {
        const { logger, out } = runtime;
        const roles = parseRoles(options.role, runtime.config.store.databaseUrl !== undefined);
        const config: Config =
          options.workers === undefined
            ? runtime.config
            : { ...runtime.config, sync: { ...runtime.config.sync, workers: options.workers } };
        const stopped = untilSignal(); // before start-up, so an early SIGTERM still closes the store cleanly
        await withStore(runtime, async (db) => {
          let connector: Connector | undefined;
          let crm: CrmAdapter | undefined;
          const receiver: { webhookUrl?: string } = {}; // known once the server listens
          const wake = new WakeBus();
          const metrics = createMetrics({ db, config });
          const serveConsole = roles.includes(ServiceRole.console);
          const server = await buildServer({
            config,
            db,
            logger,
            metrics,
            readiness: () => checkReadiness({ db, config }),
            receiveWebhooks: roles.includes(ServiceRole.receiver),
            onWebhookAccepted: () => connector?.inboxChanged(),
            console: serveConsole
              ? {
                  config,
                  wake,
                  syncNow: (id) => {
                    if (crm === undefined)
                      throw new CosellError('AUTH_NOT_CONNECTED', { system: config.crm });
                    return queueSyncNow(db, crm, id, wake);
                  },
                  // The doctor opens the stored connections itself, as `cosell doctor` does.
                  doctor: doctorFrom(() =>
                    runDoctor({ config, db, logger, receiverUrl: receiver.webhookUrl }),
                  ),
                }
              : undefined,
          });
          const port = await listen(server, config.receiver.host, config.receiver.port);
          const url = `http://${config.receiver.host}:${port}`;
          const publicBase = config.receiver.publicUrl?.replace(/\/$/, '') ?? url;
          receiver.webhookUrl = `${publicBase}${webhookPath}`;
          out.say('cli.start.listening', { url, webhookUrl: `${publicBase}${webhookPath}` });
          if (serveConsole) out.say('cli.start.console', { url: `${url}/console` });
          try {
            const deps = { config, db, logger };
            const partnerCenter = await openPartnerCenter(deps);
            if (options.registerWebhooks) {
              await registerAndReport(out, partnerCenter, `${publicBase}${webhookPath}`).catch(
                (error: unknown) => {
                  // The receiver keeps serving: events may already be registered, and the fix is printed.
                  process.exitCode = out.fail(error);
                },
              );
            }
            crm = await openCrm(config.crm, deps);
            connector = await startConnector({ ...deps, partnerCenter, crm, wake }, { roles });
            observeWorker(connector.worker, metrics);
            out.say('cli.start.syncing', {
              workers: config.sync.workers,
              crm: out.text(`crm.${config.crm}`),
            });
          } catch (error) {
            // Not connected yet, or a connection that no longer works: say what to do, keep receiving. Not
            // an exit status: the service runs on, and stopping it later is a clean stop.
            out.fail(error);
            out.say('cli.start.receiveOnly');
          }
          await stopped;
          await closeServer(server);
          await connector?.stop({ deadlineMs: config.sync.stopDeadlineMs });
          out.say('cli.start.stopped');
        });
      }),
    );
}

/**
 * `--role receiver,worker`: the roles this process takes (default all). On the embedded store one process
 * must do everything: no other process can open it to do the rest.
 */
export function parseRoles(value: string, sharedStore: boolean): ServiceRole[] {
  const names = value
    .split(',')
    .map((r) => r.trim().toLowerCase())
    .filter((r) => r.length > 0);
  if (names.length === 0 || names.includes('all')) return [...allRoles];
  const roles = names.map((name) => {
    const role = allRoles.find((r) => r === name);
    if (role === undefined)
      throw new CosellError('ROLE_UNKNOWN', { role: name, roles: [...allRoles, 'all'].join(', ') });
    return role;
  });
  const unique = [...new Set(roles)];
  if (!sharedStore && unique.length < allRoles.length) {
    throw new CosellError('ROLE_NEEDS_POSTGRES', { roles: unique.join(',') });
  }
  return unique;
}
