// The whole connector on this test file's database: the Partner Center emulator (webhooks registered to a
// real receiver), one CRM's emulator (Salesforce by default, or Dynamics 365), every flow enabled, and the
// connector as `cosell start` runs it. Its background passes tick once an hour here: tests wake them
// (pollCrm, reconcile) and await job events. Tests reach the CRM through `rig.crm` (crm-rig.ts), so one
// suite runs against either CRM.
import { randomUUID } from 'node:crypto';
import type { TestDb } from './db.js';
import { startPcFixture, type PcFixture } from './partner-center.js';
import { personUsername, type SalesforceTestRig } from '../../src/crm/salesforce/test-support.js';
import type { DynamicsTestRig } from '../../src/crm/dynamics/test-support.js';
import { startCrmRig, type CrmName, type CrmRigOptions, type CrmTestHandle } from './crm-rig.js';
import type { Job } from '../../src/store/jobs.js';
import type { JobEvent } from '../../src/engine/worker.js';
import { enableAllFlows } from '../../src/flows/activation.js';
import { registerWebhooks } from '../../src/partner-center/webhooks/register.js';
import type { PartnerCenterClient } from '../../src/partner-center/client.js';
import { openPartnerCenter } from '../../src/partner-center/connection.js';
import type { ReferralInput } from '../../src/partner-center/emulator/index.js';
import { startConnector, type Connector } from '../../src/service/connector.js';
import type { configFrom } from '../../src/config.js';

export type Settled =
  | ({ readonly outcome: 'done'; readonly skipped: string | undefined } & JobEvent)
  | ({ readonly outcome: 'failed'; readonly error: { code: string } } & JobEvent);

export interface SyncRig {
  readonly pc: PcFixture;
  /** The CRM, in CRM-neutral terms. */
  readonly crm: CrmTestHandle;
  /** The Salesforce rig itself, when the CRM is Salesforce (for tests about Salesforce alone). */
  readonly salesforce: SalesforceTestRig | undefined;
  /** The Dynamics 365 rig itself, when the CRM is Dynamics 365. */
  readonly dynamics: DynamicsTestRig | undefined;
  readonly client: PartnerCenterClient;
  readonly connector: Connector;
  /** Partner Center calls our client made (every attempt), in order. */
  readonly pcCalls: readonly { method: string; path: string }[];
  /** Partner Center writes (POST, PATCH, PUT) our client made so far. */
  pcWrites(): number;
  /** Runs `hook` once, just before the connector's next PATCH. */
  beforeNextPatch(hook: () => void): void;
  /** The next job matching `filter` to settle (done, skipped or failed for good). */
  settled(filter: (job: Job) => boolean, timeoutMs?: number): Promise<Settled>;
  /** Like settled, but passes over jobs that were echoes of our own writes. */
  settledBeyondEcho(filter: (job: Job) => boolean, timeoutMs?: number): Promise<Settled>;
  /** Reads the CRM change feed now; resolves when the pass is over (its jobs may still run). */
  pollCrm(): Promise<void>;
  reconcile(): Promise<void>;
  close(): Promise<void>;
}

