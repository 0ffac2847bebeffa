// `npm run bench -- [--scenario all|intake|e2e|scale|backfill] [--db pglite|postgres|both] [options]`
//
// For each database, two scenarios (and a third on PostgreSQL only):
// - intake (bench/run-database.ts): webhook intake (signed events POSTed to the receiver over loopback,
//   then the same events redelivered), delivery by the Partner Center emulator, the Partner Center client
//   (metered getReferral calls, sequential then parallel) and the cost of opening a fresh store;
// - e2e (bench/end-to-end.ts): the whole sync path, the connector against both emulators (the CRM's is
//   Salesforce, or Dynamics 365 with --crm dynamics): referrals
//   synced one at a time (calls per referral), N at once (referrals/s, calls, duplicates, memory) and at a
//   steady rate (webhook -> CRM write latency);
// - scale (bench/scale-out.ts, `--workers 1,2,4`): separate `cosell start` processes on one PostgreSQL
//   database, a receiver and W worker processes, referrals/s per W;
// - backfill (bench/backfill.ts, `--backfill N`): a first sync of N existing referrals by `cosell backfill`
//   as a child process (optionally killed `--kills K` times first): time, records/s, calls, peak RSS.
// Prints a table per database and scenario, then one JSON object with every number (also written to
// --json FILE). PostgreSQL: the server in DATABASE_URL, else postgres://postgres@127.0.0.1:5432/postgres;
// the bench creates its databases there (cosell_bench_<random>) and drops them.
import fs from 'node:fs';
import os from 'node:os';
import { parseArgs } from 'node:util';
import { generate } from 'selfsigned';
import { testDatabaseUrl } from '../src/config.js';
import type { DbKind } from '../src/store/db.js';
import { CrmSystem } from '../src/store/schema.js';
import {
  runEndToEnd,
  type CallsPerReferral,
  type EndToEndOptions,
  type EndToEndResult,
} from './end-to-end.js';
import { runBackfillBench, type BackfillBenchResult } from './backfill.js';
import { runScaleOut, type ScaleOutResult } from './scale-out.js';
import { runDatabase, type BenchOptions, type DatabaseResult, type Signing } from './run-database.js';
import { describeServer, formatTable, Scope, type Cell } from './support.js';

const usage = `Usage: npm run bench -- [options]

  --scenario all|intake|e2e|scale|backfill
                              what to measure (default all: intake and e2e; --workers alone: scale;
                              --backfill alone: backfill)
  --db pglite|postgres|both   databases to measure (default both)

intake:
  --events N                  webhook events POSTed to the receiver (default 2000)
  --calls N                   getReferral calls per client run (default 500)
  --concurrency N             requests in flight (default 8)
  --open-repeats N            fresh store opens measured (default 3)

e2e:
  --crm salesforce|dynamics   the CRM the connector syncs with (default salesforce)
  --referrals N               referrals created at once, the bulk run (default 5000)
  --rate N                    referrals per second of the latency run (default 100)
  --latency-referrals N       referrals of the latency run (default 1000)
  --trickle N                 referrals synced one at a time (default 10)
  --jobs N                    COSELL_WORKERS, jobs running at once per process (default 16)
  --coalesce-ms N             COSELL_COALESCE_MS, the coalescing window (default 100)

scale (PostgreSQL only):
  --workers LIST              worker processes to measure, e.g. 1,2,4 (default 1,2,4)
  --scale-referrals N         referrals created at once per run (default 2000)

backfill:
  --backfill N                referrals already in Partner Center, a tenth already in Salesforce (default 50000)
  --kills K                   SIGKILL the backfill K times part-way before the run let finish (default 0)

  --json FILE                 also write the JSON result to FILE
  -h, --help                  show this help

PostgreSQL: the server in DATABASE_URL, else postgres://postgres@127.0.0.1:5432/postgres.`;

type Scenario = 'intake' | 'e2e' | 'scale' | 'backfill';

interface CliOptions extends BenchOptions, EndToEndOptions {
  readonly workerProcesses: readonly number[];
  readonly scaleReferrals: number;
  readonly backfillReferrals: number;
  readonly kills: number;
  readonly scenarios: readonly Scenario[];
  readonly databases: readonly DbKind[];
  readonly json: string | undefined;
}

