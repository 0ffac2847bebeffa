// The doctor's co-sell fields check against a CRM emulator over real HTTP, for each CRM: in an org or
// environment where cosell is not installed it fails naming what is missing and the fix; after
// `cosell install crm` (the installer itself) it passes.
import { afterEach, describe, expect, it } from 'vitest';
import { useTestDb } from '../../test/support/db.js';
import { configFrom } from '../config.js';
import type { CrmAdapter } from '../crm/adapter.js';
import { startDynamicsRig } from '../crm/dynamics/test-support.js';
import { installCoSellSchema, schemaInstallerFor } from '../crm/index.js';
import { memoryLogger, startSalesforceRig } from '../crm/salesforce/test-support.js';
import { runDoctor } from './runner.js';

const testDb = useTestDb();
const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((close) => close()));
});

async function bare(crm: 'salesforce' | 'dynamics'): Promise<CrmAdapter> {
  if (crm === 'salesforce') {
    const r = await startSalesforceRig(testDb.db, { emulator: { bare: true } });
    closers.push(() => r.emulator.close());
    return r.adapter;
  }
  const r = await startDynamicsRig(testDb.db, { emulator: { bare: true } });
  closers.push(() => r.emulator.close());
  return r.adapter;
}

describe.each(['salesforce', 'dynamics'] as const)('doctor: co-sell fields in %s', (crm) => {
  it('P2, R3: a CRM without the co-sell fields fails the check, naming them and the fix; after cosell install crm it passes', async () => {
    const adapter = await bare(crm);
    const deps = {
      config: configFrom({ COSELL_CRM: crm }),
      db: testDb.db,
      logger: memoryLogger().logger,
      crm: () => Promise.resolve(adapter),
    };
    const before = await runDoctor(deps, { only: ['crm.cosell-fields'] });
    const [failed] = before.checks;
    expect(failed).toMatchObject({
      id: 'crm.cosell-fields',
      status: 'fail',
      requirements: ['P2', 'R3'],
      found: { key: 'doctor.crm.cosellFieldsMissing' },
      fix: { key: 'doctor.crm.cosellFields.fix' },
    });
    const installer = schemaInstallerFor(adapter);
    const missing = (await installer.inspect()).filter((i) => !i.present).map((i) => i.name);
    expect(failed?.records?.total).toBe(missing.length);
    expect(missing.slice(0, failed?.records?.first.length)).toEqual(failed?.records?.first);
    expect(before.exitCode).toBe(2);

    await installCoSellSchema(installer, { dryRun: false });
    const after = await runDoctor(deps, { only: ['crm.cosell-fields'] });
    expect(after.checks[0]).toMatchObject({ status: 'pass', found: { key: 'doctor.crm.cosellFieldsOk' } });
    expect(after.exitCode).toBe(0);
  });
});
