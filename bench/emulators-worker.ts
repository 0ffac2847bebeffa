// The end-to-end scenario's remote systems, run in a worker thread (bench/emulators.ts starts it): the
// Partner Center emulator and a CRM's emulator (Salesforce, or Dynamics 365) on loopback ports, on an event
// loop of their own, so the connector under measurement does not also pay for signing webhooks and answering
// API calls (in a real deployment both live on Microsoft's and the CRM vendor's machines).
//
// It answers requests from the bench (create referrals, read the call counters, check the final state) and
// reports two moments per referral to it, stamped with performance.timeOrigin + performance.now() (the same
// clock in every thread of the process):
//   crm-write   the CRM's emulator committed the opportunity carrying the referral's id;
//   write-back  the Partner Center emulator stored the CRM id in the referral's externalReferenceId.
import { parentPort } from 'node:worker_threads';
import { dvColumns } from '../src/crm/dynamics/columns.js';
import { startDynamicsEmulator } from '../src/crm/dynamics/emulator/index.js';
import { startSalesforceEmulator } from '../src/crm/salesforce/emulator/index.js';
import {
  startPartnerCenterEmulator,
  type PartnerCenterEmulator,
  type ReferralInput,
} from '../src/partner-center/emulator/index.js';
import type { CrmSystem } from '../src/store/schema.js';
import { wallNow } from './support.js';

export interface EmulatorsStart {
  readonly certificate: { readonly privateKeyPem: string; readonly certificatePem: string };
  readonly crm: CrmSystem;
  /** The Salesforce user whose refresh token the connector is given. */
  readonly integrationUser: string;
  /** The seller who owns the referrals (a user in the CRM, so ownership maps). */
  readonly seller: string;
}

/** How the connector reaches the CRM's emulator. */
export type CrmInfo =
  | {
      readonly system: 'salesforce';
      readonly url: string;
      readonly orgId: string;
      readonly refreshToken: string;
    }
  | {
      readonly system: 'dynamics';
      readonly url: string;
      readonly tenantId: string;
      /** Client credentials of the application user (the emulator accepts any client id and secret). */
      readonly clientId: string;
      readonly clientSecret: string;
    };

export interface EmulatorsInfo {
  readonly pc: {
    readonly url: string;
    readonly authorityUrl: string;
    readonly certificateUrl: string;
    readonly tenantId: string;
  };
  readonly crm: CrmInfo;
}

export interface CreateResult {
  readonly ids: readonly string[];
  /** Wall-clock stamps (see the header) of the first and the last create. */
  readonly firstAt: number;
  readonly lastAt: number;
}

export interface CallCounts {
  readonly partnerCenter: number;
  /** API requests the CRM counts (Dataverse: a $batch once, and each request inside it once more). */
  readonly crm: number;
  /** HTTP requests to the CRM's API (the same as crm for Salesforce; a Dataverse $batch is one). */
  readonly crmRoundTrips: number;
}

export interface FinalState {
  readonly referrals: number;
  /** Referrals with at least one opportunity carrying their id. */
  readonly withOpportunity: number;
  /** Opportunities beyond the first per referral (the Referral Identifier counted). */
  readonly duplicates: number;
  /** Referrals whose externalReferenceId names their opportunity. */
  readonly writtenBack: number;
}

export type EmulatorsRequest =
  | { readonly op: 'start'; readonly start: EmulatorsStart }
  | { readonly op: 'approve'; readonly userCode: string; readonly username: string }
  | {
      readonly op: 'create';
      readonly count: number;
      /** Referrals per second; undefined: as fast as the emulator creates them. */
      readonly rate: number | undefined;
      /** Makes names and e-mails unique across phases. */
      readonly tag: string;
    }
  | { readonly op: 'calls' }
  | { readonly op: 'deliveriesIdle' }
  | { readonly op: 'check'; readonly ids: readonly string[] }
  | { readonly op: 'close' };

export type EmulatorsMessage =
  | { readonly kind: 'ready' }
  | { readonly kind: 'reply'; readonly id: number; readonly result: unknown }
  | { readonly kind: 'error'; readonly id: number; readonly message: string }
  | {
      readonly kind: 'moments';
      readonly moments: readonly {
        readonly what: 'crm-write' | 'write-back';
        readonly referralId: string;
        readonly at: number;
      }[];
    };