function positiveInt(name: string, raw: string | undefined, fallback: number, min = 1): number {
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min)
    throw new UsageError(`--${name} must be an integer of at least ${min}`);
  return value;
}

class UsageError extends Error {}

function parseOptions(argv: readonly string[]): CliOptions | 'help' {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        scenario: { type: 'string' },
        db: { type: 'string', default: 'both' },
        events: { type: 'string' },
        calls: { type: 'string' },
        concurrency: { type: 'string' },
        'open-repeats': { type: 'string' },
        crm: { type: 'string', default: 'salesforce' },
        referrals: { type: 'string' },
        rate: { type: 'string' },
        'latency-referrals': { type: 'string' },
        trickle: { type: 'string' },
        jobs: { type: 'string' },
        workers: { type: 'string' },
        'scale-referrals': { type: 'string' },
        backfill: { type: 'string' },
        kills: { type: 'string' },
        'coalesce-ms': { type: 'string' },
        json: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  if (values.help === true) return 'help';
  const databases: DbKind[] =
    values.db === 'both'
      ? ['pglite', 'postgres']
      : values.db === 'pglite' || values.db === 'postgres'
        ? [values.db]
        : [];
  if (databases.length === 0) throw new UsageError('--db must be pglite, postgres or both');
  const scenario =
    values.scenario ??
    (values.workers !== undefined ? 'scale' : values.backfill !== undefined ? 'backfill' : 'all');
  const scenarios: Scenario[] =
    scenario === 'all'
      ? ['intake', 'e2e']
      : scenario === 'intake' || scenario === 'e2e' || scenario === 'scale' || scenario === 'backfill'
        ? [scenario]
        : [];
  if (scenarios.length === 0) throw new UsageError('--scenario must be all, intake, e2e, scale or backfill');
  if (scenarios.includes('scale') && !databases.includes('postgres'))
    throw new UsageError('the scale scenario runs on PostgreSQL: --db postgres');
  const workerProcesses = (values.workers ?? '1,2,4')
    .split(',')
    .map((w) => positiveInt('workers', w.trim(), 1));
  const crm = values.crm;
  if (crm !== CrmSystem.salesforce && crm !== CrmSystem.dynamics)
    throw new UsageError('--crm must be salesforce or dynamics');
  return {
    crm,
    scenarios,
    databases,
    events: positiveInt('events', values.events, 2000),
    calls: positiveInt('calls', values.calls, 500),
    concurrency: positiveInt('concurrency', values.concurrency, 8),
    openRepeats: positiveInt('open-repeats', values['open-repeats'], 3),
    referrals: positiveInt('referrals', values.referrals, 5000),
    rate: positiveInt('rate', values.rate, 100),
    latencyReferrals: positiveInt('latency-referrals', values['latency-referrals'], 1000),
    trickle: positiveInt('trickle', values.trickle, 10),
    workers: positiveInt('jobs', values.jobs, 16),
    workerProcesses,
    scaleReferrals: positiveInt('scale-referrals', values['scale-referrals'], 2000),
    backfillReferrals: positiveInt('backfill', values.backfill, 50_000),
    kills: positiveInt('kills', values.kills, 0, 0),
    coalesceMs: positiveInt('coalesce-ms', values['coalesce-ms'], 100, 0),
    json: values.json,
    postgresUrl: testDatabaseUrl() ?? 'postgres://postgres@127.0.0.1:5432/postgres',
  };
}

/** The signing identity the emulator publishes and the bench signs its own events with. */
async function signingIdentity(): Promise<Signing> {
  const pems = await generate(
    [
      { name: 'commonName', value: 'pcnotifications-dispatch.microsoft.com' },
      { name: 'organizationName', value: 'Microsoft Corporation' },
    ],
    { keySize: 2048, notAfterDate: new Date(Date.now() + 7 * 86_400_000) },
  );
  return { privateKeyPem: pems.private, certificatePem: pems.cert };
}

