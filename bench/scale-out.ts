// The scale-out scenario (`--workers 1,2,4`): the connector as separate `cosell start` processes sharing one
// PostgreSQL database, as a production deployment runs it: one receiver process (webhooks, reconciliation,
// the CRM change feed) and W worker processes, for each W asked for. The emulators run in this process's
// worker thread (bench/emulators-worker.ts). For each W, on a fresh database and fresh emulators: one warm-up
// referral, then N referrals created at once; measured from the first create to the last CRM id written back
// (referrals/s), API calls per referral, duplicates, and each process's CPU time and peak RSS (read from
// /proc before it stops), the numbers the sizing guidance in docs/deployment.md comes from.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net, { type AddressInfo } from 'node:net';
import path from 'node:path';
import { configFrom } from '../src/config.js';
import { saveSalesforceConnection } from '../src/crm/salesforce/connection.js';
import { enableAllFlows } from '../src/flows/activation.js';
import { connectPartnerCenter } from '../src/partner-center/connection.js';
import { openStore } from '../src/store/open.js';
import { startRemoteEmulators, type Moment } from './emulators.js';
import type { FinalState } from './emulators-worker.js';
import { throwawayStore, type Signing } from './run-database.js';
import { peakRssMiB, perSecond, quietLogger, round, Scope, wallNow } from './support.js';

export interface ScaleOutOptions {
  /** Worker process counts to measure, one run each. */
  readonly workerProcesses: readonly number[];
  /** Referrals created at once in each run. */
  readonly referrals: number;
  /** COSELL_WORKERS of each worker process: jobs running at once. */
  readonly jobs: number;
  readonly coalesceMs: number;
  readonly postgresUrl: string;
}

export interface ProcessUsage {
  readonly role: string;
  /** User + system CPU time of the bulk run. */
  readonly cpuSeconds: number;
  readonly peakRssMiB: number;
}

export interface ScaleOutRun {
  readonly workerProcesses: number;
  readonly referrals: number;
  /** First create -> last CRM id written back. */
  readonly wallMs: number;
  readonly referralsPerSecond: number;
  /** Referrals/s against the run with the fewest worker processes. */
  readonly speedUp: number;
  readonly callsPerReferral: { readonly partnerCenter: number; readonly crm: number };
  readonly final: FinalState;
  readonly processes: readonly ProcessUsage[];
}

export interface ScaleOutResult {
  readonly jobsPerProcess: number;
  readonly runs: readonly ScaleOutRun[];
}

const root = path.join(import.meta.dirname, '..');
const adminUser = 'admin@contoso.example';
const integrationUser = 'integration@contoso.example';
const seller = 'seller1@contoso.example';
const stallMs = 120_000;
const clockTicksPerSecond = 100; // Linux USER_HZ

const progress = (message: string): void => {
  process.stderr.write(`[postgres scale-out] ${message}\n`);
};

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

interface Child {
  readonly role: string;
  readonly process: ChildProcess;
  readonly exited: Promise<number | null>;
}

/** `cosell start --role …` from the sources; resolves once it says it syncs. */
async function startChild(
  role: string,
  env: Record<string, string>,
  extraArgs: string[] = [],
): Promise<Child> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', path.join(root, 'src/cli/main.ts'), 'start', '--role', role, ...extraArgs],
    { cwd: root, env: { ...process.env, ...env, COSELL_LANG: 'en' }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  let output = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`${role} did not start: ${output.slice(-2000)}`)),
      120_000,
    );
    const onData = (chunk: Buffer): void => {
      output += chunk.toString('utf8');
      if (output.includes('Syncing with')) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`${role} exited with ${code} before it started: ${output.slice(-2000)}`));
    });
  });
  return { role, process: child, exited };
}

/** CPU time and peak RSS of a running process, from /proc (Linux); zeros elsewhere. */
function usageOf(child: Child): ProcessUsage {
  const pid = child.process.pid;
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // Fields 14 and 15 (utime, stime) of proc(5); the slice starts at field 3.
    const ticks = Number(fields[11]) + Number(fields[12]);
    return {
      role: child.role,
      cpuSeconds: round(ticks / clockTicksPerSecond, 1),
      peakRssMiB: peakRssMiB(pid),
    };
  } catch {
    return { role: child.role, cpuSeconds: 0, peakRssMiB: 0 };
  }
}

async function stopChild(child: Child): Promise<void> {
  child.process.kill('SIGTERM');
  const code = await child.exited;
  if (code !== 0) progress(`${child.role} exited with ${code}`);
}

