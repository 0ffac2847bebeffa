// Named positions in a remote feed (reconcile's updatedDateTime, a Dataverse delta link...). Committed only
// after the batch they cover has landed.
import { eq } from 'drizzle-orm';
import type { Queryable } from './db.js';
import { cursors } from './schema.js';

export async function getCursor(db: Queryable, name: string): Promise<string | undefined> {
  const [row] = await db.orm.select({ value: cursors.value }).from(cursors).where(eq(cursors.name, name));
  return row?.value;
}

export async function setCursor(db: Queryable, name: string, value: string, now: Date): Promise<void> {
  await db.orm
    .insert(cursors)
    .values({ name, value, updatedAt: now })
    .onConflictDoUpdate({ target: cursors.name, set: { value, updatedAt: now } });
}

export async function deleteCursor(db: Queryable, name: string): Promise<void> {
  await db.orm.delete(cursors).where(eq(cursors.name, name));
}
