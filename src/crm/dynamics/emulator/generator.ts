// Generated environment data: accounts around the world (the Partner Center generator's countries, cities and
// company names, so they look like the customers of generated referrals), their contacts and opportunities
// (weighted states and sales stages; ~30 % of open ones flagged to sync with Partner Center, with a "how can
// Microsoft help" choice and 1-2 Microsoft solutions). address1_country is free text in Dynamics 365: mostly a
// country name, sometimes the ISO code, sometimes a local name; ~5 % of accounts lack a postal code.
// Deterministic for (options, randomSeed, now): rows are bodies the write path loads, ids included.
import {
  companyStems,
  companyTrades,
  countries,
  firstNames,
  lastNames,
  notes,
  partnerSolutions,
} from '../../../partner-center/emulator/generator-data.js';
import { createRng } from '../../../partner-center/emulator/rng.js';
import { countryNames, opportunityThemes, titles } from '../../salesforce/emulator/generator-data.js';
import { howCanMicrosoftHelpOptions, salesStages } from './tables.js';

export interface GeneratorOptions {
  readonly accounts: number;
  /** Inclusive range per account (default [1, 3]). */
  readonly contactsPerAccount?: readonly [number, number];
  /** Inclusive range per account (default [0, 3]). */
  readonly opportunitiesPerAccount?: readonly [number, number];
  /** Share of open opportunities flagged for Partner Center (default 0.3). */
  readonly syncRate?: number;
}

/** One row to load: its table, the body (as the Web API would take it), its owner and creation time. */
export interface GeneratedRow {
  readonly entity: string;
  readonly body: Record<string, unknown>;
  readonly owner: string;
  readonly createdMs: number;
}

const dayMs = 86_400_000;
const ascii = (text: string) =>
  text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^A-Za-z0-9]+/g, '')
    .toLowerCase();
const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** statecode/statuscode of generated opportunities: mostly open, some won, some lost. */
const inProgress = { weight: 60, statecode: 0, statuscode: 1 };
const outcomes = [
  inProgress,
  { weight: 6, statecode: 0, statuscode: 2 },
  { weight: 18, statecode: 1, statuscode: 3 },
  { weight: 10, statecode: 2, statuscode: 4 },
  { weight: 6, statecode: 2, statuscode: 5 },
];

