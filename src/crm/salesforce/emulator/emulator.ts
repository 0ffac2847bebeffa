// The Salesforce emulator: a real HTTP server on loopback speaking Salesforce's OAuth endpoints, the REST API
// (sObjects, SOQL query, composite, collections, replication, limits) and SOAP login, plus the handle tests,
// the demo and benchmarks use to act as a person in Salesforce's UI, inject faults, move time and watch writes.
import { EventEmitter } from 'node:events';
import type { FastifyInstance } from 'fastify';
import { closeListening, startListening } from '../../../emulators/shared/http-server.js';
import { CallCounter, type CallCount } from '../../../partner-center/emulator/call-counter.js';
import { EmulatorClock, systemClock } from '../../../partner-center/emulator/clock.js';
import { FaultInjector, type FaultKnobs } from '../../../partner-center/emulator/faults.js';
import { createRng } from '../../../partner-center/emulator/rng.js';
import { SfAuth, type TokenResponse } from './auth.js';
import type { SalesforceContext } from './context.js';
import { registerControlRoutes } from './control-routes.js';
import { checkCurrencies, defaultCurrencies } from './currencies.js';
import { Dml } from './dml.js';
import { generateSalesforceData } from './generator.js';
import { IdFactory, normalizeId } from './ids.js';
import { buildObjects } from './objects.js';
import type { SalesforceEmulatorEvents, SalesforceEmulatorOptions, WriteEvent } from './options.js';
import { setUpOrg } from './org-setup.js';
import { QueryCursors } from './query-cursors.js';
import { plainRecord } from './render.js';
import { Schema } from './schema.js';
import type { FieldValue } from './schema-types.js';
import { loadSeedRecords } from './seed-loader.js';
import { ControlError, SfHttpError } from './sf-errors.js';
import { formatDateTime } from './sf-time.js';
import { executeQuery } from './soql-execute.js';
import { parseSoql } from './soql-parser.js';
import { compileQuery } from './soql-resolve.js';
import { checkStages, defaultStages } from './stages.js';
import { RecordStore, WriteSource, type RecordChange } from './store.js';
import { buildServer } from './server.js';
import { ToolingIds } from './tooling.js';
import { defaultUsers, type UserAccount } from './users.js';

export type { SalesforceEmulatorEvents, SalesforceEmulatorOptions, WriteEvent } from './options.js';

/** A record as the handle returns it: every field, date-times as the API writes them. */
export type SfRecord = Record<string, FieldValue>;

export interface AsUser {
  /** Username of the person making the change (default admin@contoso.example, else the first admin). */
  readonly asUser?: string;
}

export class SalesforceEmulator extends EventEmitter<SalesforceEmulatorEvents> {
  readonly #ctx: SalesforceContext;
  readonly #clock: EmulatorClock;
  readonly #admin: UserAccount;
  #dailyApiCap: number;
  #app: FastifyInstance | undefined;
  #url = '';
  #port = 0;

