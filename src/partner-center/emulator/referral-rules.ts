// What the emulated service refuses, and how it reshapes what it accepts. Every refusal is a 400
// invalidRequest whose `target` names the offending field (error-codes.md).
import { formatInstant, parseInstant } from './clock.js';
import { invalidRequest } from './pc-errors.js';
import type { FieldModel, ReferralStatus, ReferralSubstatus } from './referral-model.js';
import { referralModel } from './referral-model.js';

/** Status / substatus transition table (referral-resources.md, remote-apis §1 "Status / substatus"). */
export const statusRules = {
  None: { next: ['None', 'New', 'Active', 'Closed'], substatuses: ['None'] },
  New: { next: ['New', 'Active', 'Closed'], substatuses: ['Pending', 'Received'] },
  Active: { next: ['Active', 'Closed'], substatuses: ['Accepted'] },
  Closed: { next: ['Closed'], substatuses: ['Won', 'Lost', 'Declined', 'Expired'] },
} as const satisfies Record<
  ReferralStatus,
  { next: readonly ReferralStatus[]; substatuses: readonly ReferralSubstatus[] }
>;

export function isValidPair(status: ReferralStatus, substatus: ReferralSubstatus): boolean {
  return (statusRules[status].substatuses as readonly string[]).includes(substatus);
}

/**
 * Refuses a state change the table does not allow. Closed is terminal: once closed, neither status nor
 * substatus may change (a Won deal cannot become Lost), which is what keeps R8's "never reopened" true.
 */
export function checkTransition(
  from: { status: ReferralStatus; substatus: ReferralSubstatus },
  to: { status: ReferralStatus; substatus: ReferralSubstatus },
): void {
  if (!isValidPair(to.status, to.substatus)) {
    throw invalidRequest(
      `Substatus '${to.substatus}' is not allowed with status '${to.status}'; allowed: ${statusRules[to.status].substatuses.join(', ')}.`,
      'substatus',
    );
  }
  if (from.status === to.status && from.substatus === to.substatus) return;
  if (from.status === 'Closed') {
    throw invalidRequest(
      `The referral is closed (${from.status}/${from.substatus}); a closed referral cannot be reopened or changed to ${to.status}/${to.substatus}.`,
      'status',
    );
  }
  if (!(statusRules[from.status].next as readonly string[]).includes(to.status)) {
    throw invalidRequest(`Status cannot change from '${from.status}' to '${to.status}'.`, 'status');
  }
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Binds a JSON value to the model: property names match case-insensitively, unknown ones are dropped, enum
 * values are canonicalised, numeric strings become numbers (the PATCH doc sends `"10000"` for dealValue) and
 * timestamps are re-rendered in the service's own format.
 */
export function bindToModel(value: unknown, model: FieldModel, path: string): Json {
  if (value === null || value === undefined) return null;
  switch (model.kind) {
    case 'json':
      return value as Json;
    case 'string': {
      if (typeof value !== 'string') throw invalidRequest(`'${path}' must be a string.`, path);
      if (!model.values) return value;
      const canonical = model.values.find((v) => v.toLowerCase() === value.toLowerCase());
      if (canonical === undefined) {
        throw invalidRequest(
          `'${value}' is not a valid value for '${path}'; expected one of ${model.values.join(', ')}.`,
          path,
        );
      }
      return canonical;
    }
    case 'number': {
      const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
      if (typeof n !== 'number' || !Number.isFinite(n))
        throw invalidRequest(`'${path}' must be a number.`, path);
      return n;
    }
    case 'boolean':
      if (typeof value === 'boolean') return value;
      if (value === 'true' || value === 'false') return value === 'true';
      throw invalidRequest(`'${path}' must be true or false.`, path);
    case 'datetime': {
      const instant = typeof value === 'string' ? parseInstant(value) : undefined;
      if (!instant) throw invalidRequest(`'${path}' must be an ISO 8601 date-time.`, path);
      return formatInstant(instant);
    }
    case 'collection':
      if (!Array.isArray(value)) throw invalidRequest(`'${path}' must be an array.`, path);
      return value.map((item, i) => bindToModel(item, model.of, `${path}[${i}]`));
    case 'object': {
      if (!isPlainObject(value))
        throw invalidRequest(`'${path || 'body'}' must be an object.`, path || undefined);
      const out: Record<string, Json> = {};
      for (const [key, item] of Object.entries(value)) {
        const name = Object.keys(model.fields).find((f) => f.toLowerCase() === key.toLowerCase());
        if (name === undefined) continue;
        out[name] = bindToModel(item, model.fields[name] as FieldModel, path ? `${path}.${name}` : name);
      }
      return out;
    }
  }
}

/** Binds a whole referral body; the result is a plain object with only known, well-typed properties. */
export function bindReferral(body: unknown): Record<string, unknown> {
  if (!isPlainObject(body)) throw invalidRequest('The request body must be a referral object.');
  return bindToModel(body, referralModel, '') as Record<string, unknown>;
}

const requiredOnWrite = ['type', 'customerProfile', 'consent', 'details'] as const;

/** Create and PUT need the four documented parts (create-a-referral.md, remote-apis §1 "Endpoints"). */
export function checkRequiredParts(referral: Record<string, unknown>): void {
  for (const field of requiredOnWrite) {
    if (referral[field] === undefined || referral[field] === null) {
      throw invalidRequest(`The field '${field}' is required.`, field);
    }
  }
}

/**
 * Field formats Partner Center depends on: a two-letter ISO 3166 country (the connector FAQ's most common
 * sync failure, R6) and a three-letter ISO 4217 currency. Checked after every write.
 */
export function checkFormats(referral: Record<string, unknown>): void {
  const profile = referral['customerProfile'] as
    { address?: { country?: unknown } | null } | null | undefined;
  const country = profile?.address?.country;
  if (typeof country === 'string' && country !== '' && !/^[A-Z]{2}$/.test(country)) {
    throw invalidRequest(
      `'${country}' is not a two-letter ISO 3166 country code.`,
      'customerProfile.address.country',
    );
  }
  const details = referral['details'] as { currency?: unknown } | null | undefined;
  const currency = details?.currency;
  if (typeof currency === 'string' && currency !== '' && !/^[A-Z]{3}$/.test(currency)) {
    throw invalidRequest(`'${currency}' is not a three-letter ISO 4217 currency code.`, 'details.currency');
  }
}