export async function startSyncRig(
  testDb: TestDb,
  options: {
    env?: Parameters<typeof configFrom>[0];
    webhooks?: boolean;
    crm?: CrmName;
    crmOptions?: CrmRigOptions;
  } = {},
): Promise<SyncRig> {
  const crmName = options.crm ?? 'salesforce';
  let onAccepted: () => void = () => undefined;
  const pc = await startPcFixture(testDb, {
    env: {
      COSELL_COALESCE_MS: '0',
      COSELL_CRM_POLL_S: '3600',
      COSELL_RECONCILE_EVERY_S: '3600',
      COSELL_CRM: crmName,
      ...options.env,
    },
    onWebhookAccepted: () => onAccepted(),
  });
  await pc.connect();
  const calls: { method: string; path: string }[] = [];
  const connected = await openPartnerCenter({
    config: pc.config,
    db: testDb.db,
    logger: pc.logger,
    onCall: (call) => calls.push({ method: call.method, path: call.path }),
  });
  let beforePatch: (() => void) | undefined;
  // The same client, with a hook that runs once just before its next PATCH (to change the referral under it).
  const client = Object.create(connected, {
    patchReferral: {
      value: (...args: Parameters<typeof connected.patchReferral>) => {
        const hook = beforePatch;
        beforePatch = undefined;
        hook?.();
        return connected.patchReferral(...args);
      },
    },
  }) as typeof connected;
  if (options.webhooks !== false)
    await registerWebhooks(client, pc.webhookUrl, { pollMs: 20, timeoutMs: 10_000 });
  const crmRig = await startCrmRig(testDb.db, crmName, options.crmOptions);
  const crm = crmRig.handle;
  await enableAllFlows(testDb.db);
  const connector = await startConnector(
    { config: pc.config, db: testDb.db, logger: pc.logger, partnerCenter: client, crm: crm.adapter },
    { inboxEveryMs: 3_600_000 },
  );
  onAccepted = () => connector.inboxChanged();
  await connector.passesSettled();
  const worker = connector.worker;

  const settled = (filter: (job: Job) => boolean, timeoutMs = 15_000): Promise<Settled> => {
    return new Promise<Settled>((resolve, reject) => {
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error('no matching job settled'));
      }, timeoutMs);
      const onDone = (e: JobEvent & { skipped: string | undefined }) => {
        if (!filter(e.job)) return;
        cleanup();
        resolve({ outcome: 'done', ...e });
      };
      const onFailed = (e: JobEvent & { error: { code: string } }) => {
        if (!filter(e.job)) return;
        cleanup();
        resolve({ outcome: 'failed', ...e });
      };
      const cleanup = () => {
        clearTimeout(timer);
        worker.off('job:done', onDone);
        worker.off('job:failed', onFailed);
      };
      worker.on('job:done', onDone);
      worker.on('job:failed', onFailed);
    });
  };

  return {
    pc,
    crm,
    salesforce: crmRig.salesforce,
    dynamics: crmRig.dynamics,
    client,
    connector,
    pcCalls: calls,
    pcWrites: () => calls.filter((c) => c.method !== 'GET').length,
    beforeNextPatch: (hook) => {
      beforePatch = hook;
    },
    settled,
    async settledBeyondEcho(filter, timeoutMs) {
      for (;;) {
        const result = await settled(filter, timeoutMs);
        if (result.outcome !== 'done' || result.skipped !== 'ECHO') return result;
      }
    },
    async pollCrm() {
      // Salesforce stamps have whole seconds: a change is visible to the feed once its second has passed.
      await crm.advanceClock(1_000);
      connector.pollCrmNow();
      await connector.passesSettled();
    },
    async reconcile() {
      connector.reconcileNow();
      await connector.passesSettled();
    },
    async close() {
      await connector.stop({ deadlineMs: 0, abortGraceMs: 0 });
      await crm.close();
      await pc.close();
    },
  };
}

/** A realistic new referral; a fresh tag keeps names and e-mails unique per test. */
export function referralInput(overrides: ReferralInput = {}): ReferralInput {
  const tag = randomUUID().slice(0, 8);
  return {
    name: `Contoso cloud migration ${tag}`,
    externalReferenceId: null,
    status: 'New',
    substatus: 'Pending',
    customerProfile: {
      name: `Contoso Ltd ${tag}`,
      address: { addressLine1: '1 Main St', city: 'Seattle', postalCode: '98052', country: 'US' },
      team: [
        {
          firstName: 'Pat',
          lastName: 'Buyer',
          email: `pat.${tag}@customer.example`,
          phoneNumber: '+1 555 0100',
        },
      ],
    },
    details: {
      dealValue: 25000,
      currency: 'USD',
      closingDateTime: '2027-03-31T00:00:00Z',
      notes: 'first call done',
      requirements: { solutions: [{ id: 'SOL-CONTOSO-1', name: 'Contoso Cloud', type: 'Name' }] },
    },
    team: [{ firstName: 'Sam', lastName: 'Seller', email: personUsername }],
    inviteContext: { assistanceRequestCode: 'ProofOfConceptOrDemo' },
    ...overrides,
  };
}