/** A valid new referral (passes every inbound check), unique by tag and index. */
export function benchReferral(tag: string, index: number, seller: string): ReferralInput {
  const key = `${tag}-${index}`;
  return {
    name: `Bench cloud migration ${key}`,
    externalReferenceId: null,
    status: 'New',
    substatus: 'Pending',
    customerProfile: {
      name: `Bench Customer ${key}`,
      address: { addressLine1: '1 Main St', city: 'Seattle', postalCode: '98052', country: 'US' },
      team: [
        {
          firstName: 'Pat',
          lastName: 'Buyer',
          email: `pat.${key}@customer.example`,
          phoneNumber: '+1 555 0100',
        },
      ],
    },
    details: {
      dealValue: 25000,
      currency: 'USD',
      closingDateTime: '2027-03-31T00:00:00Z',
      notes: 'first call done',
      requirements: { solutions: [{ id: 'SOL-BENCH-1', name: 'Bench Cloud', type: 'Name' }] },
    },
    team: [{ firstName: 'Sam', lastName: 'Seller', email: seller }],
    inviteContext: { assistanceRequestCode: 'ProofOfConceptOrDemo' },
  };
}

/** The CRM's emulator, as the bench needs it. */
interface CrmSide {
  readonly info: CrmInfo;
  calls(): number;
  roundTrips(): number;
  /** Opportunity ids by the referral id they carry. */
  opportunitiesByReferral(): Map<string, string[]>;
  close(): Promise<void>;
}

/** Starts the CRM's emulator; `onCreated` hears of every opportunity the API created, with its referral id. */
async function startCrm(start: EmulatorsStart, onCreated: (referralId: string) => void): Promise<CrmSide> {
  const byReferral = (rows: readonly { referralId: unknown; id: string }[]) => {
    const out = new Map<string, string[]>();
    for (const row of rows) {
      if (typeof row.referralId !== 'string') continue;
      out.set(row.referralId, [...(out.get(row.referralId) ?? []), row.id]);
    }
    return out;
  };
  if (start.crm === 'dynamics') {
    const dv = await startDynamicsEmulator({});
    const c = dvColumns(dv.publisherPrefix);
    dv.on('write', (event) => {
      if (event.kind !== 'created' || event.entity !== 'opportunity' || event.source !== 'api') return;
      const referralId = dv.getRow('opportunity', event.id)?.[c.referralId];
      if (typeof referralId === 'string') onCreated(referralId);
    });
    return {
      info: {
        system: 'dynamics',
        url: dv.url,
        tenantId: dv.tenantId,
        clientId: 'cosell-bench',
        clientSecret: 'bench-secret',
      },
      calls: () => dv.apiCalls().total,
      roundTrips: () => dv.apiRoundTrips(),
      opportunitiesByReferral: () =>
        byReferral(
          dv
            .rows('opportunity')
            .map((o) => ({ referralId: o[c.referralId], id: String(o['opportunityid'] as string) })),
        ),
      close: () => dv.close(),
    };
  }
  const sf = await startSalesforceEmulator({});
  sf.on('write', (event) => {
    if (event.kind !== 'created' || event.object !== 'Opportunity' || event.source !== 'api') return;
    const referralId = sf.getRecord('Opportunity', event.id)?.['Referral_Identifier__c'];
    if (typeof referralId === 'string') onCreated(referralId);
  });
  return {
    info: {
      system: 'salesforce',
      url: sf.url,
      orgId: sf.orgId,
      refreshToken: sf.issueTokens(start.integrationUser).refresh_token ?? '',
    },
    calls: () => sf.apiCalls().total,
    // Every Salesforce API request is one HTTP request (a composite one too).
    roundTrips: () => sf.apiCalls().total,
    opportunitiesByReferral: () =>
      byReferral(
        sf
          .records('Opportunity')
          .map((o) => ({ referralId: o['Referral_Identifier__c'], id: String(o['Id']) })),
      ),
    close: () => sf.close(),
  };
}

class Emulators {
  #pc: PartnerCenterEmulator | undefined;
  #crm: CrmSide | undefined;
  #seller = '';
  #moments: Extract<EmulatorsMessage, { kind: 'moments' }>['moments'][number][] = [];
  #flushQueued = false;

  constructor(private readonly post: (message: EmulatorsMessage) => void) {}

