// Signed webhook delivery (docs/remote-apis.md §2 "Payload", "Delivery", "Callback authentication"): a thin JSON event POSTed to
// the registered URL, signed RSA-SHA256 PKCS#1 v1.5 over the exact body bytes, up to 10 attempts with
// exponential backoff on non-2xx answers or connection errors, then parked in an offline list with no
// further retries. Drop, duplicate and reorder faults apply here.
import { sign } from 'node:crypto';
import { EventEmitter, setMaxListeners } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import type { SigningIdentity } from './certificate.js';
import type { Clock } from './clock.js';
import type { FaultInjector } from './faults.js';

export interface WebhookEventPayload {
  readonly EventName: string;
  readonly ResourceUri: string;
  readonly ResourceName: string;
  readonly AuditUri: null;
  readonly ResourceChangeUtcDate: string;
}

export interface DispatchTarget {
  readonly url: string;
  /** `signatureTokenToMsSignatureHeader` of the registration: signature in x-ms-signature, not Authorization. */
  readonly msSignatureHeader: boolean;
}

export interface DeliveryAttempt {
  readonly eventId: number;
  /** The event as posted; `body` holds its exact bytes. */
  readonly event: WebhookEventPayload;
  readonly url: string;
  /** 1-based within one delivery run; a duplicate delivery counts its own attempts. */
  readonly attempt: number;
  /** HTTP status, or null when the connection failed. */
  readonly status: number | null;
  readonly error?: string;
  readonly responseText: string;
  readonly duplicate: boolean;
  readonly body: string;
  /** Emulator-clock time of the attempt. */
  readonly at: string;
}

export interface UndeliveredEvent {
  readonly eventId: number;
  readonly event: WebhookEventPayload;
  readonly url: string;
  readonly body: string;
  /** Offline events: how many attempts were made (0 for dropped ones). */
  readonly attempts: number;
}

export interface WebhookRetry {
  /** Attempts before an event goes offline (Partner Center: 10). */
  readonly attempts: number;
  /** Delay before attempt n+1 is baseDelayMs * 2^(n-1), capped at maxDelayMs. */
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  /** Per attempt; a receiver slower than this counts as failed. */
  readonly timeoutMs: number;
}

export const defaultWebhookRetry: WebhookRetry = {
  attempts: 10,
  baseDelayMs: 1000,
  maxDelayMs: 300_000,
  timeoutMs: 10_000,
};

export interface DispatcherEvents {
  delivery: [DeliveryAttempt];
  offline: [UndeliveredEvent];
  dropped: [UndeliveredEvent];
}

interface Queued {
  readonly eventId: number;
  readonly event: WebhookEventPayload;
  readonly body: string;
  readonly headers: Record<string, string>;
  readonly target: DispatchTarget;
  readonly onAttempt: ((attempt: DeliveryAttempt) => void) | undefined;
}

export class WebhookDispatcher extends EventEmitter<DispatcherEvents> {
  readonly deliveries: DeliveryAttempt[] = [];
  readonly offline: UndeliveredEvent[] = [];
  readonly dropped: UndeliveredEvent[] = [];
  readonly #tasks = new Set<Promise<void>>();
  readonly #abort = new AbortController();
  #held: Queued[] = [];
  #nextId = 1;

