// Console accounts, sessions and API tokens. Passwords are hashed with scrypt (node:crypto, memory-hard,
// no native add-on to build); session and API tokens are random 32 bytes of which only a SHA-256 is kept,
// so a copy of the database opens no session and holds no usable token.
import { createHash, randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { and, asc, eq, gt, lt } from 'drizzle-orm';
import { CosellError } from '../errors.js';
import type { Queryable } from './db.js';
import { apiTokens, sessions, UserRole, users } from './schema.js';

export type User = Omit<typeof users.$inferSelect, 'passwordHash'>;

/** scrypt cost: N=2^15, r=8, p=1 (OWASP's minimum for scrypt), 64-byte key; ~50 ms per check. */
const scryptParams = { N: 2 ** 15, r: 8, p: 1 } as const;
const keyLength = 64;
export const minPasswordLength = 12;

function scryptAsync(password: string, salt: Buffer, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(
      password.normalize('NFC'),
      salt,
      keyLength,
      { ...options, maxmem: 128 * 1024 * 1024 },
      (err, key) => (err ? reject(err) : resolve(key)),
    ),
  );
}

/** `scrypt$N$r$p$salt$hash` (base64): the parameters travel with the hash, so they can be raised later. */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await scryptAsync(password, salt, scryptParams);
  const { N, r, p } = scryptParams;
  return ['scrypt', N, r, p, salt.toString('base64'), key.toString('base64')].join('$');
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || salt === undefined || hash === undefined) return false;
  const expected = Buffer.from(hash, 'base64');
  const key = await scryptAsync(password, Buffer.from(salt, 'base64'), {
    N: Number(n),
    r: Number(r),
    p: Number(p),
  });
  return key.length === expected.length && timingSafeEqual(key, expected);
}

/** A hash to check against when the user does not exist: a wrong name takes as long as a wrong password. */
let decoyHash: Promise<string> | undefined;

export function isUserRole(value: string): value is UserRole {
  return Object.values<string>(UserRole).includes(value);
}

function checkPassword(password: string): void {
  if ([...password].length < minPasswordLength)
    throw new CosellError('PASSWORD_TOO_SHORT', { min: minPasswordLength });
}

const userColumns = {
  id: users.id,
  username: users.username,
  role: users.role,
  createdAt: users.createdAt,
  updatedAt: users.updatedAt,
};

export async function addUser(
  db: Queryable,
  input: { readonly username: string; readonly role: UserRole; readonly password: string },
): Promise<User> {
  checkPassword(input.password);
  const passwordHash = await hashPassword(input.password);
  const [row] = await db.orm
    .insert(users)
    .values({ username: input.username, role: input.role, passwordHash })
    .onConflictDoNothing({ target: users.username })
    .returning(userColumns);
  if (row === undefined) throw new CosellError('USER_EXISTS', { username: input.username });
  return row;
}

/** Creates the user or gives it a new password and role (the demo's admin, each time the demo starts). */
export async function upsertUser(
  db: Queryable,
  input: { readonly username: string; readonly role: UserRole; readonly password: string },
): Promise<User> {
  checkPassword(input.password);
  const passwordHash = await hashPassword(input.password);
  const [row] = await db.orm
    .insert(users)
    .values({ username: input.username, role: input.role, passwordHash })
    .onConflictDoUpdate({
      target: users.username,
      set: { role: input.role, passwordHash, updatedAt: new Date() },
    })
    .returning(userColumns);
  if (row === undefined) throw new Error('upsert returned no row');
  await db.orm.delete(sessions).where(eq(sessions.userId, row.id));
  return row;
}

export async function listUsers(db: Queryable): Promise<User[]> {
  return db.orm.select(userColumns).from(users).orderBy(asc(users.username));
}

export async function removeUser(db: Queryable, username: string): Promise<void> {
  const rows = await db.orm.delete(users).where(eq(users.username, username)).returning({ id: users.id });
  if (rows.length === 0) throw new CosellError('USER_NOT_FOUND', { username });
}

/** The user when the password is right; undefined otherwise (same time either way). */
export async function checkLogin(
  db: Queryable,
  username: string,
  password: string,
): Promise<User | undefined> {
  const [row] = await db.orm.select().from(users).where(eq(users.username, username));
  if (row === undefined) {
    decoyHash ??= hashPassword(randomBytes(16).toString('hex'));
    await verifyPassword(password, await decoyHash);
    return undefined;
  }
  if (!(await verifyPassword(password, row.passwordHash))) return undefined;
  const { passwordHash: _hash, ...user } = row;
  return user;
}

export function tokenHash(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

function newToken(): string {
  return randomBytes(32).toString('base64url');
}

export interface Session {
  readonly user: User;
  readonly csrfToken: string;
  readonly expiresAt: Date;
}

/** Opens a session; the token (the cookie's value) is returned once and never stored. */
export async function createSession(
  db: Queryable,
  userId: number,
  options: { readonly now: Date; readonly ttlMs: number },
): Promise<{ token: string; csrfToken: string; expiresAt: Date }> {
  const token = newToken();
  const csrfToken = newToken();
  const expiresAt = new Date(options.now.getTime() + options.ttlMs);
  await db.orm.delete(sessions).where(lt(sessions.expiresAt, options.now));
  await db.orm.insert(sessions).values({ tokenHash: tokenHash(token), userId, csrfToken, expiresAt });
  return { token, csrfToken, expiresAt };
}

export async function findSession(db: Queryable, token: string, now: Date): Promise<Session | undefined> {
  const [row] = await db.orm
    .select({ user: userColumns, csrfToken: sessions.csrfToken, expiresAt: sessions.expiresAt })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(and(eq(sessions.tokenHash, tokenHash(token)), gt(sessions.expiresAt, now)));
  return row;
}

export async function deleteSession(db: Queryable, token: string): Promise<void> {
  await db.orm.delete(sessions).where(eq(sessions.tokenHash, tokenHash(token)));
}

/** Makes an API token for the user; the token is returned once and only its hash is kept. */
export async function createApiToken(db: Queryable, username: string, name: string): Promise<string> {
  const [user] = await db.orm.select({ id: users.id }).from(users).where(eq(users.username, username));
  if (user === undefined) throw new CosellError('USER_NOT_FOUND', { username });
  const token = `cst_${newToken()}`;
  await db.orm.insert(apiTokens).values({ userId: user.id, name, tokenHash: tokenHash(token) });
  return token;
}

export async function findApiTokenUser(db: Queryable, token: string, now: Date): Promise<User | undefined> {
  const [row] = await db.orm
    .update(apiTokens)
    .set({ lastUsedAt: now })
    .where(eq(apiTokens.tokenHash, tokenHash(token)))
    .returning({ userId: apiTokens.userId });
  if (row === undefined) return undefined;
  const [user] = await db.orm.select(userColumns).from(users).where(eq(users.id, row.userId));
  return user;
}
