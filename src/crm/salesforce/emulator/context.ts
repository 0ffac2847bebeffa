// What the route modules share: the emulator's parts and settings. Built once in emulator.ts.
import type { CallCounter } from '../../../partner-center/emulator/call-counter.js';
import type { EmulatorClock } from '../../../partner-center/emulator/clock.js';
import type { FaultInjector } from '../../../partner-center/emulator/faults.js';
import type { SfAuth } from './auth.js';
import type { Dml } from './dml.js';
import type { IdFactory } from './ids.js';
import type { QueryCursors } from './query-cursors.js';
import type { Schema } from './schema.js';
import type { StageDef } from './stages.js';
import type { ToolingIds } from './tooling.js';
import type { RecordStore } from './store.js';
import type { UserDirectory } from './users.js';

export interface EmulatorSettings {
  readonly orgId: string;
  readonly multiCurrency: boolean;
  /** Rows per query batch without a batchSize header. */
  readonly pageSize: number;
  readonly stages: readonly StageDef[];
  /** getDeleted's earliestDateAvailable: the emulator starts with an empty recycle bin. */
  readonly earliestDeletedMs: number;
  readonly sessionTimeoutSeconds: number;
}

export interface SalesforceContext {
  readonly settings: EmulatorSettings;
  readonly clock: EmulatorClock;
  readonly schema: Schema;
  readonly store: RecordStore;
  readonly dml: Dml;
  readonly ids: IdFactory;
  readonly users: UserDirectory;
  readonly auth: SfAuth;
  readonly faults: FaultInjector;
  readonly counter: CallCounter;
  readonly cursors: QueryCursors;
  /** Ids of custom fields and objects as the Tooling API names them. */
  readonly tooling: ToolingIds;
  /** The daily API cap in force (the handle can change it). */
  dailyApiCap(): number;
  /** ISO codes of the active currencies (from the CurrencyType records). */
  activeCurrencies(): readonly string[];
  /** The emulator's absolute base URL, known once it listens. */
  baseUrl(): string;
}
