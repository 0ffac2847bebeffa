// Diff-only updates (design rule 5): only the keys each update names are sent, one change set per update in
// $batches of up to 1,000 requests, so one failure (a deleted row, a stale version) fails that update alone.
// Every PATCH carries If-Match: the caller's ETag when it has one (optimistic concurrency: a row changed
// since it was read answers 412, CRM_CONFLICT, for that update only), else `*`, which stops Dataverse's
// PATCH from creating a row that is not there (an upsert by default) and answers 404 instead.
// A stage that closes the opportunity is the WinOpportunity / LoseOpportunity message in the same change
// set; those refuse an opportunity that is already closed, so when an update closes, one query first reads
// the states and a replay of a close that already happened sends nothing for it.
import { z } from 'zod';
import type { OpportunityUpdate, UpdateOutcome } from '../adapter.js';
import { isCosellError } from '../../errors.js';
import type { BatchAnswer, BatchItem, BatchRequest } from './batch.js';
import { withQuery } from './client.js';
import { OpportunityState, toDataverseFields } from './mapping.js';
import { anyOf, chunk, filterChunk } from './reads.js';
import type { UpsertDeps } from './upsert.js';
import { closeRequest } from './upsert-plan.js';

interface UpdatePlan {
  readonly index: number;
  readonly id: string;
  readonly requests: BatchRequest[];
  /** The PATCH's Content-ID, when the update changes columns (its answer carries the new ETag). */
  readonly patchId: string | undefined;
}

const StateSchema = z.looseObject({ opportunityid: z.string(), statecode: z.number().nullable().optional() });

async function statesOf(deps: UpsertDeps, ids: readonly string[]): Promise<Map<string, number>> {
  const states = new Map<string, number>();
  for (const part of chunk([...new Set(ids)], filterChunk)) {
    const rows = await deps.client.getAll(
      withQuery('opportunities', {
        $select: 'opportunityid,statecode',
        $filter: anyOf('opportunityid', part, 'guid'),
      }),
      StateSchema,
    );
    for (const r of rows) states.set(r.opportunityid.toLowerCase(), r.statecode ?? 0);
  }
  return states;
}

export async function updateOpportunities(
  deps: UpsertDeps,
  updates: readonly OpportunityUpdate[],
): Promise<UpdateOutcome[]> {
  const outcomes: UpdateOutcome[] = updates.map((u) => ({ ok: true, id: u.id }));
  const writes = updates.map((u) => ({ u, ...toDataverseFields(u.fields, deps.write, true) }));
  const closing = writes.filter((w) => w.close !== undefined).map((w) => w.u.id.toLowerCase());
  let states = new Map<string, number>();
  if (closing.length > 0) {
    try {
      states = await statesOf(deps, closing);
    } catch (error) {
      return updates.map((u) => ({ ok: false, id: u.id, error }));
    }
  }
  let contentIds = 0;
  const plans: UpdatePlan[] = [];
  writes.forEach((w, index) => {
    const id = w.u.id.toLowerCase();
    const target =
      w.close === 'won' ? OpportunityState.won : w.close === 'lost' ? OpportunityState.lost : undefined;
    const close = target !== undefined && states.get(id) !== target ? w.close : undefined;
    const requests: BatchRequest[] = [];
    let patchId: string | undefined;
    // An ETag given with a close alone still guards it: an empty PATCH checks the version first.
    if (Object.keys(w.body).length > 0 || (close && w.u.ifMatch !== undefined)) {
      patchId = String(++contentIds);
      requests.push({
        method: 'PATCH',
        url: deps.client.url(`opportunities(${id})?$select=opportunityid`),
        headers: { 'if-match': w.u.ifMatch ?? '*', prefer: 'return=representation' },
        body: w.body,
        contentId: patchId,
      });
    }
    if (close) requests.push(closeRequest((p) => deps.client.url(p), id, close, String(++contentIds)));
    if (requests.length > 0)
      plans.push({ index, id: w.u.id, requests, patchId: close ? undefined : patchId });
  });

  let stop: unknown;
  let batch: UpdatePlan[] = [];
  let size = 0;
  const send = async () => {
    const part = batch;
    batch = [];
    size = 0;
    if (part.length === 0) return;
    if (stop !== undefined) {
      for (const p of part) outcomes[p.index] = { ok: false, id: p.id, error: stop };
      return;
    }
    const items: BatchItem[] = part.map((p) => ({ kind: 'changeset', requests: p.requests }));
    let answers: (BatchAnswer | undefined)[];
    try {
      answers = await deps.client.batch(items, { replayable: false });
    } catch (error) {
      for (const p of part) outcomes[p.index] = { ok: false, id: p.id, error };
      // Our cap or a lost sign-in answers every further call the same way: do not spend them.
      if (!(isCosellError(error) && error.retry === 'backoff')) stop = error;
      return;
    }
    part.forEach((p, k) => {
      outcomes[p.index] = outcomeOf(deps, p, answers[k]);
    });
  };
  for (const plan of plans) {
    if (size + plan.requests.length > deps.maxBatch) await send();
    batch.push(plan);
    size += plan.requests.length;
  }
  await send();
  return outcomes;
}

function outcomeOf(deps: UpsertDeps, plan: UpdatePlan, answer: BatchAnswer | undefined): UpdateOutcome {
  const subject = { object: 'opportunity', id: plan.id };
  if (answer === undefined)
    return { ok: false, id: plan.id, error: deps.client.missing(`the update of ${plan.id}`) };
  if (answer.kind === 'changeset-failed') {
    return { ok: false, id: plan.id, error: deps.client.failure(answer.response, subject) };
  }
  const responses = answer.kind === 'changeset' ? answer.responses : [answer.response];
  const patched = responses.find((r) => r.contentId === plan.patchId);
  const etag = (patched?.body as { '@odata.etag'?: unknown } | undefined)?.['@odata.etag'];
  return { ok: true, id: plan.id, ...(typeof etag === 'string' ? { etag } : {}) };
}
