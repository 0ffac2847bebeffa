// The Dataverse (Dynamics 365) emulator: a real HTTP server on loopback speaking the Web API (/api/data/v9.2/)
// and the identity platform's token endpoints, plus the handle tests, the demo and benchmarks use to act as a
// person in Dynamics 365's UI, inject faults, move time and watch writes.
import type { MetadataChange } from './metadata-routes.js';
import { EventEmitter } from 'node:events';
import type { FastifyInstance } from 'fastify';
import { closeListening, startListening } from '../../../emulators/shared/http-server.js';
import type { CallCount } from '../../../partner-center/emulator/call-counter.js';
import type { EmulatorClock } from '../../../partner-center/emulator/clock.js';
import type { TokenResponse } from './auth.js';
import { buildContext } from './build-context.js';
import type { DataverseContext } from './context.js';
import type { DataverseFaultKnobs } from './dv-faults.js';
import type { UserAccount } from './security.js';
import type { ServiceProtectionLimit } from './service-protection.js';
import { WriteSource, type Row, type RowChange } from './store.js';
import { registerControlRoutes } from './control-routes.js';
import { deleteRow } from './deletes.js';
import { ControlError, DvHttpError } from './dv-errors.js';
import { idOf } from './keys.js';
import { loadRows } from './loading.js';
import type { EntityDef, Value } from './metadata-types.js';
import type { DynamicsEmulatorEvents, DynamicsEmulatorOptions, WriteEvent } from './options.js';
import { buildServer } from './server.js';
import { OpportunityState } from './tables.js';
import { formatDateTime, normalizeGuid } from './values.js';
import { Writes } from './writes.js';

export type { DynamicsEmulatorEvents, DynamicsEmulatorOptions, WriteEvent } from './options.js';

/** A row as the handle returns it: every column; lookups as `{id, entity}`. */
export type DvRow = Readonly<Record<string, Value>>;

export interface AsUser {
  /** Username of the person making the change (default admin@contoso.example, else the first admin). */
  readonly asUser?: string;
}

export class DynamicsEmulator extends EventEmitter<DynamicsEmulatorEvents> {
  readonly #ctx: DataverseContext;
  readonly #writes: Writes;
  readonly #clock: EmulatorClock;
  readonly #admin: UserAccount;
  #app: FastifyInstance | undefined;
  #url = '';
  #port = 0;

  /** Use startDynamicsEmulator(); the constructor does not listen. */
  constructor(readonly options: DynamicsEmulatorOptions) {
    super();
    const built = buildContext(
      options,
      (change) => this.#onChange(change),
      () => this.#url,
    );
    this.#clock = built.ctx.clock;
    this.#ctx = built.ctx;
    this.#admin = built.admin;
    this.#writes = new Writes(this.#ctx);
  }