function table(r: DatabaseResult): string {
  const ms = (x: number): string => x.toFixed(1);
  const row = (
    name: string,
    x: {
      count: number;
      concurrency: Cell;
      perSecond: number;
      latencyMs: { p50: number; p95: number; p99: number };
      wallMs: number;
    },
    check: string,
  ): Cell[] => [
    name,
    x.count,
    x.concurrency,
    x.perSecond.toFixed(1),
    x.latencyMs.p50.toFixed(2),
    x.latencyMs.p95.toFixed(2),
    x.latencyMs.p99.toFixed(2),
    ms(x.wallMs),
    check,
  ];
  const i = r.webhookIntake;
  const d = r.webhookRedelivery;
  const e = r.emulatorDelivery;
  const s = r.clientSequential;
  const p = r.clientParallel;
  const o = r.storeOpen;
  const rows: Cell[][] = [
    row('webhook intake (new events)', { ...i, count: i.events }, `inbox ${i.inboxRows} rows, all accepted`),
    row(
      'webhook redelivery (duplicates)',
      { ...d, count: d.events },
      `inbox ${d.inboxRows} rows, ${d.duplicates} duplicates`,
    ),
    row(
      'emulator delivery (create→stored)',
      { ...e, count: e.referrals, concurrency: 'all' },
      `${e.storedEvents} stored, ${e.failedAttempts} failed attempts, creates ${ms(e.createMs)} ms`,
    ),
    row('client getReferral, sequential', { ...s, count: s.calls }, `${s.budgetCalls} calls metered`),
    row('client getReferral, parallel', { ...p, count: p.calls }, `${p.budgetCalls} calls metered`),
    [
      'store open+migrate (workload store)',
      1,
      undefined,
      undefined,
      ms(r.workloadStoreOpenMs),
      undefined,
      undefined,
      ms(r.workloadStoreOpenMs),
      r.db === 'pglite' ? 'file-backed, fresh temp dir' : 'fresh database',
    ],
    [
      `store open+migrate (${r.db === 'pglite' ? 'in memory' : 'fresh db'})`,
      o.samplesMs.length,
      undefined,
      undefined,
      ms(o.medianMs),
      undefined,
      undefined,
      ms(o.samplesMs.reduce((a, b) => a + b, 0)),
      `samples ${o.samplesMs.map(ms).join(', ')} ms`,
    ],
  ];
  return [
    `== ${r.db}: ${r.store} (run ${(r.wallMs / 1000).toFixed(1)} s, ${r.logWarnings} log warnings) ==`,
    formatTable(
      ['measurement', 'count', 'conc', 'ops/s', 'p50 ms', 'p95 ms', 'p99 ms', 'wall ms', 'check'],
      rows,
    ),
  ].join('\n');
}

function endToEndTable(r: EndToEndResult): string {
  // Dataverse counts each request inside a $batch: its round trips are shown beside what it counts.
  const crm = r.crm === CrmSystem.dynamics ? 'DV' : 'SF';
  const calls = (c: CallsPerReferral): string =>
    `PC ${c.partnerCenter.toFixed(2)} + ${crm} ${c.crm.toFixed(2)} calls/referral` +
    (r.crm === CrmSystem.dynamics ? ` (${c.crmRoundTrips.toFixed(2)} round trips)` : '');
  const final = (f: EndToEndResult['bulk']['final']): string =>
    `${f.writtenBack}/${f.referrals} synced, ${f.duplicates} duplicates`;
  const latency = (x: { p50: number; p90: number; p99: number; max: number }): Cell[] => [
    x.p50.toFixed(1),
    x.p90.toFixed(1),
    x.p99.toFixed(1),
    x.max.toFixed(1),
  ];
  const { trickle: t, bulk: b, latency: l } = r;
  const rows: Cell[][] = [
    [
      'one at a time: webhook → id written back',
      t.referrals,
      1,
      undefined,
      ...latency(t.latencyMs),
      undefined,
      `${calls(t.callsPerReferral)} (max PC ${t.maxCalls.partnerCenter}, ${crm} ${t.maxCalls.crm})`,
    ],
    [
      'bulk: create → id written back',
      b.referrals,
      r.workers,
      b.referralsPerSecond.toFixed(1),
      ...latency(b.latencyMs),
      b.wallMs.toFixed(0),
      `${calls(b.callsPerReferral)}, ${final(b.final)}, peak RSS ${b.peakRssMiB} MiB`,
    ],
    [
      `steady ${l.targetRate}/s: webhook → CRM write`,
      l.referrals,
      r.workers,
      l.createdPerSecond.toFixed(1),
      ...latency(l.toCrmWriteMs),
      undefined,
      `${calls(l.callsPerReferral)}, ${final(l.final)}`,
    ],
    [
      `steady ${l.targetRate}/s: webhook → id written back`,
      l.referrals,
      r.workers,
      undefined,
      ...latency(l.toWriteBackMs),
      undefined,
      `peak RSS ${l.peakRssMiB} MiB`,
    ],
  ];
  const runsText = Object.entries(r.runsByStatus)
    .map(([status, n]) => `${n} ${status}`)
    .join(', ');
  return [
    `== ${r.db}: end to end, ${r.workers} workers, coalescing ${r.coalesceMs} ms ` +
      `(run ${(r.wallMs / 1000).toFixed(1)} s, runs: ${runsText}, max RSS ${r.maxRssMiB} MiB, ` +
      `${r.logWarnings} log warnings) ==`,
    formatTable(
      ['measurement', 'count', 'conc', 'ref/s', 'p50 ms', 'p90 ms', 'p99 ms', 'max ms', 'wall ms', 'check'],
      rows,
    ),
  ].join('\n');
}

