// The CRM of a world in which `cosell start` runs as a child process (connector-process.ts): its emulator on
// a real clock, the connection stored as an operator would with `cosell connect <crm>`, the environment the
// child needs to find it, a sales person's new opportunity, and a neutral view of the records the end-state
// check reads. Salesforce signs in as its integration user; Dynamics 365 with client credentials as the
// application user, against a secret only this run's app registration accepts (as the demo does).
import { randomBytes } from 'node:crypto';
import type { Config } from '../../src/config.js';
import { dvColumns } from '../../src/crm/dynamics/columns.js';
import { startDynamicsEmulator } from '../../src/crm/dynamics/emulator/index.js';
import { accountBody, contactBody, toDataverseFields } from '../../src/crm/dynamics/mapping.js';
import { saveDynamicsSignIn, signInWithClientSecret } from '../../src/crm/dynamics/sign-in.js';
import { idOfRow, personUsername as dvPersonUsername } from '../../src/crm/dynamics/test-support.js';
import { saveSalesforceConnection } from '../../src/crm/salesforce/connection.js';
import { startSalesforceEmulator } from '../../src/crm/salesforce/emulator/index.js';
import { integrationUsername, personUsername } from '../../src/crm/salesforce/test-support.js';
import type { Logger } from '../../src/logger.js';
import type { Db } from '../../src/store/db.js';
import type { CrmName } from './crm-rig.js';

/** One opportunity as the end-state check reads it, whichever CRM holds it. */
export interface OpportunityRecord {
  readonly id: string;
  readonly name: string | undefined;
  /** The "Referral Identifier" (undefined while empty). */
  readonly referralId: string | undefined;
}

export interface ProcessCrm {
  readonly name: CrmName;
  /** What `cosell start` needs in its environment to reach this CRM (the connection itself is stored). */
  readonly env: Record<string, string>;
  /** Signs in as the connector's identity and stores the connection, as `cosell connect <crm>` would. */
  connect(deps: { config: Config; db: Db; logger: Logger }): Promise<void>;
  /**
   * A sales person's new opportunity with "Sync with Partner Center" on, complete enough to share: an account
   * with a country, a contact, a Microsoft solution; with `help`, Microsoft's help is asked too. Returns its id.
   */
  createOpportunityAsPerson(label: string, help: boolean): string;
  /** Every opportunity in the emulator (no API call). */
  opportunities(): OpportunityRecord[];
  /** The name of every account, and the e-mail of every contact (to find one created twice). */
  accountNames(): (string | undefined)[];
  contactEmails(): (string | undefined)[];
  /** Latency of every API answer, in milliseconds. */
  setLatency(ms: number): void;
  /** API calls the emulator counted today (UTC), every identity. */
  apiCallsToday(): number;
  close(): Promise<void>;
}

const helpCode = 'ProofOfConceptOrDemo';
const solution = { name: 'Fabrikam Cloud', id: 'SOL-FABRIKAM-1' };

