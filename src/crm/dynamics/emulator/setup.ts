// The environment at start: security roles, users (systemuser rows, their roles) and currencies
// (transactioncurrency rows; the first is the base currency). Loaded silently, stamped as created by the first
// System Administrator at start time. Ids come from the seeded stream, so a seed gives the same GUIDs.
import type { Rng } from '../../../partner-center/emulator/rng.js';
import type { EntityDef, Value } from './metadata-types.js';
import { Directory, RoleName, type EmulatorUser, type RoleDef, type UserAccount } from './security.js';
import type { RowStore } from './store.js';
import { formatDateTime } from './values.js';

export interface CurrencyDef {
  readonly isoCode: string;
  readonly name: string;
  readonly symbol: string;
  /** Units per base currency unit (the base currency: 1). */
  readonly exchangeRate: number;
  readonly isActive: boolean;
}

export const defaultCurrencies: readonly CurrencyDef[] = [
  { isoCode: 'USD', name: 'US Dollar', symbol: '$', exchangeRate: 1, isActive: true },
  { isoCode: 'EUR', name: 'Euro', symbol: '€', exchangeRate: 0.92, isActive: true },
  { isoCode: 'GBP', name: 'British Pound', symbol: '£', exchangeRate: 0.79, isActive: true },
  { isoCode: 'JPY', name: 'Japanese Yen', symbol: '¥', exchangeRate: 151, isActive: true },
  { isoCode: 'AUD', name: 'Australian Dollar', symbol: 'A$', exchangeRate: 1.52, isActive: true },
  { isoCode: 'CAD', name: 'Canadian Dollar', symbol: 'CA$', exchangeRate: 1.37, isActive: true },
  { isoCode: 'CHF', name: 'Swiss Franc', symbol: 'CHF', exchangeRate: 0.88, isActive: true },
  { isoCode: 'INR', name: 'Indian Rupee', symbol: '₹', exchangeRate: 83.3, isActive: true },
  { isoCode: 'SEK', name: 'Swedish Krona', symbol: 'kr', exchangeRate: 10.6, isActive: false },
];

export interface Environment {
  readonly directory: Directory;
  readonly admin: UserAccount;
  readonly baseCurrencyId: string;
}

export function setUpEnvironment(
  store: RowStore,
  ids: Rng,
  tables: ReadonlyMap<string, EntityDef>,
  users: readonly EmulatorUser[],
  roles: readonly RoleDef[],
  currencies: readonly CurrencyDef[],
  nowMs: number,
): Environment {
  if (currencies.length === 0 || !currencies[0]?.isActive)
    throw new RangeError('the first currency is the base currency and must be active');
  const accounts: UserAccount[] = users.map((u) => ({
    ...u,
    id: ids.guid(),
    fullName: `${u.firstName} ${u.lastName}`.trim(),
  }));
  const roleIds = new Map(roles.map((r) => [r.name, ids.guid()]));
  const directory = new Directory(accounts, roles, roleIds);
  const admin =
    accounts.find((u) => u.roles.includes(RoleName.systemAdministrator) && !u.applicationId) ?? accounts[0];
  if (!admin) throw new RangeError('the environment needs at least one user');
  const on = formatDateTime(nowMs);
  const load = (logicalName: string, id: string, columns: Record<string, Value>) => {
    const entity = tables.get(logicalName);
    if (!entity) throw new Error(`no table '${logicalName}'`);
    const by = { id: admin.id, entity: 'systemuser' };
    const row: Record<string, Value> = {
      ...Object.fromEntries([...entity.columns.keys()].map((c) => [c, null])),
      ...columns,
      [entity.primaryId]: id,
      createdon: on,
      modifiedon: on,
      createdby: by,
      modifiedby: by,
      versionnumber: store.nextVersion(),
    };
    store.put(logicalName, entity.primaryId, row);
  };
  for (const [name, id] of roleIds) load('role', id, { name });
  for (const u of accounts) {
    load('systemuser', u.id, {
      firstname: u.firstName,
      lastname: u.lastName,
      fullname: u.fullName,
      internalemailaddress: u.applicationId ? null : u.username,
      domainname: u.username,
      isdisabled: u.isDisabled ?? false,
      applicationid: u.applicationId && u.applicationId !== 'default' ? u.applicationId : null,
      azureactivedirectoryobjectid: ids.guid(),
    });
  }
  let baseCurrencyId = '';
  for (const c of currencies) {
    const id = ids.guid();
    baseCurrencyId ||= id;
    load('transactioncurrency', id, {
      isocurrencycode: c.isoCode,
      currencyname: c.name,
      currencysymbol: c.symbol,
      currencyprecision: c.isoCode === 'JPY' ? 0 : 2,
      exchangerate: c.exchangeRate,
      statecode: c.isActive ? 0 : 1,
      statuscode: c.isActive ? 1 : 2,
    });
  }
  return { directory, admin, baseCurrencyId };
}
