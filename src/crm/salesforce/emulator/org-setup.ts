// The org as it exists before any data: profiles, users (with their credentials) and, with multi-currency,
// the CurrencyType records. These are written straight to the store, as Salesforce's own setup would; the
// API cannot create them.
import type { CurrencyDef } from './currencies.js';
import type { IdFactory } from './ids.js';
import { KeyPrefix } from './objects.js';
import type { RecordStore } from './store.js';
import {
  defaultProfiles,
  defaultUserPassword,
  splitName,
  UserDirectory,
  type EmulatorUser,
  type ProfileDef,
  type UserAccount,
} from './users.js';

const audit = (id: string, byId: string, atMs: number) => ({
  Id: id,
  IsDeleted: false,
  CreatedDate: atMs,
  CreatedById: byId,
  LastModifiedDate: atMs,
  LastModifiedById: byId,
  SystemModstamp: atMs,
});

export interface OrgSetup {
  readonly users: UserDirectory;
  /** The user who "installed" the org: the first System Administrator (or the first user). */
  readonly admin: UserAccount;
}

export function setUpOrg(
  store: RecordStore,
  ids: IdFactory,
  users: readonly EmulatorUser[],
  currencies: readonly CurrencyDef[] | undefined,
  atMs: number,
): OrgSetup {
  if (users.length === 0) throw new RangeError('users: at least one user is needed');
  const profiles = new Map<string, { def: ProfileDef; id: string }>();
  for (const def of defaultProfiles)
    profiles.set(def.name.toLowerCase(), { def, id: ids.next(KeyPrefix.Profile) });
  for (const user of users) {
    if (!profiles.has(user.profile.toLowerCase())) {
      // An unknown profile name is a custom profile without setup permissions.
      profiles.set(user.profile.toLowerCase(), {
        def: { name: user.profile, modifyAllData: false, customizeApplication: false },
        id: ids.next(KeyPrefix.Profile),
      });
    }
  }
  const corporate = currencies?.find((c) => c.isCorporate)?.isoCode;
  const directory = new UserDirectory();
  for (const user of users) {
    const profile = profiles.get(user.profile.toLowerCase());
    if (!profile) throw new Error('unreachable: profile registered above');
    const { firstName, lastName } = splitName(user.name);
    directory.add({
      id: ids.next(KeyPrefix.User),
      username: user.username,
      name: user.name,
      email: user.email ?? user.username,
      firstName,
      lastName,
      password: user.password ?? defaultUserPassword,
      securityToken: user.securityToken,
      isActive: user.isActive ?? true,
      profile: profile.def,
      profileId: profile.id,
      currency: currencies ? (user.currency ?? corporate) : undefined,
    });
  }
  const all = directory.all();
  const admin = all.find((u) => u.profile.modifyAllData) ?? all[0];
  if (!admin) throw new RangeError('users: at least one user is needed');
  for (const { def, id } of profiles.values()) {
    store.put('Profile', {
      Name: def.name,
      PermissionsModifyAllData: def.modifyAllData,
      PermissionsCustomizeApplication: def.customizeApplication,
      PermissionsApiEnabled: true,
      ...audit(id, admin.id, atMs),
    });
  }
  for (const user of all) {
    store.put('User', {
      Username: user.username,
      FirstName: user.firstName === '' ? null : user.firstName,
      LastName: user.lastName,
      Name: user.name,
      Alias: (user.firstName.charAt(0) + user.lastName).slice(0, 8).toLowerCase(),
      Email: user.email,
      IsActive: user.isActive,
      ProfileId: user.profileId,
      UserType: 'Standard',
      TimeZoneSidKey: 'GMT',
      LocaleSidKey: 'en_US',
      LanguageLocaleKey: 'en_US',
      ...(currencies ? { DefaultCurrencyIsoCode: user.currency ?? null } : {}),
      ...audit(user.id, admin.id, atMs),
    });
  }
  for (const currency of currencies ?? []) {
    store.put('CurrencyType', {
      IsoCode: currency.isoCode,
      ConversionRate: currency.conversionRate,
      DecimalPlaces: currency.decimalPlaces,
      IsActive: currency.isActive,
      IsCorporate: currency.isCorporate,
      ...audit(ids.next(KeyPrefix.CurrencyType), admin.id, atMs),
    });
  }
  return { users: directory, admin };
}
