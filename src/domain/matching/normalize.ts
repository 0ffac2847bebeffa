// The forms in which the matcher compares ids, company names, postal codes and countries. The same company
// is typed differently in the CRM and in Partner Center ("Contoso, Ltd." / "CONTOSO LIMITED" /
// "Contoso"), so only the part that names the company is compared.

/** Legal-form tokens, as they read once lower-cased and stripped of punctuation ("B.V." is "bv"). */
const legalForms = new Set(
  `inc incorporated ltd limited llc llp plc corp corporation co company
   gmbh ag sa sas srl bv nv pty kk oy ab as`.split(/\s+/),
);

/**
 * Chinese and Japanese legal forms, written without a space before (or, in Japanese, also after) the name:
 * 腾讯科技有限公司, 株式会社ソニー. Longest first, so 股份有限公司 goes whole and not as 公司.
 */
const cjkSuffixes = [
  '股份有限公司',
  '有限责任公司',
  '有限責任公司',
  '有限公司',
  '公司',
  '株式会社',
  '有限会社',
];
const cjkPrefixes = ['株式会社', '有限会社'];

/** Letters NFKD does not take apart into a base letter and a mark. */
const foldedLetters: Readonly<Record<string, string>> = {
  ß: 'ss',
  æ: 'ae',
  œ: 'oe',
  ø: 'o',
  ł: 'l',
  đ: 'd',
  ð: 'd',
  þ: 'th',
  ı: 'i',
};

/**
 * A company name as the matcher compares it: lower case, no diacritics, `&` as "and", no punctuation, no
 * legal form, single spaces. A name that is nothing but legal-form words ("AB", "Company AG") keeps them:
 * dropping them all would make every such name equal.
 */
export function normalizeCompanyName(name: string): string {
  const folded = (ascii.test(name) ? name.toLowerCase() : foldUnicode(name))
    .replace(/&/g, ' and ')
    // Dots and apostrophes join ("B.V." is "bv", "O'Neil" is "oneil"), and so does a slash between two
    // single letters (the Nordic "A/S"); other punctuation separates words.
    .replace(/[.'’`]/g, '')
    .replace(/(^|[^\p{L}\p{N}])(\p{L})\/(\p{L})(?![\p{L}\p{N}])/gu, '$1$2$3')
    .replace(/[^\p{L}\p{M}\p{N}]+/gu, ' ');
  const tokens = folded.split(' ').filter((token) => token !== '');
  const kept = tokens.map(withoutCjkForm).filter((token) => token !== '' && !legalForms.has(token));
  // "Smith & Co." leaves a dangling "and".
  if (kept.length > 1 && kept[kept.length - 1] === 'and') kept.pop();
  return (kept.length > 0 ? kept : tokens).join(' ');
}

/** Most names are plain ASCII and need none of the Unicode folding (the costly part, at 50,000 names). */
const ascii = /^[\x20-\x7e]*$/;

/** Lower case without diacritics: "Société Générale" is "societe generale", "Straße" is "strasse". */
function foldUnicode(name: string): string {
  return (
    name
      .normalize('NFKD')
      // Only the Latin combining diacritics: other scripts' marks (Japanese dakuten, Devanagari vowel
      // signs) are part of the letter and come back together under NFC.
      .replace(/[\u0300-\u036f]/g, '')
      .normalize('NFC')
      .toLowerCase()
      .replace(/[ßæœøłđðþı]/g, (letter) => foldedLetters[letter] ?? letter)
  );
}

function withoutCjkForm(token: string): string {
  // Every form listed starts and ends outside ASCII; most words are ASCII at both ends.
  if (token.charCodeAt(0) < 0x80 && token.charCodeAt(token.length - 1) < 0x80) return token;
  let rest = token;
  const suffix = cjkSuffixes.find((form) => rest.endsWith(form));
  if (suffix !== undefined) rest = rest.slice(0, rest.length - suffix.length);
  const prefix = cjkPrefixes.find((form) => rest.startsWith(form));
  if (prefix !== undefined) rest = rest.slice(prefix.length);
  return rest;
}

/** Upper case without spaces and dashes: "sw1a 1aa" and "SW1A-1AA" are one postal code. */
export function normalizePostalCode(value: string | undefined): string | undefined {
  const code = value?.toUpperCase().replace(/[\s-]/g, '');
  return code === undefined || code === '' ? undefined : code;
}

/** Countries as entered ("NL", "nl"); only case and surrounding spaces are forgiven. */
export function normalizeCountry(value: string | undefined): string | undefined {
  const country = value?.trim().toLowerCase();
  return country === undefined || country === '' ? undefined : country;
}

const guid = /^\{?([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\}?$/i;

/**
 * The form in which an id is looked up on the other side. GUIDs (Partner Center ids, Dynamics 365 record
 * ids) are the same GUID in any case and with or without braces, and each side writes them its own way;
 * every other id (a Salesforce id is case-sensitive) must match exactly. Blank names nothing.
 */
export function idKey(id: string | undefined): string | undefined {
  const trimmed = id?.trim();
  if (trimmed === undefined || trimmed === '') return undefined;
  // Only 36 or 38 characters can be a GUID: most ids skip the pattern.
  if (trimmed.length !== 36 && trimmed.length !== 38) return trimmed;
  return guid.exec(trimmed)?.[1]?.toLowerCase() ?? trimmed;
}
