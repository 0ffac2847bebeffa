// One CRM's side of an end-to-end test, in CRM-neutral terms: its emulator, the adapter the connector uses,
// and what a person could do in that CRM's own UI (the contract harness, plus contacts, Microsoft solutions
// and closing a deal). End-to-end suites take a CRM name and run unchanged against either emulator; what is
// only true of one CRM stays in that CRM's own tests.
import type { ContractHarness } from '../../src/crm/adapter.contract.js';
import type { CrmContact, CrmOpportunity, CrmOpportunityFields } from '../../src/crm/adapter.js';
import { dvColumns } from '../../src/crm/dynamics/columns.js';
import { contactBody, toDataverseFields } from '../../src/crm/dynamics/mapping.js';
import { idOfRow, startDynamicsRig, type DynamicsTestRig } from '../../src/crm/dynamics/test-support.js';
import {
  personUsername,
  startSalesforceRig,
  type SalesforceTestRig,
} from '../../src/crm/salesforce/test-support.js';
import { defaultStagePolicy } from '../../src/domain/sync/status-mapping.js';
import type { Clock } from '../../src/partner-center/emulator/clock.js';
import type { Db } from '../../src/store/db.js';
import { CrmSystem } from '../../src/store/schema.js';

export type CrmName = 'salesforce' | 'dynamics';
/** Every CRM an end-to-end suite runs against (`describe.each(crmNames)`). */
export const crmNames: readonly CrmName[] = ['salesforce', 'dynamics'];

export interface CrmTestHandle extends ContractHarness {
  readonly system: CrmSystem;
  /** Web API requests the CRM's emulator counted today (every user, failed ones too). */
  apiCalls(): number;
  /** HTTP requests the adapters made to the CRM's API so far (a Dataverse $batch is one). */
  roundTrips(): number;
  /** Records written through the API so far (creates, updates, deletes). */
  apiWrites(): number;
  /** Those writes, oldest first: the table or object (the CRM's own name) and the columns or fields set. */
  apiWriteLog(): readonly ApiWrite[];
  /** The opportunity as the adapter reads it (one read; undefined when it is gone). */
  opportunity(id: string): Promise<CrmOpportunity | undefined>;
  /** Ids of the opportunities carrying this Referral Identifier, straight from the emulator (no API call). */
  opportunityIdsOfReferral(referralId: string): string[];
  /** Every opportunity in the emulator, by id (no API call). */
  opportunityIds(): string[];
  /** A person adds the customer's contact to an opportunity (a contact role; Dataverse: its contact). */
  addContactAsPerson(
    opportunityId: string,
    accountId: string,
    contact: Omit<CrmContact, 'id' | 'accountId'>,
  ): Promise<string>;
  /** A person adds a Microsoft solution to an opportunity. */
  addSolutionAsPerson(opportunityId: string, solution: { id: string; name: string }): Promise<void>;
}

export interface ApiWrite {
  readonly kind: 'created' | 'updated' | 'deleted';
  readonly table: string;
  readonly id: string;
  readonly columns: readonly string[];
}

export interface CrmRig {
  readonly handle: CrmTestHandle;
  /** The CRM's own rig, for tests that are about that CRM alone. */
  readonly salesforce?: SalesforceTestRig | undefined;
  readonly dynamics?: DynamicsTestRig | undefined;
}

const asPerson = { asUser: personUsername };

/** What a suite may change about the CRM's emulator. */
export interface CrmRigOptions {
  /** Default: a ManualClock moved by `advanceClock` only; a real clock lets Retry-After times pass. */
  readonly clock?: Clock | undefined;
}

