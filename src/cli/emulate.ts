// `cosell emulate partner-center | salesforce | dynamics`: one emulator alone, for trying the product, other
// processes' tests, and benchmarks. Control endpoints live under /_emulator/.
import { serveDynamicsEmulator } from '../crm/dynamics/emulator/index.js';
import { serveSalesforceEmulator } from '../crm/salesforce/emulator/index.js';
import { loadSeedFile, startPartnerCenterEmulator } from '../partner-center/emulator/index.js';
import { countParser } from './args.js';
import { runCommand, type Cli } from './runtime.js';
import { untilSignal } from './signals.js';

export function registerEmulate({ program, locale, tr }: Cli): void {
  const count = countParser(tr);
  const emulate = program.command('emulate').description(tr('cli.cmd.emulate'));
  emulate
    .command('partner-center')
    .description(tr('cli.cmd.emulatePartnerCenter'))
    .option('--port <port>', tr('cli.opt.port'), count, 0)
    .option('--host <host>', tr('cli.opt.host'), '127.0.0.1')
    .option('--seed <file>', tr('cli.opt.seed'))
    .option('--generate <count>', tr('cli.opt.generate'), count, 0)
    .option('--random-seed <n>', tr('cli.opt.randomSeed'), count, 1)
    .action((options: { port: number; host: string; seed?: string; generate: number; randomSeed: number }) =>
      runCommand(locale(), async ({ out }) => {
        const stopped = untilSignal();
        const emulator = await startPartnerCenterEmulator({
          port: options.port,
          host: options.host,
          generate: options.generate,
          randomSeed: options.randomSeed,
          ...(options.seed ? { seed: await loadSeedFile(options.seed) } : {}),
        });
        out.say('cli.emulator.listening', { url: emulator.url, count: emulator.listReferrals().length });
        out.say('cli.emulator.certificate', { url: emulator.certificateUrl });
        out.say('cli.emulator.stop');
        await stopped;
        await emulator.close();
      }),
    );
  emulate
    .command('salesforce')
    .description(tr('cli.cmd.emulateSalesforce'))
    .option('--port <port>', tr('cli.opt.port'), count, 0)
    .option('--host <host>', tr('cli.opt.host'), '127.0.0.1')
    .option('--seed <file>', tr('cli.opt.seed'))
    .option('--generate <count>', tr('cli.opt.generate'), count, 0)
    .option('--random-seed <n>', tr('cli.opt.randomSeed'), count, 1)
    .option('--single-currency', tr('cli.opt.singleCurrency'))
    .option('--bare', tr('cli.opt.bare'))
    .option('--daily-api-cap <n>', tr('cli.opt.dailyApiCap'), count)
    .option('--device-interval <seconds>', tr('cli.opt.deviceInterval'), count)
    .action(
      (options: {
        port: number;
        host: string;
        seed?: string;
        generate: number;
        randomSeed: number;
        singleCurrency?: boolean;
        bare?: boolean;
        dailyApiCap?: number;
        deviceInterval?: number;
      }) =>
        runCommand(locale(), async ({ out }) => {
          const stopped = untilSignal();
          const { emulator, summary } = await serveSalesforceEmulator({
            port: options.port,
            host: options.host,
            generate: options.generate,
            randomSeed: options.randomSeed,
            multiCurrency: options.singleCurrency !== true,
            bare: options.bare === true,
            ...(options.seed ? { seedFile: options.seed } : {}),
            ...(options.dailyApiCap === undefined ? {} : { dailyApiCap: options.dailyApiCap }),
            ...(options.deviceInterval === undefined
              ? {}
              : { deviceFlowIntervalSeconds: options.deviceInterval }),
          });
          out.say('cli.emulator.salesforceListening', {
            url: summary.url,
            orgId: summary.orgId,
            opportunities: summary.records['Opportunity'] ?? 0,
            accounts: summary.records['Account'] ?? 0,
          });
          out.say('cli.emulator.salesforceUsers', {
            users: summary.users.map((u) => u.username).join(', '),
            password: summary.users[0]?.password ?? '',
          });
          out.say('cli.emulator.stop');
          await stopped;
          await emulator.close();
        }),
    );
  emulate
    .command('dynamics')
    .description(tr('cli.cmd.emulateDynamics'))
    .option('--port <port>', tr('cli.opt.port'), count, 0)
    .option('--host <host>', tr('cli.opt.host'), '127.0.0.1')
    .option('--seed <file>', tr('cli.opt.seedRows'))
    .option('--generate <count>', tr('cli.opt.generateAccounts'), count, 0)
    .option('--random-seed <n>', tr('cli.opt.randomSeed'), count, 1)
    .option('--publisher-prefix <prefix>', tr('cli.opt.publisherPrefix'))
    .option('--bare', tr('cli.opt.bare'))
    .option('--device-interval <seconds>', tr('cli.opt.deviceInterval'), count)
    .action(
      (options: {
        port: number;
        host: string;
        seed?: string;
        generate: number;
        randomSeed: number;
        publisherPrefix?: string;
        bare?: boolean;
        deviceInterval?: number;
      }) =>
        runCommand(locale(), async ({ out }) => {
          const stopped = untilSignal();
          const { emulator, summary } = await serveDynamicsEmulator({
            port: options.port,
            host: options.host,
            generate: options.generate,
            randomSeed: options.randomSeed,
            ...(options.seed ? { seedFile: options.seed } : {}),
            ...(options.publisherPrefix === undefined ? {} : { publisherPrefix: options.publisherPrefix }),
            bare: options.bare === true,
            ...(options.deviceInterval === undefined
              ? {}
              : { deviceCodeIntervalSeconds: options.deviceInterval }),
          });
          out.say('cli.emulator.dynamicsListening', {
            url: summary.url,
            apiUrl: summary.apiUrl,
            opportunities: summary.rows['opportunity'] ?? 0,
            accounts: summary.rows['account'] ?? 0,
          });
          out.say('cli.emulator.dynamicsSignIn', {
            tokenUrl: summary.tokenUrl,
            users: summary.users.map((u) => `${u.username} (${u.roles.join(', ')})`).join(', '),
          });
          out.say('cli.emulator.stop');
          await stopped;
          await emulator.close();
        }),
    );
}