async function runOne(
  workerProcesses: number,
  options: ScaleOutOptions,
  signing: Signing,
): Promise<Omit<ScaleOutRun, 'speedUp'>> {
  const scope = new Scope();
  try {
    const { dataDir, databaseUrl } = await throwawayStore(scope, 'postgres', options, 'cosell-bench-scale-');
    const emulators = await startRemoteEmulators({
      certificate: signing,
      crm: 'salesforce',
      integrationUser,
      seller,
    });
    scope.defer(() => emulators.close());
    const { pc, crm } = emulators.info;
    if (crm.system !== 'salesforce') throw new Error('the scale-out scenario runs with Salesforce');
    const cap = String(Math.max(10_000, 10 * (options.referrals + 1)));
    const env: Record<string, string> = {
      COSELL_DATA_DIR: dataDir,
      ...(databaseUrl !== undefined ? { DATABASE_URL: databaseUrl } : {}),
      COSELL_LOG_LEVEL: 'warn',
      COSELL_PC_API_URL: pc.url,
      COSELL_PC_WEBHOOKS_API_URL: pc.url,
      COSELL_PC_AUTHORITY_URL: pc.authorityUrl,
      COSELL_WEBHOOK_CERT_HOSTS: new URL(pc.certificateUrl).host,
      COSELL_PC_DAILY_CAP: cap,
      COSELL_CRM: 'salesforce',
      COSELL_SF_LOGIN_URL: crm.url,
      COSELL_SF_DAILY_CAP: cap,
      COSELL_WORKERS: String(options.jobs),
      COSELL_COALESCE_MS: String(options.coalesceMs),
    };
    // Connected and switched on once, as an operator would with `cosell connect` and `cosell flows`.
    const config = configFrom(env);
    const db = await openStore(config.store);
    scope.defer(() => db.close());
    const deps = { config, db, logger: quietLogger().logger };
    await connectPartnerCenter(deps, (device) => emulators.approve(device.userCode, adminUser));
    await saveSalesforceConnection(deps, {
      refreshToken: crm.refreshToken,
      loginUrl: crm.url,
      identity: integrationUser,
      orgId: crm.orgId,
    });
    await enableAllFlows(db);

    const children: Child[] = [];
    scope.defer(async () => {
      for (const c of children) c.process.kill('SIGKILL');
      await Promise.all(children.map((c) => c.exited));
    });
    const receiverPort = await freePort();
    children.push(
      await startChild('receiver,reconciler', { ...env, COSELL_PORT: String(receiverPort) }, [
        '--register-webhooks',
      ]),
    );
    for (let i = 0; i < workerProcesses; i++) {
      children.push(await startChild('worker', { ...env, COSELL_PORT: String(await freePort()) }));
    }

    const writtenBack = new Map<string, number>();
    let lastMomentAt = wallNow();
    scope.defer(
      emulators.onMoment((moment: Moment) => {
        lastMomentAt = wallNow();
        if (moment.what === 'write-back') writtenBack.set(moment.referralId, moment.at);
      }),
    );
    const until = async (ids: readonly string[], what: string): Promise<void> => {
      while (ids.some((id) => !writtenBack.has(id))) {
        if (wallNow() - lastMomentAt > stallMs) {
          const missing = ids.filter((id) => !writtenBack.has(id)).length;
          throw new Error(`${what}: ${missing} of ${ids.length} referrals not synced, no progress`);
        }
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    };

    progress(`${workerProcesses} worker process(es): warm-up`);
    const warm = await emulators.create(1, undefined, 'warm');
    await until(warm.ids, 'warm-up');
    await emulators.deliveriesIdle();

    progress(`${workerProcesses} worker process(es): ${options.referrals} referrals created at once`);
    const before = await emulators.calls();
    const usageBefore = children.map(usageOf);
    const created = await emulators.create(options.referrals, undefined, 'bulk');
    await until(created.ids, 'bulk');
    const last = Math.max(...created.ids.map((id) => writtenBack.get(id) ?? 0));
    const wallMs = last - created.firstAt;
    await emulators.deliveriesIdle();
    const after = await emulators.calls();
    // CPU of the bulk run only (start-up and warm-up left out); peak RSS over the whole life of the process.
    const processes = children.map((c, i) => {
      const now = usageOf(c);
      return { ...now, cpuSeconds: round(now.cpuSeconds - (usageBefore[i]?.cpuSeconds ?? 0), 1) };
    });
    for (const c of children.splice(0)) await stopChild(c);
    return {
      workerProcesses,
      referrals: options.referrals,
      wallMs: round(wallMs),
      referralsPerSecond: perSecond(options.referrals, wallMs),
      callsPerReferral: {
        partnerCenter: round((after.partnerCenter - before.partnerCenter) / options.referrals, 3),
        crm: round((after.crm - before.crm) / options.referrals, 3),
      },
      final: await emulators.check(created.ids),
      processes,
    };
  } finally {
    await scope.close();
  }
}

export async function runScaleOut(options: ScaleOutOptions, signing: Signing): Promise<ScaleOutResult> {
  const runs: Omit<ScaleOutRun, 'speedUp'>[] = [];
  for (const w of options.workerProcesses) runs.push(await runOne(w, options, signing));
  const base = runs[0]?.referralsPerSecond ?? 0;
  return {
    jobsPerProcess: options.jobs,
    runs: runs.map((r) => ({ ...r, speedUp: base > 0 ? round(r.referralsPerSecond / base, 2) : 0 })),
  };
}
