// The bench's side of bench/emulators-worker.ts: requests as promises, and the per-referral moments the
// emulators report (opportunity written, CRM id written back) as listeners.
import type {
  CallCounts,
  CreateResult,
  EmulatorsInfo,
  EmulatorsMessage,
  EmulatorsRequest,
  EmulatorsStart,
  FinalState,
} from './emulators-worker.js';
import { spawnTsWorker } from './support.js';

export type Moment = Extract<EmulatorsMessage, { kind: 'moments' }>['moments'][number];

export interface RemoteEmulators {
  readonly info: EmulatorsInfo;
  approve(userCode: string, username: string): Promise<void>;
  create(count: number, rate: number | undefined, tag: string): Promise<CreateResult>;
  calls(): Promise<CallCounts>;
  deliveriesIdle(): Promise<void>;
  check(ids: readonly string[]): Promise<FinalState>;
  /** Every moment reported from now on; returns the unsubscribe. */
  onMoment(listener: (moment: Moment) => void): () => void;
  close(): Promise<void>;
}

export async function startRemoteEmulators(start: EmulatorsStart): Promise<RemoteEmulators> {
  const worker = spawnTsWorker(new URL('./emulators-worker.ts', import.meta.url));
  const pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  const listeners = new Set<(moment: Moment) => void>();
  let nextId = 1;
  let failed: Error | undefined;
  let onReady: (() => void) | undefined;
  const fail = (error: Error): void => {
    failed ??= error;
    for (const p of pending.values()) p.reject(error);
    pending.clear();
  };
  worker.on('message', (message: EmulatorsMessage) => {
    switch (message.kind) {
      case 'ready':
        onReady?.();
        return;
      case 'moments':
        for (const moment of message.moments) for (const listener of listeners) listener(moment);
        return;
      case 'reply':
      case 'error': {
        const p = pending.get(message.id);
        pending.delete(message.id);
        if (message.kind === 'reply') p?.resolve(message.result);
        else p?.reject(new Error(`emulators: ${message.message}`));
        return;
      }
    }
  });
  worker.on('error', fail);
  worker.on('exit', (code) => fail(new Error(`emulators worker exited (code ${code})`)));
  await new Promise<void>((resolve, reject) => {
    onReady = resolve;
    worker.once('error', reject);
  });

  const call = <T>(request: EmulatorsRequest): Promise<T> => {
    if (failed) return Promise.reject(failed);
    const id = nextId++;
    return new Promise<T>((resolve, reject) => {
      pending.set(id, { resolve: (value) => resolve(value as T), reject });
      worker.postMessage({ id, request });
    });
  };

  const info = await call<EmulatorsInfo>({ op: 'start', start });
  return {
    info,
    approve: (userCode, username) => call({ op: 'approve', userCode, username }),
    create: (count, rate, tag) => call({ op: 'create', count, rate, tag }),
    calls: () => call({ op: 'calls' }),
    deliveriesIdle: () => call({ op: 'deliveriesIdle' }),
    check: (ids) => call({ op: 'check', ids }),
    onMoment(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async close() {
      try {
        await call({ op: 'close' });
      } finally {
        worker.removeAllListeners('exit');
        await worker.terminate();
      }
    },
  };
}
