// The Dynamics 365 side wired for a test: an emulator on a loopback port (port 0, ManualClock), client
// credentials for the integration application user, a client metered against the test database, and the
// contract harness around the adapter. Log lines are kept so tests can prove no token reaches them. The
// harness's "daily limit" is our own cap: Dataverse refuses no calls over its daily entitlement (its only
// hard limits are service protection's, a 429 with Retry-After), so our cap is what says CRM_DAILY_LIMIT.
// Test support only.
import { randomUUID } from 'node:crypto';
import type { CrmOpportunityFields, InboundUpsert } from '../adapter.js';
import type { ContractHarness } from '../adapter.contract.js';
import type { Db } from '../../store/db.js';
import { memoryLogger } from '../../../test/support/partner-center.js';
import { DynamicsAdapter, type DynamicsAdapterOptions } from './adapter.js';
import { IdentityPlatformTokens, type DataverseGrant } from './auth.js';
import { storeDynamicsBudget } from './budget.js';
import type { DataverseClient } from './client.js';
import { dvColumns } from './columns.js';
import { dynamicsClient, type DynamicsSettings } from './connection.js';
import { accountBody, toDataverseFields } from './mapping.js';
import type { DvCallRecord } from './request.js';
import {
  defaultCurrencies,
  defaultUsers,
  ManualClock,
  startDynamicsEmulator,
  type DynamicsEmulator,
  type DynamicsEmulatorOptions,
} from './emulator/index.js';

export const integrationUsername = 'cosell-integration@contoso.example';
export const personUsername = 'seller1@contoso.example';
export const inactiveUsername = 'former@contoso.example';
export const testClientId = 'cosell-test';
export const testClientSecret = 'test-secret-value-0123456789';
/** Requests per $batch of the contract harness's adapter. */
export const contractBatch = 20;

/** A new referral with its own customer, contact and one Microsoft solution. */
export function newReferral(
  n: number,
  ownerId: string,
  overrides: Partial<InboundUpsert> = {},
): InboundUpsert {
  return {
    referralId: randomUUID(),
    opportunity: {
      name: `Bulk referral ${n}`,
      stageName: '1-Qualify',
      amount: 5000 + n,
      currency: 'EUR',
      closeDate: '2027-01-31',
      syncWithPartnerCenter: true,
      helpRequested: 'ProofOfConceptOrDemo',
    },
    account: {
      name: `Bulk Customer ${n} ${randomUUID().slice(0, 6)}`,
      postalCode: `${3000 + n}`,
      country: 'DE',
    },
    contact: {
      firstName: 'Pat',
      lastName: `Buyer ${n}`,
      email: `pat${n}.${randomUUID().slice(0, 6)}@example.com`,
    },
    ownerId,
    solutionIds: ['SOL-BULK-1'],
    ...overrides,
  };
}

/** A row's id column (the handle's rows are untyped). */
export function idOfRow(row: Readonly<Record<string, unknown>>, column: string): string {
  const id = row[column];
  if (typeof id !== 'string') throw new Error(`the row has no ${column}`);
  return id;
}

export interface DynamicsTestRig {
  readonly emulator: DynamicsEmulator;
  /** The adapter with default settings ($batches of up to 1,000 requests). */
  readonly adapter: DynamicsAdapter;
  readonly client: DataverseClient;
  readonly logs: string[];
  /** Every HTTP request the client made (a $batch is one). */
  readonly calls: DvCallRecord[];
  readonly harness: ContractHarness;
  /** A second adapter on the same emulator: its own tokens, settings and grant. */
  adapterWith(settings: Partial<DynamicsSettings>, grant?: DataverseGrant): DynamicsAdapter;
}

