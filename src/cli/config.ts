// `cosell config check|show`: the configuration as the service would read it (COSELL_CONFIG_FILE, then the
// environment, which wins), validated with every problem listed at once; `show` prints each setting, where it
// came from, and never a secret's value.
import { configSources, isSecretSetting, type ConfigKey } from '../config.js';
import { runCommand, type Cli } from './runtime.js';

export function registerConfig({ program, locale, tr }: Cli): void {
  const config = program.command('config').description(tr('cli.cmd.config'));
  config
    .command('check')
    .description(tr('cli.cmd.configCheck'))
    .action(() =>
      // Loading the runtime validates it; a CONFIG_INVALID error is printed with its fix and exit code 1.
      runCommand(locale(), ({ out }) => {
        const { file, settings } = configSources();
        out.say('cli.config.valid', {
          set: settings.filter((s) => s.source !== 'default').length,
          file: file ?? out.text('cli.config.noFile'),
        });
        return Promise.resolve();
      }),
    );
  config
    .command('show')
    .description(tr('cli.cmd.configShow'))
    .action(() =>
      runCommand(locale(), ({ out }) => {
        const { file, settings } = configSources();
        out.say('cli.config.file', { file: file ?? out.text('cli.config.noFile') });
        for (const { key, value, source } of settings) {
          out.say('cli.config.setting', {
            key,
            value: shown(key, value, out.text('cli.config.hidden'), out.text('cli.config.unset')),
            source: out.text(`cli.config.source.${source}`),
          });
        }
        return Promise.resolve();
      }),
    );
}

/** A setting's value as it may be printed: secrets hidden, the password in a database URL masked. */
export function shown(key: ConfigKey, value: string | undefined, hidden: string, unset: string): string {
  if (value === undefined || value === '') return unset;
  if (isSecretSetting(key)) return hidden;
  if (key === 'DATABASE_URL') {
    try {
      const url = new URL(value);
      if (url.password !== '') url.password = '****';
      return url.toString();
    } catch {
      return hidden;
    }
  }
  return value;
}
