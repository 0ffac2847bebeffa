// `cosell status`: what is in the inbox and how much of today's Partner Center budget is spent (P1).
import { listConnections } from '../store/connections.js';
import { countInbox } from '../store/inbox.js';
import { budgetUsage, partnerCenterSystem } from '../partner-center/connection.js';
import { runCommand, withStore, type Cli } from './runtime.js';

export function registerStatus({ program, locale, tr }: Cli): void {
  program
    .command('status')
    .description(tr('cli.cmd.status'))
    .action(() =>
      runCommand(locale(), async (runtime) => {
        await withStore(runtime, async (db) => {
          const total = await countInbox(db);
          const pending = await countInbox(db, { status: 'pending' });
          runtime.out.say('cli.status.inbox', { total, pending, processed: total - pending });
          const pc = (await listConnections(db)).find((c) => c.system === partnerCenterSystem);
          if (pc) {
            const { day, used } = await budgetUsage(db, pc.accountId);
            runtime.out.say('cli.status.budget', {
              day,
              account: pc.accountId,
              used,
              cap: runtime.config.partnerCenter.dailyCap,
            });
          }
        });
      }),
    );
}
