// The change cursor (pure): records sharing a whole-second SystemModstamp are neither repeated nor missed.
import { describe, expect, it } from 'vitest';
import { isCosellError } from '../../errors.js';
import {
  advance,
  afterCondition,
  decodeCursor,
  encodeCursor,
  maxIdsInCursor,
  type ChangeCursor,
} from './change-feed.js';

const t0 = '2026-11-20T10:00:00.000Z';
const t1 = '2026-11-20T10:00:01.000Z';

describe('change cursor', () => {
  it('is opaque and round-trips', () => {
    const cursor: ChangeCursor = { v: 1, t: t0, ids: ['006A', '006B'] };
    const text = encodeCursor(cursor);
    expect(text.startsWith('sf1.')).toBe(true);
    expect(text).not.toContain('006A');
    expect(decodeCursor(text)).toEqual(cursor);
  });

  it('an unreadable cursor is a coded error, not a restart from the beginning', () => {
    for (const bad of ['', 'sf1.!!!', 'sf1.' + Buffer.from('{"v":2}').toString('base64url'), 'other']) {
      let error: unknown;
      try {
        decodeCursor(bad);
      } catch (e) {
        error = e;
      }
      expect(isCosellError(error) && error.code).toBe('REQUEST_INVALID');
    }
  });

  it('asks for later seconds, and for the rest of the current second by excluding what was delivered', () => {
    expect(afterCondition({ v: 1, t: t0, ids: [] })).toBe('SystemModstamp >= 2026-11-20T10:00:00Z');
    expect(afterCondition({ v: 1, t: t0, ids: ['006A', "o'b"] })).toBe(
      "(SystemModstamp > 2026-11-20T10:00:00Z OR (SystemModstamp = 2026-11-20T10:00:00Z AND Id NOT IN ('006A', 'o\\'b')))",
    );
    expect(afterCondition({ v: 1, t: t0, after: '006Z' })).toBe(
      "(SystemModstamp > 2026-11-20T10:00:00Z OR (SystemModstamp = 2026-11-20T10:00:00Z AND Id > '006Z'))",
    );
  });

  it('advancing within one second accumulates ids; a new second starts afresh; an empty page keeps the cursor', () => {
    const c0: ChangeCursor = { v: 1, t: t0, ids: ['006A'] };
    const c1 = advance(c0, [{ id: '006B', stamp: t0 }]);
    expect(c1).toEqual({ v: 1, t: t0, ids: ['006A', '006B'] });
    const c2 = advance(c1, [
      { id: '006C', stamp: t0 },
      { id: '006D', stamp: t1 },
      { id: '006E', stamp: t1 },
    ]);
    expect(c2).toEqual({ v: 1, t: t1, ids: ['006D', '006E'] });
    expect(advance(c2, [])).toBe(c2);
  });

  it('a second with more records than the cursor may list falls back to keyset order by id', () => {
    const page = Array.from({ length: maxIdsInCursor + 1 }, (_, i) => ({
      id: `006${String(i).padStart(5, '0')}`,
      stamp: t0,
    }));
    const next = advance({ v: 1, t: '2026-11-20T09:00:00.000Z', ids: [] }, page);
    expect(next).toEqual({ v: 1, t: t0, after: page.at(-1)?.id });
    expect(advance(next, [{ id: '006zzzzz', stamp: t0 }])).toEqual({ v: 1, t: t0, after: '006zzzzz' });
    expect(advance(next, [{ id: '006B', stamp: t1 }])).toEqual({ v: 1, t: t1, ids: ['006B'] });
  });
});
