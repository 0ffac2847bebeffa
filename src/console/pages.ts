// The console's pages, rendered on the server from what data.ts reads. Every value goes through `html`,
// which escapes it; catalogue texts come from src/i18n in the reader's language.
import { explain, isObject, storedCode, valueText, type StoredCode } from '../cli/format.js';
import type { MessageKey } from '../i18n/index.js';
import type { AuditEntry } from '../store/audit.js';
import type { IndexedRecord } from '../store/records-index.js';
import type { Run, RunStep } from '../store/runs.js';
import { AuditAction, AuditDirection, RunStatus, type CrmSystem } from '../store/schema.js';
import type { Overview, RecordDetail, RecordPage, Settings } from './data.js';
import type { DoctorReport } from './doctor.js';
import type { Fmt } from './format.js';
import { html, type HtmlValue, type SafeHtml } from './html.js';
import { consoleBase, csrfField, page, type PageContext } from './layout.js';

function crmName(fmt: Fmt, crm: string | null | undefined): string {
  return crm === 'salesforce' || crm === 'dynamics' ? fmt.t(`crm.${crm}`) : (crm ?? '');
}

function systemName(fmt: Fmt, system: string): string {
  return system === 'partner-center' ? fmt.t('console.system.partner-center') : crmName(fmt, system);
}