  /** Use startSalesforceEmulator(); the constructor does not listen. */
  constructor(readonly options: SalesforceEmulatorOptions) {
    super();
    const clock = (this.#clock = new EmulatorClock(options.clock ?? systemClock));
    const seed = options.randomSeed ?? 1;
    const rng = createRng(seed).fork('salesforce');
    const multiCurrency = options.multiCurrency ?? true;
    const currencies = multiCurrency ? (options.currencies ?? defaultCurrencies) : undefined;
    if (currencies) checkCurrencies(currencies);
    const stages = options.stages ?? defaultStages;
    checkStages(stages);
    this.#dailyApiCap = options.dailyApiCap ?? 100_000;
    if (!(Number.isInteger(this.#dailyApiCap) && this.#dailyApiCap >= 0))
      throw new RangeError('dailyApiCap must be a whole number');
    const pageSize = options.pageSize ?? 2000;
    if (!(Number.isInteger(pageSize) && pageSize >= 1))
      throw new RangeError('pageSize must be a positive whole number');

    const ids = new IdFactory(rng.fork('ids'));
    const orgId = ids.next('00D');
    const bare = options.bare ?? false;
    if (bare && options.generate)
      throw new RangeError('a bare org has no co-sell fields to generate data for');
    const schema = new Schema(buildObjects({ stages, multiCurrency, bare }));
    const store = new RecordStore((change) => this.#onChange(change));
    const nowMs = clock.now().getTime();
    const org = setUpOrg(
      store,
      ids,
      options.users ?? defaultUsers,
      currencies,
      Math.floor(nowMs / 1000) * 1000,
    );
    this.#admin = org.users.byUsername('admin@contoso.example') ?? org.admin;
    const activeCurrencies = (): string[] =>
      store
        .list('CurrencyType')
        .filter((r) => r['IsActive'] === true)
        .map((r) => String(r['IsoCode']));
    const corporateCurrency = currencies?.find((c) => c.isCorporate)?.isoCode;
    const sessionTimeoutSeconds = options.sessionTimeoutSeconds ?? 7200;
    const ctx: SalesforceContext = {
      settings: { orgId, multiCurrency, pageSize, stages, earliestDeletedMs: nowMs, sessionTimeoutSeconds },
      clock,
      schema,
      store,
      dml: new Dml({ schema, store, ids, clock, stages, corporateCurrency, activeCurrencies }),
      ids,
      users: org.users,
      auth: new SfAuth({
        clock,
        users: org.users,
        orgId,
        sessionTimeoutSeconds,
        connectedApp: options.connectedApp,
        deviceFlowIntervalSeconds: options.deviceFlowIntervalSeconds ?? 5,
        deviceCodeLifetimeSeconds: options.deviceCodeLifetimeSeconds ?? 600,
        baseUrl: () => this.#url,
      }),
      faults: new FaultInjector(seed, clock, options.faults),
      counter: new CallCounter(clock),
      cursors: new QueryCursors(clock, ids),
      tooling: new ToolingIds(new IdFactory(rng.fork('tooling'))),
      dailyApiCap: () => this.#dailyApiCap,
      activeCurrencies,
      baseUrl: () => this.#url,
    };
    this.#ctx = ctx;
  }

  #onChange(change: RecordChange): void {
    const user = this.#ctx.users.byId(change.userId);
    const event: WriteEvent = {
      kind: change.kind,
      object: change.object,
      id: change.id,
      source: change.source,
      userId: change.userId,
      username: user?.username ?? '',
      at: formatDateTime(change.at),
      fields: change.fields,
    };
    this.emit('write', event);
  }

  /** Loads seed and generated records; no write events fire for them. */
  load(): number {
    const { options } = this;
    const { dml, users } = this.#ctx;
    let loaded = options.seed ? loadSeedRecords(dml, users, this.#admin, options.seed) : 0;
    if (options.generate) {
      const all = users.all();
      const sellers = all.filter((u) => !u.profile.modifyAllData && u.isActive);
      const data = generateSalesforceData(options.generate, options.randomSeed ?? 1, {
        now: this.now(),
        owners: (sellers.length > 0 ? sellers : all).map((u) => u.username),
        loader: this.#admin.username,
        stages: this.#ctx.settings.stages,
        currencies: this.#ctx.settings.multiCurrency ? (options.currencies ?? defaultCurrencies) : undefined,
      });
      loaded += loadSeedRecords(dml, users, this.#admin, data);
    }
    return loaded;
  }

  async listen(): Promise<void> {
    const { options } = this;
    const app = buildServer(
      this.#ctx,
      (server) => registerControlRoutes(server, this),
      options.logger ?? false,
    );
    const { port, url } = await startListening(app, options);
    this.#app = app;
    this.#port = port;
    this.#url = url;
  }

  get url(): string {
    return this.#url;
  }
  get port(): number {
    return this.#port;
  }
  /** Where OAuth clients log in (login.salesforce.com's stand-in): the same origin as the API. */
  get loginUrl(): string {
    return this.#url;
  }
  /** The instance URL every token response names. */
  get instanceUrl(): string {
    return this.#url;
  }
  get orgId(): string {
    return this.#ctx.settings.orgId;
  }
  get multiCurrency(): boolean {
    return this.#ctx.settings.multiCurrency;
  }

  users(): { id: string; username: string; name: string; profile: string; isActive: boolean }[] {
    return this.#ctx.users.all().map((u) => ({
      id: u.id,
      username: u.username,
      name: u.name,
      profile: u.profile.name,
      isActive: u.isActive,
    }));
  }

  #user(username: string | undefined): UserAccount {
    if (username === undefined) return this.#admin;
    const user = this.#ctx.users.byUsername(username);
    if (!user) throw new ControlError(404, `No user '${username}'.`);
    return user;
  }

  #object(name: string) {
    const object = this.#ctx.schema.object(name);
    if (!object) throw new ControlError(404, `No object '${name}' in this org.`);
    return object;
  }

  /** Whether the org has the object (a bare org has no Microsoft_Solution__c until it is installed). */
  hasObject(name: string): boolean {
    return this.#ctx.schema.object(name) !== undefined;
  }

  /** The org's field names of an object, in describe order; undefined for an unknown object. */
  fieldNames(objectName: string): string[] | undefined {
    return this.#ctx.schema.object(objectName)?.fields.map((f) => f.name);
  }

  /** Every record of an object (deleted ones only with includeDeleted), oldest first. */
  records(objectName: string, options: { includeDeleted?: boolean } = {}): SfRecord[] {
    const object = this.#object(objectName);
    return this.#ctx.store
      .list(object.name)
      .filter((r) => options.includeDeleted === true || r['IsDeleted'] !== true)
      .map((r) => plainRecord(object, r));
  }

  /** A record by id (15 or 18 characters), deleted ones included (IsDeleted: true). */
  getRecord(objectName: string, id: string): SfRecord | undefined {
    const object = this.#object(objectName);
    const canonical = normalizeId(id);
    const record = canonical ? this.#ctx.store.get(object.name, canonical) : undefined;
    return record && plainRecord(object, record);
  }

  /** A record created by a person in Salesforce's UI: same rules as the API, a 'write' event (source 'ui'). */
  insertRecord(objectName: string, fields: Record<string, unknown>, options: AsUser = {}): SfRecord {
    const object = this.#object(objectName);
    return plainRecord(
      object,
      this.#ctx.dml.create(object.name, fields, this.#user(options.asUser), WriteSource.ui),
    );
  }

  /**
   * Many records created by a person in Salesforce's UI (a data import), each as insertRecord creates it, all or
   * none: a refusal names the record's index (`records[3]: …`) and leaves the org as it was. Answers the new
   * records' ids, in order.
   */
  insertRecords(
    objectName: string,
    records: readonly Record<string, unknown>[],
    options: AsUser = {},
  ): string[] {
    return this.#ctx.store.atomically(() =>
      records.map((fields, index) => {
        try {
          return String(this.insertRecord(objectName, fields, options)['Id']);
        } catch (error) {
          const label = `records[${index}]`;
          if (error instanceof SfHttpError)
            throw new ControlError(error.status, `${label}: ${error.message}`, error.errors);
          if (error instanceof ControlError)
            throw new ControlError(error.status, `${label}: ${error.message}`, error.errors);
          throw error;
        }
      }),
    );
  }

