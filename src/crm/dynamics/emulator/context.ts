// What the route modules share: the environment's parts and settings. Built once in emulator.ts.
import type { CallCounter } from '../../../partner-center/emulator/call-counter.js';
import type { EmulatorClock } from '../../../partner-center/emulator/clock.js';
import type { Rng } from '../../../partner-center/emulator/rng.js';
import type { DvAuth } from './auth.js';
import type { DvFaults } from './dv-faults.js';
import { resourceNotFound } from './dv-errors.js';
import type { EntityDef } from './metadata-types.js';
import type { MetadataRegistry } from './metadata-routes.js';
import type { Directory } from './security.js';
import type { ServiceProtection } from './service-protection.js';
import type { RowStore } from './store.js';

export interface DataverseContext {
  readonly clock: EmulatorClock;
  readonly store: RowStore;
  readonly directory: Directory;
  readonly auth: DvAuth;
  readonly faults: DvFaults;
  readonly counter: CallCounter;
  readonly protection: ServiceProtection;
  /** GUIDs for new rows (seeded, so the same history gives the same ids). */
  readonly ids: Rng;
  /** Tables by logical name. */
  readonly tables: Map<string, EntityDef>;
  /** Metadata ids and the components created through the Web API (metadata-routes.ts). */
  readonly metadata: MetadataRegistry;
  readonly settings: {
    readonly organizationId: string;
    readonly businessUnitId: string;
    readonly tenantId: string;
    readonly publisherPrefix: string;
    /** The base currency's transactioncurrencyid: the default of money rows without one. */
    readonly baseCurrencyId: string;
    /** Rows per page without `Prefer: odata.maxpagesize` (Dataverse: 5,000). */
    readonly maxPageSize: number;
  };
  /** The emulator's absolute base URL, known once it listens. */
  baseUrl(): string;
}

/** The Web API root every absolute URL in an answer starts with. */
export const apiRoot = (ctx: DataverseContext) => `${ctx.baseUrl()}/api/data/v9.2`;

export function tableBySet(ctx: DataverseContext, setName: string): EntityDef {
  for (const table of ctx.tables.values()) if (table.setName === setName) return table;
  throw resourceNotFound(setName);
}

export function table(ctx: DataverseContext, logicalName: string): EntityDef {
  const found = ctx.tables.get(logicalName);
  if (!found) throw new Error(`no table '${logicalName}'`);
  return found;
}

/** A query string as Dataverse writes its links: option names as they are (`$skiptoken`), values percent-encoded. */
export function odataQueryString(params: URLSearchParams): string {
  return [...params].map(([name, value]) => `${name}=${encodeURIComponent(value)}`).join('&');
}