function scaleOutTable(r: ScaleOutResult): string {
  const rows: Cell[][] = r.runs.map((run) => {
    const workers = run.processes.filter((p) => p.role === 'worker');
    const receiver = run.processes.find((p) => p.role !== 'worker');
    const cpuPer1000 = (seconds: number): string => ((seconds / run.referrals) * 1000).toFixed(1);
    return [
      run.workerProcesses,
      run.referrals,
      run.referralsPerSecond.toFixed(1),
      run.speedUp.toFixed(2),
      (run.wallMs / 1000).toFixed(1),
      `PC ${run.callsPerReferral.partnerCenter.toFixed(2)} + SF ${run.callsPerReferral.crm.toFixed(2)}`,
      `${run.final.writtenBack}/${run.final.referrals}, ${run.final.duplicates} dup`,
      `${cpuPer1000(workers.reduce((a, p) => a + p.cpuSeconds, 0))} / ${cpuPer1000(receiver?.cpuSeconds ?? 0)}`,
      `${Math.max(0, ...workers.map((p) => p.peakRssMiB))} / ${receiver?.peakRssMiB ?? 0}`,
    ];
  });
  return [
    `== postgres: scale-out, a receiver + W worker processes (${r.jobsPerProcess} jobs each) ==`,
    formatTable(
      [
        'W',
        'referrals',
        'ref/s',
        'speed-up',
        'wall s',
        'calls/referral',
        'synced',
        'CPU s/1000 ref: workers / receiver',
        'peak RSS MiB: worker / receiver',
      ],
      rows,
    ),
  ].join('\n');
}

function backfillTable(r: BackfillBenchResult): string {
  return [
    `== ${r.db}: first sync, cosell backfill of existing referrals (Salesforce; ${r.kills} SIGKILLs first) ==`,
    formatTable(
      [
        'referrals',
        'pre-existing',
        'wall s',
        'of it applying s',
        'records/s',
        'calls/record',
        'peak RSS MiB',
        'end state',
      ],
      [
        [
          r.referrals,
          r.preexisting,
          (r.wallMs / 1000).toFixed(1),
          (r.applyMs / 1000).toFixed(1),
          r.recordsPerSecond.toFixed(1),
          `PC ${r.callsPerRecord.partnerCenter.toFixed(2)} + SF ${r.callsPerRecord.crm.toFixed(3)}`,
          r.peakRssMiB,
          `${r.final.linked} linked, ${r.final.missing} missing, ${r.final.duplicates} dup`,
        ],
      ],
    ),
  ].join('\n');
}

