// Loads seed records (seed.ts) into the org through the data-load path of dml.ts: references resolved,
// audit fields taken from the record, every other field validated as a create would be.
import type { Dml } from './dml.js';
import { orderedObjects, type SeedRecords } from './seed.js';
import { parseDateTime } from './sf-time.js';
import type { UserAccount, UserDirectory } from './users.js';

const reference = /^@\{([^}]+)\}$/;

export function loadSeedRecords(
  dml: Dml,
  users: UserDirectory,
  admin: UserAccount,
  seed: SeedRecords,
): number {
  const refs = new Map<string, string>();
  let loaded = 0;
  for (const object of orderedObjects(seed)) {
    for (const [index, record] of (seed[object] ?? []).entries()) {
      const where = `seed ${object}[${index}]`;
      const resolve = (value: unknown): unknown => {
        const match = typeof value === 'string' ? reference.exec(value) : null;
        if (!match) return value;
        const name = match[1] ?? '';
        if (name.startsWith('user:')) {
          const user = users.byUsername(name.slice(5));
          if (!user) throw new Error(`${where}: no user '${name.slice(5)}'`);
          return user.id;
        }
        const id = refs.get(name);
        if (!id) throw new Error(`${where}: no earlier seed record has "@id": "${name}"`);
        return id;
      };
      const userOf = (value: unknown): UserAccount | undefined => {
        if (value === undefined) return undefined;
        const id = resolve(value);
        const user = typeof id === 'string' ? users.byId(id) : undefined;
        if (!user) throw new Error(`${where}: ${JSON.stringify(value)} is not a user`);
        return user;
      };
      const instant = (value: unknown): number | undefined => {
        if (value === undefined) return undefined;
        const ms = typeof value === 'string' ? parseDateTime(value) : undefined;
        if (ms === undefined) throw new Error(`${where}: ${JSON.stringify(value)} is not a date-time`);
        return ms;
      };
      const { '@id': ref, CreatedDate, CreatedById, LastModifiedDate, LastModifiedById, ...fields } = record;
      const body = Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, resolve(v)]));
      try {
        const created = dml.load(object, body, admin, {
          ...(CreatedDate === undefined ? {} : { createdMs: instant(CreatedDate) as number }),
          ...(LastModifiedDate === undefined ? {} : { modifiedMs: instant(LastModifiedDate) as number }),
          ...(CreatedById === undefined ? {} : { createdBy: userOf(CreatedById) as UserAccount }),
          ...(LastModifiedById === undefined ? {} : { modifiedBy: userOf(LastModifiedById) as UserAccount }),
        });
        if (typeof ref === 'string') refs.set(ref, String(created['Id']));
        loaded++;
      } catch (error) {
        throw new Error(`${where}: ${error instanceof Error ? error.message : String(error)}`, {
          cause: error,
        });
      }
    }
  }
  return loaded;
}
