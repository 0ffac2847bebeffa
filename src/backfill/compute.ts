// `cosell plan`: reads both sides (nothing is written to either), decides every record, and keeps the plan
// in the store (plans, plan_items) so `cosell backfill` applies exactly it and can resume it.
import { randomBytes } from 'node:crypto';
import type { Config } from '../config.js';
import type { CrmAdapter } from '../crm/adapter.js';
import { defaultMatchOptions } from '../domain/matching/index.js';
import { SkipReason } from '../domain/sync/reasons.js';
import { validateReferralForSharing } from '../domain/validation/index.js';
import { RunRecorder } from '../engine/run-recorder.js';
import { draftOfOpportunity } from '../flows/crm-to-partner-center/referral-body.js';
import { t } from '../i18n/index.js';
import { dailyCaps } from '../ops/budget-caps.js';
import { callsToday } from '../ops/store-readings.js';
import type { PartnerCenterClient } from '../partner-center/client.js';
import type { Db } from '../store/db.js';
import { getLinksByCrmRecords, getLinksByReferrals } from '../store/links.js';
import { insertPlan, insertPlanItems, supersedeReadyPlans } from '../store/plans.js';
import { PlanAction, RunTrigger, System } from '../store/schema.js';
import { ItemsChecksum } from './plan-file.js';
import { budgetFit, estimateCalls, type BudgetFit, type CallEstimate } from './cost.js';
import {
  hasChanges,
  itemChanges,
  matchInput,
  planItemsOf,
  sharingCandidates,
  type PairDiff,
  type PlanInput,
  type PlannedItem,
} from './planner.js';
import {
  failureNote,
  readOpportunities,
  readReferrals,
  type FailureNote,
  type OpportunityRecord,
  type ReferralRecord,
} from './sides.js';

export interface PlanDeps {
  readonly config: Pick<Config, 'sync' | 'locale' | 'partnerCenter' | 'salesforce' | 'dynamics'>;
  readonly db: Db;
  readonly partnerCenter: PartnerCenterClient;
  readonly crm: CrmAdapter;
  readonly now?: (() => Date) | undefined;
  /** Called as each side is read (records so far), for a progress line. */
  readonly onRead?: ((side: 'partner-center' | 'crm', records: number) => void) | undefined;
}

export interface PlanOptions {
  /** Accept every proposed fuzzy pair (link them) instead of asking per pair. */
  readonly acceptFuzzy: boolean;
}

export interface PlanSummary {
  readonly planId: string;
  readonly crmSystem: string;
  readonly createdAt: string;
  readonly read: {
    readonly referrals: number;
    readonly opportunities: number;
    readonly alreadyLinked: number;
    /** Opportunities with "Sync with Partner Center" off and no referral: not co-sell, left out. */
    readonly notCosell: number;
    readonly calls: CallEstimate;
  };
  readonly actions: Readonly<Record<PlanAction, number>>;
  readonly proposalsAccepted: number;
  /** Items that would change something on either side (0: nothing to do). */
  readonly changes: number;
  readonly updates: {
    readonly pairs: number;
    readonly toCrmFields: number;
    readonly toPartnerCenterFields: number;
    readonly conflicts: number;
  };
  /** Records left alone or flagged, by reason code. */
  readonly reasons: Readonly<Record<string, number>>;
  readonly cost: CallEstimate;
  readonly budget: { readonly partnerCenter: BudgetFit; readonly crm: BudgetFit };
  readonly options: PlanOptions & { readonly matching: typeof defaultMatchOptions };
}

function newPlanId(now: Date): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  return `plan-${stamp}-${randomBytes(3).toString('hex')}`;
}

