// The Salesforce side wired for a test: an emulator on a loopback port (port 0, ManualClock), a refresh token
// for the integration user, a client metered against the test database, and the contract harness around
// the adapter. Log lines are kept so tests can prove no token reaches them. Test support only.
import { Writable } from 'node:stream';
import type { CrmOpportunityFields } from '../adapter.js';
import type { ContractHarness } from '../adapter.contract.js';
import { createLogger, type Logger } from '../../logger.js';
import type { Db } from '../../store/db.js';
import { SalesforceAdapter, type SalesforceAdapterOptions } from './adapter.js';
import { RefreshTokenSource } from './auth.js';
import type { SalesforceClient } from './client.js';
import { salesforceClient, type SalesforceSettings } from './connection.js';
import { accountFields, toSalesforceFields } from './mapping.js';
import {
  defaultCurrencies,
  defaultUsers,
  ManualClock,
  startSalesforceEmulator,
  type SalesforceEmulator,
  type SalesforceEmulatorOptions,
} from './emulator/index.js';

export const integrationUsername = 'integration@contoso.example';
export const personUsername = 'seller1@contoso.example';
export const inactiveUsername = 'former@contoso.example';

export function memoryLogger(): { logger: Logger; logs: string[] } {
  const logs: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      logs.push(chunk.toString('utf8'));
      callback();
    },
  });
  return { logger: createLogger({ level: 'debug', destination }), logs };
}

export interface SalesforceTestRig {
  readonly emulator: SalesforceEmulator;
  readonly adapter: SalesforceAdapter;
  readonly client: SalesforceClient;
  readonly tokens: RefreshTokenSource;
  readonly refreshToken: string;
  readonly logs: string[];
  readonly harness: ContractHarness;
  /** A second adapter on the same emulator, with its own settings (fresh org facts, other retries). */
  adapterWith(settings: Partial<SalesforceSettings>, options?: SalesforceAdapterOptions): SalesforceAdapter;
}

export async function startSalesforceRig(
  db: Db,
  options: {
    emulator?: SalesforceEmulatorOptions;
    settings?: Partial<SalesforceSettings>;
    adapter?: SalesforceAdapterOptions;
  } = {},
): Promise<SalesforceTestRig> {
  const emulator = await startSalesforceEmulator({
    clock: new ManualClock('2026-11-20T10:00:00Z'),
    users: [
      ...defaultUsers,
      { username: inactiveUsername, name: 'Former Seller', profile: 'Standard User', isActive: false },
    ],
    ...options.emulator,
  });
  const refreshToken = emulator.issueTokens(integrationUsername).refresh_token ?? '';
  const { logger, logs } = memoryLogger();
  const settings: Partial<SalesforceSettings> = { maxRetries: 2, ...options.settings };
  const newTokens = () =>
    new RefreshTokenSource({
      loginUrl: emulator.url,
      clientId: 'cosell-test',
      refreshToken,
      identity: integrationUsername,
      allowLoopbackHttp: true,
    });
  const tokens = newTokens();
  const client = salesforceClient({ db, logger, settings }, tokens);
  const adapter = new SalesforceAdapter(client, options.adapter);
  const users = emulator.users();
  const idOf = (username: string) => users.find((u) => u.username === username)?.id ?? '';
  const multiCurrency = emulator.multiCurrency;
  const asPerson = { asUser: personUsername };
  const opportunityFields = (fields: Partial<CrmOpportunityFields>) =>
    toSalesforceFields(fields, { multiCurrency, clearUndefined: true });

  const harness: ContractHarness = {
    adapter,
    integrationUserId: idOf(integrationUsername),
    person: { id: idOf(personUsername), email: personUsername },
    inactiveEmail: inactiveUsername,
    currencies: multiCurrency
      ? (options.emulator?.currencies ?? defaultCurrencies).filter((c) => c.isActive).map((c) => c.isoCode)
      : [options.adapter?.orgCurrency ?? 'USD'],
    stages: { open: 'Prospecting', won: 'Closed Won' },
    advanceClock: (ms) => {
      emulator.advanceClock(ms);
      return Promise.resolve();
    },
    editAsPerson: (id, fields) => {
      emulator.updateRecord('Opportunity', id, opportunityFields(fields), asPerson);
      return Promise.resolve();
    },
    createOpportunityAsPerson: (fields) =>
      Promise.resolve(
        String(emulator.insertRecord('Opportunity', opportunityFields(fields), asPerson)['Id']),
      ),
    createAccountAsPerson: (account) =>
      Promise.resolve(
        String(emulator.insertRecord('Account', accountFields(account, undefined), asPerson)['Id']),
      ),
    deleteOpportunity: (id) => {
      emulator.deleteRecord('Opportunity', id, asPerson);
      return Promise.resolve();
    },
    setDailyLimitReached: (reached) => {
      emulator.setDailyApiCap(reached ? emulator.apiCalls().total : 100_000);
      return Promise.resolve();
    },
    close: () => emulator.close(),
  };
  return {
    emulator,
    adapter,
    client,
    tokens,
    refreshToken,
    logs,
    harness,
    adapterWith: (more, adapterOptions) =>
      new SalesforceAdapter(
        salesforceClient({ db, logger, settings: { ...settings, ...more } }, newTokens()),
        adapterOptions,
      ),
  };
}
