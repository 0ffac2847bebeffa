// `cosell sync <id>`: force one record to sync now (R4), by its Partner Center referral id or its CRM id.
// Prints each run's outcome with its reason or its error's fix.
import { openCrm } from '../crm/index.js';
import { openPartnerCenter } from '../partner-center/connection.js';
import { syncNow } from '../service/sync-now.js';
import { runCommand, withStore, type Cli } from './runtime.js';
import { describeError } from '../i18n/index.js';
import { isErrorCode } from '../errors.js';
import { isSkipReason } from '../domain/sync/reasons.js';

export function registerSync({ program, locale, tr }: Cli): void {
  program
    .command('sync <id>')
    .description(tr('cli.cmd.sync'))
    .action((id: string) =>
      runCommand(locale(), async (runtime) => {
        const { config, logger, out } = runtime;
        await withStore(runtime, async (db) => {
          const deps = { config, db, logger };
          const partnerCenter = await openPartnerCenter(deps);
          const crm = await openCrm(config.crm, deps);
          const results = await syncNow({ ...deps, partnerCenter, crm }, id);
          let failed = false;
          for (const { run, jobId } of results) {
            if (run === undefined) {
              out.say('cli.sync.waiting', { job: jobId });
              continue;
            }
            const error = run.error as { code?: unknown; params?: unknown } | null;
            const code = typeof error?.code === 'string' ? error.code : undefined;
            out.say('cli.sync.run', { run: run.id, flow: run.flow, status: run.status });
            if (run.status === 'skipped' && code !== undefined && isSkipReason(code)) {
              out.say('cli.sync.reason', { reason: out.text(`reasons.${code}`) });
            }
            if (
              (run.status === 'failed' || run.status === 'deferred') &&
              code !== undefined &&
              isErrorCode(code)
            ) {
              failed = run.status === 'failed' || failed;
              const params = (error?.params ?? {}) as Record<string, string | number>;
              const described = describeError(out.locale, { code, params });
              out.say('cli.sync.error', { code, message: described.message, fix: described.fix });
            }
          }
          if (failed) process.exitCode = 1;
        });
      }),
    );
}
