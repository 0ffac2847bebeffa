// The demo's CRM: its emulator with sample accounts and opportunities, the configuration pointing at it, the
// sign-in an operator does with `cosell connect <crm>`, and the hands of its simulated sales team. Salesforce
// (the default, what `npm start` runs) signs in with the device flow as the integration user; Dynamics 365
// with client credentials as the application user (its recommended service identity), against a secret the
// emulator's app registration checks. The rest of the demo does not know which CRM it has.
import { randomBytes } from 'node:crypto';
import { sandboxClientId, type Config } from '../config.js';
import { dvColumns, helpValueOf } from '../crm/dynamics/columns.js';
import { startDynamicsEmulator, type DynamicsEmulator } from '../crm/dynamics/emulator/index.js';
import { saveDynamicsSignIn, signInWithClientSecret } from '../crm/dynamics/sign-in.js';
import { startSalesforceEmulator, type SalesforceEmulator } from '../crm/salesforce/emulator/index.js';
import { saveSalesforceSignIn, signInWithDeviceFlow } from '../crm/salesforce/sign-in.js';
import type { StagePolicy } from '../domain/sync/status-mapping.js';
import type { Logger } from '../logger.js';
import type { Db } from '../store/db.js';
import { CrmSystem } from '../store/schema.js';
import type { DemoCrmHands } from './crm-activity.js';

export interface DemoCrm {
  readonly system: CrmSystem;
  readonly url: string;
  /** Sample opportunities the emulator started with. */
  readonly opportunities: number;
  /** The configuration pointed at the emulator. */
  configure(config: Config): Config;
  /** Signs in as the connector's identity, checks it and stores the connection; returns who it acts as. */
  connect(deps: { config: Config; db: Db; logger: Logger }): Promise<string>;
  /** API requests the emulator counted today. */
  apiCalls(): number;
  /** The Referral Identifier of every opportunity (empty ones too), to count duplicates. */
  referralIds(): unknown[];
  readonly hands: DemoCrmHands;
  close(): Promise<void>;
}

export interface DemoCrmOptions {
  readonly randomSeed: number;
  /** Sample accounts, each with its contacts and opportunities. */
  readonly accounts: number;
  /** The stage names that carry meaning (Salesforce closes a deal by its won or lost stage). */
  readonly stages: StagePolicy;
}

/** The identity the connector acts as in the Salesforce emulator (a System Administrator). */
export const demoIntegrationUser = 'integration@contoso.example';

export function startDemoCrm(system: CrmSystem, options: DemoCrmOptions): Promise<DemoCrm> {
  return system === CrmSystem.dynamics ? demoDynamics(options) : demoSalesforce(options);
}

async function demoSalesforce(options: DemoCrmOptions): Promise<DemoCrm> {
  const em: SalesforceEmulator = await startSalesforceEmulator({
    randomSeed: options.randomSeed,
    generate: { accounts: options.accounts, syncRate: 0.35 },
    deviceFlowIntervalSeconds: 0.2,
  });
  const as = (seller: string) => ({ asUser: seller });
  return {
    system: CrmSystem.salesforce,
    url: em.url,
    opportunities: em.records('Opportunity').length,
    configure: (config) => ({
      ...config,
      crm: CrmSystem.salesforce,
      salesforce: { ...config.salesforce, loginUrl: em.url },
    }),
    async connect(deps) {
      // The same sign-in an operator does with `cosell connect salesforce`: the device flow, approved here
      // as the integration user, checked at once and stored encrypted.
      const signIn = await signInWithDeviceFlow(deps.config, (device) => {
        em.approveDeviceCode(device.userCode, demoIntegrationUser);
      });
      await saveSalesforceSignIn(deps, signIn);
      return demoIntegrationUser;
    },
    apiCalls: () => em.apiCalls().total,
    referralIds: () => em.records('Opportunity').map((o) => o['Referral_Identifier__c']),
    hands: {
      linkedOpen: () =>
        em
          .records('Opportunity')
          .filter((o) => typeof o['Referral_Identifier__c'] === 'string' && o['IsClosed'] !== true)
          .map((o) => ({ id: String(o['Id']), stage: String(o['StageName']) })),
      newDeal: (deal, seller) => {
        const account = em.insertRecord(
          'Account',
          {
            Name: deal.company,
            BillingCountry: deal.country,
            BillingCity: deal.city,
            BillingPostalCode: deal.postalCode,
          },
          as(seller),
        );
        const opportunity = em.insertRecord(
          'Opportunity',
          {
            Name: deal.name,
            AccountId: account['Id'],
            StageName: deal.stage,
            CloseDate: deal.closeDate,
            Amount: deal.amount,
            Description: deal.description,
            Sync_with_Partner_Center__c: true,
            ...(deal.help ? { How_can_Microsoft_help__c: 'ProofOfConceptOrDemo' } : {}),
          },
          as(seller),
        );
        const contact = em.insertRecord(
          'Contact',
          {
            AccountId: account['Id'],
            FirstName: deal.contact.firstName,
            LastName: deal.contact.lastName,
            Email: deal.contact.email,
          },
          as(seller),
        );
        em.insertRecord(
          'OpportunityContactRole',
          { OpportunityId: opportunity['Id'], ContactId: contact['Id'], IsPrimary: true },
          as(seller),
        );
        if (deal.solution) {
          em.insertRecord(
            'Microsoft_Solution__c',
            { Name: deal.solution.name, Solution_Id__c: deal.solution.id, Opportunity__c: opportunity['Id'] },
            as(seller),
          );
        }
      },
      setStage: (id, stage, seller) => {
        em.updateRecord('Opportunity', id, { StageName: stage }, as(seller));
      },
      setAmount: (id, amount, seller) => {
        em.updateRecord('Opportunity', id, { Amount: amount }, as(seller));
      },
      // Salesforce closes a deal by its stage: the won and lost stage names of the stage policy.
      close: (id, won, seller) => {
        const stage = won ? options.stages.wonStage : options.stages.lostStage;
        em.updateRecord('Opportunity', id, { StageName: stage }, as(seller));
      },
      addSolution: (id, solution, seller) => {
        em.insertRecord(
          'Microsoft_Solution__c',
          { Name: solution.name, Solution_Id__c: solution.id, Opportunity__c: id },
          as(seller),
        );
      },
    },
    close: () => em.close(),
  };
}