async function main(): Promise<number> {
  let options: CliOptions | 'help';
  try {
    options = parseOptions(process.argv.slice(2));
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    console.error(`bench: ${error.message}\n\n${usage}`);
    return 2;
  }
  if (options === 'help') {
    console.log(usage);
    return 0;
  }
  // Ctrl-C or a kill: close what is open (servers, stores), drop the databases and remove the temp dirs.
  let interrupted = false;
  const interrupt = (signal: NodeJS.Signals): void => {
    if (interrupted) return;
    interrupted = true;
    console.error(`bench: ${signal}, cleaning up`);
    void Promise.all([...Scope.open].map((s) => s.close())).finally(() => process.exit(130));
  };
  process.on('SIGINT', interrupt);
  process.on('SIGTERM', interrupt);

  const startedAt = new Date();
  const started = performance.now();
  const cpus = os.cpus();
  const machine = {
    cpus: cpus.length,
    cpuModel: cpus[0]?.model ?? 'unknown',
    node: process.version,
    platform: `${os.platform()} ${os.release()}`,
    arch: os.arch(),
    totalMemoryMiB: Math.round(os.totalmem() / 1024 / 1024),
    // Other work on the machine skews every number: the 1, 5 and 15 minute load averages at the start.
    loadAverage: os.loadavg().map((x) => Math.round(x * 100) / 100),
  };
  const { postgresUrl, ...shown } = options;
  const reported = {
    ...shown,
    postgresServer: options.databases.includes('postgres') ? describeServer(postgresUrl) : undefined,
    deliveryReferrals: Math.min(options.events, 500),
  };
  const intake = options.scenarios.includes('intake');
  const e2e = options.scenarios.includes('e2e');
  console.error(
    `bench: ${options.scenarios.join(' + ')} on ${options.databases.join(' + ')}` +
      (intake
        ? `; intake: ${options.events} events, ${options.calls} calls, concurrency ${options.concurrency}`
        : '') +
      (e2e
        ? `; e2e (${options.crm}): ${options.referrals} referrals, ${options.latencyReferrals} at ${options.rate}/s, ` +
          `${options.trickle} one at a time, ${options.workers} workers, coalescing ${options.coalesceMs} ms`
        : '') +
      (options.scenarios.includes('backfill')
        ? `; backfill: ${options.backfillReferrals} referrals, ${options.kills} kills`
        : '') +
      (options.scenarios.includes('scale')
        ? `; scale: ${options.scaleReferrals} referrals, worker processes ${options.workerProcesses.join(', ')}, ` +
          `${options.workers} jobs each`
        : '') +
      `; ${machine.cpus} CPUs, Node ${machine.node}`,
  );

  const signing = await signingIdentity();
  const results: Partial<Record<DbKind, DatabaseResult>> = {};
  const endToEnd: Partial<Record<DbKind, EndToEndResult>> = {};
  for (const kind of options.databases) {
    if (intake) {
      const result = await runDatabase(kind, options, signing);
      results[kind] = result;
      console.log(`\n${table(result)}`);
    }
    if (e2e) {
      const result = await runEndToEnd(kind, options, signing);
      endToEnd[kind] = result;
      console.log(`\n${endToEndTable(result)}`);
    }
  }
  let scaleOut: ScaleOutResult | undefined;
  if (options.scenarios.includes('scale')) {
    scaleOut = await runScaleOut(
      {
        workerProcesses: options.workerProcesses,
        referrals: options.scaleReferrals,
        jobs: options.workers,
        coalesceMs: options.coalesceMs,
        postgresUrl: options.postgresUrl,
      },
      signing,
    );
    console.log(`\n${scaleOutTable(scaleOut)}`);
  }

  const backfill: Partial<Record<DbKind, BackfillBenchResult>> = {};
  if (options.scenarios.includes('backfill')) {
    for (const kind of options.databases) {
      const result = await runBackfillBench(kind, {
        referrals: options.backfillReferrals,
        kills: options.kills,
        postgresUrl: options.postgresUrl,
      });
      backfill[kind] = result;
      console.log(`\n${backfillTable(result)}`);
    }
  }

  const report = {
    benchmark: 'cosell',
    startedAt: startedAt.toISOString(),
    durationMs: Math.round(performance.now() - started),
    machine,
    options: reported,
    results,
    endToEnd,
    scaleOut,
    backfill,
  };
  console.log(`\n${JSON.stringify(report)}`);
  if (options.json !== undefined) {
    fs.writeFileSync(options.json, `${JSON.stringify(report, null, 2)}\n`);
    console.error(`bench: wrote ${options.json}`);
  }
  return 0;
}

try {
  process.exitCode = await main();
} catch (error) {
  console.error(`bench: FAILED: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  process.exitCode = 1;
}
