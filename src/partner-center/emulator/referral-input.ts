// Completing partial referrals (seeds, creates through the control surface) with generated values, so a
// scenario names only what it cares about and the rest is still realistic and self-consistent.
import { generateReferral, type GeneratorContext } from './generator.js';
import { readOnlyFields, type ReferralInput } from './referral-model.js';
import type { Rng } from './rng.js';
import { Owner } from './state.js';

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Objects merge key by key; arrays and scalars replace; undefined leaves a value alone. */
export function deepMerge(
  base: Record<string, unknown>,
  patch: Record<string, unknown>,
): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(patch)) {
    if (value === undefined) continue;
    const current = out[key];
    out[key] =
      isPlainObject(value) && isPlainObject(current) ? deepMerge(current, value) : structuredClone(value);
  }
  return out;
}

/** Fills a partial referral with generated values so seeds and UI-style creates stay realistic. */
export function completeReferral(
  input: ReferralInput,
  owner: Owner,
  rng: Rng,
  ctx: GeneratorContext,
): Record<string, unknown> {
  const partial = input as Record<string, unknown>;
  const direction = partial['direction'] === 'Incoming' ? 'Incoming' : 'Outgoing';
  const type =
    partial['type'] === 'Shared' || partial['type'] === 'Independent' ? partial['type'] : undefined;
  const country = input.customerProfile?.address?.country ?? undefined;
  const generated = generateReferral(rng, ctx, {
    state: { status: 'New', substatus: 'Pending' },
    direction,
    ...(type ? { type } : {}),
    ...(country ? { country } : {}),
  });
  const baseline: Record<string, unknown> = { ...generated };
  // The service's own fields come from the store (now, new ids), not from the generator.
  for (const key of [...readOnlyFields, 'expirationDateTime', 'acceptedDateTime']) delete baseline[key];
  if (partial['status'] !== undefined) delete baseline['substatus'];
  if (owner === Owner.microsoft) {
    baseline['target'] = [{ type: 'BusinessProfileLocation', id: 'msft' }];
    baseline['inviteContext'] = {
      notes: '',
      invitedBy: { organizationId: 'msft', organizationName: 'Microsoft' },
    };
    baseline['team'] = [
      {
        firstName: 'Morgan',
        lastName: 'Reyes',
        email: 'morgan.reyes@microsoft.com',
        phoneNumber: '+14255550100',
      },
    ];
  }
  return deepMerge(baseline, partial);
}
