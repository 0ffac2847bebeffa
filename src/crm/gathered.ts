// The CRM adapter as the flows' jobs share it: upserts of new referrals made by concurrent jobs go out
// together (src/engine/gather.ts), so a burst of new referrals costs a few composite calls instead of two
// per referral, and one referral alone still goes at once. Safe to combine: each item is keyed by its
// referral id (a replay can never create twice), keeps its own outcome, and the adapter matches accounts
// across the items of one call (two new referrals of one new customer make one account).
import { Gatherer } from '../engine/gather.js';
import type { CrmAdapter, InboundUpsert, UpsertOutcome } from './adapter.js';

/** Items in one gathered upsert: a few of the CRM's write requests' worth. */
export const gatheredUpsertBatches = 4;

export function withGatheredUpserts(crm: CrmAdapter): CrmAdapter {
  const upserts = new Gatherer<InboundUpsert, UpsertOutcome>((items) => crm.upsertFromReferrals(items), {
    maxBatch: crm.capabilities.maxBatch * gatheredUpsertBatches,
  });
  const upsertFromReferrals = (items: readonly InboundUpsert[]): Promise<UpsertOutcome[]> =>
    Promise.all(items.map((item) => upserts.submit(item)));
  // A Proxy rather than a copy: adapters are classes with private state, so every other member is the
  // adapter's own, bound to it.
  return new Proxy(crm, {
    get(target, property) {
      if (property === 'upsertFromReferrals') return upsertFromReferrals;
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}