  /** A change made by a person in Salesforce's UI: stamps SystemModstamp, LastModifiedById = that person. */
  updateRecord(
    objectName: string,
    id: string,
    fields: Record<string, unknown>,
    options: AsUser = {},
  ): SfRecord {
    const object = this.#object(objectName);
    return plainRecord(
      object,
      this.#ctx.dml.update(object.name, id, fields, this.#user(options.asUser), WriteSource.ui),
    );
  }

  /** A delete in Salesforce's UI (to the recycle bin, cascading as the API's does). */
  deleteRecord(objectName: string, id: string, options: AsUser = {}): void {
    const object = this.#object(objectName);
    this.#ctx.dml.delete(object.name, id, this.#user(options.asUser), WriteSource.ui);
  }

  /** Runs SOQL directly (not counted, no faults): every row, no paging. */
  query(
    soql: string,
    options: { includeDeleted?: boolean } = {},
  ): { totalSize: number; records: Record<string, unknown>[] } {
    const compiled = compileQuery(this.#ctx.schema, parseSoql(soql), this.now().getTime());
    const rows = executeQuery(this.#ctx.store, compiled, {
      includeDeleted: options.includeDeleted ?? false,
      version: '60.0',
    });
    return { totalSize: rows.totalSize, records: [...rows.records] };
  }

  /** Tokens for a user without a login flow (with a refresh token), as the password grant returns them. */
  issueTokens(username: string, options: { clientId?: string } = {}): TokenResponse {
    return this.#ctx.auth.issue(
      this.#user(username),
      options.clientId ?? this.options.connectedApp?.clientId ?? 'emulator-test-client',
      true,
    );
  }

  /**
   * A person entered a device flow's user code at /setup/connect, signed in as `username` and allowed access:
   * the next poll gets tokens.
   */
  approveDeviceCode(userCode: string, username: string): void {
    this.#ctx.auth.approveDevice(userCode, username);
  }

  /** A person entered a device flow's user code and denied access: the next poll answers access_denied. */
  denyDeviceCode(userCode: string): void {
    this.#ctx.auth.denyDevice(userCode);
  }

  /** Ends every token of a user (refresh and access); later refreshes answer invalid_grant. */
  revokeTokens(username: string): number {
    return this.#ctx.auth.revokeUser(this.#user(username).id);
  }

  get faults(): FaultKnobs {
    return this.#ctx.faults.knobs;
  }

  setFaults(partial: FaultKnobs): FaultKnobs {
    return this.#ctx.faults.set(partial);
  }

  /** API calls of a UTC day (default today on the emulator clock), in total and by username. */
  apiCalls(day?: string | Date): CallCount {
    return this.#ctx.counter.count(day);
  }

  get dailyApiCap(): number {
    return this.#dailyApiCap;
  }

  setDailyApiCap(cap: number): void {
    if (!(Number.isInteger(cap) && cap >= 0)) throw new RangeError('dailyApiCap must be a whole number');
    this.#dailyApiCap = cap;
  }

  now(): Date {
    return this.#clock.now();
  }

  /** Moves the emulator's clock forward (sessions, replication windows, query cursors, the day counter). */
  advanceClock(ms: number): Date {
    return this.#clock.advance(ms);
  }

  async close(): Promise<void> {
    if (this.#app) await closeListening(this.#app);
  }
}

export async function startSalesforceEmulator(
  options: SalesforceEmulatorOptions = {},
): Promise<SalesforceEmulator> {
  const emulator = new SalesforceEmulator(options);
  emulator.load();
  await emulator.listen();
  return emulator;
}
