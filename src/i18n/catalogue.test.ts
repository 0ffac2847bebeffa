// Keeps the error catalogue (src/errors.ts), the three message catalogues and docs/errors.md in step.
import { readFileSync } from 'node:fs';
import { describe, it, expect } from 'vitest';
import { CosellError, errorCatalogue, errorCodes, messageKey } from '../errors.js';
import { en } from './en.js';
import { nlNL } from './nl-NL.js';
import { zhCN } from './zh-CN.js';
import {
  catalogues,
  describeError,
  locales,
  resolveLocale,
  type Catalogue,
  type MessageKey,
} from './index.js';

const translated = { 'nl-NL': nlNL, 'zh-CN': zhCN } as const;
type TranslatedLocale = keyof typeof translated;
const translatedLocales = Object.keys(translated) as TranslatedLocale[];

/**
 * Keys whose translation may equal the English text on purpose. Empty today: every text has words to
 * translate. Add a key here only with a comment saying why the same text is right in that language.
 */
const sameAsEnglish: Readonly<Record<TranslatedLocale, readonly MessageKey[]>> = {
  // Product names: Microsoft ships them untranslated in every language (Dutch keeps "Partner Center" too);
  // and the SI symbol ms, which Dutch writes the same.
  'nl-NL': ['crm.salesforce', 'crm.dynamics', 'console.system.partner-center', 'console.run.ms'],
  'zh-CN': ['crm.salesforce', 'crm.dynamics'],
};

const placeholderPattern = /\{\{\s*([^{}]+?)\s*\}\}/g;

function placeholders(text: string): string[] {
  return [...new Set([...text.matchAll(placeholderPattern)].map((m) => m[1] ?? ''))].sort();
}

function hasLettersOutsidePlaceholders(text: string): boolean {
  return /\p{L}/u.test(text.replace(placeholderPattern, ''));
}

function keysOf(catalogue: Catalogue): string[] {
  return Object.keys(catalogue).sort();
}

interface DocRow {
  code: string;
  http: string;
  retry: string;
  meaning: string;
  fix: string;
}

function docRows(): DocRow[] {
  const markdown = readFileSync(new URL('../../docs/errors.md', import.meta.url), 'utf8');
  // Every table row that names a code: the first cell is a backticked code.
  return markdown
    .split('\n')
    .filter((line) => /^\|\s*`/.test(line))
    .map((line) => {
      const match = /^\| `([A-Z0-9_]+)` \|/.exec(line);
      if (!match) throw new Error(`docs/errors.md row does not start with "| \`CODE\` |": ${line}`);
      const cells = line
        .replace(/^\|/, '')
        .replace(/\|\s*$/, '')
        .split('|')
        .map((cell) => cell.trim());
      expect(cells, `columns of ${line}`).toHaveLength(5);
      const [, http = '', retry = '', meaning = '', fix = ''] = cells;
      const plain = (cell: string) => cell.replace(/`/g, '');
      return {
        code: match[1] ?? '',
        http: plain(http),
        retry: plain(retry),
        meaning: plain(meaning),
        fix: plain(fix),
      };
    });
}

describe('every code and message has English, Dutch and Chinese text and a row in docs/errors.md', () => {
  it('has the three locales wired into the translator', () => {
    expect([...locales].sort()).toEqual(['en', 'nl-NL', 'zh-CN']);
    expect(catalogues.en).toBe(en);
    expect(catalogues['nl-NL']).toBe(nlNL);
    expect(catalogues['zh-CN']).toBe(zhCN);
  });

  it.each(locales)('every error code has a non-empty message and fix in %s', (locale) => {
    const catalogue = catalogues[locale];
    for (const code of errorCodes) {
      const key = messageKey(code);
      expect(catalogue[key]?.trim(), `${locale} ${key}`).toBeTruthy();
      expect(catalogue[`${key}.fix`]?.trim(), `${locale} ${key}.fix`).toBeTruthy();
    }
  });

  it('every message key of each catalogue is in the others, and no error key lacks a code', () => {
    const english = keysOf(en);
    for (const locale of translatedLocales) {
      expect(keysOf(translated[locale]), locale).toEqual(english);
    }
    const codes = new Set<string>(errorCodes);
    for (const key of english.filter((k) => k.startsWith('errors.'))) {
      expect(codes.has(key.replace(/^errors\./, '').replace(/\.fix$/, '')), key).toBe(true);
    }
  });

  it.each(translatedLocales)('every %s text is translated, not copied from English', (locale) => {
    const allowed = new Set<MessageKey>(sameAsEnglish[locale]);
    const copied = (Object.keys(en) as MessageKey[]).filter(
      (key) =>
        translated[locale][key] === en[key] && hasLettersOutsidePlaceholders(en[key]) && !allowed.has(key),
    );
    expect(copied).toEqual([]);
    for (const key of allowed)
      expect(translated[locale][key], `${locale} ${key} is allow-listed`).toBe(en[key]);
  });

  it('every Chinese text is written in Chinese characters', () => {
    const notChinese = (Object.keys(zhCN) as MessageKey[]).filter(
      (key) =>
        hasLettersOutsidePlaceholders(en[key]) &&
        !sameAsEnglish['zh-CN'].includes(key) &&
        !/\p{Script=Han}/u.test(zhCN[key]),
    );
    expect(notChinese).toEqual([]);
  });

  it.each(translatedLocales)(
    'every placeholder of an English text is in the %s text and vice versa',
    (locale) => {
      for (const key of Object.keys(en) as MessageKey[]) {
        expect(placeholders(translated[locale][key]), `${locale} ${key}`).toEqual(placeholders(en[key]));
      }
    },
  );

  it('docs/errors.md has one row per code, in catalogue order, with the HTTP status and retry class', () => {
    const rows = docRows();
    expect(rows.map((r) => r.code)).toEqual(errorCodes);
    for (const row of rows) {
      const def = errorCatalogue[row.code as keyof typeof errorCatalogue];
      expect(row.http, `${row.code} HTTP`).toBe(String(def.status));
      expect(row.retry, `${row.code} Retry`).toBe(def.retry);
    }
  });

  it('docs/errors.md shows the English message and fix of each code', () => {
    for (const row of docRows()) {
      const key = messageKey(row.code as keyof typeof errorCatalogue);
      expect(row.meaning, `${row.code} Meaning`).toBe(en[key]);
      expect(row.fix, `${row.code} What to do`).toBe(en[`${key}.fix`]);
    }
  });

  it.each(locales)('describeError renders a coded error in %s with its parameters filled in', (locale) => {
    const error = new CosellError('PC_ACCESS_DENIED', { identity: 'ann@contoso.example', reason: 'x' });
    const described = describeError(locale, error);
    expect(described.code).toBe('PC_ACCESS_DENIED');
    expect(described.message).toContain('ann@contoso.example');
    expect(described.message).toContain('x');
    expect(described.fix).toContain('ann@contoso.example');
    expect(described.fix).toContain('cosell connect partner-center');
    expect(described.message + described.fix).not.toContain('{{');
    if (locale !== 'en') {
      expect(described.message).not.toBe(describeError('en', error).message);
    }
  });

  it('resolveLocale picks the closest supported locale', () => {
    expect(resolveLocale('nl-BE')).toBe('nl-NL');
    expect(resolveLocale('nl')).toBe('nl-NL');
    expect(resolveLocale('zh-Hans')).toBe('zh-CN');
    expect(resolveLocale('zh-CN')).toBe('zh-CN');
    expect(resolveLocale('fr')).toBe('en');
    expect(resolveLocale(undefined)).toBe('en');
  });
});
