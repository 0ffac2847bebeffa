// `cosell runs` and `cosell audit` as a person runs them: separate processes over a store seeded with the
// store's own functions (a file-backed PGlite, or a PostgreSQL database of its own when DATABASE_URL is set).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertAudit } from '../../src/store/audit.js';
import type { Db } from '../../src/store/db.js';
import { getJob } from '../../src/store/jobs.js';
import { saveLinkSnapshots } from '../../src/store/links.js';
import { insertRun, insertSteps, type FinishedRunInput } from '../../src/store/runs.js';
import { runCli } from '../support/cli.js';
import { createReopenableStore, type ReopenableStore } from '../support/db.js';

const t0 = new Date('2026-03-01T12:00:00Z');
const at = (ms: number): Date => new Date(t0.getTime() + ms);
const sync = (referralId: string) => ({
  kind: 'referral.sync',
  laneKey: `referral:${referralId}`,
  payload: { referralId },
});

let store: ReopenableStore;
let env: Record<string, string>;
/** Run ids by name, as the seed wrote them. */
const run: Record<string, number> = {};

/** Opens the store between CLI processes (the embedded store admits one process at a time). */
async function withDb<T>(fn: (db: Db) => Promise<T>): Promise<T> {
  const db = await store.open();
  try {
    return await fn(db);
  } finally {
    await db.close();
  }
}

async function seedRun(db: Db, name: string, input: FinishedRunInput): Promise<number> {
  run[name] = await insertRun(db, input);
  return run[name];
}

