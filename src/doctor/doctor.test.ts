// The doctor against the whole connector (sync-rig.ts: both emulators, the receiver, every flow on, this
// file's database). Each case breaks exactly one thing in an emulator or in the store, runs the doctor,
// asserts that its check fails (or warns) with the right finding, then repairs it and asserts the check
// passes. One rig serves the file; each case leaves the set-up as it found it.
import { sql } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { useTestDb } from '../../test/support/db.js';
import { startSyncRig, type SyncRig } from '../../test/support/sync-rig.js';
import { buildServer, closeServer, listen } from '../http/server.js';
import { webhookPath } from '../http/webhook-receiver.js';
import { setFlowsEnabled } from '../store/flows.js';
import { enableAllFlows } from '../flows/activation.js';
import { consumeToday, utcDay } from '../store/budget.js';
import { rowsOf } from '../store/db.js';
import { insertRuns } from '../store/runs.js';
import { connections, RunStatus, RunTrigger } from '../store/schema.js';
import { CertificateCache } from '../partner-center/webhooks/certificates.js';
import {
  applyFixes,
  repair,
  runDoctor,
  type CheckResult,
  type DoctorDeps,
  type DoctorOptions,
} from './index.js';
import { doctorChecks } from './registry.js';
import { syncNow } from '../service/sync-now.js';
import { RefreshTokenSource, SalesforceAdapter, salesforceClient } from '../crm/salesforce/index.js';
import { runDoctor as runChecks } from './runner.js';

const testDb = useTestDb();
let rig: SyncRig;
let deps: DoctorDeps;
/** The stored connections right after the rig connected, put back before each case (the store is emptied). */
let connected: (typeof connections.$inferSelect)[];

beforeAll(async () => {
  rig = await startSyncRig(testDb);
  connected = await testDb.db.orm.select().from(connections);
  deps = {
    config: rig.pc.config,
    db: testDb.db,
    logger: rig.pc.logger,
    receiverUrl: rig.pc.webhookUrl,
    partnerCenter: () => Promise.resolve(rig.client),
    crm: () => Promise.resolve(rig.crm.adapter),
  };
}, 60_000);

beforeEach(async () => {
  await testDb.db.orm
    .insert(connections)
    .values(connected.map(({ id: _id, ...row }) => row))
    .onConflictDoNothing();
  await enableAllFlows(testDb.db);
});

// The connector runs between cases: let it settle before the store is emptied for the next one.
afterEach(async () => {
  await rig.connector.passesSettled();
  await rig.connector.worker.runUntilIdle();
});

afterAll(async () => {
  await rig.close();
});

// Polled often enough to be quick, rarely enough to stay inside the emulator's request rate.
const fast: DoctorOptions = { webhookPollMs: 100, webhookTimeoutMs: 5_000 };

/**
 * Partner Center allows two validation events a minute (the emulator too): each case that sends one starts
 * a new minute on the emulator's clock.
 */
function nextValidationMinute(): void {
  rig.pc.emulator.advanceClock(61_000);
}

/** The result of one check (or of every check starting with a group name). */
async function check(id: string, options: DoctorOptions = {}): Promise<CheckResult> {
  const report = await runDoctor(deps, { ...fast, ...options, only: [id] });
  const found = report.checks.find((c) => c.id === id);
  if (found === undefined) throw new Error(`no check ${id}`);
  return found;
}