export async function startDynamicsRig(
  db: Db,
  options: {
    emulator?: DynamicsEmulatorOptions;
    settings?: Partial<DynamicsSettings>;
    adapter?: DynamicsAdapterOptions;
  } = {},
): Promise<DynamicsTestRig> {
  const emulator = await startDynamicsEmulator({
    clock: new ManualClock('2026-11-20T10:00:00Z'),
    users: [
      ...defaultUsers,
      {
        username: inactiveUsername,
        firstName: 'Former',
        lastName: 'Seller',
        roles: ['Salesperson'],
        isDisabled: true,
      },
    ],
    ...options.emulator,
  });
  const { logger, logs } = memoryLogger();
  const calls: DvCallRecord[] = [];
  let dailyLimitReached = false;
  const settings: Partial<DynamicsSettings> = { maxRetries: 2, ...options.settings };
  const now = () => emulator.now();
  const newAdapter = (more: Partial<DynamicsSettings>, grant: DataverseGrant, maxBatch?: number) => {
    const all = { ...settings, ...more };
    const tokens = new IdentityPlatformTokens({
      authorityUrl: emulator.url,
      tenant: emulator.tenantId,
      clientId: testClientId,
      environmentUrl: emulator.url,
      grant,
      identity: testClientId,
      allowLoopbackHttp: true,
      now: () => emulator.now().getTime(),
    });
    const cap = all.dailyCap ?? 100_000;
    const budget = storeDynamicsBudget(db, () => (dailyLimitReached ? 1 : cap), now);
    const client = dynamicsClient(
      { db, logger, settings: all, now, onCall: (c) => calls.push(c) },
      emulator.url,
      tokens,
      budget,
    );
    return new DynamicsAdapter(client, {
      publisherPrefix: emulator.publisherPrefix,
      now: () => emulator.now().getTime(),
      ...(maxBatch === undefined ? {} : { maxBatch }),
      ...options.adapter,
    });
  };
  const credentials: DataverseGrant = { kind: 'client-credentials', clientSecret: testClientSecret };
  const mainAdapter = newAdapter({}, credentials);
  // The contract runs with $batches of 20 requests, so its 30 referrals span several batches (a new
  // customer's account is created in one and bound to from another), as 1,000-request batches never would.
  const adapter = newAdapter({}, credentials, contractBatch);
  const users = emulator.users();
  const idOf = (username: string) => users.find((u) => u.username === username)?.id ?? '';
  const asPerson = { asUser: personUsername };
  const columns = dvColumns(emulator.publisherPrefix);
  const opportunityWrite = (fields: Partial<CrmOpportunityFields>) =>
    toDataverseFields(
      fields,
      {
        columns,
        stages: { won: 'Closed Won', lost: 'Closed Lost' },
        currencyBind: (code) => `/transactioncurrencies(isocurrencycode='${code}')`,
      },
      true,
    );
  const opportunityBody = (fields: Partial<CrmOpportunityFields>) => opportunityWrite(fields).body;

  const harness: ContractHarness = {
    adapter,
    integrationUserId: idOf(integrationUsername),
    person: { id: idOf(personUsername), email: personUsername },
    inactiveEmail: inactiveUsername,
    currencies: (options.emulator?.currencies ?? defaultCurrencies)
      .filter((c) => c.isActive)
      .map((c) => c.isoCode),
    stages: { open: '1-Qualify', won: 'Closed Won' },
    advanceClock: (ms) => {
      emulator.advanceClock(ms);
      return Promise.resolve();
    },
    editAsPerson: (id, fields) => {
      emulator.updateRow('opportunity', id, opportunityBody(fields), asPerson);
      return Promise.resolve();
    },
    // A won or lost stage is the Close dialog after the create, as a person closes a deal in the UI.
    createOpportunityAsPerson: (fields) => {
      const { body, close } = opportunityWrite(fields);
      const id = idOfRow(emulator.insertRow('opportunity', body, asPerson), 'opportunityid');
      if (close) emulator.closeOpportunity(id, close, asPerson);
      return Promise.resolve(id);
    },
    createAccountAsPerson: (account) =>
      Promise.resolve(
        idOfRow(emulator.insertRow('account', accountBody(account, undefined), asPerson), 'accountid'),
      ),
    // As the admin: a salesperson may not delete the opportunity's Microsoft solutions (the cascade).
    deleteOpportunity: (id) => {
      emulator.deleteRow('opportunity', id);
      return Promise.resolve();
    },
    setDailyLimitReached: (reached) => {
      dailyLimitReached = reached;
      return Promise.resolve();
    },
    close: () => emulator.close(),
  };
  return {
    emulator,
    adapter: mainAdapter,
    client: mainAdapter.client,
    logs,
    calls,
    harness,
    adapterWith: (more, grant = credentials) => newAdapter(more, grant),
  };
}