async function readBothSides(deps: PlanDeps, recorder: RunRecorder) {
  const { config, crm, partnerCenter } = deps;
  const policy = config.sync.stages;
  const enabledCurrencies = await crm.enabledCurrencies();
  const referrals = new Map<string, ReferralRecord>();
  const pages = readReferrals(partnerCenter, crm, {
    policy,
    enabledCurrencies,
    defaultOwnerId: config.sync.defaultOwnerId,
    nameMarker: config.sync.nameMarker,
    auditText: (referralId) => t(config.locale, 'sync.record.synced', { referralId }),
  });
  for await (const page of pages) {
    recorder.countCall(System.partnerCenter);
    for (const r of page) referrals.set(r.digest.id, r);
    deps.onRead?.('partner-center', referrals.size);
  }
  const opportunities = new Map<string, OpportunityRecord>();
  for await (const page of readOpportunities(crm, policy)) {
    for (const o of page) opportunities.set(o.digest.id, o);
    deps.onRead?.('crm', opportunities.size);
  }
  return { referrals, opportunities, enabledCurrencies };
}

async function linkedSets(
  db: Db,
  crm: CrmAdapter,
  input: { referrals: Iterable<string>; opportunities: Iterable<string> },
) {
  const linkedReferrals = new Set<string>();
  const linkedOpportunities = new Set<string>();
  const chunked = async (
    ids: string[],
    read: (part: string[]) => Promise<{ referralId: string; crmRecordId: string }[]>,
  ) => {
    for (let i = 0; i < ids.length; i += 1000) {
      for (const link of await read(ids.slice(i, i + 1000))) {
        linkedReferrals.add(link.referralId);
        linkedOpportunities.add(link.crmRecordId);
      }
    }
  };
  await chunked([...input.referrals], (part) => getLinksByReferrals(db, part));
  await chunked([...input.opportunities], (part) => getLinksByCrmRecords(db, crm.capabilities.system, part));
  return { linkedReferrals, linkedOpportunities };
}

/** The sharing checks (R2, R6, R7, P4) of opportunities a create in Partner Center would be tried for. */
async function sharingChecks(
  crm: CrmAdapter,
  candidates: readonly OpportunityRecord[],
  enabledCurrencies: readonly string[],
): Promise<Map<string, FailureNote[]>> {
  const out = new Map<string, FailureNote[]>();
  for (let i = 0; i < candidates.length; i += 200) {
    const part = candidates.slice(i, i + 200);
    const accountIds = [...new Set(part.flatMap((o) => (o.accountId === undefined ? [] : [o.accountId])))];
    const [accounts, contacts] = await Promise.all([
      accountIds.length > 0 ? crm.getAccounts(accountIds) : [],
      crm.getContactsOfOpportunities(part.map((o) => o.digest.id)),
    ]);
    const accountById = new Map(accounts.map((a) => [a.id, a]));
    for (const o of part) {
      if (o.listing === undefined) continue;
      const draft = draftOfOpportunity({
        opportunity: o.listing,
        state: o.state,
        account: o.accountId === undefined ? undefined : accountById.get(o.accountId),
        contacts: contacts.get(o.digest.id) ?? [],
      });
      out.set(o.digest.id, validateReferralForSharing(draft, { enabledCurrencies }).map(failureNote));
    }
  }
  return out;
}

