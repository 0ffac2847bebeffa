// The admin console (issue 6): server-rendered pages under /console and the JSON API under /api/v1 that the
// pages' script and other tools use, in one encapsulated Fastify plugin with its own security headers
// (strict CSP: scripts and styles only from this origin), cookies, form bodies and sign-in throttling.
import cookie from '@fastify/cookie';
import formbody from '@fastify/formbody';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { WakeBus } from '../engine/wake.js';
import { CosellError } from '../errors.js';
import { resolveLocale, type Locale } from '../i18n/index.js';
import { requestLocale, sendError, toCosellError } from '../http/error-body.js';
import type { Logger } from '../logger.js';
import type { Db } from '../store/db.js';
import { createSession, deleteSession, checkLogin } from '../store/users.js';
import { consoleCss, consoleJs } from './assets.js';
import {
  checkCsrf,
  clearSessionCookie,
  identify,
  identityOf,
  localeCookie,
  sessionTtlMs,
  setSessionCookie,
  type Identity,
} from './auth.js';
import type { ConsoleConfig } from './data.js';
import type { DoctorSource } from './doctor.js';
import { formatter, type Fmt } from './format.js';
import { html } from './html.js';
import { barePage, consoleBase } from './layout.js';
import { registerApi } from './api.js';
import { registerPages } from './routes.js';

export interface ConsoleDeps {
  readonly db: Db;
  readonly config: ConsoleConfig & { readonly locale: Locale; readonly profile: 'sandbox' | 'production' };
  readonly logger: Logger;
  /** Queues a record's sync jobs now (a referral id or a CRM record id); absent without a CRM connection. */
  readonly syncNow?: ((id: string) => Promise<number>) | undefined;
  /** Wakes this process's workers after a resubmit. */
  readonly wake?: WakeBus | undefined;
  /** The doctor's results; absent: the Doctor page says it is not available yet. */
  readonly doctor?: DoctorSource | undefined;
  /** Sign-in attempts allowed per client address and minute (default 10). */
  readonly loginAttemptsPerMinute?: number | undefined;
  /** How often the live-update stream checks the store (default 1 s). */
  readonly liveEveryMs?: number | undefined;
  readonly now?: (() => Date) | undefined;
}

export interface ConsoleRequestContext {
  readonly deps: ConsoleDeps;
  now(): Date;
  locale(request: FastifyRequest): Locale;
  fmt(request: FastifyRequest): Fmt;
}

/** A path inside the console to go back to; anything else (another site) goes to the overview. */
export function safeBack(value: unknown): string {
  return typeof value === 'string' &&
    value.startsWith(`${consoleBase}`) &&
    !value.startsWith('//') &&
    !/[\r\n\\]/.test(value)
    ? value
    : consoleBase;
}

function isApi(request: FastifyRequest): boolean {
  return request.url.startsWith('/api/');
}

const publicPaths = new Set([`${consoleBase}/login`, `${consoleBase}/locale`]);