beforeAll(async () => {
  store = await createReopenableStore();
  env = {
    COSELL_DATA_DIR: store.config.dataDir,
    ...(store.config.databaseUrl !== undefined ? { DATABASE_URL: store.config.databaseUrl } : {}),
  };
  await withDb(async (db) => {
    const flow = 'partner-center-to-crm';
    const created = await seedRun(db, 'created', {
      flow,
      trigger: 'webhook',
      subject: 'referral:ref-1',
      correlationId: 'corr-1',
      startedAt: at(0),
      finishedAt: at(120),
      status: 'succeeded',
      apiCalls: 3,
      callsBySystem: { salesforce: 1, 'partner-center': 2 },
      job: { id: 101, ...sync('ref-1') },
    });
    await insertSteps(db, created, [
      {
        seq: 1,
        name: 'read-referral',
        status: 'succeeded',
        startedAt: at(0),
        finishedAt: at(40),
        apiCalls: 2,
        callsBySystem: { 'partner-center': 2 },
        detail: { etag: 'W/"7"' },
      },
      {
        seq: 2,
        name: 'helper.upsert',
        status: 'succeeded',
        startedAt: at(40),
        finishedAt: at(115),
        apiCalls: 1,
        callsBySystem: { salesforce: 1 },
        detail: { crmRecordId: '006A', created: true },
      },
    ]);
    const countryError = {
      code: 'VALIDATION_COUNTRY_INVALID',
      message: 'VALIDATION_COUNTRY_INVALID',
      params: { value: 'Holland', suggestedCode: 'NL', suggestedName: 'Netherlands' },
      guidance: 'errors.VALIDATION_COUNTRY_INVALID.fix',
    };
    // ref-2 failed twice; the newer failure is the one to resubmit.
    await seedRun(db, 'olderFailure', {
      flow,
      trigger: 'webhook',
      subject: 'referral:ref-2',
      startedAt: at(1000),
      finishedAt: at(1050),
      status: 'failed',
      apiCalls: 1,
      callsBySystem: { 'partner-center': 1 },
      error: countryError,
      job: { id: 102, ...sync('ref-2') },
    });
    const failed = await seedRun(db, 'failed', {
      flow,
      trigger: 'reconciliation',
      subject: 'referral:ref-2',
      correlationId: 'corr-2',
      startedAt: at(2000),
      finishedAt: at(2130),
      status: 'failed',
      apiCalls: 1,
      callsBySystem: { 'partner-center': 1 },
      error: countryError,
      job: { id: 103, ...sync('ref-2') },
    });
    await insertSteps(db, failed, [
      {
        seq: 1,
        name: 'read-referral',
        status: 'succeeded',
        startedAt: at(2000),
        finishedAt: at(2100),
        apiCalls: 1,
        callsBySystem: { 'partner-center': 1 },
      },
      {
        seq: 2,
        name: 'validate',
        status: 'failed',
        startedAt: at(2100),
        finishedAt: at(2101),
        detail: { failures: ['VALIDATION_COUNTRY_INVALID'] },
        error: countryError,
      },
    ]);
    await seedRun(db, 'otherFlowFailure', {
      flow: 'crm-to-partner-center',
      trigger: 'change-feed',
      subject: 'opportunity:006B',
      startedAt: at(3000),
      finishedAt: at(3020),
      status: 'failed',
      apiCalls: 0,
      error: { code: 'CRM_UNAVAILABLE', message: 'x', params: { system: 'Salesforce', status: 503 } },
      job: { id: 104, kind: 'opportunity.sync', laneKey: 'opportunity:006B', payload: { id: '006B' } },
    });
    await seedRun(db, 'noJob', {
      flow,
      trigger: 'manual',
      subject: 'referral:ref-4',
      startedAt: at(4000),
      finishedAt: at(4010),
      status: 'failed',
      apiCalls: 0,
      error: { code: 'INTERNAL', message: 'x', params: { reference: 'ab12cd34' } },
    });
    await seedRun(db, 'echo', {
      flow,
      trigger: 'webhook',
      subject: 'referral:ref-1',
      startedAt: at(5000),
      finishedAt: at(5030),
      status: 'skipped',
      apiCalls: 1,
      callsBySystem: { 'partner-center': 1 },
      error: { code: 'ECHO' },
      job: { id: 105, ...sync('ref-1') },
    });

    await saveLinkSnapshots(db, {
      referralId: 'ref-1',
      crmSystem: 'salesforce',
      crmRecordId: '006A',
      mappingVersion: 1,
      pcSnapshot: {},
      pcStateHash: 'pc',
      crmSnapshot: {},
      crmStateHash: 'crm',
      syncedAt: at(115),
    });
    await insertAudit(db, [
      {
        at: at(115),
        referralId: 'ref-1',
        crmSystem: 'salesforce',
        crmRecordId: '006A',
        direction: 'pc-to-crm',
        action: 'created',
        fieldDiff: { name: 'Contoso fabrikam deal', dealValue: 5000 },
        runId: created,
        mappingVersion: 1,
      },
      {
        at: at(5030),
        referralId: 'ref-1',
        crmSystem: 'salesforce',
        crmRecordId: '006A',
        direction: 'pc-to-crm',
        action: 'skipped',
        reasonCode: 'ECHO',
        runId: run['echo'],
        mappingVersion: 1,
      },
      {
        // Written by the CRM side, which knows only its own record id.
        at: at(6000),
        crmSystem: 'salesforce',
        crmRecordId: '006A',
        direction: 'pc-to-crm',
        action: 'updated',
        fieldDiff: {
          dealValue: { from: 5000, to: 7500 },
          closeDate: { from: null, to: '2026-06-30' },
          conflicts: [{ field: 'name', winner: 'crm', lost: 'Contoso deal (PC)' }],
        },
        mappingVersion: 2,
      },
      {
        at: at(2101),
        referralId: 'ref-2',
        crmSystem: 'salesforce',
        direction: 'pc-to-crm',
        action: 'failed',
        reasonCode: 'VALIDATION_COUNTRY_INVALID',
        fieldDiff: {
          failures: [
            {
              code: 'VALIDATION_COUNTRY_INVALID',
              field: 'customer.address.country',
              params: { value: 'Holland', suggestedCode: 'NL', suggestedName: 'Netherlands' },
            },
          ],
        },
        runId: failed,
        mappingVersion: 1,
      },
    ]);
  });
});

afterAll(async () => {
  await store.dispose();
});

function lines(stdout: string): string[] {
  return stdout.split('\n').filter((line) => line.trim() !== '');
}

