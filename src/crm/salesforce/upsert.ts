// Referrals into Salesforce in as few calls as Salesforce allows (design, "Inbound"):
//   1 call  a composite of read-only queries for the whole batch of up to 50 referrals (upsert-lookup.ts);
//   n calls composites of up to 25 write subrequests (upsert-plan.ts), sent one after another so a later
//           referral can reuse an account an earlier one created.
// Measured against the emulator (adapter.test.ts): one new referral costs 2 calls; 50 new referrals with
// their own accounts, contacts and one solution cost 11 (0.22 a referral).
// A write composite is never re-sent blindly after an unclear failure (it creates records); the referrals
// in it report the error, and the next attempt's lookup finds whatever did land, so nothing is duplicated.
import type { InboundUpsert, UpsertOutcome } from '../adapter.js';
import { CosellError, isCosellError } from '../../errors.js';
import { maxCompositeQueries, maxCompositeSubrequests, type SalesforceClient } from './client.js';
import {
  isHalt,
  mapSalesforceFailure,
  recordErrorItems,
  salesforceName,
  type SfErrorItem,
} from './error-map.js';
import type { OrgFacts } from './org.js';
import { chunk, distinct } from './soql.js';
import { lookupReferrals } from './upsert-lookup.js';
import { planItem, type ItemPlan, type UpsertLookup } from './upsert-plan.js';
import {
  SfCollectionResultSchema,
  SfErrorArraySchema,
  SfSaveResultSchema,
  type SfSubresponse,
} from './wire.js';

/** Referrals per lookup call: keeps every IN list (company names up to 255 characters) short. */
export const lookupBatch = 50;

export interface UpsertDeps {
  readonly client: SalesforceClient;
  readonly org: OrgFacts;
}

type Outcomes = (UpsertOutcome | undefined)[];

export async function upsertReferrals(
  deps: UpsertDeps,
  items: readonly InboundUpsert[],
): Promise<UpsertOutcome[]> {
  const outcomes: Outcomes = new Array<UpsertOutcome | undefined>(items.length);
  let pending: number[] = [];
  items.forEach((item, index) => {
    if (item.referralId.trim() === '') {
      outcomes[index] = failed(
        item,
        new CosellError('CRM_REQUEST_INVALID', {
          system: salesforceName,
          reason: 'the referral id is empty',
        }),
      );
    } else pending.push(index);
  });

  const run = new Batch(deps, items, outcomes);
  // A referral listed twice waits for the next round, which looks again: planning both against one lookup
  // would create its contact and solutions twice.
  while (pending.length > 0) {
    const seen = new Set<string>();
    const round: number[] = [];
    const later: number[] = [];
    for (const index of pending) {
      const key = (items[index] as InboundUpsert).referralId.toLowerCase();
      (seen.has(key) ? later : round).push(index);
      seen.add(key);
    }
    for (const part of chunk(round, lookupBatch)) await run.write(part);
    pending = later;
  }
  return outcomes.map((o, i) => o ?? failed(items[i] as InboundUpsert, new Error('no outcome')));
}

function failed(item: InboundUpsert, error: unknown): UpsertOutcome {
  return { ok: false, referralId: item.referralId, error };
}

/** One call's state: outcomes so far, accounts created so far, and the error that stops further sends. */
class Batch {
  #stop: unknown;
  readonly #createdAccounts = new Map<string, string>();

  constructor(
    private readonly deps: UpsertDeps,
    private readonly items: readonly InboundUpsert[],
    private readonly outcomes: Outcomes,
  ) {}