describe('cosell doctor', () => {
  it('P1, P3, P4, P5, C1, C3, C4, C5, R1, R4, R8: a working set-up passes every check, and the report is plain JSON', async () => {
    nextValidationMinute();
    const report = await runDoctor(deps, fast);
    // A skip counts as a pass (on PostgreSQL the disk check is the server's own monitoring's).
    const notPassing = report.checks.filter((c) => c.status === 'warn' || c.status === 'fail');
    expect(notPassing).toEqual([]);
    expect(report.exitCode).toBe(0);
    expect(report.checks.map((c) => c.id)).toEqual(doctorChecks.map((c) => c.id));
    expect(JSON.parse(JSON.stringify(report))).toEqual(report);
    for (const c of report.checks) expect(c.requirements.length).toBeGreaterThan(0);
  }, 60_000);

  it('P3, R5: a Partner Center identity that lost the Referrals admin role fails, naming identity and role', async () => {
    rig.pc.emulator.setUserRoles('admin@contoso.example', []);
    try {
      const broken = await check('connections.partner-center');
      expect(broken.status).toBe('fail');
      expect(broken.code).toBe('AUTH_ROLE_MISSING');
      expect(broken.found).toEqual({
        key: 'errors.AUTH_ROLE_MISSING',
        params: { identity: 'admin@contoso.example', role: 'Referrals admin', system: 'Partner Center' },
      });
    } finally {
      rig.pc.emulator.setUserRoles('admin@contoso.example', ['Referrals admin']);
    }
    expect((await check('connections.partner-center')).status).toBe('pass');
  });

  it('P2, R5: a CRM identity that may not customise the org warns, naming it; the integration user passes', async () => {
    const em = rig.salesforce?.emulator;
    if (em === undefined) throw new Error('the rig runs Salesforce');
    // Connected as a salesperson (profile Standard User) instead of the integration user.
    const seller = 'seller1@contoso.example';
    const tokens = new RefreshTokenSource({
      loginUrl: em.url,
      clientId: 'cosell-test',
      refreshToken: em.issueTokens(seller).refresh_token ?? '',
      identity: seller,
      allowLoopbackHttp: true,
    });
    const asSeller = new SalesforceAdapter(
      salesforceClient({ db: testDb.db, logger: rig.pc.logger, settings: { maxRetries: 2 } }, tokens),
    );
    const report = await runDoctor(
      { ...deps, crm: () => Promise.resolve(asSeller) },
      { only: ['connections.crm'] },
    );
    expect(report.checks[0]).toMatchObject({
      status: 'warn',
      found: {
        key: 'doctor.connections.crmCannotCustomize',
        params: { identity: seller, system: 'salesforce' },
      },
    });
    expect((await check('connections.crm')).status).toBe('pass');
  });

  it('R3: a co-sell deal value in a currency the org no longer enables warns, naming the record; enabled again it passes', async () => {
    const em = rig.salesforce?.emulator;
    if (em === undefined) throw new Error('the rig runs Salesforce');
    const h = rig.crm;
    const accountId = await h.createAccountAsPerson({ name: `Wingtip ${Date.now()}`, country: 'JP' });
    const id = await h.createOpportunityAsPerson({
      name: 'Wingtip rollout',
      accountId,
      stageName: 'Prospecting',
      closeDate: '2027-06-30',
      amount: 5_000_000,
      currency: 'JPY',
      syncWithPartnerCenter: true,
    });
    await h.advanceClock(1_000);
    expect((await check('crm.currency-field')).status).toBe('pass');
    // An administrator deactivates the currency (Setup, Manage Currencies) after the deal was entered.
    const jpy = em.records('CurrencyType').find((c) => c['IsoCode'] === 'JPY');
    em.updateRecord('CurrencyType', String(jpy?.['Id']), { IsActive: false });
    try {
      const broken = await check('crm.currency-field');
      expect(broken.status).toBe('warn');
      expect(broken.records?.first).toEqual([id]);
      expect(String(broken.found.params?.['codes'])).not.toContain('JPY');
    } finally {
      em.updateRecord('CurrencyType', String(jpy?.['Id']), { IsActive: true });
    }
    expect((await check('crm.currency-field')).status).toBe('pass');
  });

  it('P4: an org with no currency enabled fails the currency check; enabled again it passes', async () => {
    const em = rig.salesforce?.emulator;
    if (em === undefined) throw new Error('the rig runs Salesforce');
    const active = em.records('CurrencyType').filter((c) => c['IsActive'] === true);
    for (const c of active) em.updateRecord('CurrencyType', String(c['Id']), { IsActive: false });
    try {
      const broken = await check('crm.currencies');
      expect(broken).toMatchObject({ status: 'fail', found: { key: 'doctor.crm.noCurrency' } });
    } finally {
      for (const c of active) em.updateRecord('CurrencyType', String(c['Id']), { IsActive: true });
    }
    const ok = await check('crm.currencies');
    expect(ok.status).toBe('pass');
    expect(String(ok.found.params?.['codes'])).toContain('EUR');
  });

  it('P1: an org whose own daily API allowance is nearly spent warns with what is left; a larger allowance passes', async () => {
    const em = rig.salesforce?.emulator;
    if (em === undefined) throw new Error('the rig runs Salesforce');
    const cap = em.dailyApiCap;
    // The doctor's /limits call takes the last of the day's calls.
    em.setDailyApiCap(em.apiCalls().total + 1);
    try {
      const low = await check('budget.crm');
      expect(low.status).toBe('warn');
      expect(low.found.key).toBe('doctor.budget.crmAllowanceLow');
      expect(low.found.params).toMatchObject({ remaining: 0, max: em.apiCalls().total });
    } finally {
      em.setDailyApiCap(cap);
    }
    const ok = await check('budget.crm');
    expect(ok.status).toBe('pass');
    expect(ok.found.params).toMatchObject({ max: cap });
  });

  it('R4: an expired refresh token fails and one ending soon warns, with the days left; a new sign-in passes', async () => {
    const setExpiry = (at: Date | null) =>
      testDb.db.orm
        .update(connections)
        .set({ refreshTokenExpiresAt: at })
        .where(sql`${connections.system} = 'partner-center'`);
    await setExpiry(new Date(Date.now() - 86_400_000));
    const expired = await check('connections.tokens');
    expect(expired.status).toBe('fail');
    expect(expired.found.key).toBe('doctor.tokens.expired');
    expect(expired.records?.first).toEqual(['partner-center']);
    await setExpiry(new Date(Date.now() + 3.5 * 86_400_000));
    const soon = await check('connections.tokens');
    expect(soon.status).toBe('warn');
    expect(String(soon.found.params?.['days'])).toContain('partner-center: 3');
    await setExpiry(new Date(Date.now() + 90 * 86_400_000));
    expect((await check('connections.tokens')).status).toBe('pass');
    await setExpiry(null);
  });

  it('C3: a flow left on while a flow it needs is off fails; --fix switches the needed flow on first', async () => {
    const flows = (await runChecks(deps, { only: ['flows.order'] })).checks[0];
    expect(flows?.status).toBe('pass');
    // Straight in the store: what no command allows, but a restore of old data or a hand edit could leave.
    await setFlowsEnabled(testDb.db, ['partner-center-to-crm-helper'], false, new Date());
    const broken = await check('flows.order');
    expect(broken.status).toBe('fail');
    expect(broken.found.params?.['needs']).toBe('partner-center-to-crm-helper');
    expect(broken.fixable).toBe('flows');
    const fixes = await applyFixes(deps, { ...emptyReport(), checks: [broken] }, { confirmCountry: never });
    expect(fixes).toEqual([
      {
        fix: 'flows',
        ok: true,
        message: { key: 'doctor.fix.flows', params: { flows: 'partner-center-to-crm-helper' } },
      },
    ]);
    expect((await check('flows.order')).status).toBe('pass');
  });

  it('C1, C4: a registration missing events, or pointing elsewhere, fails; cosell repair registers again and it passes', async () => {
    nextValidationMinute();
    await rig.client.registerWebhook('http://127.0.0.1:9/elsewhere', ['referral-created', 'test-created']);
    const missing = await check('webhooks.registration');
    expect(missing.status).toBe('fail');
    expect(missing.found).toEqual({
      key: 'doctor.webhooks.missingEvents',
      params: { events: 'referral-updated, related-referral-created, related-referral-updated' },
    });
    await rig.client.registerWebhook('http://127.0.0.1:9/elsewhere', [
      'referral-created',
      'referral-updated',
      'related-referral-created',
      'related-referral-updated',
      'test-created',
    ]);
    const elsewhere = await check('webhooks.registration');
    expect(elsewhere.status).toBe('fail');
    expect(elsewhere.found.key).toBe('doctor.webhooks.otherUrl');
    expect(elsewhere.fixable).toBe('webhooks');

    const repaired = await repair(deps, fast);
    expect(repaired.map((r) => [r.fix, r.ok])).toEqual([
      ['connection', true],
      ['connection', true],
      ['webhooks', true],
      ['flows', true],
    ]);
    nextValidationMinute();
    const again = await repair(deps, fast); // idempotent
    expect(again.every((r) => r.ok)).toBe(true);
    nextValidationMinute();
    const report = await runDoctor(deps, { ...fast, only: ['webhooks'] });
    expect(report.checks.map((c) => [c.id, c.status])).toEqual([
      ['webhooks.registration', 'pass'],
      ['webhooks.validation', 'pass'],
      ['webhooks.certificate-host', 'pass'],
    ]);
  }, 60_000);

  it('C4: a validation event that never reaches the receiver fails the round trip; once deliveries flow it passes', async () => {
    nextValidationMinute();
    rig.pc.emulator.setFaults({ webhooks: { dropRate: 1 } });
    try {
      const dropped = await check('webhooks.validation', { webhookTimeoutMs: 600 });
      expect(dropped.status).toBe('fail');
      expect(dropped.code).toBe('WEBHOOK_VALIDATION_FAILED');
      expect(String(dropped.found.params?.['reason'])).toContain('no delivery reported');
    } finally {
      rig.pc.emulator.setFaults({ webhooks: { dropRate: 0 } });
    }
    nextValidationMinute();
    expect((await check('webhooks.validation')).status).toBe('pass');
  });

  it('C5: a receiver whose allow list lacks the certificate host fails the certificate check; the right receiver passes', async () => {
    const strict = await buildServer({
      config: rig.pc.config,
      db: testDb.db,
      logger: rig.pc.logger,
      certificates: new CertificateCache({
        allowedHosts: ['3psostorageacct.blob.core.windows.net'],
        issuerOrg: rig.pc.config.receiver.certIssuerOrg,
        requireHttps: false,
      }),
    });
    const port = await listen(strict, '127.0.0.1', 0);
    const strictUrl = `http://127.0.0.1:${port}${webhookPath}`;
    nextValidationMinute();
    try {
      await rig.client.registerWebhook(strictUrl, [
        'referral-created',
        'referral-updated',
        'related-referral-created',
        'related-referral-updated',
        'test-created',
      ]);
      const report = await runDoctor({ ...deps, receiverUrl: strictUrl }, { ...fast, only: ['webhooks'] });
      const byId = new Map(report.checks.map((c) => [c.id, c]));
      expect(byId.get('webhooks.registration')?.status).toBe('pass');
      expect(byId.get('webhooks.validation')?.status).toBe('fail');
      expect(byId.get('webhooks.certificate-host')).toMatchObject({
        status: 'fail',
        code: 'WEBHOOK_CERT_HOST_NOT_ALLOWED',
        found: { key: 'doctor.webhooks.certHostRefused' },
      });
    } finally {
      await closeServer(strict);
    }
    nextValidationMinute();
    await repair(deps, fast);
    nextValidationMinute();
    expect((await check('webhooks.certificate-host')).status).toBe('pass');
  }, 60_000);

  it('P1: calls at the cap fail the budget, a pace over the cap warns with the forecast; a higher cap passes', async () => {
    const account = (await testDb.db.orm.select().from(connections)).find(
      (c) => c.system === 'partner-center',
    )?.accountId as string;
    const now = new Date();
    await consumeToday(testDb.db, { system: 'partner-center', account, cap: 1_000_000, calls: 10_000, now });
    const spent = await check('budget.partner-center');
    expect(spent.status).toBe('fail');
    expect(spent.found.key).toBe('doctor.budget.spent');
    expect(Number(spent.found.params?.['used'])).toBeGreaterThanOrEqual(10_000);
    const raised = {
      ...deps,
      config: { ...deps.config, partnerCenter: { ...deps.config.partnerCenter, dailyCap: 10_000_000 } },
    };
    const pass = (await runDoctor(raised, { only: ['budget.partner-center'] })).checks[0];
    expect(pass?.status).toBe('pass');
    expect(Number(pass?.found.params?.['forecast'])).toBeGreaterThanOrEqual(
      Number(pass?.found.params?.['used']),
    );
    await testDb.db.orm.execute(
      sql`UPDATE budget_counters SET calls = calls - 10000 WHERE system = 'partner-center' AND account = ${account} AND day = ${utcDay(now)}`,
    );
  });

  it('P5: a migration missing from the store fails; migrating again passes; too little free disk fails', async () => {
    const [last] = rowsOf<{ name: string; hash: string }>(
      await testDb.db.orm.execute(sql`SELECT name, hash FROM cosell_migrations ORDER BY name DESC LIMIT 1`),
    );
    expect(last).toBeDefined();
    await testDb.db.orm.execute(sql`DELETE FROM cosell_migrations WHERE name = ${last?.name}`);
    const pending = await check('runtime.migrations');
    expect(pending.status).toBe('fail');
    expect(pending.records).toEqual({ first: [last?.name], total: 1 });
    await testDb.db.orm.execute(
      sql`INSERT INTO cosell_migrations (name, hash) VALUES (${last?.name}, ${last?.hash})`,
    );
    expect((await check('runtime.migrations')).status).toBe('pass');
    if (testDb.db.kind === 'pglite') {
      const low = await check('runtime.disk', { minFreeBytes: Number.MAX_SAFE_INTEGER });
      expect(low.status).toBe('fail');
      expect(low.found.key).toBe('doctor.runtime.diskLow');
      expect((await check('runtime.disk')).status).toBe('pass');
    }
    expect((await check('runtime.store')).status).toBe('pass');
  });

  it('R1: a record failing three times with one error warns with that error’s guidance; a success clears it', async () => {
    const subject = `referral:doctor-r1-${Date.now()}`;
    const failed = (i: number) => ({
      flow: 'partner-center-to-crm',
      trigger: RunTrigger.reconciliation,
      subject,
      status: RunStatus.failed,
      startedAt: new Date(Date.now() - (10 - i) * 1000),
      finishedAt: new Date(Date.now() - (10 - i) * 1000),
      apiCalls: 1,
      error: { code: 'VALIDATION_COUNTRY_INVALID', params: { value: 'Holland' } },
    });
    await insertRuns(testDb.db, [failed(1), failed(2), failed(3)]);
    const repeated = await check('runs.repeated-failures');
    expect(repeated.status).toBe('warn');
    expect(repeated.code).toBe('VALIDATION_COUNTRY_INVALID');
    expect(repeated.fix).toEqual({
      key: 'errors.VALIDATION_COUNTRY_INVALID.fix',
      params: { value: 'Holland' },
    });
    expect(repeated.records).toEqual({ first: [subject], total: 1 });
    const last = await check('runs.failed-records');
    expect(last.status).toBe('warn');
    expect(last.records?.first).toContain(subject);
    await insertRuns(testDb.db, [
      {
        ...failed(4),
        status: RunStatus.succeeded,
        error: null,
        startedAt: new Date(),
        finishedAt: new Date(),
      },
    ]);
    expect((await check('runs.repeated-failures')).status).toBe('pass');
    expect((await check('runs.failed-records')).status).toBe('pass');
  });

  it('R8: a referral Partner Center never told us about warns as silent; after reconciliation it passes', async () => {
    rig.pc.emulator.setFaults({ webhooks: { dropRate: 1 } });
    let id: string;
    try {
      id = rig.pc.emulator.createReferral({
        name: `Silent deal ${Date.now()}`,
        externalReferenceId: null,
      }).id;
    } finally {
      rig.pc.emulator.setFaults({ webhooks: { dropRate: 0 } });
    }
    const silent = await check('referrals.unexplained');
    expect(silent.status).toBe('warn');
    expect(silent.records?.first).toContain(id);
    // What the finding says to do: sync it now; the run decides and the audit says what happened.
    await syncNow(
      {
        config: rig.pc.config,
        db: testDb.db,
        logger: rig.pc.logger,
        partnerCenter: rig.client,
        crm: rig.crm.adapter,
      },
      id,
    );
    expect((await check('referrals.unexplained')).status).toBe('pass');
  });

  it('the runner never throws: a crashing check fails with its coded error, a slow one with the time limit, an unconnected one is skipped', async () => {
    const report = await runChecks(deps, { checkTimeoutMs: 200 }, [
      {
        id: 'test.crash',
        requirements: ['R1'],
        run: () => Promise.reject(new Error('boom')),
      },
      {
        id: 'test.slow',
        requirements: ['R1'],
        run: () => new Promise(() => undefined),
      },
      {
        id: 'test.unconnected',
        requirements: ['R4'],
        run: async (ctx) => {
          await ctx.db.orm.execute(sql`SELECT 1`);
          const { CosellError } = await import('../errors.js');
          throw new CosellError('AUTH_NOT_CONNECTED', { system: 'dynamics' });
        },
      },
    ]);
    expect(report.checks.map((c) => [c.id, c.status, c.found.key])).toEqual([
      ['test.crash', 'fail', 'errors.INTERNAL'],
      ['test.slow', 'fail', 'doctor.timedOut'],
      ['test.unconnected', 'skip', 'doctor.skip.notConnected'],
    ]);
    expect(report.exitCode).toBe(2);
  });
});

const never = () => Promise.resolve(false);

function emptyReport() {
  return {
    status: 'pass' as const,
    exitCode: 0 as const,
    crm: 'salesforce',
    at: new Date().toISOString(),
    counts: { pass: 0, warn: 0, fail: 0, skip: 0 },
    checks: [],
  };
}
