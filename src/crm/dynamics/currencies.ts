// The environment's currencies (transactioncurrency rows), read once and kept: rows name their currency by
// id, referrals by ISO 4217 code, and the set hardly ever changes. One query of a few rows serves the id ↔
// code maps and enabledCurrencies; it is read again after `ttlMs` so a currency turned on later is seen.
import { withQuery, type DataverseClient } from './client.js';
import { DvCurrencySchema, type DvCurrency } from './wire.js';

export const currencyTtlMs = 60 * 60_000;

/** Every currency (a few rows), in ISO order. */
export const currencyQuery = withQuery('transactioncurrencies', {
  $select: 'transactioncurrencyid,isocurrencycode,statecode',
  $orderby: 'isocurrencycode asc',
});

export interface CurrencyTable {
  readonly byId: ReadonlyMap<string, DvCurrency>;
  readonly byCode: ReadonlyMap<string, DvCurrency>;
  /** Active codes, in ISO order (the base currency is the organization's, a table not read here). */
  readonly active: readonly string[];
}

export class Currencies {
  #table: CurrencyTable | undefined;
  #readAt = 0;
  #inflight: Promise<CurrencyTable> | undefined;

  constructor(
    private readonly client: DataverseClient,
    private readonly now: () => number = Date.now,
  ) {}

  table(): Promise<CurrencyTable> {
    if (this.#table && this.now() - this.#readAt < currencyTtlMs) return Promise.resolve(this.#table);
    this.#inflight ??= this.#read().finally(() => {
      this.#inflight = undefined;
    });
    return this.#inflight;
  }

  /** Whether the table must be read (again) before it can be used. */
  get stale(): boolean {
    return this.#table === undefined || this.now() - this.#readAt >= currencyTtlMs;
  }

  async #read(): Promise<CurrencyTable> {
    return this.learn(await this.client.getAll(currencyQuery, DvCurrencySchema));
  }

  /** Takes the rows of `currencyQuery` read by someone else (inside a lookup $batch, saving a round trip). */
  learn(rows: readonly DvCurrency[]): CurrencyTable {
    const normal = rows.map((r) => ({
      ...r,
      transactioncurrencyid: r.transactioncurrencyid.toLowerCase(),
      isocurrencycode: r.isocurrencycode.toUpperCase(),
    }));
    this.#table = {
      byId: new Map(normal.map((r) => [r.transactioncurrencyid, r])),
      byCode: new Map(normal.map((r) => [r.isocurrencycode, r])),
      active: normal.filter((r) => (r.statecode ?? 0) === 0).map((r) => r.isocurrencycode),
    };
    this.#readAt = this.now();
    return this.#table;
  }

  /** The code of a currency id, from the table as last read (undefined when not read or unknown). */
  codeOf(id: string | null | undefined): string | undefined {
    if (!id) return undefined;
    return this.#table?.byId.get(id.toLowerCase())?.isocurrencycode;
  }

  /**
   * The bind of a currency: by id when known; by its alternate key otherwise, so Dataverse itself answers
   * for a code the environment does not have (a 404 that names it) rather than us guessing.
   */
  bindOf(code: string): string {
    const row = this.#table?.byCode.get(code.toUpperCase());
    return row
      ? `/transactioncurrencies(${row.transactioncurrencyid})`
      : `/transactioncurrencies(isocurrencycode=${`'${code.toUpperCase().replace(/'/g, "''")}'`})`;
  }
}
