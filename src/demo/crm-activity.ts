// Plays the sales team in the Salesforce emulator for the demo: sellers accept co-sell referrals by moving
// their opportunity out of the on-hold stage, change deal values, win and lose deals, and enter new deals
// marked "Sync with Partner Center" (now and then without a Microsoft solution, so the audit has a failure
// to explain). Every change goes through the emulator as that seller, like a UI edit.
import type { SalesforceEmulator } from '../crm/salesforce/emulator/index.js';
import type { StagePolicy } from '../domain/sync/status-mapping.js';
import { createRng } from '../partner-center/emulator/rng.js';

export interface CrmActivityOptions {
  readonly intervalMs: number;
  readonly randomSeed: number;
  readonly seller: string;
  readonly stages: StagePolicy;
  readonly onError?: ((error: unknown) => void) | undefined;
}

const companies = [
  'Northwind',
  'Tailspin',
  'Wingtip',
  'Litware',
  'Proseware',
  'Adventure Works',
  'Woodgrove',
];
const countries = [
  ['NL', 'Amsterdam', '1017 AB'],
  ['DE', 'Berlin', '10115'],
  ['US', 'Seattle', '98052'],
  ['CN', 'Shanghai', '200000'],
  ['GB', 'London', 'EC1A 1BB'],
] as const;

export function startCrmActivity(
  emulator: SalesforceEmulator,
  options: CrmActivityOptions,
): { stop(): void } {
  const rng = createRng(options.randomSeed).fork('demo-crm-activity');
  const random = (): number => rng.next();
  const pick = <T>(items: readonly T[]): T | undefined => items[Math.floor(random() * items.length)];
  const as = { asUser: options.seller };
  let created = 0;

  const linked = () =>
    emulator
      .records('Opportunity')
      .filter((o) => typeof o['Referral_Identifier__c'] === 'string' && o['IsClosed'] !== true);

  const newDeal = (): void => {
    created++;
    const [country, city, postalCode] = pick(countries) ?? countries[0];
    const company = `${pick(companies) ?? 'Contoso'} ${country} ${created}`;
    const account = emulator.insertRecord(
      'Account',
      { Name: company, BillingCountry: country, BillingCity: city, BillingPostalCode: postalCode },
      as,
    );
    const help = random() < 0.4;
    const opportunity = emulator.insertRecord(
      'Opportunity',
      {
        Name: `${company} – cloud migration`,
        AccountId: account['Id'],
        StageName: options.stages.activeStage,
        CloseDate: new Date(Date.now() + (30 + Math.floor(random() * 150)) * 86_400_000)
          .toISOString()
          .slice(0, 10),
        Amount: Math.round(10_000 + random() * 190_000),
        Description: 'Entered by the sales team',
        Sync_with_Partner_Center__c: true,
        ...(help ? { How_can_Microsoft_help__c: 'ProofOfConceptOrDemo' } : {}),
      },
      as,
    );
    const contact = emulator.insertRecord(
      'Contact',
      {
        AccountId: account['Id'],
        FirstName: 'Alex',
        LastName: `Buyer ${created}`,
        Email: `alex${created}@customer.example`,
      },
      as,
    );
    emulator.insertRecord(
      'OpportunityContactRole',
      { OpportunityId: opportunity['Id'], ContactId: contact['Id'], IsPrimary: true },
      as,
    );
    // One deal in five lacks its Microsoft solution: R7 explains it on the record and in the audit.
    if (random() >= 0.2) {
      emulator.insertRecord(
        'Microsoft_Solution__c',
        { Name: 'Contoso Cloud', Solution_Id__c: 'SOL-CONTOSO-1', Opportunity__c: opportunity['Id'] },
        as,
      );
    }
  };

  const step = (): void => {
    const roll = random();
    const open = linked();
    const onHold = open.filter((o) => o['StageName'] === options.stages.onHoldStage);
    const active = open.filter((o) => o['StageName'] !== options.stages.onHoldStage);
    if (roll < 0.4 && onHold.length > 0) {
      const o = pick(onHold);
      if (o)
        emulator.updateRecord('Opportunity', String(o['Id']), { StageName: options.stages.activeStage }, as);
      return;
    }
    if (roll < 0.6 && active.length > 0) {
      const o = pick(active);
      if (o)
        emulator.updateRecord(
          'Opportunity',
          String(o['Id']),
          { Amount: Math.round(10_000 + random() * 240_000) },
          as,
        );
      return;
    }
    if (roll < 0.7 && active.length > 0) {
      const o = pick(active);
      const stage = random() < 0.6 ? options.stages.wonStage : options.stages.lostStage;
      if (o) emulator.updateRecord('Opportunity', String(o['Id']), { StageName: stage }, as);
      return;
    }
    newDeal();
  };

  const timer = setInterval(() => {
    try {
      step();
    } catch (error) {
      options.onError?.(error);
    }
  }, options.intervalMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
