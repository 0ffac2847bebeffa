// Who is asking, and may they. A page or API request carries either the session cookie (HttpOnly,
// SameSite=Lax) or `Authorization: Bearer <API token>`. Every state-changing request made with the cookie
// must also carry the session's synchronizer token (form field `_csrf` or header `x-csrf-token`): a page on
// another site can make the browser send the cookie, but cannot read the token. A bearer token is never sent
// by a browser on its own, so it needs no CSRF token.
import { timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CosellError } from '../errors.js';
import type { Db } from '../store/db.js';
import { UserRole } from '../store/schema.js';
import { findApiTokenUser, findSession, type User } from '../store/users.js';

export const sessionCookie = 'cosell_session';
export const localeCookie = 'cosell_locale';
/** A session lasts 12 hours (a working day); signing in again is cheap. */
export const sessionTtlMs = 12 * 3_600_000;

export interface Identity {
  readonly user: User;
  readonly via: 'session' | 'token';
  /** The session's synchronizer token (absent for an API token). */
  readonly csrfToken: string | undefined;
  /** The raw session token, to sign out. */
  readonly sessionToken: string | undefined;
}

const identities = new WeakMap<FastifyRequest, Identity>();

export function identityOf(request: FastifyRequest): Identity | undefined {
  return identities.get(request);
}

export function requireIdentity(request: FastifyRequest): Identity {
  const identity = identities.get(request);
  if (identity === undefined) throw new CosellError('CONSOLE_UNAUTHENTICATED');
  return identity;
}

function bearerOf(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  const match = header === undefined ? null : /^Bearer\s+(\S+)$/i.exec(header);
  return match?.[1];
}

/** Finds the caller (preHandler of every console and API route but the sign-in page and assets). */
export async function identify(db: Db, request: FastifyRequest, now: Date): Promise<Identity | undefined> {
  const bearer = bearerOf(request);
  if (bearer !== undefined) {
    const user = await findApiTokenUser(db, bearer, now);
    if (user === undefined) throw new CosellError('CONSOLE_UNAUTHENTICATED');
    const identity = { user, via: 'token' as const, csrfToken: undefined, sessionToken: undefined };
    identities.set(request, identity);
    return identity;
  }
  const token = request.cookies[sessionCookie];
  if (token === undefined || token === '') return undefined;
  const session = await findSession(db, token, now);
  if (session === undefined) return undefined;
  const identity = {
    user: session.user,
    via: 'session' as const,
    csrfToken: session.csrfToken,
    sessionToken: token,
  };
  identities.set(request, identity);
  return identity;
}

export function sameToken(a: string | undefined, b: string | undefined): boolean {
  if (a === undefined || b === undefined) return false;
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function submittedCsrf(request: FastifyRequest): string | undefined {
  const header = request.headers['x-csrf-token'];
  if (typeof header === 'string') return header;
  const body = request.body;
  if (typeof body === 'object' && body !== null && '_csrf' in body) {
    const value = (body as Record<string, unknown>)['_csrf'];
    if (typeof value === 'string') return value;
  }
  return undefined;
}

const safeMethods = new Set(['GET', 'HEAD', 'OPTIONS']);

/** CSRF_INVALID for a state-changing cookie request without the session's token. */
export function checkCsrf(request: FastifyRequest, identity: Identity): void {
  if (safeMethods.has(request.method) || identity.via === 'token') return;
  if (!sameToken(submittedCsrf(request), identity.csrfToken)) throw new CosellError('CSRF_INVALID');
}

/** What each role may do, on top of reading (every role reads). */
export const Permission = { operate: 'operate', administer: 'administer' } as const;
export type Permission = (typeof Permission)[keyof typeof Permission];

export function can(user: Pick<User, 'role'>, permission: Permission): boolean {
  if (user.role === UserRole.admin) return true;
  return permission === Permission.operate && user.role === UserRole.operator;
}

/** CONSOLE_FORBIDDEN unless the caller's role allows it. */
export function requirePermission(request: FastifyRequest, permission: Permission): Identity {
  const identity = requireIdentity(request);
  if (!can(identity.user, permission))
    throw new CosellError('CONSOLE_FORBIDDEN', { role: identity.user.role, action: permission });
  return identity;
}

export function setSessionCookie(reply: FastifyReply, token: string, secure: boolean, expires: Date): void {
  void reply.setCookie(sessionCookie, token, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure,
    expires,
  });
}

export function clearSessionCookie(reply: FastifyReply): void {
  void reply.clearCookie(sessionCookie, { path: '/' });
}
