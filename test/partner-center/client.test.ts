// The Partner Center client against the emulator over real HTTP, on the suite's database.
import { afterEach, describe, expect, it } from 'vitest';
import type { CosellError } from '../../src/errors.js';
import { isCosellError } from '../../src/errors.js';
import { budgetUsage, storeBudgetMeter } from '../../src/partner-center/connection.js';
import { connectPartnerCenter, openPartnerCenter } from '../../src/partner-center/connection.js';
import { loadConnection, resolveSecretsKey } from '../../src/store/connections.js';
import { useTestDb } from '../support/db.js';
import { startPcFixture, type PcFixture } from '../support/partner-center.js';

const testDb = useTestDb();
let fixture: PcFixture | undefined;

afterEach(async () => {
  await fixture?.close();
  fixture = undefined;
});

async function start(options: Parameters<typeof startPcFixture>[1] = {}): Promise<PcFixture> {
  fixture = await startPcFixture(testDb, options);
  return fixture;
}

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (isCosellError(error)) return error.code;
    throw error;
  }
  throw new Error('expected a coded error');
}

describe('Partner Center sign-in and client', () => {
  it('C2/P3: connect signs in with a device code, checks the role at once and stores the refresh token encrypted', async () => {
    const f = await start({ emulator: { generate: 3 } });
    const client = await f.connect();
    expect(client.identity).toBe('admin@contoso.example');
    const stored = await loadConnection(f.db, resolveSecretsKey(f.config.store), 'partner-center');
    expect(stored?.identity).toBe('admin@contoso.example');
    expect(stored?.accountId).toBe(f.emulator.tenantId);
    const refreshToken = stored?.secret['refreshToken'];
    expect(refreshToken).toBeTruthy();
    // The table itself holds no plaintext token.
    const raw = await f.db.orm.query.connections.findFirst();
    expect(Buffer.from(raw?.secretCiphertext ?? []).toString('utf8')).not.toContain(String(refreshToken));
    const page = await client.listPage({ top: 2 });
    expect(page.referrals).toHaveLength(2);
  });

  it('R5: a user without the Referrals admin role is refused at connect, by name, and nothing is stored', async () => {
    const f = await start();
    const error = await connectPartnerCenter({ config: f.config, db: f.db, logger: f.logger }, (device) =>
      f.emulator.approveDeviceCode(device.userCode, 'seller@contoso.example'),
    ).catch((e: unknown) => e);
    expect(isCosellError(error) && error.code).toBe('AUTH_ROLE_MISSING');
    expect((error as CosellError).params).toMatchObject({
      identity: 'seller@contoso.example',
      role: 'Referrals admin',
    });
    expect(await loadConnection(f.db, resolveSecretsKey(f.config.store), 'partner-center')).toBeUndefined();
  });

  it('C2: a declined sign-in says so', async () => {
    const f = await start();
    const code = await codeOf(
      connectPartnerCenter({ config: f.config, db: f.db, logger: f.logger }, (device) =>
        f.emulator.declineDeviceCode(device.userCode),
      ),
    );
    expect(code).toBe('AUTH_DEVICE_CODE_DECLINED');
  });

  it('R4: an expired access token is refreshed once and the call succeeds; a revoked sign-in is reported', async () => {
    const f = await start({ emulator: { generate: 1, accessTokenTtlSeconds: 120 } });
    const client = await f.connect();
    const [first] = (await client.listPage({ top: 1 })).referrals;
    f.emulator.advanceClock(10 * 60 * 1000);
    await expect(client.getReferral(String(first?.id))).resolves.toMatchObject({ id: first?.id });
    f.emulator.revokeRefreshTokens('admin@contoso.example');
    f.emulator.advanceClock(10 * 60 * 1000);
    expect(await codeOf(client.getReferral(String(first?.id)))).toBe('AUTH_REFRESH_FAILED');
  });

  it('P1: every HTTP attempt is metered per account and UTC day, and the cap stops calls before they are sent', async () => {
    const f = await start({ emulator: { generate: 5 }, env: { COSELL_PC_DAILY_CAP: '4' } });
    const client = await f.connect(); // the role check is call 1
    await client.listPage({ top: 1 });
    await client.listPage({ top: 1 });
    await client.listPage({ top: 1 });
    const before = f.emulator.callCount().total;
    const error = await client.listPage({ top: 1 }).catch((e: unknown) => e);
    expect(isCosellError(error) && error.code).toBe('PC_BUDGET_EXHAUSTED');
    expect((error as CosellError).retryAfterMs).toBeGreaterThan(0);
    expect(f.emulator.callCount().total).toBe(before);
    expect((await budgetUsage(f.db, f.emulator.tenantId)).used).toBe(4);
    // Another account has its own budget.
    await storeBudgetMeter(f.db, 'another-tenant', 4).consume(1);
    expect((await budgetUsage(f.db, 'another-tenant')).used).toBe(1);
  });

  it('P1: 429 answers are retried after Retry-After, and each attempt counts against the budget', async () => {
    const f = await start({ emulator: { generate: 2 } });
    const client = await f.connect();
    const usedBefore = (await budgetUsage(f.db, f.emulator.tenantId)).used;
    f.emulator.setFaults({ throttle: { every: 2 }, retryAfterSeconds: 0 });
    await client.listPage({ top: 1 }); // call 1 of the pattern passes
    const started = f.emulator.callCount().total;
    await client.listPage({ top: 1 }); // 429 then success
    expect(f.emulator.callCount().total - started).toBe(2);
    expect((await budgetUsage(f.db, f.emulator.tenantId)).used - usedBefore).toBe(3);
  });

  it('503 with Retry-After and 500 are retried until the attempts run out, then reported with a code', async () => {
    const f = await start({ emulator: { generate: 2 }, env: { COSELL_PC_MAX_RETRIES: '2' } });
    const client = await f.connect();
    f.emulator.setFaults({ errorRate: 1, retryAfterSeconds: 0 });
    const started = f.emulator.callCount().total;
    const code = await codeOf(client.listPage({ top: 1 }));
    expect(['PC_UNAVAILABLE', 'PC_SERVER_ERROR']).toContain(code);
    expect(f.emulator.callCount().total - started).toBe(3);
  });

  it('maps Partner Center error bodies: 404 itemNotFound and 412 on a stale eTag', async () => {
    const f = await start({ emulator: { generate: 1 } });
    const client = await f.connect();
    expect(await codeOf(client.getReferral('00000000-0000-0000-0000-000000000000'))).toBe('PC_NOT_FOUND');
    const [referral] = (await client.listPage({ top: 1 })).referrals;
    const id = String(referral?.id);
    const updated = await client.patchReferral(
      id,
      [{ op: 'replace', path: '/details/notes', value: 'first' }],
      {
        ifMatch: String(referral?.eTag),
      },
    );
    expect(updated?.details?.notes).toBe('first');
    expect(updated?.eTag).not.toBe(referral?.eTag);
    const stale = client.patchReferral(id, [{ op: 'replace', path: '/details/notes', value: 'second' }], {
      ifMatch: String(referral?.eTag),
    });
    expect(await codeOf(stale)).toBe('PC_PRECONDITION_FAILED');
  });

  it('pages through every referral with nextLink, one page at a time', async () => {
    const f = await start({ emulator: { generate: 230 } });
    const client = await f.connect();
    const ids = new Set<string>();
    let pages = 0;
    for await (const page of client.listAll({ orderby: 'createdDateTime asc' })) {
      pages++;
      for (const r of page) ids.add(r.id);
    }
    const own = f.emulator
      .listReferrals()
      .filter((r) => r['organizationId'] === f.emulator.partnerOrganization.id).length;
    expect(ids.size).toBe(own);
    expect(pages).toBe(Math.ceil(own / 100));
  });

  it('never writes a token, a refresh token or a device code into a log line', async () => {
    const f = await start({ emulator: { generate: 2, accessTokenTtlSeconds: 60 } });
    const client = await f.connect();
    f.emulator.setFaults({ throttle: { every: 2 }, retryAfterSeconds: 0 });
    f.emulator.advanceClock(5 * 60 * 1000);
    await client.listPage({ top: 1 });
    await client.listPage({ top: 1 });
    const stored = await loadConnection(f.db, resolveSecretsKey(f.config.store), 'partner-center');
    const issued = f.emulator.issueTokens('admin@contoso.example');
    const text = f.logs.join('\n');
    expect(f.logs.length).toBeGreaterThan(0);
    expect(text).not.toContain(String(stored?.secret['refreshToken']));
    expect(text).not.toContain(issued.access_token.slice(0, 40));
    expect(text).not.toMatch(/eyJ[A-Za-z0-9_-]{10,}\./);
  });

  it('openPartnerCenter without a stored connection says to connect first', async () => {
    const f = await start();
    expect(await codeOf(openPartnerCenter({ config: f.config, db: f.db, logger: f.logger }))).toBe(
      'AUTH_NOT_CONNECTED',
    );
  });
});