async function demoDynamics(options: DemoCrmOptions): Promise<DemoCrm> {
  // An app registration the emulator checks: only its client id and this run's secret get tokens.
  const app = { clientId: sandboxClientId, clientSecret: randomBytes(24).toString('base64url') };
  const em: DynamicsEmulator = await startDynamicsEmulator({
    randomSeed: options.randomSeed,
    generate: { accounts: options.accounts, syncRate: 0.35 },
    app,
  });
  const c = dvColumns(em.publisherPrefix);
  const as = (seller: string) => ({ asUser: seller });
  const idOf = (row: Readonly<Record<string, unknown>>, column: string) => String(row[column]);
  return {
    system: CrmSystem.dynamics,
    url: em.url,
    opportunities: em.rows('opportunity').length,
    configure: (config) => ({
      ...config,
      crm: CrmSystem.dynamics,
      dynamics: {
        ...config.dynamics,
        environmentUrl: em.url,
        authorityUrl: em.url,
        tenant: em.tenantId,
        clientId: app.clientId,
        publisherPrefix: em.publisherPrefix,
      },
    }),
    async connect(deps) {
      // The same sign-in an operator does with `cosell connect dynamics --client-secret-stdin`: proved by a
      // token request, the application user checked at once, stored encrypted.
      const signIn = await signInWithClientSecret(deps.config, app.clientSecret);
      return (await saveDynamicsSignIn(deps, signIn)).username;
    },
    apiCalls: () => em.apiCalls().total,
    referralIds: () => em.rows('opportunity').map((o) => o[c.referralId]),
    hands: {
      linkedOpen: () =>
        em
          .rows('opportunity')
          .filter((o) => typeof o[c.referralId] === 'string' && o['statecode'] === 0)
          .map((o) => ({
            id: idOf(o, 'opportunityid'),
            stage: typeof o['stepname'] === 'string' ? o['stepname'] : '',
          })),
      newDeal: (deal, seller) => {
        const account = em.insertRow(
          'account',
          {
            name: deal.company,
            address1_country: deal.country,
            address1_city: deal.city,
            address1_postalcode: deal.postalCode,
          },
          as(seller),
        );
        const accountId = idOf(account, 'accountid');
        const contact = em.insertRow(
          'contact',
          {
            firstname: deal.contact.firstName,
            lastname: deal.contact.lastName,
            emailaddress1: deal.contact.email,
            'parentcustomerid_account@odata.bind': `/accounts(${accountId})`,
          },
          as(seller),
        );
        const opportunity = em.insertRow(
          'opportunity',
          {
            name: deal.name,
            'parentaccountid@odata.bind': `/accounts(${accountId})`,
            'parentcontactid@odata.bind': `/contacts(${idOf(contact, 'contactid')})`,
            stepname: deal.stage,
            estimatedclosedate: deal.closeDate,
            estimatedvalue: deal.amount,
            description: deal.description,
            [c.sync]: true,
            ...(deal.help ? { [c.help]: helpValueOf('ProofOfConceptOrDemo') } : {}),
          },
          as(seller),
        );
        // As the admin: the solution table is custom, in no standard role a salesperson holds.
        if (deal.solution) {
          em.insertRow(`${c.prefix}microsoftsolution`, {
            [c.solutionName]: deal.solution.name,
            [c.solutionId]: deal.solution.id,
            [`${c.solutionOpportunity}@odata.bind`]: `/opportunities(${idOf(opportunity, 'opportunityid')})`,
          });
        }
      },
      setStage: (id, stage, seller) => {
        em.updateRow('opportunity', id, { stepname: stage }, as(seller));
      },
      setAmount: (id, amount, seller) => {
        em.updateRow('opportunity', id, { estimatedvalue: amount }, as(seller));
      },
      addSolution: (id, solution) => {
        em.insertRow(`${c.prefix}microsoftsolution`, {
          [c.solutionName]: solution.name,
          [c.solutionId]: solution.id,
          [`${c.solutionOpportunity}@odata.bind`]: `/opportunities(${id})`,
        });
      },
      // Dynamics 365 closes a deal with Close as Won / Lost, not by its stage text.
      close: (id, won, seller) => {
        em.closeOpportunity(id, won ? 'won' : 'lost', as(seller));
      },
    },
    close: () => em.close(),
  };
}
