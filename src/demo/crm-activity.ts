// Plays the sales team in the CRM's emulator for the demo: sellers accept co-sell referrals by moving their
// opportunity out of the on-hold stage, change deal values, win and lose deals, and enter new deals marked
// "Sync with Partner Center" (now and then without a Microsoft solution, so the audit has a failure to
// explain). Every change goes through the emulator as that seller, like a UI edit; `DemoCrmHands` (demo/crm.ts)
// says how in each CRM.
import type { StagePolicy } from '../domain/sync/status-mapping.js';
import { createRng } from '../partner-center/emulator/rng.js';

/** What a seller does in the CRM's UI, as the demo's simulated sales team needs it. */
export interface DemoCrmHands {
  /** Open opportunities linked to a referral, with their stage. */
  linkedOpen(): { readonly id: string; readonly stage: string }[];
  /** A new deal entered by the seller: account, opportunity (Sync on), contact and, if `solution`, one solution. */
  newDeal(deal: NewDeal, seller: string): void;
  setStage(id: string, stage: string, seller: string): void;
  setAmount(id: string, amount: number, seller: string): void;
  /** Closes the deal as won or lost (Salesforce: the won or lost stage; Dynamics 365: Close as Won/Lost). */
  close(id: string, won: boolean, seller: string): void;
  /** Gives an opportunity its Microsoft solution (fixes R7's VALIDATION_SOLUTION_MISSING). */
  addSolution(id: string, solution: { readonly id: string; readonly name: string }, seller: string): void;
}

export interface NewDeal {
  readonly company: string;
  readonly country: string;
  readonly city: string;
  readonly postalCode: string;
  readonly name: string;
  readonly stage: string;
  readonly closeDate: string;
  readonly amount: number;
  readonly description: string;
  /** Set: "How can Microsoft help?" is asked (ProofOfConceptOrDemo). */
  readonly help: boolean;
  readonly contact: { readonly firstName: string; readonly lastName: string; readonly email: string };
  /** The Microsoft solution, or undefined for a deal that lacks one (R7). */
  readonly solution: { readonly id: string; readonly name: string } | undefined;
}

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

export function startCrmActivity(hands: DemoCrmHands, options: CrmActivityOptions): { stop(): void } {
  const rng = createRng(options.randomSeed).fork('demo-crm-activity');
  const random = (): number => rng.next();
  const pick = <T>(items: readonly T[]): T | undefined => items[Math.floor(random() * items.length)];
  let created = 0;

  const newDeal = (): void => {
    created++;
    const [country, city, postalCode] = pick(countries) ?? countries[0];
    const company = `${pick(companies) ?? 'Contoso'} ${country} ${created}`;
    const help = random() < 0.4;
    const closeDate = new Date(Date.now() + (30 + Math.floor(random() * 150)) * 86_400_000)
      .toISOString()
      .slice(0, 10);
    const amount = Math.round(10_000 + random() * 190_000);
    // One deal in five lacks its Microsoft solution: R7 explains it on the record and in the audit.
    const solution = random() >= 0.2 ? { id: 'SOL-CONTOSO-1', name: 'Contoso Cloud' } : undefined;
    hands.newDeal(
      {
        company,
        country,
        city,
        postalCode,
        name: `${company} – cloud migration`,
        stage: options.stages.activeStage,
        closeDate,
        amount,
        description: 'Entered by the sales team',
        help,
        contact: {
          firstName: 'Alex',
          lastName: `Buyer ${created}`,
          email: `alex${created}@customer.example`,
        },
        solution,
      },
      options.seller,
    );
  };

  const step = (): void => {
    const roll = random();
    const open = hands.linkedOpen();
    const onHold = open.filter((o) => o.stage === options.stages.onHoldStage);
    const active = open.filter((o) => o.stage !== options.stages.onHoldStage);
    if (roll < 0.4 && onHold.length > 0) {
      const o = pick(onHold);
      if (o) hands.setStage(o.id, options.stages.activeStage, options.seller);
      return;
    }
    if (roll < 0.6 && active.length > 0) {
      const o = pick(active);
      if (o) hands.setAmount(o.id, Math.round(10_000 + random() * 240_000), options.seller);
      return;
    }
    if (roll < 0.7 && active.length > 0) {
      const o = pick(active);
      const won = random() < 0.6;
      if (o) hands.close(o.id, won, options.seller);
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
