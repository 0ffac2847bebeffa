// The safe fixes (`cosell doctor --fix`) and `cosell repair` (C1). Each is idempotent: registering the
// webhooks overwrites the registration and proves it with a validation event, switching flows on goes in
// dependency order (C3), and a country code is written only where the country name names exactly one code
// (R6) and the person confirmed it; that write goes through the CRM adapter and is audited like any other.
import { CosellError, isCosellError } from '../errors.js';
import { enableFlow, listFlows } from '../flows/activation.js';
import type { FlowName } from '../flows/registry.js';
import { registerWebhooks } from '../partner-center/webhooks/register.js';
import { insertAudit } from '../store/audit.js';
import { listConnections } from '../store/connections.js';
import { AuditAction, AuditDirection, System } from '../store/schema.js';
import { expectedWebhookUrl } from './checks/webhooks.js';
import { createDoctorContext } from './runner.js';
import {
  FixKind,
  type CountrySuggestion,
  type DoctorContext,
  type DoctorDeps,
  type DoctorOptions,
  type DoctorReport,
  type Message,
} from './types.js';

export interface FixOptions {
  /** Asked once per suggested country code; answer false to leave it. */
  readonly confirmCountry: (suggestion: CountrySuggestion) => Promise<boolean>;
}

export interface FixResult {
  readonly fix: FixKind | 'connection';
  readonly ok: boolean;
  readonly message: Message;
}

/** Registers all four events to the receiver and waits for the validation event (C1, C4). */
async function fixWebhooks(ctx: DoctorContext): Promise<FixResult> {
  const url = expectedWebhookUrl(ctx);
  if (url === undefined) return { fix: FixKind.webhooks, ok: false, message: { key: 'doctor.fix.noUrl' } };
  await registerWebhooks(await ctx.partnerCenter(), url, {
    timeoutMs: ctx.options.webhookTimeoutMs,
    pollMs: ctx.options.webhookPollMs,
  });
  return { fix: FixKind.webhooks, ok: true, message: { key: 'doctor.fix.webhooks', params: { url } } };
}

/** Switches on every flow that is off, each with what it needs first (C3). */
async function fixFlows(ctx: DoctorContext): Promise<FixResult> {
  const enabled: FlowName[] = [];
  for (const flow of await listFlows(ctx.db)) {
    if (!flow.enabled && !enabled.includes(flow.name)) enabled.push(...(await enableFlow(ctx.db, flow.name)));
  }
  return {
    fix: FixKind.flows,
    ok: true,
    message: { key: 'doctor.fix.flows', params: { flows: enabled.join(', ') } },
  };
}

async function fixCountries(
  ctx: DoctorContext,
  suggestions: readonly CountrySuggestion[],
  confirm: FixOptions['confirmCountry'],
): Promise<FixResult[]> {
  const accepted = new Map<string, CountrySuggestion>();
  for (const s of suggestions) {
    if (accepted.has(s.accountId)) continue;
    if (await confirm(s)) accepted.set(s.accountId, s);
  }
  if (accepted.size === 0) {
    return [{ fix: FixKind.countries, ok: false, message: { key: 'doctor.fix.countriesNotConfirmed' } }];
  }
  const crm = await ctx.crm();
  const writes = [...accepted.values()];
  const outcomes = await crm.updateAccountCountries(
    writes.map((s) => ({ id: s.accountId, country: s.code })),
  );
  const done = new Set(outcomes.filter((o) => o.ok).map((o) => o.id));
  const at = ctx.now();
  await insertAudit(
    ctx.db,
    suggestions
      .filter((s) => done.has(s.accountId) && accepted.get(s.accountId)?.code === s.code)
      .map((s) => ({
        at,
        crmSystem: crm.capabilities.system,
        crmRecordId: s.opportunityId,
        direction: AuditDirection.none,
        action: AuditAction.updated,
        fieldDiff: { 'account.country': { from: s.value, to: s.code }, account: s.accountId },
      })),
  );
  const results: FixResult[] = outcomes.flatMap((o) =>
    o.ok
      ? []
      : [
          {
            fix: FixKind.countries,
            ok: false,
            message: {
              key: 'doctor.fix.countryFailed',
              params: { account: o.id, code: isCosellError(o.error) ? o.error.code : 'INTERNAL' },
            },
          } satisfies FixResult,
        ],
  );
  if (done.size > 0) {
    results.unshift({
      fix: FixKind.countries,
      ok: true,
      message: { key: 'doctor.fix.countriesDone', params: { count: done.size } },
    });
  }
  return results;
}

/** Applies the safe fixes the report offers; a fix that throws is reported with its error, never thrown. */
export async function applyFixes(
  deps: DoctorDeps,
  report: DoctorReport,
  options: FixOptions,
  doctorOptions: DoctorOptions = {},
): Promise<FixResult[]> {
  const ctx = createDoctorContext(deps, doctorOptions);
  const wanted = new Set(report.checks.flatMap((c) => (c.fixable === undefined ? [] : [c.fixable])));
  const suggestions = report.checks.flatMap((c) => c.suggestions ?? []);
  const results: FixResult[] = [];
  const attempt = async (fix: FixKind, run: () => Promise<FixResult | FixResult[]>) => {
    try {
      const r = await run();
      results.push(...(Array.isArray(r) ? r : [r]));
    } catch (error) {
      results.push({ fix, ok: false, message: errorMessage(error) });
    }
  };
  if (wanted.has(FixKind.flows)) await attempt(FixKind.flows, () => fixFlows(ctx));
  if (wanted.has(FixKind.webhooks)) await attempt(FixKind.webhooks, () => fixWebhooks(ctx));
  if (wanted.has(FixKind.countries) && suggestions.length > 0) {
    await attempt(FixKind.countries, () => fixCountries(ctx, suggestions, options.confirmCountry));
  }
  return results;
}

function errorMessage(error: unknown): Message {
  const coded = isCosellError(error)
    ? error
    : new CosellError('INTERNAL', {
        reference: error instanceof Error ? error.message.slice(0, 200) : 'unknown',
      });
  return { key: `errors.${coded.code}`, params: coded.params };
}

/**
 * `cosell repair` (C1): proves each stored connection with one call (a refreshed token is stored again),
 * registers the webhooks again with a validation event, and switches every flow on in dependency order.
 * Running it twice changes nothing the first run did not.
 */
export async function repair(deps: DoctorDeps, doctorOptions: DoctorOptions = {}): Promise<FixResult[]> {
  const ctx = createDoctorContext(deps, doctorOptions);
  const results: FixResult[] = [];
  const step = async (fix: FixResult['fix'], run: () => Promise<FixResult>) => {
    try {
      results.push(await run());
    } catch (error) {
      results.push({ fix, ok: false, message: errorMessage(error) });
    }
  };
  await step('connection', async () => {
    const client = await ctx.partnerCenter();
    await client.listPage({ top: 1 });
    const identity = (await listConnections(ctx.db)).find((c) => c.system === System.partnerCenter)?.identity;
    return {
      fix: 'connection',
      ok: true,
      message: {
        key: 'doctor.repair.connection',
        params: { system: 'Partner Center', identity: identity ?? '' },
      },
    };
  });
  await step('connection', async () => {
    const me = await (await ctx.crm()).whoAmI();
    return {
      fix: 'connection',
      ok: true,
      message: { key: 'doctor.repair.connection', params: { system: ctx.config.crm, identity: me.username } },
    };
  });
  await step(FixKind.webhooks, () => fixWebhooks(ctx));
  await step(FixKind.flows, () => fixFlows(ctx));
  return results;
}
