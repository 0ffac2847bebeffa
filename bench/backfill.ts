// The first-sync scenario (`--backfill N`): N referrals already in Partner Center, a tenth of them already
// entered in Salesforce by hand with their Referral Identifier, and `cosell backfill --yes` as a child
// process, as an operator runs it: the plan (both sides read), then the backfill. Measured: elapsed time,
// records/s, API calls per record on each side (counted by the emulators) and the child's peak RSS (VmHWM,
// read from /proc while it runs). With `--kills K` the child is first killed with SIGKILL K times part-way
// and run again, and the end state is checked as for an uninterrupted run: every referral with exactly one
// opportunity carrying its id and its id written back, no opportunity twice.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { configFrom } from '../src/config.js';
import { saveSalesforceConnection } from '../src/crm/salesforce/connection.js';
import { startSalesforceEmulator, type SalesforceEmulator } from '../src/crm/salesforce/emulator/index.js';
import { connectPartnerCenter } from '../src/partner-center/connection.js';
import {
  startPartnerCenterEmulator,
  type PartnerCenterEmulator,
} from '../src/partner-center/emulator/index.js';
import type { DbKind } from '../src/store/db.js';
import { openStore } from '../src/store/open.js';
import { throwawayStore } from './run-database.js';
import { peakRssMiB, perSecond, quietLogger, round, Scope } from './support.js';

export interface BackfillBenchOptions {
  readonly referrals: number;
  /** SIGKILLs before the run that is let finish. */
  readonly kills: number;
  readonly postgresUrl: string;
}

export interface BackfillBenchResult {
  readonly db: DbKind;
  readonly referrals: number;
  /** Referrals whose opportunity existed already (linked by the Referral Identifier). */
  readonly preexisting: number;
  readonly kills: number;
  /** Plan + backfill, every run summed (killed ones included). */
  readonly wallMs: number;
  readonly recordsPerSecond: number;
  readonly callsPerRecord: { readonly partnerCenter: number; readonly crm: number };
  readonly peakRssMiB: number;
  /** Of the last run: applying the plan (the rest of its time is reading both sides and planning). */
  readonly applyMs: number;
  readonly final: { readonly linked: number; readonly missing: number; readonly duplicates: number };
}

const root = path.join(import.meta.dirname, '..');
const adminUser = 'admin@contoso.example';
const integrationUser = 'integration@contoso.example';
const person = 'seller1@contoso.example';

const progress = (message: string): void => {
  process.stderr.write(`[backfill] ${message}\n`);
};

// Distinct customers, as in a real tenant: names from two word lists and a number, postal codes spread
// over a country's range (unrelated deals that look alike would be flagged as duplicates, not created).
const first = [
  'Alpine',
  'Blue',
  'Coastal',
  'Delta',
  'Evergreen',
  'Fjord',
  'Granite',
  'Harbor',
  'Iron',
  'Juniper',
];
const second = [
  'Analytics',
  'Bakery',
  'Clinic',
  'Dynamics',
  'Energy',
  'Foods',
  'Logistics',
  'Media',
  'Robotics',
  'Textiles',
];

function customerOf(i: number): { name: string; postalCode: string } {
  const name = `${first[i % 10] ?? ''} ${second[Math.floor(i / 10) % 10] ?? ''} ${Math.floor(i / 100)}`;
  return { name, postalCode: String(10000 + ((i * 7919) % 89999)) };
}

function seed(pc: PartnerCenterEmulator, sf: SalesforceEmulator, count: number): number {
  let preexisting = 0;
  for (let i = 0; i < count; i++) {
    const tag = String(i).padStart(6, '0');
    const customer = customerOf(i);
    const ref = pc.createReferral({
      name: `Backfill deal ${tag}`,
      externalReferenceId: null,
      status: 'Active',
      substatus: 'Accepted',
      customerProfile: {
        name: customer.name,
        address: {
          addressLine1: '1 Main St',
          city: 'Seattle',
          postalCode: customer.postalCode,
          country: 'US',
        },
        team: [
          {
            firstName: 'Pat',
            lastName: 'Buyer',
            email: `pat.${tag}@customer.example`,
            phoneNumber: '+1 555 0100',
          },
        ],
      },
      details: {
        dealValue: 1000 + i,
        currency: 'USD',
        closingDateTime: '2027-03-31T00:00:00Z',
        requirements: { solutions: [{ id: 'SOL-CONTOSO-1', name: 'Contoso Cloud', type: 'Name' }] },
      },
      team: [{ firstName: 'Sam', lastName: 'Seller', email: 'seller1@contoso.example' }],
      inviteContext: { assistanceRequestCode: 'Unknown' },
    });
    if (i % 10 === 0) {
      // Entered by hand in Salesforce, with the referral's id typed into its Referral Identifier.
      const account = sf.insertRecord(
        'Account',
        { Name: customer.name, BillingCountry: 'US', BillingPostalCode: customer.postalCode },
        { asUser: person },
      );
      sf.insertRecord(
        'Opportunity',
        {
          Name: `Backfill deal ${tag}`,
          AccountId: account['Id'],
          StageName: 'Prospecting',
          CloseDate: '2027-03-31',
          Amount: 1000 + i,
          CurrencyIsoCode: 'USD',
          Referral_Identifier__c: ref.id,
        },
        { asUser: person },
      );
      preexisting++;
    }
  }
  return preexisting;
}

interface Child {
  readonly process: ChildProcess;
  readonly exited: Promise<number | null>;
  output(): string;
  peakRssMiB(): number;
}

