// `npm run bench -- [--db pglite|postgres|both] [--events N] [--calls N] [--concurrency N] [--json FILE]`
//
// For each database: webhook intake (signed events POSTed to the receiver over loopback, then the same
// events redelivered), end-to-end delivery by the Partner Center emulator, the Partner Center client
// (metered getReferral calls, sequential then parallel) and the cost of opening a fresh store. Prints a
// table per database, then one JSON object with every number (also written to --json FILE).
// PostgreSQL: the server in DATABASE_URL, else postgres://postgres@127.0.0.1:5432/postgres; the bench
// creates its databases there (cosell_bench_<random>) and drops them.
import fs from 'node:fs';
import os from 'node:os';
import { parseArgs } from 'node:util';
import { generate } from 'selfsigned';
import { testDatabaseUrl } from '../src/config.js';
import type { DbKind } from '../src/store/db.js';
import { runDatabase, type BenchOptions, type DatabaseResult, type Signing } from './run-database.js';
import { describeServer, formatTable, Scope, type Cell } from './support.js';

const usage = `Usage: npm run bench -- [options]

  --db pglite|postgres|both   databases to measure (default both)
  --events N                  webhook events POSTed to the receiver (default 2000)
  --calls N                   getReferral calls per client run (default 500)
  --concurrency N             requests in flight (default 8)
  --open-repeats N            fresh store opens measured (default 3)
  --json FILE                 also write the JSON result to FILE
  -h, --help                  show this help

PostgreSQL: the server in DATABASE_URL, else postgres://postgres@127.0.0.1:5432/postgres.`;

interface CliOptions extends BenchOptions {
  readonly databases: readonly DbKind[];
  readonly json: string | undefined;
}

function positiveInt(name: string, raw: string | undefined, fallback: number): number {
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1) throw new UsageError(`--${name} must be a positive integer`);
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
        db: { type: 'string', default: 'both' },
        events: { type: 'string' },
        calls: { type: 'string' },
        concurrency: { type: 'string' },
        'open-repeats': { type: 'string' },
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
  return {
    databases,
    events: positiveInt('events', values.events, 2000),
    calls: positiveInt('calls', values.calls, 500),
    concurrency: positiveInt('concurrency', values.concurrency, 8),
    openRepeats: positiveInt('open-repeats', values['open-repeats'], 3),
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
  };
  const { postgresUrl, ...shown } = options;
  const reported = {
    ...shown,
    postgresServer: options.databases.includes('postgres') ? describeServer(postgresUrl) : undefined,
    e2eReferrals: Math.min(options.events, 500),
  };
  console.error(
    `bench: ${options.databases.join(' + ')}, ${options.events} events, ${options.calls} calls, concurrency ${options.concurrency}; ` +
      `${machine.cpus} CPUs, Node ${machine.node}`,
  );

  const signing = await signingIdentity();
  const results: Partial<Record<DbKind, DatabaseResult>> = {};
  for (const kind of options.databases) {
    const result = await runDatabase(kind, options, signing);
    results[kind] = result;
    console.log(`\n${table(result)}`);
  }

  const report = {
    benchmark: 'cosell',
    startedAt: startedAt.toISOString(),
    durationMs: Math.round(performance.now() - started),
    machine,
    options: reported,
    results,
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
