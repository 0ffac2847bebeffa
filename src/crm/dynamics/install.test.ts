// Installing the co-sell schema in a Dataverse environment (P2, R3) against the emulator over real HTTP:
// a bare environment gets every column, the key, the table and its lookup, after which a referral lands; a
// second run and a dry run change nothing; an application user without a customising role is refused first.
import { afterEach, describe, expect, it } from 'vitest';
import { useTestDb } from '../../../test/support/db.js';
import { isCosellError, type CosellError } from '../../errors.js';
import { installCoSellSchema, missingCoSellSchema } from '../schema-install.js';
import { dynamicsCoSellSchema } from './cosell-schema.js';
import { defaultUsers, RoleName } from './emulator/index.js';
import { dvColumns, opportunitySelect } from './columns.js';
import { dynamicsInstaller } from './install.js';
import { newReferral, startDynamicsRig, type DynamicsTestRig } from './test-support.js';

const testDb = useTestDb();
const rigs: DynamicsTestRig[] = [];

async function rig(options: Parameters<typeof startDynamicsRig>[1] = {}): Promise<DynamicsTestRig> {
  const r = await startDynamicsRig(testDb.db, options);
  rigs.push(r);
  return r;
}

afterEach(async () => {
  await Promise.all(rigs.splice(0).map((r) => r.emulator.close()));
});

async function errorOf(promise: Promise<unknown>): Promise<CosellError> {
  try {
    await promise;
  } catch (error) {
    if (isCosellError(error)) return error;
    throw error;
  }
  throw new Error('expected a coded error');
}

const names = dynamicsCoSellSchema('cosell_').map((i) => i.name);

function schemaOf(r: DynamicsTestRig) {
  return {
    opportunity: r.emulator.tableSchema('opportunity'),
    solutions: r.emulator.tableSchema('cosell_microsoftsolution'),
  };
}

describe('Dynamics 365: cosell install crm (P2, R3)', () => {
  it('P2: the declared schema holds every prefixed column and table the adapter reads and writes, for any prefix', () => {
    for (const prefix of ['cosell_', 'ctso_']) {
      const c = dvColumns(prefix);
      const declared = new Set(dynamicsCoSellSchema(prefix).map((i) => i.name));
      for (const column of opportunitySelect(c)
        .split(',')
        .filter((n) => n.startsWith(prefix)))
        expect(declared, column).toContain(`opportunity.${column}`);
      const table = `${prefix}microsoftsolution`;
      expect(c.solutionSet).toBe(`${table}s`);
      expect(c.solutionKey).toBe(`${table}id`);
      for (const column of [c.solutionId, c.solutionOpportunity])
        expect(declared).toContain(`${table}.${column}`);
      expect(declared).toContain(table);
      expect(declared).toContain(`opportunity.${c.referralId}key`);
    }
  });

  it('P2: a bare environment gets every co-sell column, the key, the table and its lookup; before, the adapter fails with CRM_SCHEMA_MISSING, after, a referral lands', async () => {
    const r = await rig({ emulator: { bare: true } });
    const installer = dynamicsInstaller(r.adapter);
    const owner = r.harness.person.id;

    const [refused] = await r.adapter.upsertFromReferrals([newReferral(1, owner)]);
    expect(refused?.ok).toBe(false);
    const cause = refused && !refused.ok ? refused.error : undefined;
    expect(isCosellError(cause) && cause.code).toBe('CRM_SCHEMA_MISSING');
    expect(r.emulator.rows('opportunity')).toHaveLength(0);
    // The change feed too: a coded error with its fix, not a crash.
    expect((await errorOf(r.adapter.changedOpportunities(undefined, 10))).code).toBe('CRM_SCHEMA_MISSING');

    expect((await missingCoSellSchema(installer)).map((i) => i.name)).toEqual(names);
    const report = await installCoSellSchema(installer, { dryRun: false });
    expect(report.identity).toBe('cosell-integration@contoso.example');
    expect(report.items.map((i) => [i.name, i.outcome])).toEqual(names.map((n) => [n, 'created']));
    expect(await missingCoSellSchema(installer)).toEqual([]);

    const item = newReferral(2, owner);
    const [landed] = await r.adapter.upsertFromReferrals([item]);
    expect(landed).toMatchObject({ ok: true, created: true });
    const [opportunity] = await r.adapter.findOpportunitiesByReferral([item.referralId]);
    expect(opportunity).toMatchObject({
      referralId: item.referralId,
      syncWithPartnerCenter: true,
      solutionIds: ['SOL-BULK-1'],
    });
  });

  it('P2: a second run creates nothing and says every item is present; the default environment needs nothing either', async () => {
    const r = await rig({ emulator: { bare: true } });
    const installer = dynamicsInstaller(r.adapter, { solution: 'CosellConnector' });
    await installCoSellSchema(installer, { dryRun: false });
    expect(r.emulator.metadataChanges().map((c) => c.solution)).toEqual(names.map(() => 'CosellConnector'));
    const schema = schemaOf(r);

    const again = await installCoSellSchema(installer, { dryRun: false });
    expect(again.items.map((i) => i.outcome)).toEqual(names.map(() => 'present'));
    expect(schemaOf(r)).toEqual(schema);
    expect(r.emulator.metadataChanges()).toHaveLength(names.length);

    const installed = await rig();
    const report = await installCoSellSchema(dynamicsInstaller(installed.adapter), { dryRun: false });
    expect(report.items.every((i) => i.outcome === 'present')).toBe(true);
    expect(installed.emulator.metadataChanges()).toEqual([]);
  });

  it('P2: --dry-run lists what it would create and writes nothing (the emulator schema is unchanged)', async () => {
    const r = await rig({ emulator: { bare: true } });
    const before = schemaOf(r);
    const report = await installCoSellSchema(dynamicsInstaller(r.adapter), { dryRun: true });
    expect(report.items.map((i) => [i.name, i.outcome])).toEqual(names.map((n) => [n, 'wouldCreate']));
    expect(schemaOf(r)).toEqual(before);
    expect(r.emulator.hasTable('cosell_microsoftsolution')).toBe(false);
    expect(r.emulator.metadataChanges()).toEqual([]);
  });

  it('P2: an application user without System Administrator or System Customizer gets AUTH_ROLE_MISSING naming both and itself; nothing is created', async () => {
    const users = defaultUsers.map((u) =>
      u.applicationId === undefined ? u : { ...u, roles: [RoleName.salesperson] },
    );
    const r = await rig({ emulator: { bare: true, users } });
    const error = await errorOf(installCoSellSchema(dynamicsInstaller(r.adapter), { dryRun: false }));
    expect(error.code).toBe('AUTH_ROLE_MISSING');
    expect(error.params).toMatchObject({
      identity: 'cosell-integration@contoso.example',
      role: 'System Administrator or System Customizer',
      system: 'Dynamics 365',
    });
    expect(r.emulator.metadataChanges()).toEqual([]);
    expect(r.emulator.hasTable('cosell_microsoftsolution')).toBe(false);
  });

  it('R3: the referral currency is the opportunity currency lookup with its enabled currencies', async () => {
    const r = await rig({ emulator: { bare: true } });
    const report = await installCoSellSchema(dynamicsInstaller(r.adapter), { dryRun: true });
    expect(report.currency.field).toBe('opportunity.transactioncurrencyid');
    expect(report.currency.currencies).toEqual(expect.arrayContaining(['USD', 'EUR']));
    expect(report.currency.currencies).not.toContain('SEK');
  });
});
