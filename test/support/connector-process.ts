// `cosell start` as a real child process against emulators that run in the test process: the Partner Center
// emulator (webhooks to the child's fixed port), one CRM's emulator (Salesforce by default, or Dynamics 365;
// process-crm.ts), and a store that outlives the child (file-backed PGlite, or a database of its own on
// PostgreSQL). Both connections are stored and every flow is on before the first start, as an operator would
// have done with `cosell connect`.
//
// Also what the crash and scale-out tests check the end state with: every referral the test created has
// exactly one opportunity and every opportunity with "Sync with Partner Center" exactly one referral.
import net, { type AddressInfo } from 'node:net';
import { configFrom } from '../../src/config.js';
import { stripNameMarker } from '../../src/domain/sync/name-marker.js';
import { enableAllFlows } from '../../src/flows/activation.js';
import { createLogger } from '../../src/logger.js';
import { connectPartnerCenter } from '../../src/partner-center/connection.js';
import {
  startPartnerCenterEmulator,
  type PartnerCenterEmulator,
  type RenderedReferral,
  type WebhookRetry,
} from '../../src/partner-center/emulator/index.js';
import type { Db } from '../../src/store/db.js';
import { startCli, type CliResult, type RunningCli } from './cli.js';
import type { CrmName } from './crm-rig.js';
import { createReopenableStore, type ReopenableStore } from './db.js';
import { startProcessCrm, type OpportunityRecord, type ProcessCrm } from './process-crm.js';
import { referralInput } from './sync-rig.js';

export interface World {
  readonly pc: PartnerCenterEmulator;
  /** The CRM the child syncs with, in CRM-neutral terms. */
  readonly crm: ProcessCrm;
  readonly store: ReopenableStore;
  /** The environment of a `cosell start` on `port`, with `extra` on top. */
  env(port: number, extra?: Record<string, string>): Record<string, string>;
  /** Opens the store in the test process (on PGlite only while no child holds it). */
  open(): Promise<Db>;
  close(): Promise<void>;
}

export interface WorldOptions {
  /** The CRM the child syncs with (default Salesforce). */
  readonly crm?: CrmName;
  /** The emulator's webhook retries: short, so events to a dead receiver go offline within the test. */
  readonly webhookRetry?: Partial<WebhookRetry>;
}

export async function startWorld(options: WorldOptions = {}): Promise<World> {
  const since = new Date(Date.now() - 60_000).toISOString();
  const pc = await startPartnerCenterEmulator({
    deviceCodeIntervalSeconds: 0.05,
    webhookRetry: { baseDelayMs: 100, maxDelayMs: 1_000, ...options.webhookRetry },
  });
  const crm = await startProcessCrm(options.crm ?? 'salesforce');
  const store = await createReopenableStore();
  const storeEnv: Record<string, string> = {
    COSELL_DATA_DIR: store.config.dataDir,
    ...(store.config.databaseUrl !== undefined ? { DATABASE_URL: store.config.databaseUrl } : {}),
  };
  const remoteEnv: Record<string, string> = {
    COSELL_PC_API_URL: pc.url,
    COSELL_PC_WEBHOOKS_API_URL: pc.url,
    COSELL_PC_AUTHORITY_URL: pc.authorityUrl,
    COSELL_WEBHOOK_CERT_HOSTS: new URL(pc.url).host,
    ...crm.env,
  };
  const close = async (): Promise<void> => {
    await pc.close();
    await crm.close();
    await store.dispose();
  };
  try {
    const config = configFrom({ ...storeEnv, ...remoteEnv });
    const logger = createLogger({ level: 'silent' });
    const db = await store.open();
    try {
      await connectPartnerCenter({ config, db, logger }, (device) =>
        pc.approveDeviceCode(device.userCode, 'admin@contoso.example'),
      );
      await crm.connect({ config, db, logger });
      await enableAllFlows(db);
    } finally {
      await db.close();
    }
  } catch (error) {
    await close();
    throw error;
  }
  return {
    pc,
    crm,
    store,
    env: (port, extra = {}) => ({
      ...storeEnv,
      ...remoteEnv,
      COSELL_PORT: String(port),
      COSELL_SYNC_SINCE: since,
      COSELL_CRM_POLL_S: '1',
      COSELL_RECONCILE_EVERY_S: '2',
      COSELL_RECONCILE_OVERLAP_S: '30',
      COSELL_COALESCE_MS: '200',
      COSELL_PC_DAILY_CAP: '100000',
      COSELL_LOG_LEVEL: 'warn',
      ...extra,
    }),
    open: () => store.open({ migrate: false }),
    close,
  };
}

