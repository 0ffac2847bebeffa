// The SOQL lexer and parser on their own: the grammar of the subset, literal forms, escapes, and refusals
// that say where. Properties: any input either parses or is refused with MALFORMED_QUERY (never another
// failure), and escaping any string into a literal reads back the same string.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SfHttpError } from './sf-errors.js';
import type { Condition } from './soql-ast.js';
import { tokenizeSoql } from './soql-lexer.js';
import { parseSoql } from './soql-parser.js';

function refusal(text: string): { code: string; message: string } {
  try {
    parseSoql(text);
  } catch (error) {
    if (!(error instanceof SfHttpError)) throw error;
    const first = error.errors[0];
    return { code: first?.errorCode ?? '', message: first?.message ?? '' };
  }
  throw new Error(`parsed: ${text}`);
}

const where = (text: string): Condition => {
  const condition = parseSoql(`SELECT Id FROM Opportunity WHERE ${text}`).where;
  if (!condition) throw new Error('no WHERE');
  return condition;
};

describe('parser', () => {
  it('reads the clauses: fields with paths, COUNT(), WHERE, ORDER BY with NULLS, LIMIT, OFFSET; keywords in any case', () => {
    const q = parseSoql(
      'select Id, Name, Account.Name, Owner.Profile.Name from Opportunity where IsClosed = false order by CloseDate desc nulls last, Name limit 10 offset 5',
    );
    expect(q.fields.map((f) => f.segments.join('.'))).toEqual([
      'Id',
      'Name',
      'Account.Name',
      'Owner.Profile.Name',
    ]);
    expect(q.from.name).toBe('Opportunity');
    expect(q.orderBy.map((o) => [o.field.text, o.descending, o.nullsFirst])).toEqual([
      ['CloseDate', true, false],
      ['Name', false, undefined],
    ]);
    expect([q.limit, q.offset]).toEqual([10, 5]);
    expect(parseSoql('SELECT COUNT() FROM Account').count).toBe(true);
  });

  it('reads parent-child subqueries in the field list, with their place among the fields', () => {
    const q = parseSoql(
      "SELECT Id, (SELECT Name FROM Contacts WHERE Name LIKE 'a%' ORDER BY Name LIMIT 5), Name FROM Account",
    );
    expect(q.fields.map((f) => f.text)).toEqual(['Id', 'Name']);
    expect(q.children).toHaveLength(1);
    expect(q.children[0]).toMatchObject({ from: { name: 'Contacts' }, limit: 5, at: 1 });
    expect(q.children[0]?.fields.map((f) => f.text)).toEqual(['Name']);
    expect(q.children[0]?.where?.kind).toBe('like');
  });

  it('AND binds tighter than OR; NOT and parentheses; IN and NOT IN; LIKE; <> is !=', () => {
    const c = where(
      "Name = 'a' OR Name = 'b' AND NOT (Amount > 5 OR Amount <> 1) AND StageName NOT IN ('x', 'y') AND Name LIKE 'C%'",
    );
    expect(c.kind).toBe('or');
    if (c.kind !== 'or') return;
    expect(c.left).toMatchObject({ kind: 'compare', op: '=' });
    expect(c.right.kind).toBe('and');
    const text = JSON.stringify(c);
    expect(text).toContain('"op":"!="');
    expect(text).toContain('"negated":true');
    expect(text).toContain('"kind":"like"');
  });

  it('literals: strings with escapes, numbers, booleans, null, dates, date-times in three forms, date literals', () => {
    const value = (text: string) => {
      const c = where(`Name = ${text}`);
      return c.kind === 'compare' ? c.value : undefined;
    };
    expect(value("'O\\'Brien \\\\ \\n \\u00e9'")).toMatchObject({ kind: 'string', value: "O'Brien \\ \n é" });
    expect(value('-12.5')).toMatchObject({ kind: 'number', value: -12.5 });
    expect(value('TRUE')).toMatchObject({ kind: 'boolean', value: true });
    expect(value('null')).toMatchObject({ kind: 'null' });
    expect(value('2026-11-20')).toMatchObject({ kind: 'date', value: '2026-11-20' });
    const instant = Date.parse('2026-11-20T10:00:00Z');
    expect(value('2026-11-20T10:00:00Z')).toMatchObject({ kind: 'datetime', value: instant });
    expect(value('2026-11-20T12:00:00+02:00')).toMatchObject({ kind: 'datetime', value: instant });
    expect(value('2026-11-20T10:00:00.000+0000')).toMatchObject({ kind: 'datetime', value: instant });
    expect(value('LAST_N_DAYS:30')).toMatchObject({ kind: 'dateLiteral', name: 'LAST_N_DAYS', n: 30 });
    expect(value('today')).toMatchObject({ kind: 'dateLiteral', name: 'TODAY' });
  });

  it('LIKE patterns: % and _ are wildcards unless escaped', () => {
    const literal = tokenizeSoql("SELECT Id FROM Account WHERE Name LIKE 'a\\%b_c%'").find(
      (t) => t.kind === 'string',
    );
    expect(literal?.kind).toBe('string');
    const regex = new RegExp(literal?.like ?? '', 'is');
    expect(regex.test('a%bXcanything')).toBe(true);
    expect(regex.test('aXbXc')).toBe(false);
  });

  it('refusals are MALFORMED_QUERY with the row, column and a caret under the problem', () => {
    const r = refusal('SELECT Id FORM Account');
    expect(r.code).toBe('MALFORMED_QUERY');
    expect(r.message).toBe(
      "\nSELECT Id FORM Account\n          ^\nERROR at Row:1:Column:11\nexpecting 'FROM', found 'FORM'",
    );
    for (const bad of [
      'SELECT FROM Account',
      'SELECT Id FROM',
      "SELECT Id FROM Account WHERE Name = 'unterminated",
      "SELECT Id FROM Account WHERE Name = 'bad \\q escape'",
      'SELECT Id FROM Account WHERE Name =',
      'SELECT Id FROM Account WHERE (Name = null',
      'SELECT Id FROM Account LIMIT -1',
      'SELECT Id FROM Account WHERE CreatedDate > 2026-11-20T10:00',
      'SELECT Id FROM Account WHERE Id = :bind',
      'SELECT Id, (SELECT Id, (SELECT Id FROM Cases) FROM Contacts) FROM Account',
      'SELECT Id, (SELECT Id FROM Contacts OFFSET 1) FROM Account',
      'SELECT Id, (SELECT Id FROM Contacts FOR UPDATE) FROM Account',
      'SELECT Id, (SELECT COUNT() FROM Contacts) FROM Account',
      'SELECT Id FROM Account WHERE Id IN (SELECT AccountId FROM Contact)',
      'SELECT Name, COUNT(Id) FROM Account GROUP BY Name',
      'SELECT Id FROM Account a',
      'SELECT Id FROM Account WHERE LAST_N_DAYS:x = 1',
      'SELECT Id FROM Account ORDER BY Name NULLS',
      'SELECT Id FROM Account FOR UPDATE',
      'SELECT Id FROM Account WHERE Name = "double"',
    ]) {
      expect(refusal(bad).code, bad).toBe('MALFORMED_QUERY');
    }
    expect(refusal('SELECT Id\nFROM Account\nWHERE Name = ').message).toContain('ERROR at Row:3:Column:14');
  });

  it('property: any text parses or is refused with MALFORMED_QUERY', () => {
    const pieces = fc.constantFrom(
      'SELECT',
      'FROM',
      'WHERE',
      'AND',
      'OR',
      'NOT',
      'IN',
      'LIKE',
      'ORDER',
      'BY',
      'LIMIT',
      'OFFSET',
      'NULLS',
      'Id',
      'Name',
      'Account.Name',
      '(',
      ')',
      ',',
      '=',
      '!=',
      '<',
      '>=',
      "'x'",
      "'a\\'b'",
      '5',
      '-1.5',
      'null',
      'true',
      '2026-11-20',
      '2026-11-20T10:00:00Z',
      'TODAY',
      'LAST_N_DAYS:3',
      ':',
      '.',
      'COUNT()',
      ' ',
    );
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.array(pieces, { maxLength: 25 }).map((p) => p.join(' ')),
        ),
        (text) => {
          try {
            parseSoql(text);
          } catch (error) {
            expect(error).toBeInstanceOf(SfHttpError);
            expect((error as SfHttpError).errors[0]?.errorCode).toBe('MALFORMED_QUERY');
          }
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('property: an escaped string literal reads back as the string', () => {
    const escape = (s: string) =>
      s.replace(
        /[\\'"\n\r\t\b\f%_]/g,
        (c) =>
          `\\${({ '\n': 'n', '\r': 'r', '\t': 't', '\b': 'b', '\f': 'f' } as Record<string, string>)[c] ?? c}`,
      );
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), (s) => {
        const c = where(`Name = '${escape(s)}'`);
        expect(c.kind === 'compare' && c.value.kind === 'string' ? c.value.value : undefined).toBe(s);
      }),
      { numRuns: 500 },
    );
  });
});
