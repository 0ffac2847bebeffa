// Options of startDynamicsEmulator and the events its handle emits.
import type { Clock } from '../../../partner-center/emulator/clock.js';
import type { AppRegistration } from './auth.js';
import type { CurrencyDef } from './setup.js';
import type { DataverseFaultKnobs } from './dv-faults.js';
import type { GeneratorOptions } from './generator.js';
import type { DynamicsSeed } from './seed.js';
import type { EmulatorUser, RoleDef } from './security.js';
import type { ServiceProtectionLimit } from './service-protection.js';

export interface DynamicsEmulatorOptions {
  /** 0 (default): the OS picks a free port; read it back from `port`/`url`. */
  readonly port?: number;
  readonly host?: string;
  /** Base URL to advertise when not `http://<host>:<port>`. */
  readonly publicUrl?: string;
  /** Seeds ids, generated data and every fault decision (default 1). */
  readonly randomSeed?: number;
  /** The solution publisher's prefix of the co-sell columns and table (default 'cosell_'). */
  readonly publisherPrefix?: string;
  /**
   * An environment before cosell's installer ran (default false): no co-sell columns on opportunity, no
   * Referral Identifier key, no Microsoft solution table, until they are created through the metadata API.
   * Not with `generate`.
   */
  readonly bare?: boolean;
  /** Default: defaultUsers (an admin, an application user, a customizer, three salespeople). */
  readonly users?: readonly EmulatorUser[];
  /** Default: defaultRoles (System Administrator, System Customizer, Salesperson). */
  readonly roles?: readonly RoleDef[];
  /** Default: defaultCurrencies (USD base, EUR, GBP … active, SEK inactive). */
  readonly currencies?: readonly CurrencyDef[];
  /** Access token lifetime on the emulator clock (default 3,600 seconds). */
  readonly accessTokenTtlSeconds?: number;
  /** The device flow's polling interval (default 5); 0 turns slow_down off. */
  readonly deviceCodeIntervalSeconds?: number;
  /** How long a device code waits for its person (default 900, Entra ID's 15 minutes). */
  readonly deviceCodeLifetimeSeconds?: number;
  /** When set, only this client (and secret) gets tokens; by default any client id is accepted. */
  readonly app?: AppRegistration;
  /** Service protection: requests per user per window (default 6,000 per 300 seconds). */
  readonly serviceProtection?: ServiceProtectionLimit;
  /** Rows per page without `Prefer: odata.maxpagesize`, and its maximum (default 5,000). */
  readonly maxPageSize?: number;
  readonly faults?: DataverseFaultKnobs;
  readonly clock?: Clock;
  /** Rows to start with, by entity set (seed.ts). */
  readonly seed?: DynamicsSeed;
  /** Generated data: a number of accounts, or the generator's options. */
  readonly generate?: number | GeneratorOptions;
  readonly logger?: boolean;
}

/** A row change, after its transaction committed. Generated data announces none. */
export interface WriteEvent {
  readonly kind: 'created' | 'updated' | 'deleted';
  /** The table's logical name. */
  readonly entity: string;
  readonly id: string;
  /** 'api': through the Web API; 'ui': through the handle or /_emulator, as a person in Dynamics 365. */
  readonly source: 'api' | 'ui';
  readonly userId: string;
  readonly username: string;
  /** modifiedon of the write. */
  readonly at: string;
  /** Columns the write set (none for deletes). */
  readonly columns: readonly string[];
}

export interface DynamicsEmulatorEvents {
  write: [WriteEvent];
}
