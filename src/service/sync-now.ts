// `cosell sync <id>` (R4: a single record can be forced to re-sync): the record's jobs are queued with the
// manual trigger and run now, here, by a worker with every flow's handler; both directions when the record is
// linked (Partner Center to CRM, then CRM to Partner Center, on the pair's one lane). With PostgreSQL a
// running service may take the jobs first: then this waits for their outcome in the store.
import type { CrmAdapter } from '../crm/adapter.js';
import { enqueueJobs } from '../engine/enqueue.js';
import { Worker, type JobEvent } from '../engine/worker.js';
import { opportunityLane, opportunitySyncKind } from '../flows/crm-to-partner-center/job.js';
import { referralLane, referralSyncKind } from '../flows/partner-center-to-crm/job.js';
import type { Db } from '../store/db.js';
import { getJob, type Job } from '../store/jobs.js';
import { getLinkByCrmRecord, getLinkByReferral } from '../store/links.js';
import { latestRunOfJob, type Run } from '../store/runs.js';
import { JobStatus } from '../store/schema.js';
import type { WakeBus } from '../engine/wake.js';
import { flowHandlers, type ConnectorDeps } from './connector.js';

export interface SyncNowResult {
  readonly kind: string;
  readonly jobId: number;
  readonly run: Run | undefined;
}

/** Which jobs force `id` (a referral id or a CRM record id) to sync. */
export async function jobsFor(db: Db, crm: CrmAdapter, id: string) {
  const system = crm.capabilities.system;
  const link = (await getLinkByReferral(db, id)) ?? (await getLinkByCrmRecord(db, system, id));
  if (link !== undefined) {
    const lane = referralLane(link.referralId);
    return [
      { kind: referralSyncKind, laneKey: lane, payload: { referralId: link.referralId } },
      { kind: opportunitySyncKind, laneKey: lane, payload: { crmRecordId: link.crmRecordId } },
    ];
  }
  // Not linked yet: a CRM id is an opportunity to share; anything else is taken for a referral id.
  const [opportunity] = await crm.getOpportunities([id]).catch(() => []);
  if (opportunity !== undefined) {
    return [
      {
        kind: opportunitySyncKind,
        laneKey: opportunityLane(system, opportunity.id),
        payload: { crmRecordId: opportunity.id },
      },
    ];
  }
  return [{ kind: referralSyncKind, laneKey: referralLane(id), payload: { referralId: id } }];
}

export async function syncNow(deps: ConnectorDeps, id: string): Promise<SyncNowResult[]> {
  const { db } = deps;
  const { jobs: queued } = await enqueueJobs(
    db,
    (await jobsFor(db, deps.crm, id)).map((job) => ({ ...job, trigger: 'manual' as const })),
    { now: new Date() },
  );
  const pending = new Set(queued.map((job) => job.id));
  const worker = new Worker({ db, handlers: flowHandlers(deps), logger: deps.logger, concurrency: 1 });
  const finished = new Promise<void>((resolve) => {
    const settle = (event: JobEvent) => {
      pending.delete(event.job.id);
      if (pending.size === 0) resolve();
    };
    worker.on('job:done', settle);
    worker.on('job:failed', settle);
    worker.on('job:retry', settle);
    worker.on('job:deferred', settle);
    // Taken by another process (PostgreSQL): its outcome is read from the store.
    worker.on('idle', () => {
      void (async () => {
        for (const jobId of [...pending]) {
          const job = await getJob(db, jobId);
          if (job !== undefined && isSettled(job)) pending.delete(jobId);
        }
        if (pending.size === 0) resolve();
      })();
    });
  });
  worker.start();
  try {
    await finished;
  } finally {
    await worker.stop({ deadlineMs: 5_000 });
  }
  return Promise.all(
    queued.map(async (job) => ({ kind: job.kind, jobId: job.id, run: await latestRunOfJob(db, job.id) })),
  );
}

function isSettled(job: Job): boolean {
  return job.status !== JobStatus.running && (job.status !== JobStatus.queued || job.attempts > 0);
}

/**
 * Queues the record's jobs (trigger manual) for the running service's workers and wakes them; returns how
 * many were queued. The console's "sync now": unlike syncNow it does not wait for them here.
 */
export async function queueSyncNow(db: Db, crm: CrmAdapter, id: string, wake?: WakeBus): Promise<number> {
  const { jobs: queued } = await enqueueJobs(
    db,
    (await jobsFor(db, crm, id)).map((job) => ({ ...job, trigger: 'manual' as const })),
    { now: new Date(), wake },
  );
  return queued.length;
}
