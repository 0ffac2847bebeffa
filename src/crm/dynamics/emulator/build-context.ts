// Assembling an environment from the options: tables under the publisher prefix, the row store, roles, users
// and currencies, sign-in, faults, the counters and the service protection limit. Ids come from the seeded
// stream, so the same options give the same GUIDs.
import { CallCounter } from '../../../partner-center/emulator/call-counter.js';
import { EmulatorClock, systemClock } from '../../../partner-center/emulator/clock.js';
import { createRng } from '../../../partner-center/emulator/rng.js';
import { DvAuth } from './auth.js';
import type { DataverseContext } from './context.js';
import { DvFaults } from './dv-faults.js';
import type { DynamicsEmulatorOptions } from './options.js';
import { defaultRoles, defaultUsers, type UserAccount } from './security.js';
import { defaultServiceProtection, ServiceProtection } from './service-protection.js';
import { defaultCurrencies, setUpEnvironment } from './setup.js';
import { RowStore, type RowChange } from './store.js';
import { buildTables } from './tables.js';
import { MetadataRegistry } from './metadata-routes.js';

export function buildContext(
  options: DynamicsEmulatorOptions,
  onChange: (change: RowChange) => void,
  baseUrl: () => string,
): { ctx: DataverseContext; admin: UserAccount } {
  const clock = new EmulatorClock(options.clock ?? systemClock);
  const seed = options.randomSeed ?? 1;
  const prefix = options.publisherPrefix ?? 'cosell_';
  if (!/^[a-z][a-z0-9]{1,7}_$/.test(prefix)) {
    throw new RangeError("publisherPrefix must be 2-8 lower-case letters or digits and '_'");
  }
  const maxPageSize = options.maxPageSize ?? 5000;
  if (!(Number.isInteger(maxPageSize) && maxPageSize >= 1 && maxPageSize <= 5000)) {
    throw new RangeError('maxPageSize must be 1..5000');
  }
  const ids = createRng(seed).fork('dynamics').fork('ids');
  const bare = options.bare ?? false;
  if (bare && options.generate)
    throw new RangeError('a bare environment has no co-sell columns to generate data for');
  const tables = new Map(buildTables(prefix, { bare }).map((t) => [t.logicalName, t]));
  const store = new RowStore(onChange);
  const env = setUpEnvironment(
    store,
    ids,
    tables,
    options.users ?? defaultUsers,
    options.roles ?? defaultRoles(prefix),
    options.currencies ?? defaultCurrencies,
    Math.floor(clock.now().getTime() / 1000) * 1000,
  );
  const ctx: DataverseContext = {
    clock,
    store,
    directory: env.directory,
    auth: new DvAuth({
      clock,
      directory: env.directory,
      accessTokenTtlSeconds: options.accessTokenTtlSeconds ?? 3600,
      deviceCodeIntervalSeconds: options.deviceCodeIntervalSeconds ?? 5,
      deviceCodeLifetimeSeconds: options.deviceCodeLifetimeSeconds ?? 900,
      app: options.app,
    }),
    faults: new DvFaults(seed, clock, options.faults),
    counter: new CallCounter(clock),
    protection: new ServiceProtection(clock, options.serviceProtection ?? defaultServiceProtection),
    ids,
    tables,
    metadata: new MetadataRegistry(createRng(seed).fork('dynamics').fork('metadata')),
    settings: {
      organizationId: ids.guid(),
      businessUnitId: ids.guid(),
      tenantId: ids.guid(),
      publisherPrefix: prefix,
      baseCurrencyId: env.baseCurrencyId,
      maxPageSize,
    },
    baseUrl,
  };
  return { ctx, admin: env.directory.byUsername('admin@contoso.example') ?? env.admin };
}