  get pc(): PartnerCenterEmulator {
    if (this.#pc === undefined) throw new Error('emulators not started');
    return this.#pc;
  }

  get crm(): CrmSide {
    if (this.#crm === undefined) throw new Error('emulators not started');
    return this.#crm;
  }

  /** Moments go out in batches, once per turn of the event loop. */
  #moment(what: 'crm-write' | 'write-back', referralId: string): void {
    this.#moments.push({ what, referralId, at: wallNow() });
    if (this.#flushQueued) return;
    this.#flushQueued = true;
    setImmediate(() => {
      this.#flushQueued = false;
      const moments = this.#moments;
      this.#moments = [];
      this.post({ kind: 'moments', moments });
    });
  }

  async start(start: EmulatorsStart): Promise<EmulatorsInfo> {
    this.#seller = start.seller;
    const pc = (this.#pc = await startPartnerCenterEmulator({
      certificate: start.certificate,
      deviceCodeIntervalSeconds: 0.05,
      webhookRetry: { baseDelayMs: 50 },
    }));
    const crm = (this.#crm = await startCrm(start, (referralId) => this.#moment('crm-write', referralId)));
    const written = new Set<string>();
    pc.on('change', (change) => {
      const crmId = change.referral.externalReferenceId;
      if (change.kind !== 'updated' || crmId === null || crmId === undefined) return;
      if (written.has(change.referral.id)) return;
      written.add(change.referral.id);
      this.#moment('write-back', change.referral.id);
    });
    return {
      pc: {
        url: pc.url,
        authorityUrl: pc.authorityUrl,
        certificateUrl: pc.certificateUrl,
        tenantId: pc.tenantId,
      },
      crm: crm.info,
    };
  }

  async create(count: number, rate: number | undefined, tag: string): Promise<CreateResult> {
    const ids: string[] = [];
    const started = performance.now();
    let firstAt = 0;
    for (let i = 0; i < count; i++) {
      if (rate !== undefined) {
        // Paced on the schedule, not on the previous create: a late one does not delay the rest.
        const due = started + (i * 1000) / rate;
        const wait = due - performance.now();
        if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      } else if (i % 200 === 199) {
        // Lets deliveries start (and Ctrl-C through) while thousands are created.
        await new Promise((resolve) => setImmediate(resolve));
      }
      if (i === 0) firstAt = wallNow();
      ids.push(this.pc.createReferral(benchReferral(tag, i, this.#seller)).id);
    }
    return { ids, firstAt, lastAt: wallNow() };
  }

  calls(): CallCounts {
    return {
      partnerCenter: this.pc.callCount().total,
      crm: this.crm.calls(),
      crmRoundTrips: this.crm.roundTrips(),
    };
  }

  check(ids: readonly string[]): FinalState {
    const opportunities = this.crm.opportunitiesByReferral();
    let withOpportunity = 0;
    let duplicates = 0;
    let writtenBack = 0;
    for (const id of ids) {
      const found = opportunities.get(id) ?? [];
      if (found.length > 0) withOpportunity++;
      duplicates += Math.max(0, found.length - 1);
      const crmId = this.pc.getReferral(id)?.externalReferenceId;
      if (typeof crmId === 'string' && found.includes(crmId)) writtenBack++;
    }
    return { referrals: ids.length, withOpportunity, duplicates, writtenBack };
  }

  async close(): Promise<void> {
    await this.#pc?.close();
    await this.#crm?.close();
  }
}

async function answer(emulators: Emulators, request: EmulatorsRequest): Promise<unknown> {
  switch (request.op) {
    case 'start':
      return emulators.start(request.start);
    case 'approve':
      emulators.pc.approveDeviceCode(request.userCode, request.username);
      return undefined;
    case 'create':
      return emulators.create(request.count, request.rate, request.tag);
    case 'calls':
      return emulators.calls();
    case 'deliveriesIdle':
      return emulators.pc.waitForDeliveriesIdle(600_000);
    case 'check':
      return emulators.check(request.ids);
    case 'close':
      return emulators.close();
  }
}

const port = parentPort;
if (port !== null) {
  const post = (message: EmulatorsMessage): void => port.postMessage(message);
  const emulators = new Emulators(post);
  port.on('message', ({ id, request }: { id: number; request: EmulatorsRequest }) => {
    answer(emulators, request).then(
      (result) => post({ kind: 'reply', id, result }),
      (error: unknown) =>
        post({ kind: 'error', id, message: error instanceof Error ? error.message : String(error) }),
    );
  });
  post({ kind: 'ready' });
}
