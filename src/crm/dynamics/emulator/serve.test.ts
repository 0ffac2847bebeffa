// serveDynamicsEmulator, as `cosell emulate dynamics` uses it: options from a command line, a seed file, and the
// summary a person needs to connect.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { DynamicsEmulator } from './emulator.js';
import { serveDynamicsEmulator } from './serve.js';

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(cleanup.splice(0).map((fn) => fn()));
});
const track = (emulator: DynamicsEmulator) => cleanup.push(() => emulator.close());

describe('serveDynamicsEmulator', () => {
  it('starts with generated rows under a publisher prefix and summarises how to connect', async () => {
    const { emulator, summary } = await serveDynamicsEmulator({
      generate: 4,
      randomSeed: 3,
      publisherPrefix: 'ms_',
    });
    track(emulator);
    expect(summary).toMatchObject({
      url: emulator.url,
      apiUrl: `${emulator.url}/api/data/v9.2`,
      tokenUrl: emulator.tokenUrl,
      controlUrl: `${emulator.url}/_emulator`,
      publisherPrefix: 'ms_',
      clientId: 'any',
    });
    expect(summary.rows['account']).toBe(4);
    expect(Object.keys(summary.rows)).toContain('ms_microsoftsolution');
    expect(summary.users.map((u) => u.username)).toContain('seller1@contoso.example');
    expect(summary.users.every((u) => u.username !== 'cosell-integration@contoso.example')).toBe(true);
  });

  it('loads a seed file', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'cosell-dv-seed-'));
    cleanup.push(() => rm(dir, { recursive: true, force: true }));
    const file = path.join(dir, 'seed.json');
    await writeFile(
      file,
      JSON.stringify({ accounts: [{ name: 'From a file', address1_country: 'Nederland' }] }),
    );
    const { emulator, summary } = await serveDynamicsEmulator({ seedFile: file });
    track(emulator);
    expect(summary.rows['account']).toBe(1);
    expect(emulator.rows('accounts')[0]).toMatchObject({
      name: 'From a file',
      address1_country: 'Nederland',
    });
  });
});
