// The emulated tenant's users and their Partner Center roles (docs/remote-apis.md §1 "Roles"; requirement P3).
import { createHash } from 'node:crypto';

export const PartnerRole = {
  referralsAdmin: 'Referrals admin',
  referralUser: 'Referral user',
  globalAdmin: 'Global admin',
} as const;

export interface EmulatorUser {
  readonly username: string;
  /** Only users with a password can use the resource-owner password grant. */
  readonly password?: string;
  readonly roles: readonly string[];
  readonly displayName?: string;
}

/** An admin who may use the APIs, a seller who may not, a global admin, and a user with no role at all. */
export const defaultUsers: readonly EmulatorUser[] = [
  { username: 'admin@contoso.example', displayName: 'Avery Admin', roles: [PartnerRole.referralsAdmin] },
  { username: 'seller@contoso.example', displayName: 'Sam Seller', roles: [PartnerRole.referralUser] },
  { username: 'global.admin@contoso.example', displayName: 'Gale Global', roles: [PartnerRole.globalAdmin] },
  { username: 'guest@contoso.example', displayName: 'Gus Guest', roles: [] },
];

/**
 * Roles the APIs accept by default: Referrals admin or Global admin (requirement P3). The 2020 docs also let a
 * Referral user call them; pass `requiredRoles` to allow that.
 */
export const defaultRequiredRoles: readonly string[] = [PartnerRole.referralsAdmin, PartnerRole.globalAdmin];

export interface UserRecord {
  readonly username: string;
  readonly password: string | undefined;
  readonly roles: readonly string[];
  readonly displayName: string;
  /** Entra ID object id: a stable GUID per username, so restarts keep it. */
  readonly oid: string;
}

function oidFor(username: string): string {
  const h = createHash('sha256').update(username.toLowerCase()).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** Usernames match case-insensitively, as sign-in names do. */
export class UserDirectory {
  readonly #users = new Map<string, UserRecord>();

  constructor(users: readonly EmulatorUser[]) {
    for (const u of users) {
      this.#users.set(u.username.toLowerCase(), {
        username: u.username,
        password: u.password,
        roles: [...u.roles],
        displayName: u.displayName ?? u.username.split('@')[0] ?? u.username,
        oid: oidFor(u.username),
      });
    }
  }

  all(): UserRecord[] {
    return [...this.#users.values()];
  }

  find(username: string): UserRecord | undefined {
    return this.#users.get(username.toLowerCase());
  }

  /** An admin changes a user's roles in Partner Center; tokens already issued carry the new roles at once. */
  setRoles(username: string, roles: readonly string[]): boolean {
    const user = this.find(username);
    if (user === undefined) return false;
    this.#users.set(username.toLowerCase(), { ...user, roles: [...roles] });
    return true;
  }
}
