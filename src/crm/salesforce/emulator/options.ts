// Options of startSalesforceEmulator and the events its handle emits.
import type { Clock } from '../../../partner-center/emulator/clock.js';
import type { FaultKnobs } from '../../../partner-center/emulator/faults.js';
import type { ConnectedApp } from './auth.js';
import type { CurrencyDef } from './currencies.js';
import type { GeneratorOptions } from './generator.js';
import type { SeedRecords } from './seed.js';
import type { StageDef } from './stages.js';
import type { EmulatorUser } from './users.js';

export interface SalesforceEmulatorOptions {
  /** 0 (default): the OS picks a free port; read it back from `port`/`url`. */
  readonly port?: number;
  readonly host?: string;
  /** Base URL to advertise (instance_url, identity URLs) when not `http://<host>:<port>`. */
  readonly publicUrl?: string;
  /** Seeds ids, generated data and every fault decision (default 1). */
  readonly randomSeed?: number;
  /** Default: defaultUsers (an admin, the integration user, three sellers). */
  readonly users?: readonly EmulatorUser[];
  /** Multi-currency on (default true): CurrencyIsoCode fields and the CurrencyType object exist. */
  readonly multiCurrency?: boolean;
  /**
   * An org before cosell's installer ran (default false): Opportunity has none of the co-sell fields and
   * there is no Microsoft_Solution__c until they are created through the Tooling API. Not with `generate`.
   */
  readonly bare?: boolean;
  /** Default: defaultCurrencies (USD corporate, nine more active, SEK inactive). */
  readonly currencies?: readonly CurrencyDef[];
  /** Access token lifetime on the emulator clock (default 7200, Salesforce's default 2-hour timeout). */
  readonly sessionTimeoutSeconds?: number;
  /** The device flow's polling interval in seconds (default 5, as Salesforce announces); 0 turns slow_down off. */
  readonly deviceFlowIntervalSeconds?: number;
  /** How long a device flow's user code waits for its person, on the emulator clock (default 600). */
  readonly deviceCodeLifetimeSeconds?: number;
  /** API calls allowed per UTC day (default 100,000); beyond it 403 REQUEST_LIMIT_EXCEEDED. */
  readonly dailyApiCap?: number;
  /** Query batch size without a Sforce-Query-Options header (default 2,000). */
  readonly pageSize?: number;
  /** Opportunity stages (default defaultStages). */
  readonly stages?: readonly StageDef[];
  readonly faults?: FaultKnobs;
  readonly clock?: Clock;
  /** Records to start with (see seed.ts for references and audit fields). */
  readonly seed?: SeedRecords;
  /** Generated data: a number of accounts, or the generator's options. */
  readonly generate?: number | GeneratorOptions;
  /** When set, only this client id (and secret) gets tokens; by default any client id is accepted. */
  readonly connectedApp?: ConnectedApp;
  readonly logger?: boolean;
}

/** A record change, after its transaction committed. Seeds and generated data announce none. */
export interface WriteEvent {
  readonly kind: 'created' | 'updated' | 'deleted';
  readonly object: string;
  readonly id: string;
  /** 'api': through the REST API; 'ui': through the handle or /_emulator, as a person in Salesforce. */
  readonly source: 'api' | 'ui';
  readonly userId: string;
  readonly username: string;
  /** The record's SystemModstamp after the write. */
  readonly at: string;
  /** Fields the write set (none for deletes). */
  readonly fields: readonly string[];
}

export interface SalesforceEmulatorEvents {
  write: [WriteEvent];
}
