// /readyz: may this process take traffic and work? Load balancers and Kubernetes stop sending to it while it
// is not. Each check says what it found; the first failing ones name the error code whose fix applies.
// /healthz stays "the process answers" only: an unreachable database must not get the process restarted.
import { sql } from 'drizzle-orm';
import type { Config } from '../config.js';
import type { ErrorCode } from '../errors.js';
import type { Queryable } from '../store/db.js';
import { listConnections } from '../store/connections.js';
import { pendingMigrations } from '../store/migrate.js';
import { System } from '../store/schema.js';
import { dailyCaps } from './budget-caps.js';
import { callsToday } from './store-readings.js';

export interface ReadinessCheck {
  readonly name: 'store' | 'migrations' | 'connections' | 'budget';
  readonly ok: boolean;
  /** The error code whose guidance says what to do (see docs/errors.md), when not ok. */
  readonly code?: ErrorCode | undefined;
  readonly detail?: Readonly<Record<string, unknown>> | undefined;
}

export interface Readiness {
  readonly ready: boolean;
  readonly checks: readonly ReadinessCheck[];
}

export interface ReadinessOptions {
  readonly db: Queryable;
  readonly config: Pick<Config, 'crm' | 'partnerCenter' | 'salesforce' | 'dynamics'>;
  readonly now?: (() => Date) | undefined;
}

export async function checkReadiness(options: ReadinessOptions): Promise<Readiness> {
  const { db, config } = options;
  const now = (options.now ?? (() => new Date()))();
  try {
    await db.orm.execute(sql`SELECT 1`);
  } catch (error) {
    // Nothing else can be read: the other checks would only repeat this one.
    const reason = error instanceof Error ? error.message.slice(0, 200) : 'unreachable';
    return {
      ready: false,
      checks: [{ name: 'store', ok: false, code: 'STORE_UNREACHABLE', detail: { reason } }],
    };
  }
  const checks: ReadinessCheck[] = [{ name: 'store', ok: true }];

  const pending = await pendingMigrations(db);
  checks.push(
    pending.length === 0
      ? { name: 'migrations', ok: true }
      : { name: 'migrations', ok: false, code: 'MIGRATION_FAILED', detail: { pending } },
  );

  const connected = new Map((await listConnections(db)).map((c) => [c.system, c]));
  const needed: System[] = [System.partnerCenter, config.crm];
  const missing = needed.filter((s) => !connected.has(s));
  const expired = needed.filter((s) => {
    const at = connected.get(s)?.refreshTokenExpiresAt;
    return at != null && at.getTime() <= now.getTime();
  });
  checks.push(
    missing.length === 0 && expired.length === 0
      ? { name: 'connections', ok: true, detail: { systems: needed } }
      : {
          name: 'connections',
          ok: false,
          code: missing.length > 0 ? 'AUTH_NOT_CONNECTED' : 'AUTH_REFRESH_FAILED',
          detail: { missing, expired },
        },
  );

  const caps = dailyCaps(config);
  const today = await callsToday(db, now);
  const spent = needed.filter((s) => (today.get(s) ?? 0) >= caps[s]);
  checks.push(
    spent.length === 0
      ? { name: 'budget', ok: true }
      : {
          name: 'budget',
          ok: false,
          code: spent.includes(System.partnerCenter) ? 'PC_BUDGET_EXHAUSTED' : 'CRM_DAILY_LIMIT',
          detail: { spent: spent.map((s) => ({ system: s, calls: today.get(s) ?? 0, cap: caps[s] })) },
        },
  );
  return { ready: checks.every((c) => c.ok), checks };
}
