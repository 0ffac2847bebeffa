// The org's users and profiles. Every API call acts as the user its token was issued to, and every write
// records that user in LastModifiedById (and CreatedById on create). Profiles carry the two permissions the
// emulator checks: "Modify All Data" and "Customize Application" make a user a customizer (canCustomize);
// others read and write records but get INSUFFICIENT_ACCESS_OR_READONLY on org-setup calls.

export const ProfileName = {
  systemAdministrator: 'System Administrator',
  standardUser: 'Standard User',
} as const;

export interface ProfileDef {
  readonly name: string;
  readonly modifyAllData: boolean;
  readonly customizeApplication: boolean;
}

export const defaultProfiles: readonly ProfileDef[] = [
  { name: ProfileName.systemAdministrator, modifyAllData: true, customizeApplication: true },
  { name: ProfileName.standardUser, modifyAllData: false, customizeApplication: false },
];

export interface EmulatorUser {
  readonly username: string;
  /** Full name; split at the last space into FirstName/LastName. */
  readonly name: string;
  readonly profile: string;
  readonly email?: string;
  /** Default: defaultUserPassword. */
  readonly password?: string;
  /** When set, the password grant and SOAP login need password + securityToken, as from outside trusted IPs. */
  readonly securityToken?: string;
  readonly isActive?: boolean;
  /** Default currency of the user's new records (multi-currency only; default: the corporate currency). */
  readonly currency?: string;
}

/** The password of every default user (and of users given without one). */
export const defaultUserPassword = 'Emulator-Passw0rd';

export const defaultUsers: readonly EmulatorUser[] = [
  { username: 'admin@contoso.example', name: 'Avery Admin', profile: ProfileName.systemAdministrator },
  {
    username: 'integration@contoso.example',
    name: 'cosell integration',
    profile: ProfileName.systemAdministrator,
  },
  { username: 'seller1@contoso.example', name: 'Sam Seller', profile: ProfileName.standardUser },
  { username: 'seller2@contoso.example', name: 'Sasha Seller', profile: ProfileName.standardUser },
  { username: 'seller3@contoso.example', name: 'Skyler Seller', profile: ProfileName.standardUser },
];

/** A signed-in user as the API sees it. */
export interface UserAccount {
  readonly id: string;
  readonly username: string;
  readonly name: string;
  readonly email: string;
  readonly firstName: string;
  readonly lastName: string;
  readonly password: string;
  readonly securityToken: string | undefined;
  readonly isActive: boolean;
  readonly profile: ProfileDef;
  readonly profileId: string;
  readonly currency: string | undefined;
}

/**
 * Whether a user may change the org's setup (currencies today; custom fields and other metadata later).
 * Salesforce gates these on "Customize Application" (and "Modify All Data" implies it).
 */
export function canCustomize(user: Pick<UserAccount, 'profile'>): boolean {
  return user.profile.modifyAllData || user.profile.customizeApplication;
}

export function splitName(name: string): { firstName: string; lastName: string } {
  const trimmed = name.trim();
  const at = trimmed.lastIndexOf(' ');
  return at < 0
    ? { firstName: '', lastName: trimmed }
    : { firstName: trimmed.slice(0, at), lastName: trimmed.slice(at + 1) };
}

/** Users by username (case-insensitive, as Salesforce usernames are). */
export class UserDirectory {
  readonly #byUsername = new Map<string, UserAccount>();
  readonly #byId = new Map<string, UserAccount>();

  add(user: UserAccount): void {
    const key = user.username.toLowerCase();
    if (this.#byUsername.has(key)) throw new RangeError(`users: '${user.username}' is listed twice`);
    this.#byUsername.set(key, user);
    this.#byId.set(user.id, user);
  }

  byUsername(username: string): UserAccount | undefined {
    return this.#byUsername.get(username.toLowerCase());
  }

  byId(id: string): UserAccount | undefined {
    return this.#byId.get(id);
  }

  all(): UserAccount[] {
    return [...this.#byUsername.values()];
  }
}