function summarize(
  planId: string,
  crmSystem: string,
  createdAt: Date,
  items: readonly PlannedItem[],
  input: PlanInput,
  readCalls: CallEstimate,
  cost: CallEstimate,
  budget: PlanSummary['budget'],
  options: PlanOptions,
): PlanSummary {
  const actions = Object.fromEntries(Object.values(PlanAction).map((a) => [a, 0])) as Record<
    PlanAction,
    number
  >;
  const reasons: Record<string, number> = {};
  const updates = { pairs: 0, toCrmFields: 0, toPartnerCenterFields: 0, conflicts: 0 };
  let changes = 0;
  let accepted = 0;
  for (const item of items) {
    actions[item.action]++;
    if (item.accepted === true) accepted++;
    if (itemChanges(item.action, item.accepted === true)) changes++;
    const reason = item.detail['reason'];
    if (typeof reason === 'string') reasons[reason] = (reasons[reason] ?? 0) + 1;
    if (item.action === PlanAction.propose && item.accepted !== true) {
      reasons[SkipReason.matchUnconfirmed] = (reasons[SkipReason.matchUnconfirmed] ?? 0) + 1;
    }
    const diff = item.detail['diff'] as PairDiff | undefined;
    if (diff !== undefined && hasChanges(diff) && itemChanges(item.action, item.accepted === true)) {
      updates.pairs++;
      updates.toCrmFields += Object.keys(diff.toCrm).length;
      updates.toPartnerCenterFields += Object.keys(diff.toPartnerCenter).length;
      updates.conflicts += diff.conflicts.length;
    }
  }
  let notCosell = 0;
  for (const o of input.opportunities.values()) {
    if (
      !o.syncWithPartnerCenter &&
      o.digest.referralId === undefined &&
      !input.linkedOpportunities.has(o.digest.id)
    ) {
      notCosell++;
    }
  }
  return {
    planId,
    crmSystem,
    createdAt: createdAt.toISOString(),
    read: {
      referrals: input.referrals.size,
      opportunities: input.opportunities.size,
      alreadyLinked: input.linkedReferrals.size,
      notCosell,
      calls: readCalls,
    },
    actions,
    proposalsAccepted: accepted,
    changes,
    updates,
    reasons,
    cost,
    budget,
    options: { ...options, matching: defaultMatchOptions },
  };
}

export interface ComputedPlan {
  readonly summary: PlanSummary;
  readonly checksum: string;
}

export async function computePlan(deps: PlanDeps, options: PlanOptions): Promise<ComputedPlan> {
  const { db, crm, config } = deps;
  const now = deps.now ?? (() => new Date());
  const createdAt = now();
  const crmSystem = crm.capabilities.system;
  const recorder = new RunRecorder({ flow: 'plan', trigger: RunTrigger.backfill, clock: { now } });

  const { input, items } = await recorder.within(async () => {
    const sides = await readBothSides(deps, recorder);
    const linked = await linkedSets(db, crm, {
      referrals: sides.referrals.keys(),
      opportunities: sides.opportunities.keys(),
    });
    const planInput: PlanInput = {
      referrals: sides.referrals,
      opportunities: sides.opportunities,
      ...linked,
      acceptFuzzy: options.acceptFuzzy,
    };
    const match = matchInput(planInput);
    const sharing = await sharingChecks(crm, sharingCandidates(planInput, match), sides.enabledCurrencies);
    return { input: planInput, items: planItemsOf(planInput, match, sharing) };
  });

  const calls = recorder.callsBySystem;
  const readCalls = { partnerCenter: calls[System.partnerCenter] ?? 0, crm: calls[crmSystem] ?? 0 };
  const cost = estimateCalls(items, crm.capabilities.maxBatch);
  const caps = dailyCaps(config);
  const today = await callsToday(db, createdAt);
  const budget = {
    partnerCenter: budgetFit(
      caps[System.partnerCenter],
      today.get(System.partnerCenter) ?? 0,
      cost.partnerCenter,
    ),
    crm: budgetFit(caps[crmSystem], today.get(crmSystem) ?? 0, cost.crm),
  };

  const planId = newPlanId(createdAt);
  const numbered = items.map((item, i) => ({ ...item, seq: i + 1 }));
  const sum = new ItemsChecksum();
  for (const item of numbered) sum.add(item);
  const checksum = sum.digest();
  const summary = summarize(planId, crmSystem, createdAt, items, input, readCalls, cost, budget, options);
  await db.transaction(async (tx) => {
    await insertPlan(tx, { id: planId, crmSystem, checksum, summary: { ...summary }, createdAt });
    await insertPlanItems(tx, planId, numbered);
    await supersedeReadyPlans(tx, crmSystem, planId, createdAt);
  });
  return { summary, checksum };
}
