// Seed records: what an org starts with besides its users. A seed is a map of object name → records, each a
// write body as the REST API takes it, plus:
// - `"@id": "acme"` names a record; `"@{acme}"` in a later field value stands for its id (the composite
//   resource's reference syntax), `"@{user:seller1@contoso.example}"` for a user's id;
// - the audit fields CreatedDate, CreatedById, LastModifiedDate and LastModifiedById may be given, as with
//   Salesforce's "Set Audit Fields upon Record Creation" for data loads (defaults: now, the admin).
// Objects load parents first (Account, Contact, Opportunity, OpportunityContactRole, Microsoft_Solution__c,
// then the rest in the order given). Loading announces no write events.
import { readFile } from 'node:fs/promises';

export type SeedRecord = Readonly<Record<string, unknown>>;
export type SeedRecords = Readonly<Record<string, readonly SeedRecord[]>>;

export const seedLoadOrder = [
  'Account',
  'Contact',
  'Opportunity',
  'OpportunityContactRole',
  'Microsoft_Solution__c',
];

export function parseSeed(json: unknown): SeedRecords {
  if (json === null || typeof json !== 'object' || Array.isArray(json)) {
    throw new Error('a Salesforce seed is an object of object name → array of records');
  }
  for (const [object, records] of Object.entries(json)) {
    if (!Array.isArray(records)) throw new Error(`seed: '${object}' must be an array of records`);
    for (const [i, record] of records.entries()) {
      if (record === null || typeof record !== 'object' || Array.isArray(record)) {
        throw new Error(`seed: ${object}[${i}] must be an object`);
      }
    }
  }
  return json as SeedRecords;
}

export async function loadSalesforceSeedFile(path: string): Promise<SeedRecords> {
  return parseSeed(JSON.parse(await readFile(path, 'utf8')) as unknown);
}

/** Objects of a seed in load order. */
export function orderedObjects(seed: SeedRecords): string[] {
  const names = Object.keys(seed);
  const first = seedLoadOrder.filter((n) => names.includes(n));
  return [...first, ...names.filter((n) => !first.includes(n))];
}
