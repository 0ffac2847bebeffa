// The benchmark's HTTP load generator, run in a worker thread (bench/support.ts startLoadGenerator): POSTs
// prepared requests with a fixed number in flight and times each one, on an event loop of its own so the
// client's work does not slow the receiver it measures.
import { parentPort } from 'node:worker_threads';

export interface LoadRequest {
  readonly body: string;
  readonly headers: Readonly<Record<string, string>>;
}

export interface LoadJob {
  readonly url: string;
  /** GET before the clock starts, `concurrency` at once, so keep-alive connections are open already. */
  readonly warmupUrl: string;
  readonly requests: readonly LoadRequest[];
  readonly concurrency: number;
}

export interface LoadResult {
  /** From the first request sent to the last response read. */
  readonly wallMs: number;
  /** Per request, in the order of `requests`. */
  readonly latenciesMs: Float64Array;
  /** "<http status> <body status or error code>" → how many, e.g. "200 accepted". */
  readonly outcomes: Record<string, number>;
  readonly firstFailure: string | undefined;
}

export type LoadWorkerReply =
  | { readonly kind: 'ready' }
  | { readonly kind: 'result'; readonly result: LoadResult }
  | { readonly kind: 'error'; readonly message: string };

function outcomeOf(status: number, text: string): string {
  try {
    const json = JSON.parse(text) as { status?: unknown; error?: { code?: unknown } };
    const label = typeof json.status === 'string' ? json.status : json.error?.code;
    return `${status} ${typeof label === 'string' ? label : '?'}`;
  } catch {
    return `${status} (not JSON)`;
  }
}

async function run(job: LoadJob): Promise<LoadResult> {
  const lanes = Math.max(1, Math.min(job.concurrency, job.requests.length));
  await Promise.all(Array.from({ length: lanes }, () => fetch(job.warmupUrl).then((r) => r.text())));

  const latenciesMs = new Float64Array(job.requests.length);
  const outcomes: Record<string, number> = {};
  let firstFailure: string | undefined;
  let next = 0;
  const lane = async (): Promise<void> => {
    for (let i = next++; i < job.requests.length; i = next++) {
      const request = job.requests[i];
      if (request === undefined) continue;
      const started = performance.now();
      let outcome: string;
      let text = '';
      try {
        const response = await fetch(job.url, {
          method: 'POST',
          headers: request.headers,
          body: request.body,
        });
        text = await response.text();
        outcome = outcomeOf(response.status, text);
      } catch (error) {
        const cause = (error as { cause?: { code?: unknown } }).cause?.code;
        outcome = `network ${typeof cause === 'string' ? cause : String(error)}`;
      }
      latenciesMs[i] = performance.now() - started;
      outcomes[outcome] = (outcomes[outcome] ?? 0) + 1;
      if (!outcome.startsWith('200 ')) firstFailure ??= `${outcome}: ${text.slice(0, 300)}`;
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: lanes }, lane));
  return { wallMs: performance.now() - started, latenciesMs, outcomes, firstFailure };
}

const port = parentPort;
if (port !== null) {
  port.on('message', (job: LoadJob) => {
    run(job).then(
      (result) => port.postMessage({ kind: 'result', result } satisfies LoadWorkerReply),
      (error: unknown) =>
        port.postMessage({
          kind: 'error',
          message: error instanceof Error ? error.message : String(error),
        } satisfies LoadWorkerReply),
    );
  });
  port.postMessage({ kind: 'ready' } satisfies LoadWorkerReply);
}