function textOf(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

function outcomeBadge(fmt: Fmt, outcome: string): SafeHtml {
  const key = `audit.action.${outcome}`;
  return html`<span class="badge ${outcome}">${isKey(fmt, key) ? fmt.t(key) : outcome}</span>`;
}

function runBadge(fmt: Fmt, status: string): SafeHtml {
  const key = `runs.status.${status}`;
  return html`<span class="badge ${status}">${isKey(fmt, key) ? fmt.t(key) : status}</span>`;
}

function isKey(fmt: Fmt, key: string): key is MessageKey {
  return fmt.out.text(key as MessageKey) !== key;
}

function directionText(fmt: Fmt, direction: string, crm: string | null): string {
  const key = `audit.direction.${direction}`;
  return isKey(fmt, key) ? fmt.t(key, { crm: crmName(fmt, crm) }) : direction;
}

function explained(fmt: Fmt, stored: StoredCode, as: 'error' | 'reason' = 'error'): SafeHtml {
  const e = explain(fmt.out, stored, as);
  return html`<div class="reason">
    <code>${e.code}</code> ${e.text ?? ''}${
      e.fix !== undefined
        ? html`<div class="fix"><strong>${fmt.t('console.whatToDo')}</strong> ${e.fix}</div>`
        : ''
    }
  </div>`;
}

// ---- Overview

function budgetBar(fmt: Fmt, b: Overview['budgets'][number]): SafeHtml {
  const high = Math.round(b.cap * 0.8);
  return html`<div class="budget">
    <div>
      ${systemName(fmt, b.system)}:
      ${fmt.t('console.budget.used', {
        used: fmt.number(b.used),
        cap: fmt.number(b.cap),
      })}
    </div>
    <meter
      min="0"
      max="${b.cap}"
      low="${Math.round(b.cap * 0.5)}"
      high="${high}"
      optimum="0"
      value="${b.used}"
    >
      ${b.used}/${b.cap}
    </meter>
    <div class="${b.forecast > b.cap ? 'warn' : 'muted'}">
      ${fmt.t('console.budget.forecast', { forecast: fmt.number(b.forecast) })}
    </div>
  </div>`;
}

const chartStatuses = [RunStatus.succeeded, RunStatus.skipped, RunStatus.deferred, RunStatus.failed] as const;

function outcomeChart(fmt: Fmt, buckets: Overview['outcomes']): SafeHtml {
  const max = Math.max(1, ...buckets.map((b) => Object.values(b.counts).reduce((x, y) => x + y, 0)));
  const width = 24;
  const height = 100;
  const bars = buckets.map((b, i) => {
    let y = height;
    return chartStatuses.map((status) => {
      const n = b.counts[status] ?? 0;
      const h = Math.round((n / max) * height);
      y -= h;
      return n === 0
        ? ''
        : html`<rect class="bar ${status}" x="${i * (width + 4)}" y="${y}" width="${width}" height="${h}"
            ><title>${fmt.time(b.start)}: ${fmt.t(`runs.status.${status}`)} ${n}</title></rect
          >`;
    });
  });
  const total = buckets.length * (width + 4);
  return html`<figure class="chart">
    <svg
      role="img"
      aria-label="${fmt.t('console.overview.chart')}"
      viewBox="0 0 ${total} ${height + 16}"
      width="${total}"
      height="${height + 16}"
    >
      ${bars}
      <text x="0" y="${height + 14}" class="axis">
        ${buckets[0] !== undefined ? fmt.time(buckets[0].start) : ''}
      </text>
      <text x="${total}" y="${height + 14}" class="axis" text-anchor="end">
        ${buckets.at(-1) !== undefined ? fmt.time(buckets.at(-1)?.start ?? new Date()) : ''}
      </text>
    </svg>
    <figcaption>
      ${chartStatuses.map((s) => html`<span class="key ${s}">${fmt.t(`runs.status.${s}`)}</span> `)}
    </figcaption>
  </figure>`;
}

export function overviewPage(ctx: PageContext, o: Overview): SafeHtml {
  const { fmt } = ctx;
  const s = o.summary;
  const stat = (key: MessageKey, value: number, live: string) =>
    html`<div class="stat">
      <span class="n" data-live-count="${live}">${fmt.number(value)}</span> ${fmt.t(key)}
    </div>`;
  return page(
    ctx,
    fmt.t('console.nav.overview'),
    html`<section class="stats">
        ${stat('console.overview.linked', s.links, 'links')}
        ${stat('console.overview.succeeded', s.runsByStatus['succeeded'] ?? 0, 'succeeded')}
        ${stat('console.overview.failed', s.runsByStatus['failed'] ?? 0, 'failed')}
        ${stat('console.overview.waiting', s.jobsOpen + s.inboxPending, 'open')}
      </section>
      <section>
        <h2>${fmt.t('console.overview.outcomes')}</h2>
        ${outcomeChart(fmt, o.outcomes)}
      </section>
      <section>
        <h2>${fmt.t('console.overview.budget')}</h2>
        ${o.budgets.map((b) => budgetBar(fmt, b))}
      </section>
      <section>
        <h2>${fmt.t('console.overview.connections')}</h2>
        ${
          o.connections.length === 0
            ? html`<p>${fmt.t('console.overview.noConnections')}</p>`
            : html`<table>
                <thead>
                  <tr>
                    <th>${fmt.t('console.col.system')}</th>
                    <th>${fmt.t('console.col.identity')}</th>
                    <th>${fmt.t('console.col.accessExpires')}</th>
                    <th>${fmt.t('console.col.refreshExpires')}</th>
                    <th>${fmt.t('console.col.health')}</th>
                  </tr>
                </thead>
                <tbody>
                  ${o.connections.map(
                    (c) =>
                      html`<tr>
                        <td>${systemName(fmt, c.system)}</td>
                        <td>${c.identity ?? ''}</td>
                        <td>${fmt.date(c.accessTokenExpiresAt)}</td>
                        <td>${fmt.date(c.refreshTokenExpiresAt)}</td>
                        <td>
                          <span class="badge health-${c.health}">${fmt.t(`console.health.${c.health}`)}</span>
                        </td>
                      </tr>`,
                  )}
                </tbody>
              </table>`
        }
      </section>
      <section>
        <h2>${fmt.t('console.overview.flows')}</h2>
        <table>
          <thead>
            <tr>
              <th>${fmt.t('console.col.flow')}</th>
              <th>${fmt.t('console.col.state')}</th>
              <th>${fmt.t('console.col.needs')}</th>
            </tr>
          </thead>
          <tbody>
            ${o.flows.map(
              (f) =>
                html`<tr>
                  <td>${f.name}</td>
                  <td>
                    <span class="badge ${f.enabled ? 'on' : 'off'}"
                      >${fmt.t(f.enabled ? 'console.flow.on' : 'console.flow.off')}</span
                    >
                  </td>
                  <td>${f.needs.join(', ')}</td>
                </tr>`,
            )}
          </tbody>
        </table>
      </section>
      <section>
        <h2>${fmt.t('console.overview.failures')}</h2>
        ${runTable(ctx, o.failures)}
      </section>`,
    { live: true },
  );
}

// ---- Records

export interface RecordQuery {
  readonly outcome: string | undefined;
  readonly direction: string | undefined;
  readonly status: string | undefined;
  readonly q: string | undefined;
}

function option(value: string, label: string, selected: string | undefined): SafeHtml {
  return html`<option value="${value}" ${selected === value ? html` selected` : ''}>${label}</option>`;
}

function recordLink(r: Pick<IndexedRecord, 'key'>): string {
  return `${consoleBase}/records/${encodeURIComponent(r.key)}`;
}

export function recordsPage(
  ctx: PageContext,
  result: RecordPage,
  query: RecordQuery,
  crm: CrmSystem,
): SafeHtml {
  const { fmt } = ctx;
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (typeof v === 'string' && v !== '') params.set(k, v);
  if (result.next !== undefined) params.set('after', result.next);
  const outcomes = [
    AuditAction.failed,
    AuditAction.skipped,
    AuditAction.deferred,
    AuditAction.created,
    AuditAction.updated,
  ];
  return page(
    ctx,
    fmt.t('console.nav.records'),
    html`<form method="get" class="filters" action="${consoleBase}/records">
        <label
          >${fmt.t('console.filter.outcome')}
          <select name="outcome">
            ${option('', fmt.t('console.filter.any'), query.outcome)}${outcomes.map((o) =>
              option(o, fmt.t(`audit.action.${o}`), query.outcome),
            )}
          </select></label
        >
        <label
          >${fmt.t('console.filter.direction')}
          <select name="direction">
            ${option('', fmt.t('console.filter.any'), query.direction)}${[
              AuditDirection.toCrm,
              AuditDirection.toPartnerCenter,
            ].map((d) => option(d, directionText(fmt, d, crm), query.direction))}
          </select></label
        >
        <label
          >${fmt.t('console.filter.status')}
          <select name="status">
            ${option('', fmt.t('console.filter.any'), query.status)}${[
              'pending',
              'active',
              'won',
              'lost',
            ].map((s) => option(s, fmt.t(`console.status.${s as 'pending'}`), query.status))}
          </select></label
        >
        <label
          >${fmt.t('console.filter.search')} <input type="search" name="q" value="${query.q ?? ''}"
        /></label>
        <button type="submit">${fmt.t('console.filter.apply')}</button>
      </form>
      ${
        result.records.length === 0
          ? html`<p>${fmt.t('console.records.none')}</p>`
          : html`<table class="records">
              <thead>
                <tr>
                  <th>${fmt.t('console.col.name')}</th>
                  <th>${fmt.t('console.col.referral')}</th>
                  <th>${crmName(fmt, crm)}</th>
                  <th>${fmt.t('console.col.direction')}</th>
                  <th>${fmt.t('console.col.status')}</th>
                  <th>${fmt.t('console.col.outcome')}</th>
                  <th>${fmt.t('console.col.when')}</th>
                </tr>
              </thead>
              <tbody>
                ${result.records.map(
                  (r) =>
                    html`<tr>
                      <td>
                        <a href="${recordLink(r)}">${r.name ?? r.referralId ?? r.crmRecordId ?? r.key}</a>
                      </td>
                      <td>${r.referralId ?? ''}</td>
                      <td>${r.crmRecordId ?? ''}</td>
                      <td>${directionText(fmt, r.direction, r.crmSystem ?? crm)}</td>
                      <td>
                        ${
                          r.status !== null && isKey(fmt, `console.status.${r.status}`)
                            ? fmt.t(`console.status.${r.status}` as MessageKey)
                            : (r.status ?? '')
                        }
                      </td>
                      <td>
                        ${outcomeBadge(fmt, r.outcome)}${r.reasonCode !== null ? html` <code>${r.reasonCode}</code>` : ''}
                      </td>
                      <td>${fmt.date(r.updatedAt)}</td>
                    </tr>`,
                )}
              </tbody>
            </table>`
      }
      ${result.next !== undefined ? html`<p><a rel="next" href="${consoleBase}/records?${params.toString()}">${fmt.t('console.next')}</a></p>` : ''}`,
    { live: true },
  );
}

// ---- Record detail

function diffRows(fmt: Fmt, entry: AuditEntry): HtmlValue {
  const diff = isObject(entry.fieldDiff) ? entry.fieldDiff : {};
  const { failures, skipped, conflicts, ...fields } = diff;
  const currency = typeof fields['currency'] === 'string' ? fields['currency'] : undefined;
  const show = (field: string, value: unknown): string =>
    field === 'dealValue' && typeof value === 'number'
      ? fmt.money(value, currency)
      : valueText(fmt.out, value);
  const rows: HtmlValue[] = [];
  for (const failure of Array.isArray(failures) ? failures : []) {
    const stored = storedCode(failure);
    if (stored !== undefined) rows.push(html`<li class="failure">${explained(fmt, stored)}</li>`);
  }
  if (entry.reasonCode !== null && !(Array.isArray(failures) && failures.length > 0)) {
    rows.push(
      html`<li>
        ${explained(fmt, { code: entry.reasonCode, params: {} }, entry.action === AuditAction.skipped ? 'reason' : 'error')}
      </li>`,
    );
  }
  for (const [field, value] of Object.entries(fields)) {
    if (isObject(value) && 'from' in value && 'to' in value) {
      rows.push(
        html`<li>
          <span class="field">${field}</span>: <del>${show(field, value['from'])}</del> →
          <ins>${show(field, value['to'])}</ins>
        </li>`,
      );
    } else {
      rows.push(html`<li><span class="field">${field}</span>: ${show(field, value)}</li>`);
    }
  }
  for (const skip of Array.isArray(skipped) ? skipped : []) {
    if (isObject(skip) && typeof skip['reason'] === 'string')
      rows.push(
        html`<li>
          <span class="field">${textOf(skip['field'])}</span>:
          ${explained(fmt, { code: skip['reason'], params: {} }, 'reason')}
        </li>`,
      );
  }
  for (const conflict of Array.isArray(conflicts) ? conflicts : []) {
    if (isObject(conflict))
      rows.push(
        html`<li>
          <span class="field">${textOf(conflict['field'])}</span>:
          ${fmt.t('console.record.conflict', {
            winner: systemName(fmt, textOf(conflict['winner'])),
            lost: valueText(fmt.out, conflict['lost']),
          })}
        </li>`,
      );
  }
  return rows.length > 0
    ? html`<ul class="diff">
        ${rows}
      </ul>`
    : '';
}

export function recordPage(ctx: PageContext, r: RecordDetail): SafeHtml {
  const { fmt } = ctx;
  const name = r.indexed?.name ?? r.referralId ?? r.crmRecordId ?? r.key;
  const syncTarget = r.referralId ?? r.crmRecordId ?? r.key;
  return page(
    ctx,
    name,
    html`<dl class="facts">
        <dt>${fmt.t('console.col.referral')}</dt>
        <dd>${r.referralId ?? '—'}</dd>
        <dt>${crmName(fmt, r.crmSystem)}</dt>
        <dd>${r.crmRecordId ?? '—'}</dd>
        <dt>${fmt.t('console.record.link')}</dt>
        <dd>${fmt.t(r.linked ? 'console.record.linked' : 'console.record.notLinked')}</dd>
        ${
          r.indexed !== undefined
            ? html`<dt>${fmt.t('console.col.outcome')}</dt>
                <dd data-outcome>${outcomeBadge(fmt, r.indexed.outcome)}</dd>`
            : ''
        }
      </dl>
      ${
        ctx.canOperate
          ? html`<form method="post" action="${consoleBase}/records/${encodeURIComponent(syncTarget)}/sync">
              ${csrfField(ctx)}<button type="submit">${fmt.t('console.record.syncNow')}</button>
            </form>`
          : ''
      }
      <section>
        <h2>${fmt.t('console.record.timeline')}</h2>
        ${
          r.audit.length === 0
            ? html`<p>${fmt.t('console.record.noAudit')}</p>`
            : html`<ol class="timeline">
                ${r.audit.map(
                  (e) =>
                    html`<li class="entry ${e.action}">
                      <div class="head">
                        ${fmt.date(e.at)} · ${directionText(fmt, e.direction, e.crmSystem ?? r.crmSystem)} ·
                        ${outcomeBadge(
                          fmt,
                          e.action,
                        )}${e.runId !== null ? html` · <a href="${consoleBase}/runs/${e.runId}">${fmt.t('console.run.title', { id: e.runId })}</a>` : ''}
                      </div>
                      ${diffRows(fmt, e)}
                    </li>`,
                )}
              </ol>`
        }
      </section>
      <section>
        <h2>${fmt.t('console.nav.runs')}</h2>
        ${runTable(ctx, r.runs)}
      </section>`,
    { live: true },
  );
}

// ---- Runs

function resubmitButton(ctx: PageContext, run: Pick<Run, 'id' | 'status' | 'jobKind'>): SafeHtml | '' {
  if (!ctx.canOperate || run.status !== RunStatus.failed || run.jobKind === null) return '';
  return html`<form method="post" action="${consoleBase}/runs/${run.id}/resubmit" class="inline">
    ${csrfField(ctx)}<input type="hidden" name="back" value="${ctx.here}" /><button type="submit">
      ${ctx.fmt.t('console.run.resubmit')}
    </button>
  </form>`;
}

function runTable(ctx: PageContext, runs: readonly Run[]): SafeHtml {
  const { fmt } = ctx;
  if (runs.length === 0) return html`<p>${fmt.t('console.runs.none')}</p>`;
  return html`<table class="runs">
    <thead>
      <tr>
        <th>#</th>
        <th>${fmt.t('console.col.when')}</th>
        <th>${fmt.t('console.col.flow')}</th>
        <th>${fmt.t('console.col.trigger')}</th>
        <th>${fmt.t('console.col.subject')}</th>
        <th>${fmt.t('console.col.outcome')}</th>
        <th>${fmt.t('console.col.calls')}</th>
        <th></th>
      </tr>
    </thead>
    <tbody>
      ${runs.map((run) => {
        const error = storedCode(run.error);
        return html`<tr>
          <td><a href="${consoleBase}/runs/${run.id}">${run.id}</a></td>
          <td>${fmt.date(run.startedAt)}</td>
          <td>${run.flow}</td>
          <td>
            ${
              isKey(fmt, `runs.trigger.${run.trigger}`)
                ? fmt.t(`runs.trigger.${run.trigger}` as MessageKey)
                : run.trigger
            }
          </td>
          <td>${run.subject ?? ''}</td>
          <td>${runBadge(fmt, run.status)}${error !== undefined ? html` <code>${error.code}</code>` : ''}</td>
          <td>${fmt.number(run.apiCalls)}</td>
          <td>${resubmitButton(ctx, run)}</td>
        </tr>`;
      })}
    </tbody>
  </table>`;
}

export interface RunQuery {
  readonly status: string | undefined;
  readonly flow: string | undefined;
}

export function runsPage(
  ctx: PageContext,
  result: { runs: readonly Run[]; next: number | undefined },
  query: RunQuery,
  flows: readonly string[],
): SafeHtml {
  const { fmt } = ctx;
  const params = new URLSearchParams();
  if (query.status !== undefined) params.set('status', query.status);
  if (query.flow !== undefined) params.set('flow', query.flow);
  if (result.next !== undefined) params.set('before', String(result.next));
  return page(
    ctx,
    fmt.t('console.nav.runs'),
    html`<form method="get" class="filters" action="${consoleBase}/runs">
        <label
          >${fmt.t('console.filter.outcome')}
          <select name="status">
            ${option('', fmt.t('console.filter.any'), query.status)}${Object.values(RunStatus).map((s) =>
              option(s, fmt.t(`runs.status.${s}`), query.status),
            )}
          </select></label
        >
        <label
          >${fmt.t('console.col.flow')}
          <select name="flow">
            ${option('', fmt.t('console.filter.any'), query.flow)}${flows.map((f) => option(f, f, query.flow))}
          </select></label
        >
        <button type="submit">${fmt.t('console.filter.apply')}</button>
      </form>
      ${
        ctx.canOperate
          ? html`<form method="post" action="${consoleBase}/runs/resubmit" class="bulk">
              ${csrfField(ctx)}<input type="hidden" name="flow" value="${query.flow ?? ''}" /><button
                type="submit"
              >
                ${fmt.t(query.flow !== undefined ? 'console.runs.resubmitFlow' : 'console.runs.resubmitAll', {
                  flow: query.flow ?? '',
                })}
              </button>
            </form>`
          : ''
      }
      ${runTable(ctx, result.runs)}
      ${result.next !== undefined ? html`<p><a rel="next" href="${consoleBase}/runs?${params.toString()}">${fmt.t('console.next')}</a></p>` : ''}`,
    { live: true },
  );
}

function stepRow(fmt: Fmt, step: RunStep): SafeHtml {
  const error = storedCode(step.error);
  const ms = step.finishedAt !== null ? step.finishedAt.getTime() - step.startedAt.getTime() : undefined;
  return html`<tr>
    <td>${step.seq}</td>
    <td>${step.name}</td>
    <td>${runBadge(fmt, step.status)}</td>
    <td>${ms !== undefined ? fmt.t('console.run.ms', { ms: fmt.number(ms) }) : '—'}</td>
    <td>${fmt.number(step.apiCalls)}</td>
    <td>
      ${error !== undefined ? explained(fmt, error) : step.detail !== null ? html`<code>${JSON.stringify(step.detail)}</code>` : ''}
    </td>
  </tr>`;
}

export function runPage(ctx: PageContext, run: Run & { steps: RunStep[] }): SafeHtml {
  const { fmt } = ctx;
  const error = storedCode(run.error);
  const ms = run.finishedAt !== null ? run.finishedAt.getTime() - run.startedAt.getTime() : undefined;
  const calls = Object.entries(run.callsBySystem ?? {})
    .map(([system, n]) => `${systemName(fmt, system)} ${fmt.number(n)}`)
    .join(', ');
  return page(
    ctx,
    fmt.t('console.run.title', { id: run.id }),
    html`<dl class="facts">
        <dt>${fmt.t('console.col.flow')}</dt>
        <dd>${run.flow}</dd>
        <dt>${fmt.t('console.col.trigger')}</dt>
        <dd>
          ${isKey(fmt, `runs.trigger.${run.trigger}`) ? fmt.t(`runs.trigger.${run.trigger}` as MessageKey) : run.trigger}
        </dd>
        <dt>${fmt.t('console.col.subject')}</dt>
        <dd>${run.subject ?? '—'}</dd>
        <dt>${fmt.t('console.col.outcome')}</dt>
        <dd>${runBadge(fmt, run.status)}</dd>
        <dt>${fmt.t('console.run.started')}</dt>
        <dd>${fmt.date(run.startedAt)}</dd>
        <dt>${fmt.t('console.run.duration')}</dt>
        <dd>${ms !== undefined ? fmt.t('console.run.ms', { ms: fmt.number(ms) }) : '—'}</dd>
        <dt>${fmt.t('console.col.calls')}</dt>
        <dd>${fmt.number(run.apiCalls)}${calls !== '' ? ` (${calls})` : ''}</dd>
        ${
          run.correlationId !== null
            ? html`<dt>${fmt.t('console.run.correlation')}</dt>
                <dd><code>${run.correlationId}</code></dd>`
            : ''
        }
      </dl>
      ${
        error !== undefined
          ? html`<section class="error">
              <h2>${fmt.t('console.run.error')}</h2>
              ${explained(fmt, error, run.status === RunStatus.skipped ? 'reason' : 'error')}
            </section>`
          : ''
      }
      ${resubmitButton(ctx, run)}
      <section>
        <h2>${fmt.t('console.run.steps')}</h2>
        ${
          run.steps.length === 0
            ? html`<p>${fmt.t('console.run.noSteps')}</p>`
            : html`<table>
                <thead>
                  <tr>
                    <th>#</th>
                    <th>${fmt.t('console.col.step')}</th>
                    <th>${fmt.t('console.col.outcome')}</th>
                    <th>${fmt.t('console.run.duration')}</th>
                    <th>${fmt.t('console.col.calls')}</th>
                    <th>${fmt.t('console.col.detail')}</th>
                  </tr>
                </thead>
                <tbody>
                  ${run.steps.map((s) => stepRow(fmt, s))}
                </tbody>
              </table>`
        }
      </section>`,
  );
}

// ---- Doctor, settings

export function doctorPage(ctx: PageContext, available: boolean, report: DoctorReport | undefined): SafeHtml {
  const { fmt } = ctx;
  const body: HtmlValue = !available
    ? html`<p class="notice" data-doctor="unavailable">${fmt.t('console.doctor.unavailable')}</p>`
    : html`${
        ctx.canOperate
          ? html`<form method="post" action="${consoleBase}/doctor/run">
              ${csrfField(ctx)}<button type="submit">${fmt.t('console.doctor.runAgain')}</button>
            </form>`
          : ''
      }${
        report === undefined
          ? html`<p>${fmt.t('console.doctor.none')}</p>`
          : html`<p>${fmt.t('console.doctor.at', { at: fmt.date(new Date(report.at)) })}</p>
              <table data-doctor="report">
                <tbody>
                  ${report.checks.map(
                    (c) =>
                      html`<tr data-check="${c.id}">
                        <td>
                          ${c.id}
                          <div class="muted">${c.requirements.join(', ')}</div>
                        </td>
                        <td>
                          <span class="badge doctor-${c.status}">${fmt.t(`console.doctor.${c.status}`)}</span>
                        </td>
                        <td>
                          ${fmt.t(c.found.key, c.found.params)}${
                            c.records !== undefined && c.records.total > 0
                              ? html`<div class="muted">
                                  ${fmt.t('console.doctor.records', {
                                    ids: c.records.first.join(', '),
                                    total: c.records.total,
                                  })}
                                </div>`
                              : ''
                          }${c.fix !== undefined ? html`<div class="fix">${fmt.t(c.fix.key, c.fix.params)}</div>` : ''}
                        </td>
                      </tr>`,
                  )}
                </tbody>
              </table>`
      }`;
  return page(ctx, fmt.t('console.nav.doctor'), body);
}

export function settingsPage(ctx: PageContext, s: Settings): SafeHtml {
  const { fmt } = ctx;
  const yes = (b: boolean) => fmt.t(b ? 'console.yes' : 'console.no');
  return page(
    ctx,
    fmt.t('console.nav.settings'),
    html`<p class="muted">${fmt.t('console.settings.readOnly')}</p>
      <section>
        <h2>${fmt.t('console.settings.mapping', { version: s.mappingVersion })}</h2>
        <table>
          <thead>
            <tr>
              <th>${fmt.t('console.col.field')}</th>
              <th>${fmt.t('console.settings.toCrm', { crm: crmName(fmt, s.crm) })}</th>
              <th>${fmt.t('console.settings.toPc', { crm: crmName(fmt, s.crm) })}</th>
              <th>${fmt.t('console.settings.owner')}</th>
            </tr>
          </thead>
          <tbody>
            ${s.fields.map(
              (f) =>
                html`<tr>
                  <td>${f.field}</td>
                  <td>${yes(f.toCrm)}</td>
                  <td>${yes(f.toPartnerCenter)}</td>
                  <td>${f.owner === 'crm' ? crmName(fmt, s.crm) : fmt.t('console.system.partner-center')}</td>
                </tr>`,
            )}
          </tbody>
        </table>
      </section>
      <section>
        <h2>${fmt.t('console.settings.stages')}</h2>
        <dl class="facts">
          <dt>${fmt.t('console.status.pending')}</dt>
          <dd>${s.stages.onHoldStage}</dd>
          <dt>${fmt.t('console.status.active')}</dt>
          <dd>${s.stages.activeStage}</dd>
          <dt>${fmt.t('console.status.won')}</dt>
          <dd>${s.stages.wonStage}</dd>
          <dt>${fmt.t('console.status.lost')}</dt>
          <dd>${s.stages.lostStage}</dd>
        </dl>
      </section>
      <section>
        <h2>${fmt.t('console.settings.caps')}</h2>
        <dl class="facts">
          ${Object.entries(s.caps).map(
            ([system, cap]) =>
              html`<dt>${systemName(fmt, system)}</dt>
                <dd>${fmt.number(cap)}</dd>`,
          )}
        </dl>
      </section>`,
  );
}
