// Users and security roles. Dataverse grants privileges (Create, Read, Write, Delete … per table) through
// roles; the emulator models three roles at organisation depth: System Administrator (everything), System
// Customizer (every data table, but not currencies) and Salesperson (accounts, contacts and opportunities, no
// deletes of accounts, and no access to the custom Microsoft solution table: custom tables are in no standard
// role until someone adds them, which is what a connector's setup check has to notice). A call without the
// privilege answers 403 with 0x80040220 and Dataverse's "missing prv… privilege" message.
import { DvErrorCode, DvHttpError } from './dv-errors.js';

export const Privilege = { create: 'Create', read: 'Read', write: 'Write', delete: 'Delete' } as const;
export type Privilege = (typeof Privilege)[keyof typeof Privilege];

export const RoleName = {
  systemAdministrator: 'System Administrator',
  systemCustomizer: 'System Customizer',
  salesperson: 'Salesperson',
} as const;

/** A role: per table (logical name, or '*' for every table) the privileges it grants. */
export interface RoleDef {
  readonly name: string;
  /** May change the environment's metadata (tables, columns, keys, relationships). */
  readonly customize?: boolean;
  readonly privileges: Readonly<Record<string, readonly Privilege[]>>;
}

const all: readonly Privilege[] = ['Create', 'Read', 'Write', 'Delete'];
const read: readonly Privilege[] = ['Read'];

export function defaultRoles(prefix: string): RoleDef[] {
  return [
    { name: RoleName.systemAdministrator, customize: true, privileges: { '*': all } },
    {
      name: RoleName.systemCustomizer,
      customize: true,
      privileges: {
        '*': read,
        opportunity: all,
        account: all,
        contact: all,
        [`${prefix}microsoftsolution`]: all,
      },
    },
    {
      name: RoleName.salesperson,
      privileges: {
        opportunity: ['Create', 'Read', 'Write', 'Delete'],
        account: ['Create', 'Read', 'Write'],
        contact: ['Create', 'Read', 'Write', 'Delete'],
        transactioncurrency: read,
        systemuser: read,
        role: read,
      },
    },
  ];
}

export interface EmulatorUser {
  /** The user principal name, also `domainname` and `internalemailaddress`. */
  readonly username: string;
  readonly firstName: string;
  readonly lastName: string;
  readonly roles: readonly string[];
  /** An application user: client_credentials tokens for this client id run as it. */
  readonly applicationId?: string;
  readonly isDisabled?: boolean;
}

export interface UserAccount extends EmulatorUser {
  readonly id: string;
  readonly fullName: string;
}

export const defaultUsers: readonly EmulatorUser[] = [
  {
    username: 'admin@contoso.example',
    firstName: 'Avery',
    lastName: 'Admin',
    roles: [RoleName.systemAdministrator],
  },
  {
    username: 'cosell-integration@contoso.example',
    firstName: '#',
    lastName: 'cosell integration',
    roles: [RoleName.systemAdministrator],
    applicationId: 'default',
  },
  {
    username: 'customizer@contoso.example',
    firstName: 'Casey',
    lastName: 'Customizer',
    roles: [RoleName.systemCustomizer],
  },
  {
    username: 'seller1@contoso.example',
    firstName: 'Sam',
    lastName: 'Seller',
    roles: [RoleName.salesperson],
  },
  { username: 'seller2@contoso.example', firstName: 'Robin', lastName: 'Rep', roles: [RoleName.salesperson] },
  {
    username: 'seller3@contoso.example',
    firstName: 'Kim',
    lastName: 'Closer',
    roles: [RoleName.salesperson],
  },
];

export class Directory {
  readonly #byId = new Map<string, UserAccount>();
  readonly #roles: ReadonlyMap<string, RoleDef>;
  readonly roleIds: ReadonlyMap<string, string>;

  constructor(
    users: readonly UserAccount[],
    roles: readonly RoleDef[],
    roleIds: ReadonlyMap<string, string>,
  ) {
    for (const user of users) this.#byId.set(user.id, user);
    this.#roles = new Map(roles.map((r) => [r.name, r]));
    this.roleIds = roleIds;
    for (const user of users) {
      for (const role of user.roles)
        if (!this.#roles.has(role)) throw new RangeError(`unknown role '${role}'`);
    }
  }

  all(): UserAccount[] {
    return [...this.#byId.values()];
  }
  byId(id: string): UserAccount | undefined {
    return this.#byId.get(id.toLowerCase());
  }
  byUsername(username: string): UserAccount | undefined {
    return this.all().find((u) => u.username.toLowerCase() === username.toLowerCase());
  }
  /** The application user client_credentials tokens of this client run as ('default' catches any client). */
  byApplication(clientId: string): UserAccount | undefined {
    const apps = this.all().filter((u) => u.applicationId !== undefined && !u.isDisabled);
    return apps.find((u) => u.applicationId === clientId) ?? apps.find((u) => u.applicationId === 'default');
  }

  can(user: UserAccount, privilege: Privilege, entity: string): boolean {
    return user.roles.some((name) => {
      const granted = this.#roles.get(name)?.privileges;
      return (granted?.[entity] ?? granted?.['*'] ?? []).includes(privilege);
    });
  }

  /** Whether one of the user's roles may customise the environment (create tables, columns, keys). */
  canCustomize(user: UserAccount): boolean {
    return user.roles.some((name) => this.#roles.get(name)?.customize === true);
  }

  /** Throws Dataverse's privilege error when the user lacks `privilege` on the table. */
  require(user: UserAccount, privilege: Privilege, entity: string): void {
    if (this.can(user, privilege, entity)) return;
    throw new DvHttpError(
      403,
      DvErrorCode.privilege,
      `Principal user (Id=${user.id}, type=8, roleCount=${user.roles.length}, privilegeCount=0), is missing prv${privilege}${entity} privilege on entity '${entity}'. Consider adding the privilege to one of the principal's security roles.`,
    );
  }
}