  #onChange(change: RowChange): void {
    const event: WriteEvent = {
      kind: change.kind,
      entity: change.entity,
      id: change.id,
      source: change.source,
      userId: change.userId,
      username: this.#ctx.directory.byId(change.userId)?.username ?? '',
      at: formatDateTime(change.at),
      columns: change.columns,
    };
    this.emit('write', event);
  }

  /** Loads seed rows, then generated ones; no write events fire for them. Returns how many. */
  load(): number {
    return loadRows(this.#ctx, this.#writes, this.#admin, this.options, (name) => this.#user(name));
  }

  async listen(): Promise<void> {
    const app = buildServer(
      this.#ctx,
      this.#writes,
      (server) => registerControlRoutes(server, this),
      this.options.logger ?? false,
    );
    const { port, url } = await startListening(app, this.options);
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
  /** The Web API root a client's serverUrl + version resolve to. */
  get apiUrl(): string {
    return `${this.#url}/api/data/v9.2`;
  }
  /** The token endpoint of the environment's tenant. */
  get tokenUrl(): string {
    return `${this.#url}/${this.#ctx.settings.tenantId}/oauth2/v2.0/token`;
  }
  get tenantId(): string {
    return this.#ctx.settings.tenantId;
  }
  get organizationId(): string {
    return this.#ctx.settings.organizationId;
  }
  get publisherPrefix(): string {
    return this.#ctx.settings.publisherPrefix;
  }

  users(): {
    id: string;
    username: string;
    fullName: string;
    roles: readonly string[];
    application: boolean;
  }[] {
    return this.#ctx.directory.all().map((u) => ({
      id: u.id,
      username: u.username,
      fullName: u.fullName,
      roles: u.roles,
      application: u.applicationId !== undefined,
    }));
  }

  #user(username: string | undefined): UserAccount {
    if (username === undefined) return this.#admin;
    const user = this.#ctx.directory.byUsername(username);
    if (!user) throw new ControlError(404, `No user '${username}'.`);
    return user;
  }

  #table(name: string): EntityDef {
    const found =
      this.#ctx.tables.get(name) ?? [...this.#ctx.tables.values()].find((t) => t.setName === name);
    if (!found) throw new ControlError(404, `No table '${name}' in this environment.`);
    return found;
  }

  #row(entity: EntityDef, id: string): Row {
    const row = this.#ctx.store.get(entity.logicalName, normalizeGuid(id) ?? id);
    if (!row) throw new ControlError(404, `No ${entity.logicalName} '${id}'.`);
    return row;
  }

  /** Whether the environment has the table (a bare one has no solution table until it is installed). */
  hasTable(name: string): boolean {
    return this.#ctx.tables.has(name) || [...this.#ctx.tables.values()].some((t) => t.setName === name);
  }

  /** A table's column logical names and its alternate keys; undefined for an unknown table. */
  tableSchema(name: string): { columns: string[]; alternateKeys: string[][] } | undefined {
    const table = this.#ctx.tables.get(name);
    return (
      table && { columns: [...table.columns.keys()], alternateKeys: table.alternateKeys.map((k) => [...k]) }
    );
  }

  /** Tables, columns, keys and relationships created through the Web API, with the solution each went to. */
  metadataChanges(): readonly MetadataChange[] {
    return [...this.#ctx.metadata.changes];
  }

  /** Every live row of a table (logical or entity set name), oldest first. */
  rows(tableName: string): DvRow[] {
    return this.#ctx.store.list(this.#table(tableName).logicalName);
  }

  getRow(tableName: string, id: string): DvRow | undefined {
    return this.#ctx.store.get(this.#table(tableName).logicalName, normalizeGuid(id) ?? id);
  }

  /** A row created by a person in Dynamics 365's UI: the Web API's rules, a 'write' event (source 'ui'). */
  insertRow(tableName: string, body: Record<string, unknown>, options: AsUser = {}): DvRow {
    return this.#writes.create(this.#table(tableName), body, this.#user(options.asUser), {
      source: WriteSource.ui,
    });
  }

  /**
   * Many rows created by a person in the UI (a data import), each as insertRow creates it, all or none: a
   * refusal names the row's index (`rows[3]: …`) and leaves the environment as it was. Answers the new rows'
   * ids, in order.
   */
  insertRows(tableName: string, bodies: readonly Record<string, unknown>[], options: AsUser = {}): string[] {
    const entity = this.#table(tableName);
    return this.#ctx.store.atomically(() =>
      bodies.map((body, index) => {
        try {
          return idOf(entity, this.insertRow(tableName, body, options));
        } catch (error) {
          const label = `rows[${index}]`;
          if (error instanceof DvHttpError)
            throw new DvHttpError(error.status, error.code, `${label}: ${error.message}`, error.headers);
          if (error instanceof ControlError)
            throw new ControlError(error.status, `${label}: ${error.message}`);
          throw error;
        }
      }),
    );
  }

  /** A change made by a person in the UI: modifiedby = that person, a new versionnumber. */
  updateRow(tableName: string, id: string, body: Record<string, unknown>, options: AsUser = {}): DvRow {
    const entity = this.#table(tableName);
    return this.#writes.update(entity, this.#row(entity, id), body, this.#user(options.asUser), {
      source: WriteSource.ui,
    });
  }

  /**
   * A person closes an opportunity as won or lost in the UI: what WinOpportunity / LoseOpportunity do (state,
   * status Won or Canceled, actualclosedate today and, when won, actualvalue from estimatedvalue).
   */
  closeOpportunity(id: string, outcome: 'won' | 'lost', options: AsUser = {}): DvRow {
    const entity = this.#table('opportunity');
    const row = this.#row(entity, id);
    if (row['statecode'] !== OpportunityState.open) {
      throw new ControlError(400, `The opportunity '${id}' is already closed.`);
    }
    const won = outcome === 'won';
    return this.#writes.update(
      entity,
      row,
      {
        statecode: won ? OpportunityState.won : OpportunityState.lost,
        statuscode: won ? 3 : 4,
        actualclosedate: this.#clock.now().toISOString().slice(0, 10),
        ...(won ? { actualvalue: row['estimatedvalue'] ?? null } : {}),
      },
      this.#user(options.asUser),
      { source: WriteSource.ui, allowClose: true },
    );
  }

  /** A delete in the UI (cascading as the Web API's does). */
  deleteRow(tableName: string, id: string, options: AsUser = {}): void {
    const entity = this.#table(tableName);
    deleteRow(
      this.#ctx,
      this.#writes,
      entity,
      this.#row(entity, id),
      this.#user(options.asUser),
      WriteSource.ui,
    );
  }

  /** Tokens for a user without a sign-in flow (with a refresh token). */
  issueTokens(username: string, options: { clientId?: string } = {}): TokenResponse {
    return this.#ctx.auth.issue(
      this.#user(username),
      options.clientId ?? this.options.app?.clientId ?? 'emulator-test-client',
      [`${this.#url}/user_impersonation`, 'offline_access'],
    );
  }

  approveDeviceCode(userCode: string, username: string): void {
    this.#ctx.auth.approveDeviceCode(userCode, username);
  }

  declineDeviceCode(userCode: string): void {
    this.#ctx.auth.declineDeviceCode(userCode);
  }

  revokeTokens(username: string): number {
    return this.#ctx.auth.revokeUser(this.#user(username).id);
  }

  get faults(): DataverseFaultKnobs {
    return this.#ctx.faults.knobs;
  }
  setFaults(partial: DataverseFaultKnobs): DataverseFaultKnobs {
    return this.#ctx.faults.set(partial);
  }

  /**
   * Round trips: HTTP requests to the Web API that passed the token check, since the start (a $batch is one,
   * however many requests it carries; apiCalls counts those one by one, as Dataverse does).
   */
  apiRoundTrips(): number {
    return this.#ctx.protection.httpRequests;
  }

  /** Web API requests of a UTC day (default today on the emulator clock), in total and by user. */
  apiCalls(day?: string | Date): CallCount {
    return this.#ctx.counter.count(day);
  }

  get serviceProtection(): ServiceProtectionLimit {
    return this.#ctx.protection.current;
  }
  setServiceProtection(limit: ServiceProtectionLimit): void {
    this.#ctx.protection.set(limit);
  }
  /**
   * Every request the service protection limit judged (top-level ones and each request inside a $batch), oldest
   * first: when on the emulator clock, whose, and for a refusal (429) its Retry-After.
   */
  serviceProtectionLog(): {
    at: Date;
    username: string;
    /** The HTTP request it came in, numbered in order of arrival (a $batch's requests share one). */
    httpRequest: number;
    admitted: boolean;
    retryAfterSeconds?: number;
  }[] {
    return this.#ctx.protection.log().map((e) => ({
      at: new Date(e.at),
      username: this.#ctx.directory.byId(e.userId)?.username ?? '',
      httpRequest: e.httpRequest,
      admitted: e.admitted,
      ...(e.retryAfterSeconds === undefined ? {} : { retryAfterSeconds: e.retryAfterSeconds }),
    }));
  }
  /** Empties every user's service protection window. */
  resetServiceProtection(): void {
    this.#ctx.protection.reset();
  }

  now(): Date {
    return this.#clock.now();
  }
  /** Moves the emulator's clock forward (tokens, device codes, service protection windows, the day counter). */
  advanceClock(ms: number): Date {
    return this.#clock.advance(ms);
  }

  async close(): Promise<void> {
    if (this.#app) await closeListening(this.#app);
  }
}

export async function startDynamicsEmulator(
  options: DynamicsEmulatorOptions = {},
): Promise<DynamicsEmulator> {
  const emulator = new DynamicsEmulator(options);
  emulator.load();
  await emulator.listen();
  return emulator;
}

export { DvHttpError };
