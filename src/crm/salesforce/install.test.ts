// Installing the co-sell schema in a Salesforce org (P2, R3) against the emulator over real HTTP: a bare org
// gets every field and the solution object, after which a referral lands; a second run and a dry run change
// nothing (the emulator's schema proves it); a user who may not customise is refused first, by name.
import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { useTestDb } from '../../../test/support/db.js';
import { isCosellError, type CosellError } from '../../errors.js';
import type { InboundUpsert } from '../adapter.js';
import { installCoSellSchema, missingCoSellSchema } from '../schema-install.js';
import { SalesforceAdapter } from './adapter.js';
import { RefreshTokenSource } from './auth.js';
import { salesforceClient } from './connection.js';
import { fullNameOf, salesforceCoSellSchema } from './cosell-schema.js';
import { salesforceInstaller } from './install.js';
import { opportunityColumns, opportunityFieldNames } from './mapping.js';
import { solutionColumns } from './reads.js';
import { memoryLogger, startSalesforceRig, type SalesforceTestRig } from './test-support.js';

const testDb = useTestDb();
const rigs: SalesforceTestRig[] = [];

async function rig(options: Parameters<typeof startSalesforceRig>[1] = {}): Promise<SalesforceTestRig> {
  const r = await startSalesforceRig(testDb.db, options);
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

function referral(ownerId: string): InboundUpsert {
  return {
    referralId: randomUUID(),
    opportunity: {
      name: 'Installed and synced',
      stageName: 'Prospecting',
      amount: 12000,
      currency: 'EUR',
      closeDate: '2027-01-31',
      syncWithPartnerCenter: true,
      helpRequested: 'ProofOfConceptOrDemo',
    },
    account: { name: `Fabrikam ${randomUUID().slice(0, 6)}`, postalCode: '1012 AB', country: 'NL' },
    contact: { firstName: 'Pat', lastName: 'Buyer', email: `pat.${randomUUID().slice(0, 6)}@example.com` },
    ownerId,
    solutionIds: ['SOL-INSTALL-1'],
  };
}

/** The org's schema as the emulator holds it: every object's field names. */
function schemaOf(r: SalesforceTestRig): Record<string, string[] | undefined> {
  return Object.fromEntries(
    ['Opportunity', 'Microsoft_Solution__c', 'Account', 'Contact'].map((o) => [o, r.emulator.fieldNames(o)]),
  );
}

const allNames = salesforceCoSellSchema.map(fullNameOf);

describe('Salesforce: cosell install crm (P2, R3)', () => {
  it('P2: the declared schema holds every custom field and object the adapter reads and writes', () => {
    const declared = new Set(allNames);
    const custom = (names: readonly string[]) => names.filter((n) => n.endsWith('__c'));
    for (const field of custom([...opportunityColumns(true), ...Object.values(opportunityFieldNames)]))
      expect(declared, field).toContain(`Opportunity.${field}`);
    for (const field of custom(solutionColumns.split(/,\s*/)))
      expect(declared, field).toContain(`Microsoft_Solution__c.${field}`);
    expect(declared).toContain('Microsoft_Solution__c');
  });

  it('P2: a bare org gets every co-sell field and the solution object; before, the adapter fails with CRM_SCHEMA_MISSING, after, a referral lands', async () => {
    const r = await rig({ emulator: { bare: true } });
    const installer = salesforceInstaller(r.adapter);

    const [refused] = await r.adapter.upsertFromReferrals([referral(r.harness.person.id)]);
    expect(refused?.ok).toBe(false);
    const cause = refused && !refused.ok ? refused.error : undefined;
    expect(isCosellError(cause) && cause.code).toBe('CRM_SCHEMA_MISSING');
    expect(r.emulator.records('Opportunity')).toHaveLength(0);
    // The change feed too: a coded error with its fix, not a crash.
    expect((await errorOf(r.adapter.changedOpportunities(undefined, 10))).code).toBe('CRM_SCHEMA_MISSING');

    expect((await missingCoSellSchema(installer)).map((i) => i.name)).toEqual(allNames);
    const report = await installCoSellSchema(installer, { dryRun: false });
    expect(report.identity).toBe('integration@contoso.example');
    expect(report.items.map((i) => [i.name, i.outcome])).toEqual(allNames.map((n) => [n, 'created']));
    expect(await missingCoSellSchema(installer)).toEqual([]);
    expect(r.emulator.hasObject('Microsoft_Solution__c')).toBe(true);

    const item = referral(r.harness.person.id);
    const [landed] = await r.adapter.upsertFromReferrals([item]);
    expect(landed).toMatchObject({ ok: true, created: true });
    const [opportunity] = await r.adapter.findOpportunitiesByReferral([item.referralId]);
    expect(opportunity).toMatchObject({
      referralId: item.referralId,
      syncWithPartnerCenter: true,
      helpRequested: 'ProofOfConceptOrDemo',
      solutionIds: ['SOL-INSTALL-1'],
    });
  });

  it('P2: a second run creates nothing and says every item is present, with reads only', async () => {
    const r = await rig({ emulator: { bare: true } });
    const installer = salesforceInstaller(r.adapter);
    await installCoSellSchema(installer, { dryRun: false });
    const schema = schemaOf(r);
    const writes: string[] = [];
    r.emulator.on('write', (e) => writes.push(e.object));

    const again = await installCoSellSchema(installer, { dryRun: false });
    expect(again.items.map((i) => i.outcome)).toEqual(allNames.map(() => 'present'));
    expect(schemaOf(r)).toEqual(schema);
    expect(writes).toEqual([]);

    // The default org is an installed one: nothing to do there either.
    const installed = await rig();
    const report = await installCoSellSchema(salesforceInstaller(installed.adapter), { dryRun: false });
    expect(report.items.every((i) => i.outcome === 'present')).toBe(true);
  });

  it('P2: --dry-run lists what it would create and writes nothing (the emulator schema is unchanged)', async () => {
    const r = await rig({ emulator: { bare: true } });
    const before = schemaOf(r);
    const calls = r.emulator.apiCalls().total;
    const report = await installCoSellSchema(salesforceInstaller(r.adapter), { dryRun: true });
    expect(report.dryRun).toBe(true);
    expect(report.items.map((i) => [i.name, i.outcome])).toEqual(allNames.map((n) => [n, 'wouldCreate']));
    expect(schemaOf(r)).toEqual(before);
    expect(r.emulator.hasObject('Microsoft_Solution__c')).toBe(false);
    // The role check (1 query), two Tooling queries and the currency reads: no POST at all.
    expect(r.emulator.apiCalls().total - calls).toBeLessThanOrEqual(5);
  });

  it('P2: a user who may not customise gets AUTH_ROLE_MISSING naming the role and the identity, before anything is read or created', async () => {
    const r = await rig({ emulator: { bare: true } });
    const seller = 'seller1@contoso.example';
    const tokens = new RefreshTokenSource({
      loginUrl: r.emulator.url,
      clientId: 'cosell-test',
      refreshToken: r.emulator.issueTokens(seller).refresh_token ?? '',
      identity: seller,
      allowLoopbackHttp: true,
    });
    const adapter = new SalesforceAdapter(
      salesforceClient({ db: testDb.db, logger: memoryLogger().logger }, tokens),
    );
    const before = schemaOf(r);
    const error = await errorOf(installCoSellSchema(salesforceInstaller(adapter), { dryRun: false }));
    expect(error.code).toBe('AUTH_ROLE_MISSING');
    expect(error.params).toMatchObject({ identity: seller, system: 'Salesforce' });
    expect(String(error.params['role'])).toMatch(/System Administrator.*System Customizer/);
    expect(schemaOf(r)).toEqual(before);
    // The dry run checks the role first too.
    expect((await errorOf(installCoSellSchema(salesforceInstaller(adapter), { dryRun: true }))).code).toBe(
      'AUTH_ROLE_MISSING',
    );
  });

  it('R3: the referral currency is reported: CurrencyIsoCode and its active currencies, or the single org currency', async () => {
    const multi = await rig({ emulator: { bare: true } });
    const report = await installCoSellSchema(salesforceInstaller(multi.adapter), { dryRun: true });
    expect(report.currency.field).toBe('Opportunity.CurrencyIsoCode');
    expect(report.currency.currencies).toEqual(expect.arrayContaining(['USD', 'EUR']));
    expect(report.currency.currencies).not.toContain('SEK');

    const single = await rig({
      emulator: { bare: true, multiCurrency: false },
      adapter: { orgCurrency: 'EUR' },
    });
    const one = await installCoSellSchema(salesforceInstaller(single.adapter), { dryRun: true });
    expect(one.currency).toEqual({ field: 'Organization.DefaultCurrencyIsoCode', currencies: ['EUR'] });
  });
});
