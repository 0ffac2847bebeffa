// `cosell install crm [--dry-run] [--json]`: creates the co-sell fields and the Microsoft solution object in
// the configured CRM (COSELL_CRM) through its metadata API, with the stored connection (P2, R3). The role is
// checked first; only what is missing is created, so a second run creates nothing and says so. Exit codes:
// 0 done (with --dry-run: nothing missing), 2 with --dry-run when something would be created, 1 an error a
// person must fix (a missing role, no connection), 3 a temporary error.
import { openCrm, schemaInstallerFor } from '../crm/index.js';
import { installCoSellSchema } from '../crm/schema-install.js';
import { t } from '../i18n/index.js';
import { runCommand, withStore, type Cli } from './runtime.js';

/** --dry-run found something to create. */
export const exitWouldCreate = 2;

export function registerInstall({ program, locale, tr }: Cli): void {
  const install = program.command('install').description(tr('cli.cmd.install'));
  install
    .command('crm')
    .description(tr('cli.cmd.installCrm'))
    .option('--dry-run', tr('cli.opt.dryRun'))
    .option('--json', tr('cli.opt.json'))
    .action((options: { dryRun?: boolean; json?: boolean }) =>
      runCommand(locale(), async (runtime) => {
        const { config, logger, out } = runtime;
        const dryRun = options.dryRun === true;
        await withStore(runtime, async (db) => {
          const crm = await openCrm(config.crm, { config, db, logger });
          const installer = schemaInstallerFor(crm, { dynamicsSolution: config.dynamics.solution });
          const report = await installCoSellSchema(installer, { dryRun });
          const count = (outcome: string) => report.items.filter((i) => i.outcome === outcome).length;
          const total = report.items.length;
          const currencyMissing = report.currency.currencies.length === 0;
          if (options.json === true) out.json(report);
          else {
            const system = t(out.locale, `crm.${report.system}`);
            out.say(dryRun ? 'cli.install.checking' : 'cli.install.identity', {
              system,
              identity: report.identity,
            });
            for (const item of report.items) out.say(`cli.install.${item.outcome}`, { name: item.name });
            if (currencyMissing) out.say('cli.install.noCurrency', { field: report.currency.field, system });
            else {
              out.say('cli.install.currency', {
                field: report.currency.field,
                currencies: report.currency.currencies.join(', '),
              });
            }
            if (dryRun && count('wouldCreate') > 0)
              out.say('cli.install.wouldDo', { count: count('wouldCreate'), total });
            else if (count('created') > 0) out.say('cli.install.done', { created: count('created'), total });
            else out.say('cli.install.nothingToDo', { total });
          }
          if (currencyMissing) process.exitCode = 1;
          else if (dryRun && count('wouldCreate') > 0) process.exitCode = exitWouldCreate;
        });
      }),
    );
}
