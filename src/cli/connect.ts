// `cosell connect partner-center`: device-code sign-in, role check at once, encrypted storage (C2, P3, R5).
// `cosell connect salesforce`: the connected app's device flow (or a refresh token piped to stdin for
// automation), the identity checked at once, encrypted storage (C2, C4, P2, R4, R5).
// `cosell connect dynamics`: the Microsoft identity platform's device code flow (or an application user's
// client secret piped to stdin), the identity and its roles checked at once, encrypted storage, the access
// token's expiry reported (C2, C4, P2, R5).
import { text } from 'node:stream/consumers';
import { saveDynamicsSignIn, signInWithClientSecret, signInWithDeviceCode } from '../crm/dynamics/index.js';
import {
  saveSalesforceSignIn,
  signInWithDeviceFlow,
  signInWithRefreshToken,
} from '../crm/salesforce/index.js';
import { CosellError } from '../errors.js';
import { connectPartnerCenter } from '../partner-center/connection.js';
import { runCommand, withStore, type Cli } from './runtime.js';

/**
 * A secret piped to standard input, never an argument (where `ps` would show it to every user of the machine).
 * A terminal is refused rather than read: what is typed there would be echoed.
 */
async function readRefreshToken(input: NodeJS.ReadStream): Promise<string> {
  if (input.isTTY) throw new CosellError('AUTH_REFRESH_TOKEN_MISSING');
  const token = (await text(input)).trim();
  if (token === '') throw new CosellError('AUTH_REFRESH_TOKEN_MISSING');
  return token;
}

/** A client secret piped to standard input (as readRefreshToken); an empty one fails the sign-in. */
async function readClientSecret(input: NodeJS.ReadStream): Promise<string> {
  if (input.isTTY) {
    throw new CosellError('AUTH_SIGN_IN_FAILED', {
      system: 'Dynamics 365',
      reason: 'the client secret is read from standard input, not typed at a terminal',
    });
  }
  return text(input);
}

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
  connect
    .command('salesforce')
    .description(tr('cli.cmd.connectSalesforce'))
    .option('--refresh-token-stdin', tr('cli.opt.refreshTokenStdin'))
    .action((options: { refreshTokenStdin?: boolean }) =>
      runCommand(locale(), async ({ config, logger, out }) => {
        // Signing in needs no store: none is opened (and, embedded, locked) while a person finds the page.
        const signIn = options.refreshTokenStdin
          ? await signInWithRefreshToken(config, await readRefreshToken(process.stdin))
          : await signInWithDeviceFlow(config, (device) => {
              out.say('cli.connect.salesforce.open', { url: device.verificationUri, code: device.userCode });
              out.say('cli.connect.waiting');
            });
        if (options.refreshTokenStdin) out.say('cli.connect.salesforce.refreshTokenOk');
        const connected = await withStore({ config, logger, out }, (db) =>
          saveSalesforceSignIn({ config, db, logger }, signIn),
        );
        const identity = connected.username;
        out.say('cli.connect.salesforce.signedIn', { identity, orgId: connected.orgId });
        out.say(
          connected.canCustomize
            ? 'cli.connect.salesforce.canCustomize'
            : 'cli.connect.salesforce.cannotCustomize',
          { identity },
        );
        out.say('cli.connect.salesforce.saved', { loginUrl: connected.loginUrl });
        out.say('cli.connect.salesforce.refreshNote', { identity });
      }),
    );
  connect
    .command('dynamics')
    .description(tr('cli.cmd.connectDynamics'))
    .option('--client-secret-stdin', tr('cli.opt.clientSecretStdin'))
    .action((options: { clientSecretStdin?: boolean }) =>
      runCommand(locale(), async ({ config, logger, out }) => {
        // Signing in needs no store: none is opened (and, embedded, locked) while a person finds the page.
        const signIn = options.clientSecretStdin
          ? await signInWithClientSecret(config, await readClientSecret(process.stdin))
          : await signInWithDeviceCode(config, (device) => {
              out.say('cli.connect.dynamics.open', {
                url: device.verificationUri,
                code: device.userCode,
                expiresAt: device.expiresAt.toISOString(),
              });
              out.say('cli.connect.waiting');
            });
        if (options.clientSecretStdin) out.say('cli.connect.dynamics.clientSecretOk');
        const connected = await withStore({ config, logger, out }, (db) =>
          saveDynamicsSignIn({ config, db, logger }, signIn),
        );
        const identity = connected.username;
        out.say('cli.connect.dynamics.signedIn', {
          identity,
          organizationId: connected.organizationId,
          url: connected.environmentUrl,
        });
        out.say(
          connected.canCustomize
            ? 'cli.connect.dynamics.canCustomize'
            : 'cli.connect.dynamics.cannotCustomize',
          { identity },
        );
        out.say(
          signIn.grant.kind === 'refresh-token'
            ? 'cli.connect.dynamics.savedRefreshToken'
            : 'cli.connect.dynamics.savedClientSecret',
          { expiresAt: connected.accessTokenExpiresAt.toISOString() },
        );
        if (signIn.grant.kind === 'refresh-token') out.say('cli.connect.dynamics.refreshNote', { identity });
      }),
    );
}
