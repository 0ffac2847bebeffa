// R8 for a backfill: the CRM id goes back to the referral's externalReferenceId, conditional on the eTag the
// plan read. A 412 means the referral changed after the plan (or a resumed page's earlier attempt landed):
// one re-read tells which. Changed by someone else: the referral is handed to the normal sync, which merges
// it against the link like any later change.
import { changedAtOf, externalIdOf } from '../domain/referral.js';
import { currentRun } from '../engine/run-recorder.js';
import { isCosellError } from '../errors.js';
import type { PartnerCenterClient } from '../partner-center/client.js';
import { System } from '../store/schema.js';
import type { RunRecorder } from '../engine/run-recorder.js';
import type { ApplyContext } from './context.js';
import { haltOf, type Halt } from './pages.js';

export type WriteBackResult =
  | { readonly ok: true; readonly changedAt: Date | undefined; readonly eTag: string | undefined }
  | { readonly ok: false; readonly changedSincePlan: true };

export async function writeBackExternalId(
  partnerCenter: PartnerCenterClient,
  referralId: string,
  crmId: string,
  planETag: string | undefined,
  signal?: AbortSignal,
): Promise<WriteBackResult> {
  currentRun()?.countCall(System.partnerCenter);
  try {
    const written = await partnerCenter.patchReferral(
      referralId,
      [{ op: 'replace', path: '/externalReferenceId', value: crmId }],
      { ...(planETag !== undefined ? { ifMatch: planETag } : {}), ...(signal ? { signal } : {}) },
    );
    return { ok: true, changedAt: written && changedAtOf(written), eTag: written?.eTag ?? undefined };
  } catch (error) {
    if (!isCosellError(error) || error.code !== 'PC_PRECONDITION_FAILED') throw error;
  }
  currentRun()?.countCall(System.partnerCenter);
  const current = await partnerCenter.getReferral(referralId, signal);
  if (externalIdOf(current) === crmId)
    return { ok: true, changedAt: undefined, eTag: current.eTag ?? undefined };
  return { ok: false, changedSincePlan: true };
}

/**
 * Runs `fn` over `items` with at most `limit` at once; results in input order. The first throw stops every
 * lane from starting another item (a spent budget must not be spent further) and is rethrown.
 */
export async function mapLimit<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const out = new Array<R>(items.length);
  const state = { next: 0, stopped: false };
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (!state.stopped && state.next < items.length) {
      const i = state.next++;
      try {
        out[i] = await fn(items[i] as T, i);
      } catch (error) {
        state.stopped = true;
        throw error;
      }
    }
  });
  await Promise.all(lanes);
  return out;
}

export interface WriteBackTarget {
  readonly referralId: string;
  readonly crmId: string;
  /** The eTag the plan read: the write-back is conditional on it. */
  readonly eTag: string | null | undefined;
}

/**
 * The write-backs of a page, `concurrency` at a time, as one step of its run. A limit reached (the daily
 * budget) stops the page's later write-backs from starting: those answer undefined and wait as deferred.
 * A target of undefined needs no write-back ('none').
 */
export async function writeBackPage(
  ctx: Pick<ApplyContext, 'partnerCenter' | 'writeBackConcurrency' | 'now' | 'signal'>,
  run: RunRecorder,
  targets: readonly (WriteBackTarget | undefined)[],
): Promise<{ readonly results: (WriteBackResult | 'none' | undefined)[]; readonly halt: Halt | undefined }> {
  const halted: { halt?: Halt } = {};
  const results = await run.step('write-back-crm-id', (step) =>
    mapLimit(targets, ctx.writeBackConcurrency, async (t): Promise<WriteBackResult | 'none' | undefined> => {
      if (t === undefined) return 'none';
      if (halted.halt !== undefined) return undefined;
      try {
        return await writeBackExternalId(
          ctx.partnerCenter,
          t.referralId,
          t.crmId,
          t.eTag ?? undefined,
          ctx.signal,
        );
      } catch (error) {
        const halt = haltOf(error, ctx.now());
        if (halt === undefined) throw error;
        halted.halt = halt;
        step.detail({ halted: halt.kind });
        return undefined;
      }
    }),
  );
  return { results, halt: halted.halt };
}
