// The one JSON summary `cosell demo --until-synced --json` prints: outcomes, duplicates found on either side,
// API calls per system, elapsed time. Duplicates are counted from the emulators' own records, not from our
// store, so a duplicate we created could not hide.
import type { PartnerCenterEmulator } from '../partner-center/emulator/index.js';
import { isMicrosoftSide } from '../domain/referral.js';
import { budgetUsage } from '../partner-center/connection.js';
import type { Db } from '../store/db.js';
import type { CrmSystem } from '../store/schema.js';
import { syncSummary } from '../store/summary.js';
import type { DemoCrm } from './crm.js';

export interface DemoSummary {
  readonly linked: number;
  readonly runs: Readonly<Record<string, number>>;
  readonly reasons: Readonly<Record<string, number>>;
  readonly duplicates: { readonly opportunities: number; readonly referrals: number };
  /** Partner Center's metered calls, and the CRM's API requests under its system name (salesforce, dynamics). */
  readonly apiCalls: { readonly partnerCenter: number } & { readonly [system in CrmSystem]?: number };
  readonly elapsedMs: number;
}

export async function demoSummary(input: {
  db: Db;
  emulator: PartnerCenterEmulator;
  crm: Pick<DemoCrm, 'system' | 'apiCalls' | 'referralIds'>;
  account: string;
  started: number;
}): Promise<DemoSummary> {
  const summary = await syncSummary(input.db);
  const { used } = await budgetUsage(input.db, input.account);
  return {
    linked: summary.links,
    runs: summary.runsByStatus,
    reasons: summary.auditByReason,
    duplicates: {
      opportunities: extra(input.crm.referralIds()),
      referrals: extra(
        input.emulator
          .listReferrals()
          .filter((r) => !isMicrosoftSide(r))
          .map((r) => r.externalReferenceId),
      ),
    },
    apiCalls: { partnerCenter: used, [input.crm.system]: input.crm.apiCalls() },
    elapsedMs: Date.now() - input.started,
  };
}

/** How many values occur more than once (each extra occurrence counts); empty values are not keys. */
function extra(values: readonly unknown[]): number {
  const seen = new Set<string>();
  let duplicates = 0;
  for (const value of values) {
    if (typeof value !== 'string' || value === '') continue;
    if (seen.has(value)) duplicates++;
    else seen.add(value);
  }
  return duplicates;
}
