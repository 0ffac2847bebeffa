// Starting the emulator on its own, for `cosell emulate dynamics`, other processes' tests and benchmarks:
// options as a command line gives them, and a summary of what a person needs to connect (the Web API root, the
// token endpoint, users and their roles, how many rows of each table).
import { startDynamicsEmulator, type DynamicsEmulator } from './emulator.js';
import { loadDynamicsSeedFile } from './seed.js';

export interface ServeDynamicsOptions {
  readonly port?: number;
  readonly host?: string;
  /** Accounts to generate (with their contacts, opportunities and Microsoft solutions). */
  readonly generate?: number;
  readonly randomSeed?: number;
  readonly publisherPrefix?: string;
  /** An environment before cosell's installer ran: no co-sell columns, no solution table. */
  readonly bare?: boolean;
  /** A seed file (JSON, see seed.ts). */
  readonly seedFile?: string;
  /** The device code flow's polling interval in seconds (default 5). */
  readonly deviceCodeIntervalSeconds?: number;
}

export interface DynamicsServeSummary {
  readonly url: string;
  readonly apiUrl: string;
  readonly tokenUrl: string;
  readonly controlUrl: string;
  readonly publisherPrefix: string;
  readonly users: readonly { readonly username: string; readonly roles: readonly string[] }[];
  /** Any client id is accepted: the emulator has no app registration unless one is configured. */
  readonly clientId: string;
  readonly rows: Readonly<Record<string, number>>;
}

export async function serveDynamicsEmulator(
  options: ServeDynamicsOptions = {},
): Promise<{ emulator: DynamicsEmulator; summary: DynamicsServeSummary }> {
  const emulator = await startDynamicsEmulator({
    ...(options.port === undefined ? {} : { port: options.port }),
    ...(options.host === undefined ? {} : { host: options.host }),
    ...(options.generate === undefined ? {} : { generate: options.generate }),
    ...(options.randomSeed === undefined ? {} : { randomSeed: options.randomSeed }),
    ...(options.publisherPrefix === undefined ? {} : { publisherPrefix: options.publisherPrefix }),
    ...(options.bare === undefined ? {} : { bare: options.bare }),
    ...(options.seedFile ? { seed: await loadDynamicsSeedFile(options.seedFile) } : {}),
    ...(options.deviceCodeIntervalSeconds === undefined
      ? {}
      : { deviceCodeIntervalSeconds: options.deviceCodeIntervalSeconds }),
  });
  const counted = ['account', 'contact', 'opportunity', `${emulator.publisherPrefix}microsoftsolution`];
  const summary: DynamicsServeSummary = {
    url: emulator.url,
    apiUrl: emulator.apiUrl,
    tokenUrl: emulator.tokenUrl,
    controlUrl: `${emulator.url}/_emulator`,
    publisherPrefix: emulator.publisherPrefix,
    users: emulator
      .users()
      .filter((u) => !u.application)
      .map((u) => ({ username: u.username, roles: u.roles })),
    clientId: 'any',
    rows: Object.fromEntries(counted.map((t) => [t, emulator.hasTable(t) ? emulator.rows(t).length : 0])),
  };
  return { emulator, summary };
}