export async function registerConsole(app: FastifyInstance, deps: ConsoleDeps): Promise<void> {
  const now = deps.now ?? (() => new Date());
  const secure = deps.config.profile === 'production';
  const ctx: ConsoleRequestContext = {
    deps,
    now,
    locale(request) {
      const chosen = request.cookies[localeCookie];
      if (chosen !== undefined) return resolveLocale(chosen);
      return request.headers['accept-language'] !== undefined ? requestLocale(request) : deps.config.locale;
    },
    fmt(request) {
      return formatter(this.locale(request));
    },
  };

  await app.register(async (scope) => {
    await scope.register(cookie);
    await scope.register(formbody);
    await scope.register(helmet, {
      contentSecurityPolicy: {
        useDefaults: false,
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'"],
          styleSrc: ["'self'"],
          imgSrc: ["'self'", 'data:'],
          connectSrc: ["'self'"],
          formAction: ["'self'"],
          frameAncestors: ["'none'"],
          baseUri: ["'none'"],
          objectSrc: ["'none'"],
        },
      },
      strictTransportSecurity: secure,
    });
    await scope.register(rateLimit, { global: false });

    scope.setErrorHandler((error, request, reply) => {
      const coded = toCosellError(error, 1024 * 1024);
      if (coded.code === 'INTERNAL')
        deps.logger.error({ err: error, url: request.url }, 'console request failed');
      if (isApi(request)) return sendError(reply, request, coded);
      if (coded.code === 'CONSOLE_UNAUTHENTICATED') return reply.redirect(`${consoleBase}/login`, 303);
      const fmt = ctx.fmt(request);
      const described = fmt.out.text(`errors.${coded.code}`, coded.params);
      const fix = fmt.out.text(`errors.${coded.code}.fix`, coded.params);
      return reply
        .code(coded.status)
        .type('text/html; charset=utf-8')
        .send(
          barePage(
            fmt,
            fmt.t('console.error.title'),
            html`<p class="flash error" data-error-code="${coded.code}">
                <code>${coded.code}</code> ${described}
              </p>
              <p>${fix}</p>
              <p><a href="${consoleBase}">${fmt.t('console.nav.overview')}</a></p>`,
            request.url,
          ).text,
        );
    });

    // Who is asking, for every route but the sign-in page, the language switch and the assets; then CSRF.
    scope.addHook('preHandler', async (request: FastifyRequest, reply: FastifyReply) => {
      const path = request.url.split('?')[0] ?? '';
      if (publicPaths.has(path) || path.startsWith(`${consoleBase}/assets/`)) return;
      const identity: Identity | undefined = await identify(deps.db, request, now());
      if (identity === undefined) {
        if (!isApi(request) && request.method === 'GET') {
          return reply.redirect(`${consoleBase}/login?back=${encodeURIComponent(request.url)}`, 303);
        }
        throw new CosellError('CONSOLE_UNAUTHENTICATED');
      }
      checkCsrf(request, identity);
    });

    scope.get(`${consoleBase}/assets/console.css`, (_request, reply) =>
      reply.type('text/css; charset=utf-8').header('cache-control', 'public, max-age=300').send(consoleCss),
    );
    scope.get(`${consoleBase}/assets/console.js`, (_request, reply) =>
      reply
        .type('text/javascript; charset=utf-8')
        .header('cache-control', 'public, max-age=300')
        .send(consoleJs),
    );
    scope.get('/', (_request, reply) => reply.redirect(consoleBase, 302));

    scope.get<{ Querystring: { to?: string; back?: string } }>(`${consoleBase}/locale`, (request, reply) => {
      const locale = resolveLocale(request.query.to);
      void reply.setCookie(localeCookie, locale, {
        path: '/',
        sameSite: 'lax',
        secure,
        httpOnly: true,
        maxAge: 365 * 86_400,
      });
      return reply.redirect(safeBack(request.query.back), 303);
    });

    scope.get<{ Querystring: { back?: string; failed?: string } }>(
      `${consoleBase}/login`,
      (request, reply) => {
        const fmt = ctx.fmt(request);
        if (identityOf(request) !== undefined) return reply.redirect(consoleBase, 303);
        return reply.type('text/html; charset=utf-8').send(
          barePage(
            fmt,
            fmt.t('console.login.title'),
            html`${request.query.failed !== undefined ? html`<p class="flash error" role="alert">${fmt.t('console.login.failed')}</p>` : ''}
              <form method="post" action="${consoleBase}/login" class="login">
                <input type="hidden" name="back" value="${safeBack(request.query.back)}" />
                <label
                  >${fmt.t('console.login.username')}
                  <input name="username" autocomplete="username" required autofocus
                /></label>
                <label
                  >${fmt.t('console.login.password')}
                  <input name="password" type="password" autocomplete="current-password" required
                /></label>
                <button type="submit">${fmt.t('console.login.submit')}</button>
              </form>`,
            request.url,
          ).text,
        );
      },
    );

    scope.post<{ Body: { username?: unknown; password?: unknown; back?: unknown } }>(
      `${consoleBase}/login`,
      {
        config: {
          rateLimit: {
            max: deps.loginAttemptsPerMinute ?? 10,
            timeWindow: 60_000,
            errorResponseBuilder: () => new CosellError('LOGIN_THROTTLED', { seconds: 60 }),
          },
        },
      },
      async (request, reply) => {
        // Sign-in CSRF: a form posted from another site carries that site's Origin.
        const origin = request.headers.origin;
        if (origin !== undefined && origin !== 'null' && new URL(origin).host !== request.headers.host) {
          throw new CosellError('CSRF_INVALID');
        }
        const body = request.body ?? {};
        const username = typeof body.username === 'string' ? body.username.trim() : '';
        const password = typeof body.password === 'string' ? body.password : '';
        const back = safeBack(body.back);
        const user = username === '' ? undefined : await checkLogin(deps.db, username, password);
        if (user === undefined) {
          deps.logger.info({ username }, 'console sign-in refused');
          return reply.redirect(`${consoleBase}/login?failed=1&back=${encodeURIComponent(back)}`, 303);
        }
        const session = await createSession(deps.db, user.id, { now: now(), ttlMs: sessionTtlMs });
        setSessionCookie(reply, session.token, secure, session.expiresAt);
        deps.logger.info({ username, role: user.role }, 'console sign-in');
        return reply.redirect(back.startsWith(`${consoleBase}/login`) ? consoleBase : back, 303);
      },
    );

    scope.post(`${consoleBase}/logout`, async (request, reply) => {
      const identity = identityOf(request);
      if (identity?.sessionToken !== undefined) await deleteSession(deps.db, identity.sessionToken);
      clearSessionCookie(reply);
      return reply.redirect(`${consoleBase}/login`, 303);
    });

    registerPages(scope, ctx);
    registerApi(scope, ctx);
  });
}
