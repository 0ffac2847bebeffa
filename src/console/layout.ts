// The frame of every console page: navigation, the language switch, who is signed in, and the live region
// the script refreshes while sync runs. No inline script or style anywhere (the CSP forbids both).
import { locales, type Locale, type MessageKey } from '../i18n/index.js';
import type { User } from '../store/users.js';
import type { Fmt } from './format.js';
import { html, type HtmlValue, type SafeHtml } from './html.js';

export const consoleBase = '/console';

export interface PageContext {
  readonly fmt: Fmt;
  readonly user: User;
  readonly csrfToken: string | undefined;
  /** The path and query of this page, to come back to after switching language. */
  readonly here: string;
  readonly canOperate: boolean;
}

const languageNames: Readonly<Record<Locale, string>> = {
  en: 'English',
  'nl-NL': 'Nederlands',
  'zh-CN': '中文',
};

const navItems: readonly { path: string; key: MessageKey }[] = [
  { path: '', key: 'console.nav.overview' },
  { path: '/records', key: 'console.nav.records' },
  { path: '/runs', key: 'console.nav.runs' },
  { path: '/doctor', key: 'console.nav.doctor' },
  { path: '/settings', key: 'console.nav.settings' },
];

export function csrfField(ctx: Pick<PageContext, 'csrfToken'>): SafeHtml {
  return html`<input type="hidden" name="_csrf" value="${ctx.csrfToken ?? ''}" />`;
}

export function languageSwitch(fmt: Fmt, here: string): SafeHtml {
  return html`<ul class="languages">
    ${locales.map(
      (l) =>
        html`<li>
          <a
            href="${consoleBase}/locale?to=${encodeURIComponent(l)}&amp;back=${encodeURIComponent(here)}"
            lang="${l}"
            hreflang="${l}"
            ${l === fmt.locale ? html` aria-current="true"` : ''}
            >${languageNames[l]}</a
          >
        </li>`,
    )}
  </ul>`;
}

export function page(
  ctx: PageContext,
  title: string,
  body: HtmlValue,
  options: { live?: boolean } = {},
): SafeHtml {
  const { fmt, user } = ctx;
  const current = ctx.here.split('?')[0] ?? '';
  return html`<!doctype html>
    <html lang="${fmt.locale}">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="csrf-token" content="${ctx.csrfToken ?? ''}" />
        <title>${title} · cosell</title>
        <link rel="stylesheet" href="${consoleBase}/assets/console.css" />
        <script src="${consoleBase}/assets/console.js" defer></script>
      </head>
      <body>
        <header>
          <a class="brand" href="${consoleBase}">cosell</a>
          <nav>
            <ul>
              ${navItems.map(
                (item) =>
                  html`<li>
                    <a
                      href="${consoleBase}${item.path}"
                      ${current === `${consoleBase}${item.path}` ? html` aria-current="page"` : ''}
                      >${fmt.t(item.key)}</a
                    >
                  </li>`,
              )}
            </ul>
          </nav>
          ${languageSwitch(fmt, ctx.here)}
          <form method="post" action="${consoleBase}/logout" class="signout">
            ${csrfField(ctx)}<span
              >${fmt.t('console.signedInAs', {
                user: user.username,
                role: fmt.t(`console.role.${user.role}`),
              })}</span
            >
            <button type="submit">${fmt.t('console.signOut')}</button>
          </form>
        </header>
        <main id="main" ${options.live === true ? html` data-live="refresh"` : ''}>
          <h1>${title}</h1>
          <p class="live-status" data-live-status hidden>${fmt.t('console.live.updated')}</p>
          ${body}
        </main>
      </body>
    </html>`;
}

/** A page before sign-in (the sign-in form, an error). */
export function barePage(fmt: Fmt, title: string, body: HtmlValue, here: string): SafeHtml {
  return html`<!doctype html>
    <html lang="${fmt.locale}">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>${title} · cosell</title>
        <link rel="stylesheet" href="${consoleBase}/assets/console.css" />
      </head>
      <body class="bare">
        <header><span class="brand">cosell</span>${languageSwitch(fmt, here)}</header>
        <main id="main">
          <h1>${title}</h1>
          ${body}
        </main>
      </body>
    </html>`;
}