  /**
   * Reports the error for these referrals. One that every further call would meet too (the daily limit, a
   * lost sign-in, access) also stops the rest of the batch from being sent: they report it without a call.
   */
  #fail(indices: readonly number[], error: unknown): void {
    for (const i of indices) this.outcomes[i] = failed(this.items[i] as InboundUpsert, error);
    if (!(isCosellError(error) && error.retry === 'backoff')) this.#stop = error;
  }

  async write(indices: readonly number[]): Promise<void> {
    if (this.#stop !== undefined) return this.#fail(indices, this.#stop);
    let lookup: UpsertLookup;
    try {
      lookup = await lookupReferrals(
        this.deps.client,
        this.deps.org,
        indices.map((i) => this.items[i] as InboundUpsert),
      );
    } catch (error) {
      return this.#fail(indices, error);
    }
    const { client, org } = this.deps;
    const multiCurrency = await org.multiCurrency();
    let batch: ItemPlan[] = [];
    let pendingAccounts = new Map<string, string>();
    let size = 0;
    let heavy = 0;
    const plan = (index: number) =>
      planItem(this.items[index] as InboundUpsert, index, {
        lookup,
        multiCurrency,
        dataPath: (rest) => client.dataPath(rest),
        createdAccounts: this.#createdAccounts,
        pendingAccounts,
      });
    for (const index of indices) {
      let p = plan(index);
      if (size + p.subrequests.length > maxCompositeSubrequests || heavy + p.heavy > maxCompositeQueries) {
        await this.#send(batch);
        batch = [];
        pendingAccounts = new Map();
        size = 0;
        heavy = 0;
        p = plan(index); // accounts the sent composite created are ids now, not references
      }
      batch.push(p);
      size += p.subrequests.length;
      heavy += p.heavy;
      if (p.createsAccount) pendingAccounts.set(p.createsAccount.key, p.createsAccount.ref);
    }
    await this.#send(batch);
  }

  async #send(batch: readonly ItemPlan[]): Promise<void> {
    if (batch.length === 0) return;
    const indices = batch.map((p) => p.index);
    if (this.#stop !== undefined) return this.#fail(indices, this.#stop);
    let answers: SfSubresponse[];
    try {
      answers = await this.deps.client.composite(
        batch.flatMap((p) => p.subrequests),
        { allOrNone: false },
      );
    } catch (error) {
      return this.#fail(indices, error);
    }
    const byRef = new Map(answers.map((a) => [a.referenceId, a]));
    for (const p of batch) {
      if (p.createsAccount) {
        const id = savedId(byRef.get(p.createsAccount.ref));
        if (id !== undefined) this.#createdAccounts.set(p.createsAccount.key, id);
      }
      this.outcomes[p.index] = this.#outcome(p, byRef);
    }
  }

  #outcome(plan: ItemPlan, byRef: ReadonlyMap<string, SfSubresponse>): UpsertOutcome {
    const item = this.items[plan.index] as InboundUpsert;
    // The account another referral creates counts too: its failure is why this opportunity was halted.
    const refs = distinct([
      ...(plan.accountRef === undefined ? [] : [plan.accountRef]),
      ...plan.subrequests.map((s) => s.referenceId),
    ]);
    let firstHalt: CosellError | undefined;
    for (const ref of refs) {
      const answer = byRef.get(ref);
      const errors = answer === undefined ? missingAnswer : failureOf(answer);
      if (errors === undefined) continue;
      const error = mapSalesforceFailure(
        { status: answer && answer.httpStatusCode >= 400 ? answer.httpStatusCode : 400, errors },
        {
          identity: this.deps.client.identity,
          subject: subjectOf(ref, item),
          usage: this.deps.client.apiUsage,
        },
      );
      if (!isHalt(errors)) return failed(item, error);
      firstHalt ??= error;
    }
    if (firstHalt) return failed(item, firstHalt);
    const answer = byRef.get(plan.opportunityRef);
    const saved = SfSaveResultSchema.safeParse(answer?.body);
    if (!answer || !saved.success) {
      return failed(
        item,
        new CosellError('CRM_RESPONSE_INVALID', {
          system: salesforceName,
          reason: `no opportunity id for referral ${item.referralId}`,
        }),
      );
    }
    return {
      ok: true,
      referralId: item.referralId,
      id: saved.data.id,
      created: answer.httpStatusCode === 201 || saved.data.created === true,
    };
  }
}

const missingAnswer: SfErrorItem[] = [
  { errorCode: 'MISSING_ANSWER', message: 'no answer for the subrequest' },
];

/** The errors of a failed subrequest (an error status, or a collection with a failed record), else undefined. */
function failureOf(answer: SfSubresponse): SfErrorItem[] | undefined {
  if (answer.httpStatusCode >= 400) {
    const errors = SfErrorArraySchema.safeParse(answer.body);
    return errors.success ? errors.data : [{ errorCode: `HTTP_${answer.httpStatusCode}`, message: '' }];
  }
  const collection = SfCollectionResultSchema.safeParse(answer.body);
  if (collection.success) {
    const bad = collection.data.find((r) => !r.success);
    if (bad) return recordErrorItems(bad.errors);
  }
  return undefined;
}

function savedId(answer: SfSubresponse | undefined): string | undefined {
  if (!answer || answer.httpStatusCode >= 300) return undefined;
  const saved = SfSaveResultSchema.safeParse(answer.body);
  return saved.success ? saved.data.id : undefined;
}

const objectsByRefPrefix: Readonly<Record<string, string>> = {
  a: 'Account',
  o: 'Opportunity',
  c: 'Contact',
  r: 'OpportunityContactRole',
  s: 'Microsoft_Solution__c',
};

function subjectOf(ref: string, item: InboundUpsert): { object: string; id: string } {
  const object = objectsByRefPrefix[ref.charAt(0)] ?? 'record';
  const id = object === 'Account' ? item.account.name : item.referralId;
  return { object, id };
}
