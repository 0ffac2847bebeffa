// Generated org data: accounts around the world, their contacts and opportunities (some flagged
// Sync_with_Partner_Center__c, with an assistance request and Microsoft solutions), contact roles.
// Deterministic for (options, randomSeed, now): the same inputs give the same records, ids included.
// BillingCountry is mostly an ISO code but sometimes a name ('Netherlands', 'Deutschland', 'UK') and a
// few accounts lack a postal code, so a sync's address validation has something to do.
import {
  companyStems,
  companyTrades,
  countries,
  firstNames,
  lastNames,
  notes,
  partnerSolutions,
} from '../../../partner-center/emulator/generator-data.js';
import { createRng, type Rng } from '../../../partner-center/emulator/rng.js';
import type { CurrencyDef } from './currencies.js';
import { countryNames, opportunityThemes, stageWeights, titles } from './generator-data.js';
import { accountIndustries, contactRoles, howCanMicrosoftHelpValues } from './objects.js';
import type { SeedRecord, SeedRecords } from './seed.js';
import { formatDateTime, utcDate } from './sf-time.js';
import type { StageDef } from './stages.js';

export interface GeneratorOptions {
  readonly accounts: number;
  /** Inclusive range per account (default [1, 3]). */
  readonly contactsPerAccount?: readonly [number, number];
  /** Inclusive range per account (default [0, 3]). */
  readonly opportunitiesPerAccount?: readonly [number, number];
  /** Share of open opportunities flagged for Partner Center (default 0.3). */
  readonly syncRate?: number;
}

export interface GeneratorContext {
  readonly now: Date;
  /** Usernames that own generated records (sellers). */
  readonly owners: readonly string[];
  /** Username that created them (a data load by the admin). */
  readonly loader: string;
  readonly stages: readonly StageDef[];
  /** undefined: multi-currency is off. */
  readonly currencies: readonly CurrencyDef[] | undefined;
}

const dayMs = 86_400_000;

function ascii(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^A-Za-z0-9]+/g, '')
    .toLowerCase();
}

function weightedStage(rng: Rng, stages: readonly StageDef[]): StageDef {
  const weights = stages.map((s) => stageWeights[s.name] ?? 5);
  let roll = rng.next() * weights.reduce((a, b) => a + b, 0);
  for (const [i, stage] of stages.entries()) {
    roll -= weights[i] ?? 0;
    if (roll < 0) return stage;
  }
  return stages[stages.length - 1] as StageDef;
}

