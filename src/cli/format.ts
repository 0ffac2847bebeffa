// What runs and audit entries store, as a person reads it: codes explained in the user's language, API calls
// per system, durations and values. Shared by `cosell runs` and `cosell audit`.
import { isErrorCode, messageKey, type ErrorParams } from '../errors.js';
import { catalogues, type MessageKey } from '../i18n/index.js';
import { failed } from '../domain/validation/result.js';
import { renderRuleFailure } from '../domain/validation/render.js';
import type { Output } from './output.js';

/** A coded reason as a run, a step or an audit entry keeps it. */
export interface StoredCode {
  readonly code: string;
  readonly params: ErrorParams;
  /** The stored English message: shown only for a code the catalogue does not know. */
  readonly message?: string | undefined;
  /** A deferred run's moment to come back (ISO 8601). */
  readonly until?: string | undefined;
}

/** A JSON object (not an array), as jsonb columns hold them. */
export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Reads a stored `{ code, params, message, until }`; anything else has no code. */
export function storedCode(value: unknown): StoredCode | undefined {
  if (!isObject(value)) return undefined;
  const { code, params, message, until } = value;
  if (typeof code !== 'string') return undefined;
  return {
    code,
    params: paramsOf(params),
    message: typeof message === 'string' ? message : undefined,
    until: typeof until === 'string' ? until : undefined,
  };
}

function paramsOf(value: unknown): ErrorParams {
  if (!isObject(value)) return {};
  return Object.fromEntries(
    Object.entries(value).filter(
      (entry): entry is [string, string | number] =>
        typeof entry[1] === 'string' || typeof entry[1] === 'number',
    ),
  );
}

export interface Explained {
  readonly code: string;
  /** The error's message or the skip reason's text; undefined for a code the catalogue does not know. */
  readonly text: string | undefined;
  /** What to do, for an error code. */
  readonly fix?: string | undefined;
}

/**
 * Explains a stored code: an error code with its message and fix, a skip reason (`reasons.*`) with its text.
 * A code that is both (STATUS_TRANSITION_INVALID) reads as a skip reason when `as` says so.
 */
export function explain(out: Output, stored: StoredCode, as: 'error' | 'reason' = 'error'): Explained {
  const reasonKey = `reasons.${stored.code}`;
  const reason = isMessageKey(reasonKey) ? out.text(reasonKey) : undefined;
  if (reason !== undefined && (as === 'reason' || !isErrorCode(stored.code))) {
    return { code: stored.code, text: reason };
  }
  if (isErrorCode(stored.code)) {
    const key = messageKey(stored.code);
    const params = { ...placeholdersOf(out, key), ...placeholdersOf(out, `${key}.fix`), ...stored.params };
    // Renders like a validation failure so that VALIDATION_COUNTRY_INVALID gets its suggestion.
    const { message, fix } = renderRuleFailure(out.locale, failed(stored.code, '', params));
    return { code: stored.code, text: message, fix };
  }
  return { code: stored.code, text: stored.message };
}

function isMessageKey(key: string): key is MessageKey {
  return Object.hasOwn(catalogues.en, key);
}

/** Every placeholder of the text, filled with an ellipsis: params the store did not keep are not shown as {{name}}. */
function placeholdersOf(out: Output, key: MessageKey): Record<string, string> {
  const names = [...catalogues[out.locale][key].matchAll(/\{\{\s*([^{}]+?)\s*\}\}/g)].map((m) => m[1] ?? '');
  return Object.fromEntries(names.map((name) => [name, '…']));
}

/** "partner-center 2, salesforce 1" (by system name); the total when the split is unknown; "none" for no calls. */
export function callsText(
  out: Output,
  total: number,
  bySystem: Readonly<Record<string, number>> | null | undefined,
): string {
  const split = Object.entries(bySystem ?? {})
    .filter(([, n]) => n > 0)
    .sort(([a], [b]) => a.localeCompare(b));
  if (split.length > 0) return split.map(([system, n]) => `${system} ${n}`).join(', ');
  return total > 0 ? String(total) : out.text('cli.runs.noCalls');
}

/** Milliseconds from start to finish; undefined while unfinished. */
export function durationMs(startedAt: Date, finishedAt: Date | null | undefined): number | undefined {
  return finishedAt ? finishedAt.getTime() - startedAt.getTime() : undefined;
}

export function durationText(out: Output, ms: number | undefined): string {
  return ms === undefined ? out.text('cli.runs.unfinished') : out.text('cli.runs.took', { ms });
}

/** A stored value as text: strings as they are, empty as "(empty)", anything else as JSON. */
export function valueText(out: Output, value: unknown): string {
  if (value === null || value === undefined || value === '') return out.text('cli.format.empty');
  if (typeof value === 'string') return value;
  return JSON.stringify(value);
}

// Chinese characters take two terminal columns.
export function displayWidth(value: string): number {
  let width = 0;
  for (const ch of value)
    width += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\uff00-\uff60]/u.test(ch) ? 2 : 1;
  return width;
}

export function pad(value: string, width: number): string {
  return value + ' '.repeat(Math.max(0, width - displayWidth(value)));
}
