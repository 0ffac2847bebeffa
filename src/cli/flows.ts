// `cosell flows list|enable|disable` (C3): the old solution's flows by name, switched with their needs.
import { disableFlow, enableFlow, listFlows } from '../flows/activation.js';
import type { FlowName } from '../flows/registry.js';
import type { MessageKey } from '../i18n/index.js';
import { runCommand, withStore, type Cli } from './runtime.js';

export function flowTitleKey(name: FlowName): MessageKey {
  return `flows.${name}`;
}

export function registerFlows({ program, locale, tr }: Cli): void {
  const flows = program.command('flows').description(tr('cli.cmd.flows'));
  flows
    .command('list')
    .description(tr('cli.cmd.flowsList'))
    .action(() =>
      runCommand(locale(), async (runtime) => {
        const { out, config } = runtime;
        const crm = out.text(`crm.${config.crm}`);
        await withStore(runtime, async (db) => {
          for (const flow of await listFlows(db)) {
            out.say('cli.flows.row', {
              state: out.text(flow.enabled ? 'cli.flows.on' : 'cli.flows.off'),
              name: flow.name,
              title: out.text(flowTitleKey(flow.name), { crm }),
            });
            if (flow.needs.length > 0) out.say('cli.flows.needs', { needs: flow.needs.join(', ') });
          }
        });
      }),
    );
  flows
    .command('enable <flow>')
    .description(tr('cli.cmd.flowsEnable'))
    .action((name: string) =>
      runCommand(locale(), async (runtime) => {
        await withStore(runtime, async (db) => {
          const enabled = await enableFlow(db, name);
          if (enabled.length === 0) runtime.out.say('cli.flows.alreadyEnabled', { flow: name });
          else runtime.out.say('cli.flows.enabled', { flows: enabled.join(', ') });
        });
      }),
    );
  flows
    .command('disable <flow>')
    .description(tr('cli.cmd.flowsDisable'))
    .option('--cascade', tr('cli.opt.cascade'))
    .action((name: string, options: { cascade?: boolean }) =>
      runCommand(locale(), async (runtime) => {
        await withStore(runtime, async (db) => {
          const disabled = await disableFlow(db, name, { cascade: options.cascade === true });
          if (disabled.length === 0) runtime.out.say('cli.flows.alreadyDisabled', { flow: name });
          else runtime.out.say('cli.flows.disabled', { flows: disabled.join(', ') });
        });
      }),
    );
}
