// Small helpers of the benchmark: latency statistics, a quiet logger, throw-away PostgreSQL databases,
// cleanup scopes and the HTTP load generator running in a worker thread.
import fs from 'node:fs';
import { Writable } from 'node:stream';
import { Worker } from 'node:worker_threads';
import { createLogger, type Logger } from '../src/logger.js';
import { createDatabase } from '../test/support/postgres-databases.js';

/** Benchmark databases are named cosell_bench_<random>. */
export const createBenchDatabase = (serverUrl: string): ReturnType<typeof createDatabase> =>
  createDatabase(serverUrl, 'cosell_bench');
import type { LoadJob, LoadResult, LoadWorkerReply } from './load-worker.js';

// ---- numbers ----

export interface LatencySummary {
  readonly mean: number;
  readonly p50: number;
  readonly p90: number;
  readonly p95: number;
  readonly p99: number;
  readonly max: number;
}

/** Nearest-rank percentiles, in ms, rounded to µs. */
export function summarize(samples: ArrayLike<number>): LatencySummary {
  const sorted = Float64Array.from(samples).sort();
  const n = sorted.length;
  if (n === 0) return { mean: 0, p50: 0, p90: 0, p95: 0, p99: 0, max: 0 };
  const rank = (p: number): number => sorted[Math.min(n - 1, Math.max(0, Math.ceil((p / 100) * n) - 1))] ?? 0;
  let sum = 0;
  for (const x of sorted) sum += x;
  return {
    mean: round(sum / n),
    p50: round(rank(50)),
    p90: round(rank(90)),
    p95: round(rank(95)),
    p99: round(rank(99)),
    max: round(sorted[n - 1] ?? 0),
  };
}

/** Milliseconds since the epoch with sub-millisecond precision, comparable across worker threads. */
export const wallNow = (): number => performance.timeOrigin + performance.now();

export function round(x: number, digits = 3): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

export function perSecond(count: number, ms: number): number {
  return ms > 0 ? round((count * 1000) / ms, 1) : 0;
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return 0;
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

/** Runs `count` tasks with at most `concurrency` in flight; returns each task's latency in ms and the wall time. */
export async function timedPool(
  count: number,
  concurrency: number,
  task: (index: number) => Promise<unknown>,
): Promise<{ wallMs: number; latenciesMs: Float64Array }> {
  const latenciesMs = new Float64Array(count);
  let next = 0;
  const started = performance.now();
  const lane = async (): Promise<void> => {
    for (let i = next++; i < count; i = next++) {
      const t = performance.now();
      await task(i);
      latenciesMs[i] = performance.now() - t;
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, count)) }, lane));
  return { wallMs: performance.now() - started, latenciesMs };
}

// ---- logging ----

/** A logger at `warn` that keeps its lines in memory, so a benchmark run prints only its own output. */
export function quietLogger(): { logger: Logger; lines: string[] } {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      lines.push(chunk.toString('utf8').trimEnd());
      callback();
    },
  });
  return { logger: createLogger({ level: 'warn', destination }), lines };
}

// ---- cleanup ----

/** Deferred cleanups, run newest first; a failing one does not stop the others. */
export class Scope {
  readonly #cleanups: (() => Promise<void> | void)[] = [];
  static readonly open = new Set<Scope>();

  constructor() {
    Scope.open.add(this);
  }

  defer(fn: () => Promise<void> | void): void {
    this.#cleanups.push(fn);
  }

  async close(): Promise<void> {
    Scope.open.delete(this);
    for (let fn = this.#cleanups.pop(); fn !== undefined; fn = this.#cleanups.pop()) {
      try {
        await fn();
      } catch (error) {
        console.error(`bench: cleanup failed: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  }
}

// ---- PostgreSQL ----

/** The server without its credentials, for printing. */
export function describeServer(serverUrl: string): string {
  const url = new URL(serverUrl);
  return `${url.hostname}:${url.port || '5432'}`;
}

// ---- worker threads ----

/**
 * Starts a TypeScript file of the bench in a worker thread. tsx does not hook worker threads by itself: the
 * worker loads the file through tsx's own API.
 */
export function spawnTsWorker(file: URL): Worker {
  const api = import.meta.resolve('tsx/esm/api');
  const code = `import(${JSON.stringify(api)}).then(({ tsImport }) => tsImport(${JSON.stringify(file.href)}, ${JSON.stringify(file.href)}));`;
  return new Worker(code, { eval: true, execArgv: [] });
}

// ---- the load generator ----

export interface LoadGenerator {
  run(job: LoadJob): Promise<LoadResult>;
  close(): Promise<void>;
}

/** Starts bench/load-worker.ts in a worker thread, so the HTTP client does not share the receiver's event loop. */
export async function startLoadGenerator(): Promise<LoadGenerator> {
  const worker = spawnTsWorker(new URL('./load-worker.ts', import.meta.url));
  let pending: { resolve: (r: LoadWorkerReply) => void; reject: (e: Error) => void } | undefined;
  let failed: Error | undefined;
  worker.on('message', (reply: LoadWorkerReply) => {
    const p = pending;
    pending = undefined;
    p?.resolve(reply);
  });
  const fail = (error: Error): void => {
    failed ??= error;
    const p = pending;
    pending = undefined;
    p?.reject(error);
  };
  worker.on('error', fail);
  worker.on('exit', (code) => fail(new Error(`load worker exited (code ${code})`)));
  // The first reply says the worker is loaded and listening.
  const ready = await new Promise<LoadWorkerReply>((resolve, reject) => {
    pending = { resolve, reject };
  });
  if (ready.kind !== 'ready') throw new Error('load worker: unexpected first message');
  return {
    async run(job) {
      if (failed) throw failed;
      if (pending) throw new Error('load worker: one job at a time');
      const reply = await new Promise<LoadWorkerReply>((resolve, reject) => {
        pending = { resolve, reject };
        worker.postMessage(job);
      });
      if (reply.kind === 'error') throw new Error(`load worker: ${reply.message}`);
      if (reply.kind !== 'result') throw new Error('load worker: unexpected reply');
      return reply.result;
    },
    async close() {
      worker.removeAllListeners('exit');
      await worker.terminate();
    },
  };
}

// ---- tables ----

export type Cell = string | number | undefined;

/** Fixed-width columns: the first and last (labels, notes) left-aligned, the numbers between right-aligned. */
export function formatTable(header: readonly string[], rows: readonly (readonly Cell[])[]): string {
  const text = (c: Cell): string =>
    c === undefined ? '-' : typeof c === 'number' ? c.toFixed(Number.isInteger(c) ? 0 : c >= 100 ? 1 : 2) : c;
  const cells = [header.map(String), ...rows.map((r) => r.map(text))];
  const widths = header.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? '').length)));
  const line = (r: readonly string[]): string =>
    r
      .map((c, i) =>
        i === 0 || i === widths.length - 1 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0),
      )
      .join('  ')
      .trimEnd();
  const rule = widths.map((w) => '-'.repeat(w)).join('  ');
  return [line(cells[0] ?? []), rule, ...cells.slice(1).map(line)].join('\n');
}

/** A process's peak resident memory so far (VmHWM from /proc, Linux), in MiB; 0 once it is gone or elsewhere. */
export function peakRssMiB(pid: number | undefined): number {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    return round(Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024, 1);
  } catch {
    return 0;
  }
}
