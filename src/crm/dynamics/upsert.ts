// Referrals into Dataverse in as few round trips as $batch allows (design, "Inbound"):
//   1 call   a $batch of queries for up to 50 referrals (upsert-lookup.ts; + 1 when some already exist);
//   n calls  $batches of change sets, one change set per referral (upsert-plan.ts), up to 1,000 requests
//            each: 50 new referrals with an account, a contact and a solution each fit in one.
// Dataverse still counts every request inside a $batch (service protection and entitlement), so the
// saving is in round trips and latency, not in counted requests (docs/benchmarks.md has both).
// A $batch that writes is never re-sent blindly after an unclear failure; the referrals in it report the
// error, and the next attempt's lookup finds whatever did land, so nothing is duplicated.
import type { InboundUpsert, UpsertOutcome } from '../adapter.js';
import { CosellError, isCosellError } from '../../errors.js';
import type { BatchAnswer, BatchItem } from './batch.js';
import { entityIdOf } from './client.js';
import { dynamicsName } from './error-map.js';
import type { WriteContext } from './mapping.js';
import { chunk, type ReadDeps } from './reads.js';
import { lookupReferrals, type UpsertLookup } from './upsert-lookup.js';
import { planItem, type ItemPlan } from './upsert-plan.js';

/** Referrals per lookup: keeps every `or` list (company names up to 160 characters) short. */
export const lookupBatch = 50;

export interface UpsertDeps extends ReadDeps {
  readonly write: WriteContext;
  /** Requests per $batch (at most Dataverse's 1,000). */
  readonly maxBatch: number;
  readonly newId?: () => string;
}

type Outcomes = (UpsertOutcome | undefined)[];

const failed = (item: InboundUpsert, error: unknown): UpsertOutcome => ({
  ok: false,
  referralId: item.referralId,
  error,
});

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
        new CosellError('CRM_REQUEST_INVALID', { system: dynamicsName, reason: 'the referral id is empty' }),
      );
    } else pending.push(index);
  });
  const run = new UpsertRun(deps, items, outcomes);
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

/** One call's state: outcomes so far, rows created so far, and the error that stops further sends. */
class UpsertRun {
  #stop: unknown;
  readonly #newAccounts = new Map<string, { id: string; creator: number }>();
  readonly #newContacts = new Map<string, { id: string; creator: number }>();
  #contentIds = 0;

  constructor(
    private readonly deps: UpsertDeps,
    private readonly items: readonly InboundUpsert[],
    private readonly outcomes: Outcomes,
  ) {}

  /** One that every further call would meet too (our cap, a lost sign-in, access) stops the rest. */
  #fail(indices: readonly number[], error: unknown): void {
    for (const i of indices) this.outcomes[i] = failed(this.items[i] as InboundUpsert, error);
    if (!(isCosellError(error) && error.retry === 'backoff')) this.#stop = error;
  }

  async write(indices: readonly number[]): Promise<void> {
    if (this.#stop !== undefined) return this.#fail(indices, this.#stop);
    let lookup: UpsertLookup;
    try {
      lookup = await lookupReferrals(
        this.deps,
        indices.map((i) => this.items[i] as InboundUpsert),
      );
    } catch (error) {
      return this.#fail(indices, error);
    }
    let batch: ItemPlan[] = [];
    let size = 0;
    for (const index of indices) {
      const plan = planItem(this.items[index] as InboundUpsert, index, {
        lookup,
        write: this.deps.write,
        url: (path) => this.deps.client.url(path),
        newAccounts: this.#newAccounts,
        newContacts: this.#newContacts,
        contentId: () => String(++this.#contentIds),
        ...(this.deps.newId ? { newId: this.deps.newId } : {}),
      });
      if (size + plan.requests.length > this.deps.maxBatch && batch.length > 0) {
        await this.#send(batch);
        batch = [];
        size = 0;
      }
      batch.push(plan);
      size += plan.requests.length;
      // Later referrals of the same new customer bind to these ids, in this $batch or a later one.
      if (plan.createsAccount)
        this.#newAccounts.set(plan.createsAccount.key, { id: plan.createsAccount.id, creator: index });
      if (plan.createsContact)
        this.#newContacts.set(plan.createsContact.key, { id: plan.createsContact.id, creator: index });
    }
    await this.#send(batch);
  }

  async #send(batch: readonly ItemPlan[]): Promise<void> {
    if (batch.length === 0) return;
    const indices = batch.map((p) => p.index);
    if (this.#stop !== undefined) return this.#fail(indices, this.#stop);
    const items: BatchItem[] = batch.map((p) => ({ kind: 'changeset', requests: p.requests }));
    let answers: (BatchAnswer | undefined)[];
    try {
      answers = await this.deps.client.batch(items, { replayable: false });
    } catch (error) {
      return this.#fail(indices, error);
    }
    batch.forEach((plan, k) => {
      this.outcomes[plan.index] = this.#outcome(plan, answers[k]);
    });
    for (const plan of batch) this.#forgetFailedCreations(plan);
  }

  #outcome(plan: ItemPlan, answer: BatchAnswer | undefined): UpsertOutcome {
    const item = this.items[plan.index] as InboundUpsert;
    const { client } = this.deps;
    // A row this referral binds to was to be made by another referral's change set: its failure is the cause.
    for (const creator of plan.dependsOn) {
      const other = this.outcomes[creator];
      if (other && !other.ok) return failed(item, other.error);
    }
    if (answer === undefined) return failed(item, client.missing(`the referral ${item.referralId}`));
    if (answer.kind === 'changeset-failed') {
      return failed(item, client.failure(answer.response, { object: 'opportunity', id: item.referralId }));
    }
    const responses = answer.kind === 'changeset' ? answer.responses : [answer.response];
    const saved = responses.find((r) => r.contentId === plan.opportunityContentId);
    const body = saved?.body as { opportunityid?: unknown } | undefined;
    const id =
      typeof body?.opportunityid === 'string'
        ? body.opportunityid
        : saved
          ? entityIdOf(saved.headers)
          : undefined;
    if (!saved || id === undefined)
      return failed(item, client.missing(`the opportunity of referral ${item.referralId}`));
    return { ok: true, referralId: item.referralId, id: id.toLowerCase(), created: saved.status === 201 };
  }

  /** Rows whose change set rolled back do not exist: later referrals must create their own. */
  #forgetFailedCreations(plan: ItemPlan): void {
    if (this.outcomes[plan.index]?.ok) return;
    if (plan.createsAccount) this.#newAccounts.delete(plan.createsAccount.key);
    if (plan.createsContact) this.#newContacts.delete(plan.createsContact.key);
  }
}