/** A port that was free a moment ago: the receiver keeps it across restarts, so the webhook URL stays valid. */
export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

export interface ConnectorProcessOptions {
  readonly registerWebhooks?: boolean;
  readonly workers?: number;
  /** `--role`, e.g. `receiver,reconciler` or `worker` (default: every role). */
  readonly role?: string;
}

/** `cosell start` as a child process; resolves once it syncs (after the webhook round trip when registering). */
export async function startConnectorProcess(
  env: Record<string, string>,
  options: ConnectorProcessOptions = {},
): Promise<RunningCli> {
  const child = startConnectorChild(env, options);
  try {
    await child.waitForOutput('Syncing with', 120_000);
  } catch (error) {
    child.child.kill('SIGKILL');
    throw error;
  }
  return child;
}

/** The same, without waiting: the caller decides when it is up (or kills it before). */
export function startConnectorChild(
  env: Record<string, string>,
  options: ConnectorProcessOptions = {},
): RunningCli {
  return startCli(
    [
      'start',
      ...(options.registerWebhooks === true ? ['--register-webhooks'] : []),
      ...(options.workers !== undefined ? ['--workers', String(options.workers)] : []),
      ...(options.role !== undefined ? ['--role', options.role] : []),
    ],
    env,
  );
}

/** SIGKILL: no handler runs, nothing is flushed or released. Resolves once the process is gone. */
export function killHard(running: RunningCli): Promise<CliResult> {
  running.child.kill('SIGKILL');
  return running.done;
}

export interface ServiceStatus {
  readonly inbox: { readonly total: number; readonly pending: number };
  readonly jobs: Readonly<Record<'queued' | 'running' | 'deferred' | 'done' | 'failed', number>>;
}

/** The running service's own status API. */
export async function serviceStatus(port: number): Promise<ServiceStatus> {
  const response = await fetch(`http://127.0.0.1:${port}/api/status`);
  if (response.status !== 200) throw new Error(`status API answered ${response.status}`);
  return (await response.json()) as ServiceStatus;
}

/**
 * Polls `check` until it returns no problems; rejects after `timeoutMs` with the problems it still reports.
 * Polling observable state, never a sleep that a test passes by.
 */
export async function pollUntil(
  what: string,
  check: () => readonly string[] | Promise<readonly string[]>,
  options: { timeoutMs: number; intervalMs?: number },
): Promise<void> {
  const deadline = Date.now() + options.timeoutMs;
  let problems: readonly string[] = [];
  for (;;) {
    try {
      problems = await check();
    } catch (error) {
      problems = [`check failed: ${String(error)}`];
    }
    if (problems.length === 0) return;
    if (Date.now() > deadline) {
      const shown = problems.slice(0, 20).join('\n  ');
      throw new Error(`timed out waiting for ${what}; ${problems.length} left:\n  ${shown}`);
    }
    await new Promise((resolve) => setTimeout(resolve, options.intervalMs ?? 250));
  }
}

/** What a test created in the emulators; the end state is checked against it. */
export interface Created {
  readonly referralIds: string[];
  /** Opportunities with "Sync with Partner Center" on; the value: Microsoft's help was asked. */
  readonly opportunities: Map<string, boolean>;
}

export function emptyCreated(): Created {
  return { referralIds: [], opportunities: new Map() };
}

/** A new referral in Partner Center (fires referral-created), valid for the CRM. */
export function createReferral(world: World, created: Created, label: string): void {
  const referral = world.pc.createReferral(referralInput({ name: `Crash-proof deal ${label}` }));
  created.referralIds.push(referral.id);
}

/**
 * A sales person's new opportunity with "Sync with Partner Center" on, complete enough to share: an account
 * with a country, a contact, a solution; with `help`, Microsoft's help is asked too.
 */
export function createOpportunity(world: World, created: Created, label: string, help: boolean): void {
  created.opportunities.set(world.crm.createOpportunityAsPerson(label, help), help);
}

export interface SyncCheck {
  /** Work not done yet: a record without its counterpart or without the other side's id. */
  readonly pending: string[];
  /** What must never happen: a second record for one deal, ids that disagree. */
  readonly wrong: string[];
}

function isMicrosoftSide(referral: RenderedReferral): boolean {
  return (referral.target ?? []).some((t) => t.id === 'msft');
}

