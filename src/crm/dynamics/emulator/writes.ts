// The one write path, for the Web API, $batch, actions and the UI-style handle alike: privileges, the body
// (columns and `<navigation>@odata.bind`), state and status rules, alternate-key uniqueness, defaults, derived
// columns (customerid, fullname, exchangerate) and the audit stamp every write carries (modifiedon, modifiedby =
// the calling user, a new versionnumber). Deletes cascade as the relationships say (deletes.ts).
import type { DataverseContext } from './context.js';
import { DvErrorCode, DvHttpError, payloadError } from './dv-errors.js';
import { findRow } from './keys.js';
import { ColumnType, isLookup, navigations, type EntityDef, type Value } from './metadata-types.js';
import { Privilege, type UserAccount } from './security.js';
import { WriteSource, type Row } from './store.js';
import { OpportunityState } from './tables.js';
import { columnValue, formatDateTime, normalizeGuid } from './values.js';

import { resolveBind, type ContentIdRefs } from './binds.js';

export type { ContentIdRefs } from './binds.js';

export interface WriteOptions {
  readonly source?: WriteSource;
  readonly refs?: ContentIdRefs;
  /** Win/LoseOpportunity may close an opportunity; a plain update may not. */
  readonly allowClose?: boolean;
  /** A silent load (generated data): no write event, created at `at`, owned by `owner`. */
  readonly load?: { readonly at: number; readonly owner: UserAccount };
}

const invalid = (message: string) => new DvHttpError(400, DvErrorCode.invalidArgument, message);

export class Writes {
  constructor(private readonly ctx: DataverseContext) {}

