// Rows to start with: `{ "<entity set>": [<body as the Web API takes it>] }`, e.g.
// `{"accounts": [{"accountid": "…", "name": "Contoso"}], "opportunities": [{"name": "…",
// "parentaccountid@odata.bind": "/accounts(…)"}]}`. Parents load first (accounts, contacts, opportunities, the
// custom table, then the rest), so binds may name rows of earlier sets; `"@owner": "<username>"` sets the owner.
// Rows are validated like Web API creates and load silently (no write events); a failure names `seed <set>[i]`.
import { readFile } from 'node:fs/promises';
import { z } from 'zod';

export type DynamicsSeed = Readonly<Record<string, readonly Record<string, unknown>[]>>;

const seedSchema = z.record(z.string(), z.array(z.record(z.string(), z.unknown())));

export function parseDynamicsSeed(value: unknown): DynamicsSeed {
  const parsed = seedSchema.safeParse(value);
  if (!parsed.success)
    throw new RangeError(
      `A seed is an object of entity sets, each a list of rows: ${z.prettifyError(parsed.error)}`,
    );
  return parsed.data;
}

export async function loadDynamicsSeedFile(path: string): Promise<DynamicsSeed> {
  return parseDynamicsSeed(JSON.parse(await readFile(path, 'utf8')) as unknown);
}

/** Entity sets in load order: parents before the rows that bind to them. */
export function seedOrder(seed: DynamicsSeed, prefix: string): string[] {
  const first = ['accounts', 'contacts', 'opportunities', `${prefix}microsoftsolutions`];
  return [...first.filter((s) => s in seed), ...Object.keys(seed).filter((s) => !first.includes(s))];
}