export function generateDynamicsData(
  options: GeneratorOptions | number,
  randomSeed: number,
  ctx: {
    readonly now: Date;
    readonly owners: readonly string[];
    readonly prefix: string;
    readonly activeCurrencies: readonly string[];
  },
): GeneratedRow[] {
  const o: GeneratorOptions = typeof options === 'number' ? { accounts: options } : options;
  const rng = createRng(randomSeed).fork('dynamics-generator');
  const [cMin, cMax] = o.contactsPerAccount ?? [1, 3];
  const [oMin, oMax] = o.opportunitiesPerAccount ?? [0, 3];
  const syncRate = o.syncRate ?? 0.3;
  const nowMs = ctx.now.getTime();
  const p = (name: string) => `${ctx.prefix}${name}`;
  const out: GeneratedRow[] = [];
  const phone = (prefix: string) => `${prefix} ${rng.int(100, 999)} ${rng.int(1000, 9999)}`;

  for (let a = 0; a < o.accounts; a++) {
    const country = rng.pick(countries);
    const place = rng.pick(country.cities);
    const stem = rng.pick(companyStems);
    const names = countryNames[country.code];
    const roll = rng.next();
    const countryText = names && roll < 0.7 ? rng.pick(names) : country.code;
    const owner = rng.pick(ctx.owners);
    const createdMs = nowMs - rng.int(20, 400) * dayMs - rng.int(0, 86_399) * 1000;
    const domain = `${ascii(stem)}${a}.${country.tld}`;
    const currency = ctx.activeCurrencies.includes(country.currency) ? country.currency : undefined;
    const currencyBind = currency
      ? { 'transactioncurrencyid@odata.bind': `/transactioncurrencies(isocurrencycode='${currency}')` }
      : {};
    const accountId = rng.guid();
    out.push({
      entity: 'account',
      owner,
      createdMs,
      body: {
        accountid: accountId,
        name: `${stem} ${rng.pick(companyTrades)} ${rng.pick(country.suffixes)}`,
        address1_line1: `${rng.int(1, 250)} ${rng.pick(country.streets)}`,
        address1_city: place.city,
        address1_stateorprovince: place.state,
        address1_postalcode: rng.chance(0.05) ? null : place.postal,
        address1_country: countryText,
        telephone1: phone(country.phonePrefix),
        websiteurl: `https://www.${domain}`,
        ...currencyBind,
      },
    });
    const contactIds: string[] = [];
    for (let c = 0, n = rng.int(cMin, cMax); c < n; c++) {
      const first = rng.pick(firstNames);
      const last = rng.pick(lastNames);
      const contactId = rng.guid();
      contactIds.push(contactId);
      out.push({
        entity: 'contact',
        owner,
        createdMs: createdMs + rng.int(0, 10) * dayMs,
        body: {
          contactid: contactId,
          firstname: first,
          lastname: last,
          jobtitle: rng.pick(titles),
          emailaddress1: `${ascii(first)}.${ascii(last)}@${domain}`,
          telephone1: phone(country.phonePrefix),
          'parentcustomerid_account@odata.bind': `/accounts(${accountId})`,
        },
      });
    }
    for (let q = 0, n = rng.int(oMin, oMax); q < n; q++) {
      let pickRoll = rng.next() * 100;
      const outcome = outcomes.find((x) => (pickRoll -= x.weight) < 0) ?? inProgress;
      const open = outcome.statecode === 0;
      const oppCreatedMs = Math.min(nowMs - dayMs, createdMs + rng.int(1, 300) * dayMs);
      const closeMs = open
        ? nowMs + rng.int(10, 200) * dayMs
        : Math.min(nowMs - dayMs, oppCreatedMs + rng.int(10, 120) * dayMs);
      const stage = open
        ? rng.pick(salesStages.slice(0, 3))
        : (salesStages[3] as (typeof salesStages)[number]);
      const sync = open && rng.chance(syncRate);
      const opportunityId = rng.guid();
      const amount = rng.int(50, 20_000) * 100;
      out.push({
        entity: 'opportunity',
        owner,
        createdMs: oppCreatedMs,
        body: {
          opportunityid: opportunityId,
          name: `${stem} - ${rng.pick(opportunityThemes)}`,
          estimatedvalue: amount,
          estimatedclosedate: day(closeMs),
          description: rng.pick(notes),
          salesstage: stage.value,
          stepname: `${stage.value + 1}-${stage.label}`,
          statecode: outcome.statecode,
          statuscode: outcome.statuscode,
          ...(open
            ? {}
            : { actualclosedate: day(closeMs), ...(outcome.statecode === 1 ? { actualvalue: amount } : {}) }),
          'parentaccountid@odata.bind': `/accounts(${accountId})`,
          ...(contactIds.length > 0
            ? { 'parentcontactid@odata.bind': `/contacts(${rng.pick(contactIds)})` }
            : {}),
          ...currencyBind,
          [p('syncwithpartnercenter')]: sync,
          ...(sync ? { [p('howcanmicrosofthelp')]: rng.pick(howCanMicrosoftHelpOptions).value } : {}),
        },
      });
      if (!sync) continue;
      const picked = new Set([
        rng.pick(partnerSolutions),
        ...(rng.chance(0.3) ? [rng.pick(partnerSolutions)] : []),
      ]);
      for (const solution of picked) {
        out.push({
          entity: p('microsoftsolution'),
          owner,
          createdMs: oppCreatedMs,
          body: {
            [p('name')]: solution.name,
            [p('solutionid')]: solution.id,
            [`${p('opportunityid')}@odata.bind`]: `/opportunities(${opportunityId})`,
          },
        });
      }
    }
  }
  return out;
}
