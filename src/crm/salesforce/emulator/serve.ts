// Starting the emulator on its own, for `cosell emulate salesforce` (wired in src/cli by its owner), other
// processes' tests and benchmarks: options as a command line gives them, and a summary of what a person
// needs to connect (URLs, users and their password, the client to use, how many records of each object).
import { startSalesforceEmulator, type SalesforceEmulator } from './emulator.js';
import { loadSalesforceSeedFile } from './seed.js';
import { defaultUserPassword } from './users.js';

export interface ServeSalesforceOptions {
  readonly port?: number;
  readonly host?: string;
  /** Accounts to generate (with their contacts and opportunities). */
  readonly generate?: number;
  readonly randomSeed?: number;
  /** A seed file (JSON, see seed.ts). */
  readonly seedFile?: string;
  readonly multiCurrency?: boolean;
  /** An org before cosell's installer ran: no co-sell fields, no Microsoft_Solution__c. */
  readonly bare?: boolean;
  readonly dailyApiCap?: number;
  /** Seconds between device flow polls (default 5). */
  readonly deviceFlowIntervalSeconds?: number;
}

export interface ServeSummary {
  readonly url: string;
  readonly loginUrl: string;
  readonly orgId: string;
  readonly controlUrl: string;
  readonly users: readonly {
    readonly username: string;
    readonly password: string;
    readonly profile: string;
  }[];
  /** Any client id (and secret) is accepted: the emulator has no connected-app registry by default. */
  readonly clientId: string;
  readonly records: Readonly<Record<string, number>>;
}

const counted = ['Account', 'Contact', 'Opportunity', 'OpportunityContactRole', 'Microsoft_Solution__c'];

export async function serveSalesforceEmulator(
  options: ServeSalesforceOptions = {},
): Promise<{ emulator: SalesforceEmulator; summary: ServeSummary }> {
  const emulator = await startSalesforceEmulator({
    ...(options.port === undefined ? {} : { port: options.port }),
    ...(options.host === undefined ? {} : { host: options.host }),
    ...(options.generate === undefined ? {} : { generate: options.generate }),
    ...(options.randomSeed === undefined ? {} : { randomSeed: options.randomSeed }),
    ...(options.multiCurrency === undefined ? {} : { multiCurrency: options.multiCurrency }),
    ...(options.bare === undefined ? {} : { bare: options.bare }),
    ...(options.dailyApiCap === undefined ? {} : { dailyApiCap: options.dailyApiCap }),
    ...(options.deviceFlowIntervalSeconds === undefined
      ? {}
      : { deviceFlowIntervalSeconds: options.deviceFlowIntervalSeconds }),
    ...(options.seedFile ? { seed: await loadSalesforceSeedFile(options.seedFile) } : {}),
  });
  const summary: ServeSummary = {
    url: emulator.url,
    loginUrl: emulator.loginUrl,
    orgId: emulator.orgId,
    controlUrl: `${emulator.url}/_emulator`,
    users: emulator
      .users()
      .map((u) => ({ username: u.username, password: defaultUserPassword, profile: u.profile })),
    clientId: 'any',
    records: Object.fromEntries(
      counted.map((o) => [o, emulator.hasObject(o) ? emulator.records(o).length : 0]),
    ),
  };
  return { emulator, summary };
}
