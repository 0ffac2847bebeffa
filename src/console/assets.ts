// The console's only stylesheet and script, served from /console/assets (same origin, so the CSP can forbid
// every inline script and style). The script is progressive enhancement: every page and action works
// without it; with it, pages marked data-live refresh their content from the server while sync runs.
export const consoleCss = `
:root { color-scheme: light; --ink: #1b1f24; --muted: #5b6470; --line: #d8dde3; --accent: #0b5cad;
  --ok: #1a7f37; --warn: #9a6700; --bad: #cf222e; --bg: #f6f8fa; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.45 system-ui, -apple-system, "Segoe UI", "Noto Sans", "PingFang SC", "Microsoft YaHei", sans-serif; color: var(--ink); background: #fff; }
header { display: flex; flex-wrap: wrap; gap: 1rem; align-items: center; padding: .6rem 1.2rem; background: var(--bg); border-bottom: 1px solid var(--line); }
header ul { list-style: none; margin: 0; padding: 0; display: flex; gap: .9rem; }
header a { color: var(--accent); text-decoration: none; }
header a[aria-current] { font-weight: 600; color: var(--ink); }
.brand { font-weight: 700; font-size: 1.1rem; color: var(--ink); }
.languages { margin-left: auto; font-size: .9rem; }
.signout span { color: var(--muted); font-size: .9rem; }
main { padding: 1rem 1.2rem 3rem; max-width: 1200px; }
h1 { font-size: 1.5rem; margin: .2rem 0 1rem; overflow-wrap: anywhere; }
h2 { font-size: 1.1rem; margin: 1.5rem 0 .5rem; }
table { border-collapse: collapse; width: 100%; font-size: .92rem; }
th, td { text-align: left; padding: .35rem .5rem; border-bottom: 1px solid var(--line); vertical-align: top; overflow-wrap: anywhere; }
th { color: var(--muted); font-weight: 600; white-space: nowrap; }
.badge { white-space: nowrap; display: inline-block; padding: 0 .45rem; border-radius: 1rem; font-size: .82rem; background: #eaeef2; }
.badge.failed, .badge.health-expired, .badge.doctor-fail, .badge.off { background: #ffebe9; color: var(--bad); }
.badge.succeeded, .badge.created, .badge.updated, .badge.on, .badge.health-ok, .badge.doctor-pass { background: #dafbe1; color: var(--ok); }
.badge.deferred, .badge.skipped, .badge.health-expiring, .badge.doctor-warn, .badge.doctor-skip { background: #fff8c5; color: var(--warn); }
.stats { display: flex; gap: 1rem; flex-wrap: wrap; }
.stat { padding: .6rem 1rem; border: 1px solid var(--line); border-radius: .4rem; min-width: 10rem; }
.stat .n { font-size: 1.4rem; font-weight: 700; display: block; }
.budget { margin: .5rem 0 1rem; }
meter { width: 22rem; max-width: 100%; height: 1.1rem; }
.muted { color: var(--muted); } .warn { color: var(--warn); }
.chart svg { max-width: 100%; height: auto; }
.chart .bar.succeeded, .key.succeeded::before { fill: #2da44e; background: #2da44e; }
.chart .bar.skipped, .key.skipped::before { fill: #bf8700; background: #bf8700; }
.chart .bar.deferred, .key.deferred::before { fill: #8c959f; background: #8c959f; }
.chart .bar.failed, .key.failed::before { fill: #cf222e; background: #cf222e; }
.chart .axis { font-size: 9px; fill: var(--muted); }
.key::before { content: ""; display: inline-block; width: .7rem; height: .7rem; margin-right: .25rem; vertical-align: middle; }
figcaption { font-size: .85rem; color: var(--muted); }
.filters { display: flex; flex-wrap: wrap; gap: .6rem; align-items: end; margin-bottom: 1rem; }
.filters label { display: flex; flex-direction: column; font-size: .85rem; color: var(--muted); }
input, select, button { font: inherit; padding: .25rem .5rem; }
button, .runs td:first-child { white-space: nowrap; }
button { background: var(--accent); color: #fff; border: 0; border-radius: .3rem; cursor: pointer; }
.signout button { background: transparent; color: var(--accent); padding: 0; }
form.inline { display: inline; } form.bulk { margin-bottom: .8rem; }
.facts { display: grid; grid-template-columns: max-content 1fr; gap: .25rem 1rem; }
.facts dt { color: var(--muted); } .facts dd { margin: 0; overflow-wrap: anywhere; }
.timeline { list-style: none; padding: 0; }
.timeline .entry { border-left: 3px solid var(--line); padding: .3rem .8rem; margin-bottom: .6rem; }
.timeline .entry.failed { border-color: var(--bad); } .timeline .entry.created, .timeline .entry.updated { border-color: var(--ok); }
.diff { margin: .3rem 0; padding-left: 1.2rem; } .field { font-family: ui-monospace, monospace; }
.reason code { color: var(--bad); } .fix { margin-top: .2rem; color: var(--ink); }
.notice { padding: .8rem 1rem; background: var(--bg); border: 1px solid var(--line); border-radius: .4rem; }
.flash { padding: .6rem 1rem; border-radius: .4rem; background: #ddf4ff; }
.flash.error { background: #ffebe9; }
.login { max-width: 22rem; display: flex; flex-direction: column; gap: .6rem; }
.live-status { font-size: .8rem; color: var(--muted); }
`;

export const consoleJs = `'use strict';
// Live updates: the server says when sync made progress (server-sent events); a page marked data-live then
// fetches itself again and swaps its content, without a full reload. Forms keep working without this file.
(function () {
  var main = document.getElementById('main');
  if (!main || !window.EventSource) return;
  var pending = false;
  function refresh() {
    if (pending || main.getAttribute('data-live') !== 'refresh') return;
    var active = document.activeElement;
    if (active && main.contains(active) && (active.tagName === 'INPUT' || active.tagName === 'SELECT')) return;
    pending = true;
    fetch(location.href, { headers: { accept: 'text/html' }, credentials: 'same-origin' })
      .then(function (response) { return response.ok ? response.text() : null; })
      .then(function (text) {
        if (text === null) return;
        var next = new DOMParser().parseFromString(text, 'text/html').getElementById('main');
        if (!next) return;
        main.replaceChildren.apply(main, Array.prototype.slice.call(next.childNodes));
        var status = main.querySelector('[data-live-status]');
        if (status) status.hidden = false;
        document.dispatchEvent(new CustomEvent('cosell:refreshed'));
      })
      .catch(function () {})
      .then(function () { pending = false; });
  }
  var events = new EventSource('/api/v1/events');
  events.addEventListener('sync', refresh);
})();
`;