function stringOf(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

export function startProcessCrm(name: CrmName): Promise<ProcessCrm> {
  return name === 'dynamics' ? dynamicsCrm() : salesforceCrm();
}

async function salesforceCrm(): Promise<ProcessCrm> {
  const em = await startSalesforceEmulator();
  const asPerson = { asUser: personUsername };
  return {
    name: 'salesforce',
    env: { COSELL_CRM: 'salesforce', COSELL_SF_LOGIN_URL: em.url },
    connect: async ({ config, db }) => {
      await saveSalesforceConnection(
        { config, db },
        {
          refreshToken: em.issueTokens(integrationUsername).refresh_token ?? '',
          loginUrl: em.url,
          identity: integrationUsername,
          orgId: em.orgId,
        },
      );
    },
    createOpportunityAsPerson: (label, help) => {
      const account = em.insertRecord(
        'Account',
        {
          Name: `Fabrikam ${label}`,
          BillingCountry: 'NL',
          BillingPostalCode: '1017 AB',
          BillingCity: 'Amsterdam',
        },
        asPerson,
      );
      const opportunity = em.insertRecord(
        'Opportunity',
        {
          Name: `Fabrikam data platform ${label}`,
          AccountId: account['Id'],
          StageName: 'Prospecting',
          CloseDate: '2027-06-30',
          Amount: 48000,
          CurrencyIsoCode: 'EUR',
          Description: 'Needs a landing zone',
          Sync_with_Partner_Center__c: true,
          ...(help ? { How_can_Microsoft_help__c: helpCode } : {}),
        },
        asPerson,
      );
      const contact = em.insertRecord(
        'Contact',
        {
          AccountId: account['Id'],
          FirstName: 'Noor',
          LastName: `de Vries ${label}`,
          Email: emailOf(label),
          Phone: '+31 20 555 0100',
        },
        asPerson,
      );
      em.insertRecord(
        'OpportunityContactRole',
        { OpportunityId: opportunity['Id'], ContactId: contact['Id'], IsPrimary: true },
        asPerson,
      );
      em.insertRecord(
        'Microsoft_Solution__c',
        { Name: solution.name, Solution_Id__c: solution.id, Opportunity__c: opportunity['Id'] },
        asPerson,
      );
      return String(opportunity['Id']);
    },
    opportunities: () =>
      em.records('Opportunity').map((o) => ({
        id: String(o['Id']),
        name: stringOf(o['Name']),
        referralId: stringOf(o['Referral_Identifier__c']),
      })),
    accountNames: () => em.records('Account').map((a) => stringOf(a['Name'])),
    contactEmails: () => em.records('Contact').map((c) => stringOf(c['Email'])),
    setLatency: (ms) => {
      em.setFaults({ latencyMs: ms });
    },
    apiCallsToday: () => em.apiCalls().total,
    close: () => em.close(),
  };
}

async function dynamicsCrm(): Promise<ProcessCrm> {
  // An app registration the emulator checks: only its client id and this run's secret get tokens.
  const app = { clientId: 'cosell-crash-test', clientSecret: randomBytes(24).toString('base64url') };
  const em = await startDynamicsEmulator({ app });
  const c = dvColumns(em.publisherPrefix);
  const asPerson = { asUser: dvPersonUsername };
  return {
    name: 'dynamics',
    env: {
      COSELL_CRM: 'dynamics',
      COSELL_DV_URL: em.url,
      COSELL_DV_AUTHORITY_URL: em.url,
      COSELL_DV_TENANT: em.tenantId,
      COSELL_DV_CLIENT_ID: app.clientId,
      COSELL_DV_PUBLISHER_PREFIX: em.publisherPrefix,
    },
    // `cosell connect dynamics --client-secret-stdin`: proved by a token request, the application user
    // checked, the secret stored encrypted (the child's environment carries none).
    connect: async (deps) => {
      const signIn = await signInWithClientSecret(deps.config, app.clientSecret);
      await saveDynamicsSignIn(deps, signIn);
    },
    createOpportunityAsPerson: (label, help) => {
      const accountId = idOfRow(
        em.insertRow(
          'account',
          accountBody(
            { name: `Fabrikam ${label}`, country: 'NL', postalCode: '1017 AB', city: 'Amsterdam' },
            undefined,
          ),
          asPerson,
        ),
        'accountid',
      );
      const contactId = idOfRow(
        em.insertRow(
          'contact',
          contactBody(
            {
              firstName: 'Noor',
              lastName: `de Vries ${label}`,
              email: emailOf(label),
              phone: '+31 20 555 0100',
            },
            `/accounts(${accountId})`,
            undefined,
          ),
          asPerson,
        ),
        'contactid',
      );
      const { body } = toDataverseFields(
        {
          name: `Fabrikam data platform ${label}`,
          accountId,
          stageName: 'Prospecting',
          closeDate: '2027-06-30',
          amount: 48000,
          currency: 'EUR',
          description: 'Needs a landing zone',
          syncWithPartnerCenter: true,
          ...(help ? { helpRequested: helpCode } : {}),
        },
        {
          columns: c,
          stages: { won: 'Closed Won', lost: 'Closed Lost' },
          currencyBind: (code) => `/transactioncurrencies(isocurrencycode='${code}')`,
        },
        false,
      );
      const opportunityId = idOfRow(
        em.insertRow(
          'opportunity',
          { ...body, 'parentcontactid@odata.bind': `/contacts(${contactId})` },
          asPerson,
        ),
        'opportunityid',
      );
      // As the admin: the solution table is custom, in no standard role a salesperson holds.
      em.insertRow(`${c.prefix}microsoftsolution`, {
        [c.solutionName]: solution.name,
        [c.solutionId]: solution.id,
        [`${c.solutionOpportunity}@odata.bind`]: `/opportunities(${opportunityId})`,
      });
      return opportunityId;
    },
    opportunities: () =>
      em.rows('opportunity').map((o) => ({
        id: idOfRow(o, 'opportunityid'),
        name: stringOf(o['name']),
        referralId: stringOf(o[c.referralId]),
      })),
    accountNames: () => em.rows('account').map((a) => stringOf(a['name'])),
    contactEmails: () => em.rows('contact').map((row) => stringOf(row['emailaddress1'])),
    setLatency: (ms) => {
      em.setFaults({ latencyMs: ms });
    },
    apiCallsToday: () => em.apiCalls().total,
    close: () => em.close(),
  };
}

function emailOf(label: string): string {
  return `noor.${label.replace(/\W+/g, '-')}@fabrikam.example`;
}