  /** The body as column changes: values checked, binds resolved, read-only columns dropped (as Dataverse does). */
  #changes(
    entity: EntityDef,
    body: Record<string, unknown>,
    refs: ContentIdRefs | undefined,
  ): Record<string, Value> {
    const changes: Record<string, Value> = {};
    for (const [key, value] of Object.entries(body)) {
      if (key.startsWith('@')) continue;
      const bind = /^(.+)@odata\.bind$/.exec(key);
      if (bind) {
        const nav = navigations(entity).find((n) => n.name === bind[1]);
        const ref = resolveBind(this.ctx, entity, bind[1] as string, value, refs);
        if (nav) changes[nav.column.name] = ref;
        continue;
      }
      if (key.includes('@')) continue; // other instance annotations
      const column = entity.columns.get(key);
      if (!column) {
        throw payloadError(
          `Error identified in Payload provided by the user for Entity :'${entity.setName}'. The property '${key}' does not exist on type 'Microsoft.Dynamics.CRM.${entity.logicalName}'. Make sure to only use property names that are defined by the type or mark the type as open type.`,
        );
      }
      if (column.type === ColumnType.lookup) {
        throw payloadError(
          `Use '${navigations(entity).find((n) => n.column === column)?.name ?? key}@odata.bind' to set the lookup '${key}'.`,
        );
      }
      if (column.readOnly && column.name !== entity.primaryId) continue;
      changes[key] = columnValue(entity, column, value);
    }
    return changes;
  }

  #state(
    entity: EntityDef,
    before: Row | undefined,
    changes: Record<string, Value>,
    allowClose: boolean,
  ): void {
    const stateColumn = entity.columns.get('statecode');
    const statusColumn = entity.columns.get('statuscode');
    if (!stateColumn || !statusColumn) return;
    const state = (changes['statecode'] ?? before?.['statecode'] ?? 0) as number;
    const stateChanged = before === undefined || state !== before['statecode'];
    const defaultStatus = statusColumn.options?.find((o) => o.state === state)?.value ?? null;
    const status = (changes['statuscode'] ?? (stateChanged ? defaultStatus : before['statuscode'])) as number;
    const option = statusColumn.options?.find((o) => o.value === status);
    if (option?.state !== state) {
      const label = stateColumn.options?.find((o) => o.value === state)?.label ?? String(state);
      throw invalid(
        `${status} is not a valid status code for state code ${entity.logicalName}State.${label} on ${entity.logicalName}.`,
      );
    }
    if (
      entity.logicalName === 'opportunity' &&
      state !== OpportunityState.open &&
      stateChanged &&
      !allowClose
    ) {
      throw invalid(
        'An opportunity is closed with the WinOpportunity or LoseOpportunity message, not by setting statecode.',
      );
    }
    // A write that names neither column and keeps the state leaves both as they are (not among its columns).
    if (!stateChanged && !('statecode' in changes) && !('statuscode' in changes)) return;
    changes['statecode'] = state;
    changes['statuscode'] = status;
  }

  #derive(entity: EntityDef, row: Record<string, Value>): void {
    if (entity.logicalName === 'opportunity') {
      row['customerid'] = row['parentaccountid'] ?? row['parentcontactid'] ?? null;
    }
    if (entity.logicalName === 'contact') {
      row['fullname'] =
        [row['firstname'], row['lastname']].filter((v) => typeof v === 'string').join(' ') || null;
    }
    if (entity.columns.has('transactioncurrencyid') && entity.logicalName !== 'transactioncurrency') {
      const currency = row['transactioncurrencyid'];
      row['exchangerate'] = isLookup(currency)
        ? (this.ctx.store.get('transactioncurrency', currency.id)?.['exchangerate'] ?? null)
        : null;
      if (!entity.columns.has('exchangerate')) delete row['exchangerate'];
    }
  }

  #unique(entity: EntityDef, row: Row): void {
    for (const key of entity.alternateKeys) {
      if (key.some((c) => row[c] === null || row[c] === undefined)) continue;
      const values = Object.fromEntries(key.map((c) => [c, row[c] as string | number | boolean]));
      const other = findRow(this.ctx.store, entity, { kind: 'alternate', values });
      if (other && other[entity.primaryId] !== row[entity.primaryId]) {
        throw new DvHttpError(
          412,
          DvErrorCode.duplicate,
          'A record with matching key values already exists.',
        );
      }
    }
  }

  #stamp(user: UserAccount, at = this.ctx.clock.now().getTime()): Record<string, Value> {
    return {
      modifiedon: formatDateTime(at),
      modifiedby: { id: user.id, entity: 'systemuser' },
      versionnumber: this.ctx.store.nextVersion(),
    };
  }

  create(
    entity: EntityDef,
    body: Record<string, unknown>,
    user: UserAccount,
    options: WriteOptions = {},
  ): Row {
    if (entity.readOnly)
      throw invalid(`Rows of '${entity.logicalName}' cannot be created through this service.`);
    this.ctx.directory.require(user, Privilege.create, entity.logicalName);
    const changes = this.#changes(entity, body, options.refs);
    const id = (changes[entity.primaryId] as string | undefined) ?? this.ctx.ids.guid();
    if (this.ctx.store.get(entity.logicalName, id)) {
      throw new DvHttpError(412, DvErrorCode.duplicate, 'Cannot insert duplicate key.');
    }
    this.#state(entity, undefined, changes, (options.allowClose ?? false) || options.load !== undefined);
    const stamp = this.#stamp(user, options.load?.at);
    const owner = options.load?.owner ?? user;
    const row: Record<string, Value> = {
      ...Object.fromEntries([...entity.columns.keys()].map((c) => [c, null])),
      ...(entity.userOwned ? { ownerid: { id: owner.id, entity: 'systemuser' } } : {}),
      ...(entity.columns.has('transactioncurrencyid') && entity.logicalName !== 'transactioncurrency'
        ? { transactioncurrencyid: { id: this.ctx.settings.baseCurrencyId, entity: 'transactioncurrency' } }
        : {}),
      ...changes,
      [entity.primaryId]: id,
      createdon: stamp['modifiedon'] as Value,
      createdby: stamp['modifiedby'] as Value,
      ...stamp,
    };
    this.#derive(entity, row);
    this.#unique(entity, row);
    if (options.load) {
      this.ctx.store.put(entity.logicalName, entity.primaryId, row);
      return row;
    }
    this.ctx.store.put(entity.logicalName, entity.primaryId, row, {
      kind: 'created',
      entity: entity.logicalName,
      id,
      userId: user.id,
      at: this.ctx.clock.now().getTime(),
      source: options.source ?? WriteSource.api,
      columns: Object.keys(changes),
    });
    return row;
  }

  update(
    entity: EntityDef,
    before: Row,
    body: Record<string, unknown>,
    user: UserAccount,
    options: WriteOptions = {},
  ): Row {
    if (entity.readOnly)
      throw invalid(`Rows of '${entity.logicalName}' cannot be changed through this service.`);
    this.ctx.directory.require(user, Privilege.write, entity.logicalName);
    const changes = this.#changes(entity, body, options.refs);
    const id = before[entity.primaryId] as string;
    if (entity.primaryId in changes && changes[entity.primaryId] !== id) {
      throw payloadError(`The primary key '${entity.primaryId}' in the body does not match the row's.`);
    }
    this.#state(entity, before, changes, options.allowClose ?? false);
    const row: Record<string, Value> = { ...before, ...changes, ...this.#stamp(user) };
    this.#derive(entity, row);
    this.#unique(entity, row);
    this.ctx.store.put(entity.logicalName, entity.primaryId, row, {
      kind: 'updated',
      entity: entity.logicalName,
      id,
      userId: user.id,
      at: this.ctx.clock.now().getTime(),
      source: options.source ?? WriteSource.api,
      columns: Object.keys(changes),
    });
    return row;
  }
}

export const etagOf = (row: Row) => `W/"${row['versionnumber'] as number}"`;
export { normalizeGuid };
