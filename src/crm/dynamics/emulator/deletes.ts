// Deleting a row, with what its relationships say: parental relationships cascade the delete (an account's
// contacts and opportunities, an opportunity's Microsoft solutions — the custom table is set up as a parental
// child of opportunity), every other lookup to the row is cleared ("remove link", an update by the deleting
// user). Deleted rows stay as tombstones for change tracking (store.ts). Everything happens in one transaction.
import { table, type DataverseContext } from './context.js';
import { isLookup, type EntityDef } from './metadata-types.js';
import { Privilege, type UserAccount } from './security.js';
import { WriteSource, type Row } from './store.js';
import type { Writes } from './writes.js';
import { DvErrorCode, DvHttpError } from './dv-errors.js';

/** `<child table>.<lookup column>` relationships whose parent's delete deletes the child. */
function parental(prefix: string): ReadonlySet<string> {
  return new Set([
    'contact.parentcustomerid',
    'opportunity.parentaccountid',
    'opportunity.customerid',
    `${prefix}microsoftsolution.${prefix}opportunityid`,
  ]);
}

export function deleteRow(
  ctx: DataverseContext,
  writes: Writes,
  entity: EntityDef,
  row: Row,
  user: UserAccount,
  source: WriteSource = WriteSource.api,
): void {
  if (entity.readOnly) {
    throw new DvHttpError(
      400,
      DvErrorCode.invalidArgument,
      `Rows of '${entity.logicalName}' cannot be deleted through this service.`,
    );
  }
  ctx.directory.require(user, Privilege.delete, entity.logicalName);
  const cascade = parental(ctx.settings.publisherPrefix);
  ctx.store.atomically(() => {
    const id = row[entity.primaryId] as string;
    ctx.store.remove(entity.logicalName, id, {
      kind: 'deleted',
      entity: entity.logicalName,
      id,
      userId: user.id,
      at: ctx.clock.now().getTime(),
      source,
      columns: [],
    });
    for (const child of ctx.tables.values()) {
      for (const column of child.columns.values()) {
        if (
          !column.targets?.includes(entity.logicalName) ||
          (column.readOnly && column.name !== 'customerid')
        )
          continue;
        for (const other of ctx.store.list(child.logicalName)) {
          const value = other[column.name];
          if (!isLookup(value) || value.id !== id) continue;
          // A row already removed by another path of this cascade is gone from the list.
          if (!ctx.store.get(child.logicalName, other[child.primaryId] as string)) continue;
          if (cascade.has(`${child.logicalName}.${column.name}`)) {
            deleteRow(ctx, writes, table(ctx, child.logicalName), other, user, source);
          } else {
            const nav = column.targets.length === 1 ? column.name : `${column.name}_${entity.logicalName}`;
            writes.update(child, other, { [`${nav}@odata.bind`]: null }, user, { source });
          }
        }
      }
    }
  });
}