// Each command is a process of its own (a few seconds on a busy machine); a test runs several.
describe('cosell runs and cosell audit', { timeout: 120_000 }, () => {
  it('R1: runs list shows each run with its trigger, outcome, duration, API calls per system and error code, newest first, and filters them', async () => {
    const all = await runCli(['runs', 'list'], env);
    expect(all.code, all.stderr).toBe(0);
    const rows = lines(all.stdout);
    expect(rows.map((r) => /^#(\d+) /.exec(r)?.[1])).toEqual(
      ['echo', 'noJob', 'otherFlowFailure', 'failed', 'olderFailure', 'created'].map((n) => String(run[n])),
    );
    expect(rows[3]).toBe(
      `#${run['failed']}  2026-03-01T12:00:02.000Z  partner-center-to-crm  reconciliation  failed  took 130 ms  API calls: partner-center 1  about referral:ref-2  error VALIDATION_COUNTRY_INVALID`,
    );
    expect(rows[5]).toContain(
      'webhook event  succeeded  took 120 ms  API calls: partner-center 2, salesforce 1',
    );
    expect(rows[0]).toMatch(/skipped .* reason ECHO$/);

    const failed = await runCli(
      ['runs', 'list', '--status', 'failed', '--flow', 'partner-center-to-crm', '--limit', '2'],
      env,
    );
    const failedRows = lines(failed.stdout);
    expect(failedRows.slice(0, 2).map((r) => /^#(\d+) /.exec(r)?.[1])).toEqual(
      ['noJob', 'failed'].map((n) => String(run[n])),
    );
    expect(failedRows[2]).toBe('These are the newest 2; use --limit for more.');

    // By the CRM record id: the linked referral's runs are the record's runs too.
    const record = await runCli(['runs', 'list', '--crm-id', '006A', '--since', '2026-03-01T12:00:01Z'], env);
    expect(lines(record.stdout).map((r) => /^#(\d+) /.exec(r)?.[1])).toEqual([String(run['echo'])]);

    const none = await runCli(['runs', 'list', '--referral', 'ref-unknown'], env);
    expect(none.code).toBe(0);
    expect(none.stdout.trim()).toBe('No runs match.');

    const refused = await runCli(['runs', 'list', '--status', 'broken'], env);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('expected one of: running, succeeded, failed, skipped, deferred');
  });

  it('R1: runs list --json prints one JSON array for scripts; the text is localised', async () => {
    const json = await runCli(['runs', 'list', '--referral', 'ref-1', '--json'], env);
    expect(json.code, json.stderr).toBe(0);
    const parsed = JSON.parse(json.stdout) as unknown;
    expect(parsed).toEqual([
      expect.objectContaining({
        id: run['echo'],
        status: 'skipped',
        error: { code: 'ECHO' },
        durationMs: 30,
      }),
      expect.objectContaining({
        id: run['created'],
        trigger: 'webhook',
        startedAt: '2026-03-01T12:00:00.000Z',
        callsBySystem: { 'partner-center': 2, salesforce: 1 },
        durationMs: 120,
      }),
    ]);

    const dutch = await runCli(
      ['runs', 'list', '--status', 'failed', '--limit', '1', '--locale', 'nl-NL'],
      env,
    );
    expect(dutch.stdout).toContain('handmatig gestart  mislukt  duurde 10 ms  API-aanroepen: geen');
    expect(dutch.stdout).toContain('fout INTERNAL');
  });

  it('R1: runs show gives the steps, API calls per system, and the error with its guidance; an unknown id is RUN_NOT_FOUND', async () => {
    const shown = await runCli(['runs', 'show', String(run['failed'])], env);
    expect(shown.code, shown.stderr).toBe(0);
    expect(lines(shown.stdout)).toEqual([
      `Run #${run['failed']}: partner-center-to-crm, reconciliation, failed`,
      'Started 2026-03-01T12:00:02.000Z, finished 2026-03-01T12:00:02.130Z: took 130 ms.',
      'About: referral:ref-2',
      'Correlation id: corr-2',
      'API calls: partner-center 1 (1 in all)',
      'Steps:',
      '  1. read-referral: succeeded, took 100 ms, API calls: partner-center 1',
      '  2. validate: failed, took 1 ms, API calls: none',
      '     Detail: {"failures":["VALIDATION_COUNTRY_INVALID"]}',
      '     Error VALIDATION_COUNTRY_INVALID: The customer country "Holland" is not a two-letter ISO 3166 country code.',
      'Error VALIDATION_COUNTRY_INVALID: The customer country "Holland" is not a two-letter ISO 3166 country code.',
      'What to do: Set the customer account country to a two-letter code such as US, NL or CN. Did you mean NL (Netherlands)?',
      `Resubmit it with "cosell runs resubmit ${run['failed']}".`,
    ]);

    const skipped = await runCli(['runs', 'show', String(run['echo']), '--locale', 'zh-CN'], env);
    expect(skipped.stdout).toContain(`运行 #${run['echo']}：partner-center-to-crm，webhook 事件，已跳过`);
    expect(skipped.stdout).toContain('耗时 30 毫秒');
    expect(skipped.stdout).toContain('原因 ECHO：这是我们自己写入的更改的回显；无需处理。');
    expect(skipped.stdout).toContain('未记录任何步骤。');

    const json = await runCli(['runs', 'show', String(run['created']), '--json'], env);
    expect(JSON.parse(json.stdout)).toMatchObject({
      id: run['created'],
      apiCalls: 3,
      steps: [
        { seq: 1, name: 'read-referral', durationMs: 40, callsBySystem: { 'partner-center': 2 } },
        { seq: 2, name: 'helper.upsert', durationMs: 75, detail: { crmRecordId: '006A', created: true } },
      ],
    });

    const unknown = await runCli(['runs', 'show', '999999', '--locale', 'nl-NL'], env);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('Fout RUN_NOT_FOUND: Er is geen uitvoering 999999.');
    expect(unknown.stderr).toContain('cosell runs list');
  });

  it('R4: runs resubmit <id> queues the failed run’s job again and refuses the others, saying why', async () => {
    const result = await runCli(
      [
        'runs',
        'resubmit',
        String(run['olderFailure']),
        String(run['created']),
        String(run['noJob']),
        '424242',
      ],
      env,
    );
    expect(result.code).toBe(1);
    const queued = /Run #(\d+) resubmitted: job #(\d+) is queued\./.exec(result.stdout);
    expect(queued?.[1]).toBe(String(run['olderFailure']));
    expect(result.stderr).toContain(
      `Error RUN_NOT_FAILED: Run ${run['created']} did not fail (its outcome is succeeded)`,
    );
    expect(result.stderr).toContain(
      `Error RUN_NOT_RESUBMITTABLE: Run ${run['noJob']} was not started by a job`,
    );
    expect(result.stderr).toContain('Error RUN_NOT_FOUND: There is no run 424242.');
    expect(result.stderr.match(/What to do:/g)).toHaveLength(3);

    const job = await withDb((db) => getJob(db, Number(queued?.[2])));
    expect(job).toMatchObject({
      kind: 'referral.sync',
      laneKey: 'referral:ref-2',
      payload: { referralId: 'ref-2' },
      status: 'queued',
      trigger: 'resubmit',
    });

    const usage = await runCli(['runs', 'resubmit'], env);
    expect(usage.code).toBe(1);
    expect(usage.stderr).toContain('REQUEST_INVALID');
    expect(usage.stderr).toContain('--failed');
  });

  it('R4: runs resubmit --failed resubmits the newest failed run of each record matching the filter, and says what it left out and why', async () => {
    const result = await runCli(['runs', 'resubmit', '--failed', '--flow', 'partner-center-to-crm'], env);
    expect(result.code, result.stderr).toBe(0);
    // The previous test queued ref-2's job; it is still waiting and stands for the newest failure.
    expect(result.stdout).toMatch(
      new RegExp(
        `Run #${run['failed']}: job #\\d+ for the same record is already waiting and does this work; nothing more was queued\\.`,
      ),
    );
    expect(result.stdout).toContain(
      `Run #${run['olderFailure']} left out: run #${run['failed']}, a newer failure of the same record, was resubmitted.`,
    );
    expect(result.stdout).toContain(`Left out: Run ${run['noJob']} was not started by a job`);
    expect(result.stdout).not.toContain(`#${run['otherFlowFailure']}`);
    expect(result.stdout).toContain('Resubmitted: 0 queued, 1 already waiting, 2 left out.');

    const other = await runCli(['runs', 'resubmit', '--failed', '--since', '2026-03-01T12:00:03Z'], env);
    const queued = /Run #(\d+) resubmitted: job #(\d+) is queued\./.exec(other.stdout);
    expect(queued?.[1]).toBe(String(run['otherFlowFailure']));
    expect(await withDb((db) => getJob(db, Number(queued?.[2])))).toMatchObject({
      kind: 'opportunity.sync',
      laneKey: 'opportunity:006B',
      trigger: 'resubmit',
    });
  });

  it('R2: audit <id> shows the timeline of a referral and its linked CRM record by either id: direction, action, reason explained, field diff, mapping version', async () => {
    const byReferral = await runCli(['audit', 'ref-1'], env);
    expect(byReferral.code, byReferral.stderr).toBe(0);
    expect(lines(byReferral.stdout)).toEqual([
      'Audit of referral ref-1 and Salesforce record 006A, newest first:',
      '2026-03-01T12:00:06.000Z  Partner Center to Salesforce  updated  mapping version 2',
      // jsonb keeps an object's keys shortest first
      '  closeDate: (empty) → 2026-06-30',
      '  dealValue: 5000 → 7500',
      '  name: changed on both sides; the Salesforce value was kept and Contoso deal (PC) was not written.',
      `2026-03-01T12:00:05.030Z  Partner Center to Salesforce  skipped  mapping version 1  run #${run['echo']}`,
      '  Reason ECHO: Our own write came back; nothing to do.',
      `2026-03-01T12:00:00.115Z  Partner Center to Salesforce  created  mapping version 1  run #${run['created']}`,
      '  name: Contoso fabrikam deal',
      '  dealValue: 5000',
    ]);
    const byCrmId = await runCli(['audit', '006A'], env);
    expect(byCrmId.stdout).toBe(byReferral.stdout);

    const failed = await runCli(['audit', 'ref-2', '--locale', 'nl-NL'], env);
    expect(lines(failed.stdout)).toEqual([
      'Audit van referral ref-2 (niet gekoppeld aan een Salesforce-record), nieuwste eerst:',
      `2026-03-01T12:00:02.101Z  Partner Center naar Salesforce  mislukt  toewijzingsversie 1  uitvoering #${run['failed']}`,
      '  customer.address.country: fout VALIDATION_COUNTRY_INVALID: Het land van de klant "Holland" is geen landcode van twee letters volgens ISO 3166.',
      expect.stringMatching(/^ {4}Wat u kunt doen: .* NL \(.*Nederland.*\)\?$/),
    ]);

    const json = await runCli(['audit', '006A', '--json'], env);
    expect(JSON.parse(json.stdout)).toMatchObject({
      referralId: 'ref-1',
      crmSystem: 'salesforce',
      crmRecordId: '006A',
      linked: true,
      entries: [
        { action: 'updated', fieldDiff: { dealValue: { from: 5000, to: 7500 } }, mappingVersion: 2 },
        { action: 'skipped', reasonCode: 'ECHO', runId: run['echo'] },
        { action: 'created', at: '2026-03-01T12:00:00.115Z' },
      ],
    });
  });

  it('R2: audit of a record with no entries says so clearly and exits 0', async () => {
    const none = await runCli(['audit', 'ref-never-seen'], env);
    expect(none.code).toBe(0);
    expect(none.stdout.trim()).toBe(
      'No audit entries for ref-never-seen: no sync decision about it has been recorded.',
    );
    const json = await runCli(['audit', 'ref-never-seen', '--json'], env);
    expect(JSON.parse(json.stdout)).toEqual({
      referralId: null,
      crmSystem: null,
      crmRecordId: null,
      linked: false,
      entries: [],
    });
  });
});
