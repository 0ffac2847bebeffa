// R2: asking Microsoft for help makes the referral a co-sell, and Microsoft's seller then needs someone at the
// customer to talk to. The old connector dropped such referrals without saying why; we name the gap.
import type { CustomerContact } from '../referral.js';
import { failed, passed, type RuleResult } from './result.js';

export interface ContactInput {
  readonly helpRequested: boolean;
  readonly assistanceRequestCode?: string | undefined;
  readonly customer: { readonly contacts: readonly CustomerContact[] };
}

function filled(value: string | undefined): boolean {
  return value !== undefined && value.trim() !== '';
}

/** "Unknown" is Partner Center's default for "no help asked", so only another code counts as a request. */
export function isHelpRequested(input: Omit<ContactInput, 'customer'>): boolean {
  const code = input.assistanceRequestCode?.trim() ?? '';
  return input.helpRequested || (code !== '' && code !== 'Unknown');
}

/**
 * Someone Microsoft can reach: a name, and an e-mail address or a phone number. Only plausibility is checked
 * (an "@" with text on both sides, a digit in the phone number); the CRM owns the exact formats.
 */
export function isReachableContact(contact: CustomerContact): boolean {
  const named = filled(contact.firstName) || filled(contact.lastName);
  const email = contact.email?.trim() ?? '';
  const byEmail = /^[^@\s]+@[^@\s]+$/.test(email);
  const byPhone = /\d/.test(contact.phone ?? '');
  return named && (byEmail || byPhone);
}

export function checkContact(input: ContactInput): RuleResult {
  if (!isHelpRequested(input)) return passed;
  if (input.customer.contacts.some(isReachableContact)) return passed;
  return failed('VALIDATION_CONTACT_MISSING', 'customer.contacts', {
    contacts: input.customer.contacts.length,
  });
}
