// `cosell connect partner-center`: device-code sign-in, role check at once, encrypted storage (C2, P3, R5).
import { connectPartnerCenter } from '../partner-center/connection.js';
import { runCommand, withStore, type Cli } from './runtime.js';

export function registerConnect({ program, locale, tr }: Cli): void {
  const connect = program.command('connect').description(tr('cli.cmd.connect'));
  connect
    .command('partner-center')
    .description(tr('cli.cmd.connectPartnerCenter'))
    .action(() =>
      runCommand(locale(), async ({ config, logger, out }) => {
        await withStore({ config, logger, out }, async (db) => {
          const result = await connectPartnerCenter({ config, db, logger }, (device) => {
            out.say('cli.connect.open', {
              url: device.verificationUri,
              code: device.userCode,
              expiresAt: device.expiresAt.toISOString(),
            });
            out.say('cli.connect.waiting');
          });
          out.say('cli.connect.signedIn', { identity: result.identity });
          out.say('cli.connect.roleOk', { identity: result.identity });
          out.say('cli.connect.saved', { expiresAt: result.accessTokenExpiresAt.toISOString() });
          out.say('cli.connect.refreshNote');
        });
      }),
    );
}