async function salesforceRig(db: Db, options: CrmRigOptions): Promise<CrmRig> {
  const sf = await startSalesforceRig(db, options.clock ? { emulator: { clock: options.clock } } : {});
  const em = sf.emulator;
  const writes: ApiWrite[] = [];
  em.on('write', (e) => {
    if (e.source === 'api') writes.push({ kind: e.kind, table: e.object, id: e.id, columns: e.fields });
  });
  const handle: CrmTestHandle = {
    ...sf.harness,
    system: CrmSystem.salesforce,
    apiCalls: () => em.apiCalls().total,
    // Salesforce counts every request once (a composite call too): calls and round trips are the same.
    roundTrips: () => em.apiCalls().total,
    apiWrites: () => writes.length,
    apiWriteLog: () => writes,
    opportunity: async (id) => (await sf.adapter.getOpportunities([id]))[0],
    opportunityIdsOfReferral: (referralId) =>
      em
        .records('Opportunity')
        .filter((o) => o['Referral_Identifier__c'] === referralId)
        .map((o) => String(o['Id'])),
    opportunityIds: () => em.records('Opportunity').map((o) => String(o['Id'])),
    addContactAsPerson: (opportunityId, accountId, contact) => {
      const row = em.insertRecord(
        'Contact',
        {
          AccountId: accountId,
          FirstName: contact.firstName,
          LastName: contact.lastName,
          Email: contact.email,
          Phone: contact.phone,
        },
        asPerson,
      );
      em.insertRecord(
        'OpportunityContactRole',
        { OpportunityId: opportunityId, ContactId: row['Id'], IsPrimary: true },
        asPerson,
      );
      return Promise.resolve(String(row['Id']));
    },
    addSolutionAsPerson: (opportunityId, solution) => {
      em.insertRecord(
        'Microsoft_Solution__c',
        { Name: solution.name, Solution_Id__c: solution.id, Opportunity__c: opportunityId },
        asPerson,
      );
      return Promise.resolve();
    },
  };
  return { handle, salesforce: sf };
}

async function dynamicsRig(db: Db, options: CrmRigOptions): Promise<CrmRig> {
  const dv = await startDynamicsRig(db, options.clock ? { emulator: { clock: options.clock } } : {});
  const em = dv.emulator;
  const writes: ApiWrite[] = [];
  em.on('write', (e) => {
    if (e.source === 'api') writes.push({ kind: e.kind, table: e.entity, id: e.id, columns: e.columns });
  });
  const c = dvColumns(em.publisherPrefix);
  const stages = { won: defaultStagePolicy.wonStage, lost: defaultStagePolicy.lostStage };
  const write = (fields: Partial<CrmOpportunityFields>) =>
    toDataverseFields(
      fields,
      {
        columns: c,
        stages,
        currencyBind: (code) => `/transactioncurrencies(isocurrencycode='${code}')`,
      },
      true,
    );
  const handle: CrmTestHandle = {
    ...dv.harness,
    // The adapter the connector runs with ($batches of up to 1,000), not the contract's small-batch one.
    adapter: dv.adapter,
    system: CrmSystem.dynamics,
    apiCalls: () => em.apiCalls().total,
    roundTrips: () => dv.calls.length,
    apiWrites: () => writes.length,
    apiWriteLog: () => writes,
    // A person closes a deal with the Close as Won / Lost dialog (WinOpportunity, LoseOpportunity), not by
    // typing a stage; every other field is a column of the form.
    editAsPerson: (id, fields) => {
      const { body, close } = write(fields);
      if (Object.keys(body).length > 0) em.updateRow('opportunity', id, body, asPerson);
      if (close !== undefined) em.closeOpportunity(id, close, asPerson);
      return Promise.resolve();
    },
    opportunity: async (id) => (await dv.adapter.getOpportunities([id]))[0],
    opportunityIdsOfReferral: (referralId) =>
      em
        .rows('opportunity')
        .filter((o) => o[c.referralId] === referralId)
        .map((o) => idOfRow(o, 'opportunityid')),
    opportunityIds: () => em.rows('opportunity').map((o) => idOfRow(o, 'opportunityid')),
    addContactAsPerson: (opportunityId, accountId, contact) => {
      const row = em.insertRow(
        'contact',
        contactBody(contact, `/accounts(${accountId})`, undefined),
        asPerson,
      );
      const contactId = idOfRow(row, 'contactid');
      em.updateRow(
        'opportunity',
        opportunityId,
        { 'parentcontactid@odata.bind': `/contacts(${contactId})` },
        asPerson,
      );
      return Promise.resolve(contactId);
    },
    // As the admin: the solution table is custom, in no standard role, so a salesperson has no access to it
    // until an administrator adds it to theirs.
    addSolutionAsPerson: (opportunityId, solution) => {
      em.insertRow(`${c.prefix}microsoftsolution`, {
        [c.solutionName]: solution.name,
        [c.solutionId]: solution.id,
        [`${c.solutionOpportunity}@odata.bind`]: `/opportunities(${opportunityId})`,
      });
      return Promise.resolve();
    },
  };
  return { handle, dynamics: dv };
}

/** Starts the named CRM's emulator and adapter on the test database. */
export function startCrmRig(db: Db, crm: CrmName, options: CrmRigOptions = {}): Promise<CrmRig> {
  return crm === 'salesforce' ? salesforceRig(db, options) : dynamicsRig(db, options);
}
