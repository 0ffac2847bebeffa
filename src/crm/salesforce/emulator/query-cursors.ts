// Query paging. A query answers its first batch; when rows remain, it opens a cursor (query locator, an id
// with prefix 01g) holding a snapshot of the result, and `nextRecordsUrl` is
// `/services/data/vXX.X/query/<locator>-<offset>`. Batches are `Sforce-Query-Options: batchSize=N` rows
// (200..2,000, clamped) or the emulator's pageSize (default 2,000). As in Salesforce, a user holds at most 10
// open cursors (opening an 11th releases their oldest), and a cursor unused for 15 minutes (emulator clock)
// expires: both answer INVALID_QUERY_LOCATOR.
import type { Clock } from '../../../partner-center/emulator/clock.js';
import type { IdFactory } from './ids.js';
import { badRequest, SfErrorCode } from './sf-errors.js';

export interface QueryPage {
  readonly totalSize: number;
  readonly done: boolean;
  readonly nextRecordsUrl?: string;
  readonly records: readonly Record<string, unknown>[];
}

interface Cursor {
  readonly id: string;
  readonly userId: string;
  readonly rows: readonly Record<string, unknown>[];
  readonly batchSize: number;
  lastUsedMs: number;
}

export const cursorIdleMs = 15 * 60_000;
export const maxCursorsPerUser = 10;
const minBatch = 200;
const maxBatch = 2000;

/** The batch size from a `Sforce-Query-Options` header (clamped to 200..2,000), else the default. */
export function batchSizeFrom(header: string | undefined, fallback: number): number {
  const match = header && /(?:^|[\s,;])batchSize\s*=\s*(\d+)/i.exec(header);
  if (!match) return fallback;
  return Math.min(maxBatch, Math.max(minBatch, Number(match[1])));
}

const invalidLocator = () => badRequest(SfErrorCode.invalidQueryLocator, 'invalid query locator');

export class QueryCursors {
  readonly #cursors = new Map<string, Cursor>();

  constructor(
    private readonly clock: Clock,
    private readonly ids: IdFactory,
  ) {}

  #expire(now: number): void {
    for (const [id, cursor] of this.#cursors)
      if (now - cursor.lastUsedMs > cursorIdleMs) this.#cursors.delete(id);
  }

  #page(cursor: Cursor, offset: number, version: string, endpoint: string): QueryPage {
    const records = cursor.rows.slice(offset, offset + cursor.batchSize);
    const next = offset + records.length;
    const done = next >= cursor.rows.length;
    return {
      totalSize: cursor.rows.length,
      done,
      ...(done ? {} : { nextRecordsUrl: `/services/data/v${version}/${endpoint}/${cursor.id}-${next}` }),
      records,
    };
  }

  /** The first batch of a result; a cursor is kept only when more batches remain. */
  first(
    rows: readonly Record<string, unknown>[],
    totalSize: number,
    batchSize: number,
    userId: string,
    version: string,
    endpoint: 'query' | 'queryAll',
  ): QueryPage {
    if (rows.length <= batchSize) return { totalSize, done: true, records: rows };
    const now = this.clock.now().getTime();
    this.#expire(now);
    const mine = [...this.#cursors.values()].filter((c) => c.userId === userId);
    for (const old of mine.slice(0, Math.max(0, mine.length - maxCursorsPerUser + 1)))
      this.#cursors.delete(old.id);
    const cursor: Cursor = { id: this.ids.next('01g'), userId, rows, batchSize, lastUsedMs: now };
    this.#cursors.set(cursor.id, cursor);
    return this.#page(cursor, 0, version, endpoint);
  }

  /** A later batch: `<locator>-<offset>` (any offset inside the result may be asked for). */
  next(
    locator: string,
    userId: string,
    version: string,
    endpoint: 'query' | 'queryAll',
    batchSize?: number,
  ): QueryPage {
    const match = /^([0-9A-Za-z]{15,18})-(\d+)$/.exec(locator);
    if (!match) throw invalidLocator();
    const now = this.clock.now().getTime();
    this.#expire(now);
    const cursor = this.#cursors.get(match[1] ?? '');
    const offset = Number(match[2]);
    if (!cursor || cursor.userId !== userId || offset > cursor.rows.length) throw invalidLocator();
    cursor.lastUsedMs = now;
    const sized = batchSize === undefined ? cursor : { ...cursor, batchSize };
    return this.#page(sized, offset, version, endpoint);
  }
}
