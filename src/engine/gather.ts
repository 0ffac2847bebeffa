// Group commit for remote calls: while a batch is out, calls made by other jobs wait and go together as the
// next batch. Nothing waits when the system is idle (the first call goes at once), and under load batches
// grow by themselves up to `maxBatch`, so calls per record fall as the rate rises (design rule 8, API budget).
// Items keep their own outcome: `send` answers one result per item, in order.

export interface GatherOptions {
  /** Most items in one batch. */
  readonly maxBatch: number;
  /** Batches out at once; more calls wait and join the next one. */
  readonly maxInFlight?: number | undefined;
}

interface Waiting<I, O> {
  readonly item: I;
  readonly resolve: (value: O) => void;
  readonly reject: (reason: unknown) => void;
}

export class Gatherer<I, O> {
  readonly #send: (items: readonly I[]) => Promise<readonly O[]>;
  readonly #maxBatch: number;
  readonly #maxInFlight: number;
  #waiting: Waiting<I, O>[] = [];
  #inFlight = 0;

  constructor(send: (items: readonly I[]) => Promise<readonly O[]>, options: GatherOptions) {
    if (!Number.isInteger(options.maxBatch) || options.maxBatch < 1) {
      throw new RangeError(`maxBatch must be a positive integer, got ${options.maxBatch}`);
    }
    this.#send = send;
    this.#maxBatch = options.maxBatch;
    this.#maxInFlight = Math.max(1, options.maxInFlight ?? 1);
  }

  /** Resolves with this item's result, or rejects with what failed its whole batch. */
  submit(item: I): Promise<O> {
    return new Promise<O>((resolve, reject) => {
      this.#waiting.push({ item, resolve, reject });
      this.#flush();
    });
  }

  #flush(): void {
    while (this.#inFlight < this.#maxInFlight && this.#waiting.length > 0) {
      const batch = this.#waiting.splice(0, this.#maxBatch);
      this.#inFlight++;
      void this.#run(batch).finally(() => {
        this.#inFlight--;
        this.#flush();
      });
    }
  }

  async #run(batch: readonly Waiting<I, O>[]): Promise<void> {
    try {
      const results = await this.#send(batch.map((w) => w.item));
      if (results.length !== batch.length) {
        throw new Error(`a batch of ${batch.length} answered ${results.length} results`);
      }
      batch.forEach((w, i) => w.resolve(results[i] as O));
    } catch (error) {
      for (const w of batch) w.reject(error);
    }
  }
}