function startBackfill(env: Record<string, string>, json: boolean): Child {
  const child = spawn(
    process.execPath,
    [
      // BENCH_NODE_ARGS: extra node flags for the backfill process, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof".
      ...(process.env['BENCH_NODE_ARGS']?.split(' ').filter((a) => a !== '') ?? []),
      '--import',
      'tsx',
      path.join(root, 'src/cli/main.ts'),
      'backfill',
      '--yes',
      ...(json ? ['--json'] : []),
    ],
    { cwd: root, env: { ...process.env, ...env, COSELL_LANG: 'en' }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let out = '';
  let peak = 0;
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
  // VmHWM is the peak so far, gone with the process: sampled until it exits.
  const sampler = setInterval(() => {
    peak = Math.max(peak, peakRssMiB(child.pid));
  }, 200);
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => {
      clearInterval(sampler);
      resolve(code);
    }),
  );
  return { process: child, exited, output: () => out, peakRssMiB: () => peak };
}

/** Resolves once the child printed a progress line with records done (the backfill is writing). */
async function writing(child: Child): Promise<void> {
  for (;;) {
    if (/\] [1-9]\d*\/\d+/.test(child.output())) return;
    const code = await Promise.race([child.exited, new Promise((r) => setTimeout(r, 100, 'wait'))]);
    if (code !== 'wait')
      throw new Error(`backfill exited (${String(code)}) before writing: ${child.output().slice(-2000)}`);
  }
}

export async function runBackfillBench(
  kind: DbKind,
  options: BackfillBenchOptions,
): Promise<BackfillBenchResult> {
  const scope = new Scope();
  try {
    const { dataDir, databaseUrl } = await throwawayStore(scope, kind, options, 'cosell-bench-backfill-');
    const pc = await startPartnerCenterEmulator({ deviceCodeIntervalSeconds: 0.05 });
    scope.defer(() => pc.close());
    const sf = await startSalesforceEmulator({});
    scope.defer(() => sf.close());
    progress(`seeding ${options.referrals} referrals`);
    const preexisting = seed(pc, sf, options.referrals);
    const cap = String(10 * options.referrals + 10_000);
    const env: Record<string, string> = {
      COSELL_DATA_DIR: dataDir,
      ...(databaseUrl !== undefined ? { DATABASE_URL: databaseUrl } : {}),
      COSELL_LOG_LEVEL: 'warn',
      COSELL_PC_API_URL: pc.url,
      COSELL_PC_WEBHOOKS_API_URL: pc.url,
      COSELL_PC_AUTHORITY_URL: pc.authorityUrl,
      COSELL_PC_DAILY_CAP: cap,
      COSELL_CRM: 'salesforce',
      COSELL_SF_LOGIN_URL: sf.url,
      COSELL_SF_DAILY_CAP: cap,
      COSELL_LEASE_MS: '5000',
    };
    const config = configFrom(env);
    const db = await openStore(config.store);
    try {
      const deps = { config, db, logger: quietLogger().logger };
      await connectPartnerCenter(deps, (device) => pc.approveDeviceCode(device.userCode, adminUser));
      await saveSalesforceConnection(deps, {
        refreshToken: sf.issueTokens(integrationUser).refresh_token ?? '',
        loginUrl: sf.url,
        identity: integrationUser,
        orgId: sf.orgId,
      });
    } finally {
      await db.close();
    }
    const pcBefore = pc.callCount().total;
    const sfBefore = sf.apiCalls().total;

    let wallMs = 0;
    let peak = 0;
    for (let k = 0; k < options.kills; k++) {
      const started = performance.now();
      const child = startBackfill(env, false);
      await writing(child);
      // Somewhere in the writing, not always at its first page.
      await new Promise((r) => setTimeout(r, Math.floor(Math.random() * 3000)));
      child.process.kill('SIGKILL');
      await child.exited;
      wallMs += performance.now() - started;
      peak = Math.max(peak, child.peakRssMiB());
      progress(`killed run ${k + 1} after ${round((performance.now() - started) / 1000, 1)} s`);
    }
    const started = performance.now();
    const last = startBackfill(env, true);
    const code = await last.exited;
    wallMs += performance.now() - started;
    peak = Math.max(peak, last.peakRssMiB());
    if (code !== 0) throw new Error(`backfill exited with ${String(code)}: ${last.output().slice(-3000)}`);

    const report = JSON.parse(last.output().slice(last.output().indexOf('{'))) as { elapsedMs?: number };
    const referrals = pc.listReferrals();
    const opportunities = sf.records('Opportunity') as Record<string, unknown>[];
    const byReferral = new Map<string, number>();
    for (const o of opportunities) {
      const id = o['Referral_Identifier__c'];
      if (typeof id === 'string' && id !== '') byReferral.set(id, (byReferral.get(id) ?? 0) + 1);
    }
    const ids = new Set(opportunities.map((o) => String(o['Id'])));
    let linked = 0;
    let missing = 0;
    let duplicates = 0;
    for (const r of referrals) {
      const n = byReferral.get(r.id) ?? 0;
      if (n > 1) duplicates += n - 1;
      if (n === 1 && r.externalReferenceId != null && ids.has(r.externalReferenceId)) linked++;
      else missing++;
    }
    const records = options.referrals;
    return {
      db: kind,
      referrals: records,
      preexisting,
      kills: options.kills,
      wallMs: round(wallMs, 0),
      recordsPerSecond: perSecond(records, wallMs),
      callsPerRecord: {
        partnerCenter: round((pc.callCount().total - pcBefore) / records, 3),
        crm: round((sf.apiCalls().total - sfBefore) / records, 3),
      },
      peakRssMiB: peak,
      applyMs: report.elapsedMs ?? 0,
      final: { linked, missing, duplicates },
    };
  } finally {
    await scope.close();
  }
}
