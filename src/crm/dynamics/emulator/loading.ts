// Rows an environment starts with: the seed's (parents first) and then generated ones, all through the write
// path (so they obey the same rules as the Web API) but silently: no write events, created at their own time.
import { table, tableBySet, type DataverseContext } from './context.js';
import { DvHttpError } from './dv-errors.js';
import { generateDynamicsData } from './generator.js';
import type { DynamicsEmulatorOptions } from './options.js';
import type { UserAccount } from './security.js';
import { seedOrder } from './seed.js';
import type { Writes } from './writes.js';

export function loadRows(
  ctx: DataverseContext,
  writes: Writes,
  admin: UserAccount,
  options: DynamicsEmulatorOptions,
  user: (username: string | undefined) => UserAccount,
): number {
  const { generate, seed } = options;
  const prefix = ctx.settings.publisherPrefix;
  let loaded = 0;
  for (const set of seed ? seedOrder(seed, prefix) : []) {
    for (const [i, body] of (seed?.[set] ?? []).entries()) {
      const { '@owner': owner, ...columns } = body;
      try {
        const load = {
          at: ctx.clock.now().getTime(),
          owner: user(typeof owner === 'string' ? owner : undefined),
        };
        writes.create(tableBySet(ctx, set), columns, admin, { load });
      } catch (error) {
        const reason =
          error instanceof DvHttpError ? `${error.code} ${error.message}` : (error as Error).message;
        throw new RangeError(`seed ${set}[${i}]: ${reason}`);
      }
      loaded++;
    }
  }
  if (!generate) return loaded;
  const sellers = ctx.directory.all().filter((u) => u.roles.includes('Salesperson') && !u.isDisabled);
  const active = ctx.store
    .list('transactioncurrency')
    .filter((r) => r['statecode'] === 0)
    .map((r) => r['isocurrencycode'] as string);
  const rows = generateDynamicsData(generate, options.randomSeed ?? 1, {
    now: ctx.clock.now(),
    owners: (sellers.length > 0 ? sellers : [admin]).map((u) => u.username),
    prefix,
    activeCurrencies: active,
  });
  for (const row of rows) {
    writes.create(table(ctx, row.entity), row.body, admin, {
      load: { at: Math.floor(row.createdMs / 1000) * 1000, owner: user(row.owner) },
    });
  }
  return loaded + rows.length;
}
