// The runtime (P5): the store answers, its migrations are current, and the embedded store's disk keeps
// enough free space.
import fs from 'node:fs/promises';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { pendingMigrations } from '../../store/migrate.js';
import { CheckStatus, type DoctorCheck } from '../types.js';

export const storeReachable: DoctorCheck = {
  id: 'runtime.store',
  requirements: ['P5'],
  async run(ctx) {
    await ctx.db.orm.execute(sql`SELECT 1`);
    return {
      status: CheckStatus.pass,
      found: { key: 'doctor.runtime.storeOk', params: { kind: ctx.db.kind } },
    };
  },
};

export const migrationsCurrent: DoctorCheck = {
  id: 'runtime.migrations',
  requirements: ['P5'],
  async run(ctx) {
    const pending = await pendingMigrations(ctx.db);
    if (pending.length > 0) {
      return {
        status: CheckStatus.fail,
        found: { key: 'doctor.runtime.migrationsPending', params: { count: pending.length } },
        fix: { key: 'doctor.runtime.migrationsPending.fix' },
        records: ctx.sample(pending),
      };
    }
    return { status: CheckStatus.pass, found: { key: 'doctor.runtime.migrationsOk' } };
  },
};

export const freeDisk: DoctorCheck = {
  id: 'runtime.disk',
  requirements: ['P5'],
  async run(ctx) {
    if (ctx.db.kind !== 'pglite') {
      return { status: CheckStatus.skip, found: { key: 'doctor.runtime.diskRemote' } };
    }
    const dir = path.resolve(ctx.config.store.dataDir);
    const stats = await fs.statfs(dir);
    const free = stats.bavail * stats.bsize;
    const params = {
      dir,
      freeMb: Math.floor(free / 1024 ** 2),
      minMb: Math.floor(ctx.options.minFreeBytes / 1024 ** 2),
    };
    if (free < ctx.options.minFreeBytes) {
      return {
        status: CheckStatus.fail,
        found: { key: 'doctor.runtime.diskLow', params },
        fix: { key: 'doctor.runtime.diskLow.fix', params },
      };
    }
    return { status: CheckStatus.pass, found: { key: 'doctor.runtime.diskOk', params } };
  },
};
