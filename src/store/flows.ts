// The on/off state of the named flows (C3). Changes to several flows land in one statement, so enabling a
// flow and what it needs can never stop half-way.
import { eq } from 'drizzle-orm';
import type { Queryable } from './db.js';
import { flows } from './schema.js';

export async function enabledFlowNames(db: Queryable): Promise<Set<string>> {
  const rows = await db.orm.select({ name: flows.name }).from(flows).where(eq(flows.enabled, true));
  return new Set(rows.map((r) => r.name));
}

export async function setFlowsEnabled(
  db: Queryable,
  names: readonly string[],
  enabled: boolean,
  now: Date,
): Promise<void> {
  if (names.length === 0) return;
  await db.orm
    .insert(flows)
    .values(names.map((name) => ({ name, enabled, updatedAt: now })))
    .onConflictDoUpdate({ target: flows.name, set: { enabled, updatedAt: now } });
}
