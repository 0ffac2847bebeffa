// Seed files: a JSON array of referrals, or `{"referrals": [...]}`. Entries may be partial; the emulator fills
// what is missing with generated values (see emulator.ts), so a seed names only what a scenario cares about.
import { readFile } from 'node:fs/promises';
import type { ReferralInput } from './referral-model.js';

export function parseSeed(json: unknown, source = 'seed'): ReferralInput[] {
  const list = Array.isArray(json)
    ? json
    : typeof json === 'object' && json !== null && Array.isArray((json as { referrals?: unknown }).referrals)
      ? (json as { referrals: unknown[] }).referrals
      : undefined;
  if (!list) throw new Error(`${source}: expected an array of referrals or {"referrals": [...]}`);
  return list.map((entry: unknown, index) => {
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) {
      throw new Error(`${source}: entry ${index} is not an object`);
    }
    return entry;
  });
}

export async function loadSeedFile(path: string): Promise<ReferralInput[]> {
  const text = await readFile(path, 'utf8');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (cause) {
    throw new Error(`${path}: not valid JSON`, { cause });
  }
  return parseSeed(json, path);
}