  constructor(
    private readonly identity: SigningIdentity,
    private readonly certificateUrl: () => string,
    private readonly faults: FaultInjector,
    private readonly retry: WebhookRetry,
    private readonly clock: Clock,
  ) {
    super();
    // Every delivery in flight and every retry wait listens on this one signal: hundreds at once is normal.
    setMaxListeners(0, this.#abort.signal);
  }

  /** Signs and queues one event for `target`; returns its id in the delivery log. */
  dispatch(
    payload: WebhookEventPayload,
    target: DispatchTarget,
    onAttempt?: (attempt: DeliveryAttempt) => void,
  ): number {
    const eventId = this.#nextId++;
    const body = JSON.stringify(payload);
    const signature = sign('sha256', Buffer.from(body, 'utf8'), this.identity.privateKeyPem).toString(
      'base64',
    );
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      'x-ms-certificate-url': this.certificateUrl(),
      'x-ms-signature-algorithm': 'rsa-sha256',
      ...(target.msSignatureHeader
        ? { 'x-ms-signature': signature }
        : { authorization: `Signature ${signature}` }),
    };
    const queued: Queued = { eventId, event: payload, body, headers, target, onAttempt };
    const window = this.faults.reorderWindowMs();
    if (window > 0) {
      this.#held.push(queued);
      if (this.#held.length === 1) this.#track(this.#releaseAfter(window));
    } else {
      this.#track(this.#deliver(queued));
    }
    return eventId;
  }

  #track(task: Promise<void>): void {
    this.#tasks.add(task);
    void task.finally(() => this.#tasks.delete(task));
  }

  /** Holds the window's events, then starts them in a shuffled order. */
  async #releaseAfter(windowMs: number): Promise<void> {
    try {
      await sleep(windowMs, undefined, { signal: this.#abort.signal });
    } catch {
      return;
    }
    const held = this.#held;
    this.#held = [];
    for (const index of this.faults.shuffle(held.length)) this.#track(this.#deliver(held[index] as Queued));
  }

  async #deliver(queued: Queued): Promise<void> {
    const fate = this.faults.webhookFate();
    if (fate.drop) {
      const dropped = {
        eventId: queued.eventId,
        event: queued.event,
        url: queued.target.url,
        body: queued.body,
        attempts: 0,
      };
      this.dropped.push(dropped);
      this.emit('dropped', dropped);
      return;
    }
    const delivered = await this.#run(queued, false);
    // Copies follow a successful delivery, byte for byte: the receiver must recognise them (R8).
    for (let copy = 0; delivered && copy < fate.copies; copy++) await this.#run(queued, true);
  }

  /** One delivery run: up to `attempts` tries. Resolves true once a 2xx arrives. */
  async #run(queued: Queued, duplicate: boolean): Promise<boolean> {
    const { attempts, baseDelayMs, maxDelayMs } = this.retry;
    for (let attempt = 1; attempt <= attempts; attempt++) {
      if (this.#abort.signal.aborted) return false;
      const record = await this.#attempt(queued, attempt, duplicate);
      this.deliveries.push(record);
      queued.onAttempt?.(record);
      this.emit('delivery', record);
      if (record.status !== null && record.status >= 200 && record.status < 300) return true;
      if (attempt === attempts) break;
      try {
        await sleep(Math.min(maxDelayMs, baseDelayMs * 2 ** (attempt - 1)), undefined, {
          signal: this.#abort.signal,
        });
      } catch {
        return false;
      }
    }
    const offline = {
      eventId: queued.eventId,
      event: queued.event,
      url: queued.target.url,
      body: queued.body,
      attempts,
    };
    this.offline.push(offline);
    this.emit('offline', offline);
    return false;
  }

  async #attempt(queued: Queued, attempt: number, duplicate: boolean): Promise<DeliveryAttempt> {
    const at = this.clock.now().toISOString();
    const base = {
      eventId: queued.eventId,
      event: queued.event,
      url: queued.target.url,
      attempt,
      duplicate,
      body: queued.body,
      at,
    };
    try {
      const response = await fetch(queued.target.url, {
        method: 'POST',
        headers: queued.headers,
        body: queued.body,
        redirect: 'manual',
        signal: AbortSignal.any([this.#abort.signal, AbortSignal.timeout(this.retry.timeoutMs)]),
      });
      const text = await response.text();
      return { ...base, status: response.status, responseText: text.slice(0, 1024) };
    } catch (error) {
      const cause = (error as { cause?: { code?: string } }).cause?.code;
      const message = error instanceof Error ? error.message : String(error);
      return { ...base, status: null, error: cause ? `${message} (${cause})` : message, responseText: '' };
    }
  }

  /** Resolves when nothing is held, in flight or waiting for a retry. */
  async waitForIdle(timeoutMs = 30_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.#tasks.size > 0) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`webhook deliveries still busy after ${timeoutMs} ms`);
      const timer = sleep(left, 'timeout' as const, { ref: false });
      const done = Promise.allSettled([...this.#tasks]).then(() => 'done' as const);
      if ((await Promise.race([done, timer])) === 'timeout')
        throw new Error(`webhook deliveries still busy after ${timeoutMs} ms`);
    }
  }

  /** Stops every held event, pending retry and attempt in flight. */
  async close(): Promise<void> {
    this.#abort.abort();
    this.#held = [];
    await Promise.allSettled([...this.#tasks]);
  }
}