export function generateSalesforceData(
  options: GeneratorOptions | number,
  randomSeed: number,
  ctx: GeneratorContext,
): SeedRecords {
  const o: GeneratorOptions = typeof options === 'number' ? { accounts: options } : options;
  const rng = createRng(randomSeed).fork('salesforce-generator');
  const [cMin, cMax] = o.contactsPerAccount ?? [1, 3];
  const [oMin, oMax] = o.opportunitiesPerAccount ?? [0, 3];
  const syncRate = o.syncRate ?? 0.3;
  const nowMs = ctx.now.getTime();
  const user = (username: string) => `@{user:${username}}`;
  const loader = user(ctx.loader);
  const active = new Set((ctx.currencies ?? []).filter((c) => c.isActive).map((c) => c.isoCode));
  const corporate = ctx.currencies?.find((c) => c.isCorporate)?.isoCode;

  const out = {
    Account: [] as SeedRecord[],
    Contact: [] as SeedRecord[],
    Opportunity: [] as SeedRecord[],
    OpportunityContactRole: [] as SeedRecord[],
    Microsoft_Solution__c: [] as SeedRecord[],
  };
  const audit = (createdMs: number, owner: string) => {
    const modifiedMs = createdMs + rng.int(0, Math.max(0, Math.floor((nowMs - createdMs) / 1000))) * 1000;
    return {
      OwnerId: user(owner),
      CreatedDate: formatDateTime(createdMs),
      CreatedById: loader,
      LastModifiedDate: formatDateTime(modifiedMs),
      LastModifiedById: loader,
    };
  };

  for (let a = 0; a < o.accounts; a++) {
    const country = rng.pick(countries);
    const place = rng.pick(country.cities);
    const stem = rng.pick(companyStems);
    const name = `${stem} ${rng.pick(companyTrades)} ${rng.pick(country.suffixes)}`;
    const names = countryNames[country.code];
    const billingCountry = names && rng.chance(0.25) ? rng.pick(names) : country.code;
    const owner = rng.pick(ctx.owners);
    const createdMs = nowMs - rng.int(20, 400) * dayMs - rng.int(0, 86_399) * 1000;
    const domain = `${ascii(stem)}${a}.${country.tld}`;
    const currency = ctx.currencies
      ? active.has(country.currency)
        ? country.currency
        : corporate
      : undefined;
    const accountRef = `account${a}`;
    out.Account.push({
      '@id': accountRef,
      Name: name,
      Type: rng.pick(['Prospect', 'Customer - Direct', 'Customer - Channel']),
      Industry: rng.pick(accountIndustries),
      BillingStreet: `${rng.int(1, 250)} ${rng.pick(country.streets)}`,
      BillingCity: place.city,
      BillingState: place.state,
      BillingPostalCode: rng.chance(0.05) ? null : place.postal,
      BillingCountry: billingCountry,
      Phone: `${country.phonePrefix} ${rng.int(100, 999)} ${rng.int(1000, 9999)}`,
      Website: `https://www.${domain}`,
      NumberOfEmployees: rng.pick([25, 80, 250, 1200, 5000, 42_000]),
      ...(currency ? { CurrencyIsoCode: currency } : {}),
      ...audit(createdMs, owner),
    });

    const contacts: string[] = [];
    for (let c = 0, n = rng.int(cMin, cMax); c < n; c++) {
      const first = rng.pick(firstNames);
      const last = rng.pick(lastNames);
      const ref = `contact${a}_${c}`;
      contacts.push(ref);
      out.Contact.push({
        '@id': ref,
        AccountId: `@{${accountRef}}`,
        FirstName: first,
        LastName: last,
        Title: rng.pick(titles),
        Email: `${ascii(first)}.${ascii(last)}@${domain}`,
        Phone: `${country.phonePrefix} ${rng.int(100, 999)} ${rng.int(1000, 9999)}`,
        ...(currency ? { CurrencyIsoCode: currency } : {}),
        ...audit(createdMs + rng.int(0, 10) * dayMs, owner),
      });
    }

    for (let p = 0, n = rng.int(oMin, oMax); p < n; p++) {
      const stage = weightedStage(rng, ctx.stages);
      const oppCreatedMs = Math.min(nowMs - dayMs, createdMs + rng.int(1, 300) * dayMs);
      const closeDate = stage.isClosed
        ? utcDate(Math.min(nowMs - dayMs, oppCreatedMs + rng.int(10, 120) * dayMs))
        : utcDate(nowMs + rng.int(10, 200) * dayMs);
      const sync = !stage.isClosed && rng.chance(syncRate);
      const ref = `opportunity${a}_${p}`;
      out.Opportunity.push({
        '@id': ref,
        AccountId: `@{${accountRef}}`,
        Name: `${stem} - ${rng.pick(opportunityThemes)}`,
        StageName: stage.name,
        CloseDate: closeDate,
        Amount: rng.int(50, 20_000) * 100,
        Type: rng.pick(['New Customer', 'Existing Customer - Upgrade']),
        Description: rng.pick(notes),
        ...(currency ? { CurrencyIsoCode: currency } : {}),
        Sync_with_Partner_Center__c: sync,
        ...(sync ? { How_can_Microsoft_help__c: rng.pick(howCanMicrosoftHelpValues) } : {}),
        ...audit(oppCreatedMs, owner),
      });
      const primary = contacts.length > 0 ? rng.pick(contacts) : undefined;
      if (primary) {
        out.OpportunityContactRole.push({
          OpportunityId: `@{${ref}}`,
          ContactId: `@{${primary}}`,
          Role: rng.pick(contactRoles),
          IsPrimary: true,
          CreatedDate: formatDateTime(oppCreatedMs),
          CreatedById: loader,
          LastModifiedDate: formatDateTime(oppCreatedMs),
          LastModifiedById: loader,
        });
      }
      if (sync) {
        // A Set: the second pick may repeat the first, and a solution is linked once.
        const picked = new Set([
          rng.pick(partnerSolutions),
          ...(rng.chance(0.3) ? [rng.pick(partnerSolutions)] : []),
        ]);
        for (const solution of picked) {
          out.Microsoft_Solution__c.push({
            Name: solution.name,
            Solution_Id__c: solution.id,
            Opportunity__c: `@{${ref}}`,
            ...(currency ? { CurrencyIsoCode: currency } : {}),
            ...audit(oppCreatedMs, owner),
          });
        }
      }
    }
  }
  return out;
}