/**
 * Compares both emulators with what was created: each referral has exactly one opportunity (counted by its
 * Referral Identifier and by its name) whose id the referral carries; each synced opportunity has exactly one
 * partner referral carrying its id (plus Microsoft's, when help was asked), and carries that referral's id.
 * And nothing else exists: no account, opportunity or referral twice.
 */
export function checkSync(world: World, created: Created): SyncCheck {
  const pending: string[] = [];
  const wrong: string[] = [];
  const referrals = world.pc.listReferrals();
  const opportunities: OpportunityRecord[] = world.crm.opportunities();
  const referralById = new Map(referrals.map((r) => [r.id, r]));
  const byReferralId = groupBy(opportunities, (o) => o.referralId);
  const byName = groupBy(opportunities, (o) => stripNameMarker(o.name ?? ''));
  const byExternalId = groupBy(referrals, (r) => r.externalReferenceId ?? undefined);

  for (const id of created.referralIds) {
    const referral = referralById.get(id);
    if (referral === undefined) {
      wrong.push(`referral ${id} is gone`);
      continue;
    }
    const carrying = byReferralId.get(id) ?? [];
    const named = byName.get(referral.name ?? '') ?? [];
    if (carrying.length > 1) wrong.push(`referral ${id}: ${carrying.length} opportunities carry its id`);
    if (named.length > 1)
      wrong.push(`referral ${id}: ${named.length} opportunities named "${referral.name}"`);
    const [opportunity] = carrying;
    const externalId = referral.externalReferenceId ?? undefined;
    if (opportunity === undefined || externalId === undefined) {
      if (named.length > 0 && opportunity === undefined)
        wrong.push(`referral ${id}: an opportunity has its name but not its id`);
      pending.push(`referral ${id}: ${carrying.length} opportunities, external id ${externalId}`);
      continue;
    }
    if (named.length === 0)
      wrong.push(`referral ${id}: its opportunity is named ${String(opportunity.name)}`);
    if (externalId !== opportunity.id)
      wrong.push(`referral ${id}: external id ${externalId}, opportunity ${opportunity.id}`);
  }

  for (const [id, help] of created.opportunities) {
    const opportunity = opportunities.find((o) => o.id === id);
    if (opportunity === undefined) {
      wrong.push(`opportunity ${id} is gone`);
      continue;
    }
    const carrying = byExternalId.get(id) ?? [];
    const partner = carrying.filter((r) => !isMicrosoftSide(r));
    const microsoft = carrying.filter(isMicrosoftSide);
    if (partner.length > 1) wrong.push(`opportunity ${id}: ${partner.length} partner referrals`);
    if (microsoft.length > (help ? 1 : 0))
      wrong.push(`opportunity ${id}: ${microsoft.length} Microsoft referrals (help asked: ${help})`);
    const [referral] = partner;
    const referralId = opportunity.referralId;
    if (referral === undefined || referralId === undefined || microsoft.length < (help ? 1 : 0)) {
      pending.push(`opportunity ${id}: referral ${referral?.id}, Referral Identifier ${referralId}`);
      continue;
    }
    if (referralId !== referral.id)
      wrong.push(`opportunity ${id}: Referral Identifier ${referralId}, referral ${referral.id}`);
  }

  // Nothing else: the emulators started empty, so every record is one the test created or the sync wrote.
  const expectedOpportunities = created.referralIds.length + created.opportunities.size;
  if (opportunities.length > expectedOpportunities)
    wrong.push(`${opportunities.length} opportunities, expected ${expectedOpportunities}`);
  const helped = [...created.opportunities.values()].filter(Boolean).length;
  const expectedReferrals = created.referralIds.length + created.opportunities.size + helped;
  if (referrals.length > expectedReferrals)
    wrong.push(`${referrals.length} referrals, expected ${expectedReferrals}`);
  for (const [name, accounts] of groupBy(world.crm.accountNames(), (a) => a)) {
    if (accounts.length > 1) wrong.push(`${accounts.length} accounts named ${name}`);
  }
  for (const [email, contacts] of groupBy(world.crm.contactEmails(), (c) => c)) {
    if (contacts.length > 1) wrong.push(`${contacts.length} contacts with e-mail ${email}`);
  }
  return { pending, wrong };
}

function groupBy<T>(items: readonly T[], key: (item: T) => string | undefined): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    if (k === undefined) continue;
    const list = out.get(k);
    if (list === undefined) out.set(k, [item]);
    else list.push(item);
  }
  return out;
}
