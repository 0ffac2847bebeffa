// The console in a real browser (playwright-core driving Debian's Chromium; skipped where it is not
// installed, never in .ci/run, which installs it): the demo's own rig (both emulators, the connector, the
// console with the demo's admin), one per file. Screenshots of every page go to .ci/out/screenshots/.
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOutput } from '../../src/cli/output.js';
import { configFrom } from '../../src/config.js';
import { defaultDemoOptions, runDemo, type RunningDemo } from '../../src/demo/run-demo.js';
import { createLogger } from '../../src/logger.js';
import { listRuns } from '../../src/store/runs.js';
import { RunStatus, UserRole } from '../../src/store/schema.js';
import { addUser } from '../../src/store/users.js';
import { createReopenableStore, type ReopenableStore } from '../support/db.js';

const chromiumPath = '/usr/bin/chromium';
const shots = path.resolve(import.meta.dirname, '../../.ci/out/screenshots');
const htmlName = '<script>alert("owned")</script> Fabrikam <b>bold</b>';
const viewerPassword = 'viewer password 1';

describe.skipIf(!fs.existsSync(chromiumPath))('the console in Chromium', () => {
  let store: ReopenableStore;
  let demo: RunningDemo;
  let browser: Browser;
  let page: Page;
  const printed: string[] = [];
  const dialogs: string[] = [];

  async function shot(name: string): Promise<void> {
    await page.screenshot({ path: path.join(shots, `${name}.png`), fullPage: true });
  }

  beforeAll(async () => {
    fs.mkdirSync(shots, { recursive: true });
    store = await createReopenableStore();
    await (await store.open()).close(); // migrated from the template: the demo reopens it without initdb
    const base = { ...configFrom({ COSELL_PROFILE: 'sandbox', COSELL_LOCALE: 'en' }), store: store.config };
    demo = await runDemo(
      base,
      createLogger({ level: 'silent' }),
      createOutput('en', (line) => printed.push(line)),
      {
        ...defaultDemoOptions,
        referrals: 6,
        accounts: 2,
        port: 0,
        portFallback: false,
        activity: false,
        tickMs: 600_000,
      },
    );
    browser = await chromium.launch({
      executablePath: chromiumPath,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    });
    page = await browser.newPage({ locale: 'en-US', viewport: { width: 1280, height: 900 } });
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await demo?.stop();
    await store?.dispose();
  });

  it('prints the console URL and the demo admin login once, and signs in with it', async () => {
    const { url, username, password } = demo.consoleLogin;
    expect(printed.filter((line) => line.includes(password))).toHaveLength(1);
    await page.goto(url);
    expect(new URL(page.url()).pathname).toBe('/console/login');
    await shot('01-login');
    await page.getByLabel('User name').fill(username);
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => new URL(page.url()).pathname).toBe('/console');
    await page.getByRole('heading', { name: 'Overview' }).waitFor();
  });

  it('shows the demo referrals syncing live, without a reload; a referral named with HTML renders as text', async () => {
    const linked = page.locator('[data-live-count="links"]');
    await expect.poll(async () => Number(await linked.textContent()), { timeout: 30_000 }).toBeGreaterThan(0);
    const before = Number(await linked.textContent());
    await page.evaluate('window.cosellMarker = 1'); // evaluated in the page (this file has no DOM types)
    // Valid by construction: names no CRM record, in a currency the CRM has enabled.
    const sample = demo.emulator.listReferrals()[0] as { details: Record<string, unknown> };
    demo.emulator.createReferral({
      name: htmlName,
      direction: 'Incoming',
      externalReferenceId: null,
      details: { ...sample.details, currency: 'USD' },
    });
    await expect
      .poll(async () => Number(await linked.textContent()), { timeout: 30_000 })
      .toBeGreaterThan(before);
    // Still the same document: updated in place.
    expect(await page.evaluate('window.cosellMarker')).toBe(1);
    await shot('02-overview');

    await page.goto(`${demo.consoleLogin.url}/records?q=Fabrikam`);
    const link = page.locator('table.records tbody a').first();
    await expect.poll(() => link.textContent()).toBe(htmlName);
    expect(await page.locator('table.records b').count()).toBe(0);
    expect(dialogs).toEqual([]);
    await shot('03-records-html-name');
  }, 60_000);

  it('R4: opens a failed record, reads its reason, fixes the data in the CRM, resubmits and sees it succeed', async () => {
    const dealName = 'Northwind Traders – data platform';
    demo.crm.hands.newDeal(
      {
        company: 'Northwind Traders',
        country: 'NL',
        city: 'Amsterdam',
        postalCode: '1011 AB',
        name: dealName,
        stage: 'Qualification',
        closeDate: new Date(Date.now() + 60 * 86_400_000).toISOString().slice(0, 10),
        amount: 125_000,
        description: 'Entered by the sales team',
        help: false,
        contact: { firstName: 'Nora', lastName: 'Jansen', email: 'nora@northwind.example' },
        solution: undefined,
      },
      'seller1@contoso.example',
    );
    await page.goto(`${demo.consoleLogin.url}/records?outcome=failed`);
    const row = page.locator('table.records tbody tr', { hasText: dealName });
    await row.waitFor({ timeout: 30_000 }); // the CRM change feed finds it; the list refreshes live
    await shot('04-records-failed');
    await row.getByRole('link').click();
    await page.getByRole('heading', { name: dealName }).waitFor();
    const reason = page.locator('.timeline .reason').first();
    await expect.poll(() => reason.textContent()).toContain('VALIDATION_SOLUTION_MISSING');
    expect(await page.locator('.timeline .fix').first().textContent()).toMatch(/What to do:/);
    await shot('05-record-failed');

    const crmId = (await page.locator('.facts dd').nth(1).textContent())?.trim() ?? '';
    expect(crmId).not.toBe('');
    demo.crm.hands.addSolution(
      crmId,
      { id: 'SOL-CONTOSO-1', name: 'Contoso Cloud' },
      'seller1@contoso.example',
    );
    await page.getByRole('button', { name: 'Resubmit' }).first().click();
    // Live: the timeline gains the created entry, and the record's latest outcome is no longer a failure.
    await expect
      .poll(() => page.locator('.timeline .entry.created').count(), { timeout: 30_000 })
      .toBeGreaterThan(0);
    expect(await page.locator('[data-outcome]').textContent()).not.toMatch(/failed/);
    await shot('06-record-succeeded');
  }, 60_000);

  it('shows runs, a run, the doctor (run again from the page) and the settings', async () => {
    await page.goto(`${demo.consoleLogin.url}/runs`);
    await page.getByRole('heading', { name: 'Runs' }).waitFor();
    await shot('07-runs');
    await page.locator('table.runs tbody a').first().click();
    await page.getByRole('heading', { name: /^Run #\d+$/ }).waitFor();
    await shot('08-run');
    await page.goto(`${demo.consoleLogin.url}/doctor`);
    expect(await page.getByText('The doctor has not run yet.').count()).toBe(1);
    await page.getByRole('button', { name: 'Run again' }).click();
    await page.locator('[data-doctor="report"]').waitFor({ timeout: 60_000 });
    // The installed co-sell fields pass; the demo's deliberately invalid referrals are named.
    const fields = page.locator('[data-check="crm.cosell-fields"]');
    expect(await fields.locator('.badge').textContent()).toBe('passed');
    expect(await page.locator('[data-check="runs.failed-records"] .badge').textContent()).not.toBe('passed');
    await shot('09-doctor');
    await page.goto(`${demo.consoleLogin.url}/settings`);
    await page.getByRole('heading', { name: 'Daily API caps' }).waitFor();
    await shot('10-settings');
  }, 120_000);

  it('switches to Dutch and to Simplified Chinese', async () => {
    await page.goto(demo.consoleLogin.url);
    await page.getByRole('link', { name: 'Nederlands' }).click();
    await page.getByRole('heading', { name: 'Overzicht' }).waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('nl-NL');
    await shot('11-overview-nl');
    await page.getByRole('link', { name: 'Recordlijst' }).click();
    await page.getByRole('link', { name: '中文' }).click();
    await page.getByRole('heading', { name: '记录' }).waitFor();
    await shot('12-records-zh');
    await page.getByRole('link', { name: 'English' }).click();
  });

  it('R4: a viewer gets 403 on resubmit through the UI and the API; a cross-site POST without the CSRF token is refused', async () => {
    const [failed] = await listRuns(demo.db, { status: RunStatus.failed, limit: 1 });
    if (failed === undefined) throw new Error('the demo has no failed run');
    await addUser(demo.db, { username: 'vera', role: UserRole.viewer, password: viewerPassword });
    const viewer = await browser.newPage({ locale: 'en-US' });
    await viewer.goto(`${demo.consoleLogin.url}/login`);
    await viewer.getByLabel('User name').fill('vera');
    await viewer.getByLabel('Password').fill(viewerPassword);
    await viewer.getByRole('button', { name: 'Sign in' }).click();
    await viewer.getByRole('heading', { name: 'Overview' }).waitFor();
    await viewer.goto(`${demo.consoleLogin.url}/runs/${failed.id}`);
    expect(await viewer.getByRole('button', { name: 'Resubmit' }).count()).toBe(0);
    // The form the viewer does not see, posted anyway with the session's token.
    const answer = viewer.waitForResponse((r) => r.url().endsWith(`/runs/${failed.id}/resubmit`));
    await viewer.evaluate(`(() => {
      const form = document.createElement('form');
      form.method = 'post';
      form.action = '/console/runs/${failed.id}/resubmit';
      const token = document.createElement('input');
      token.name = '_csrf';
      token.value = document.querySelector('meta[name="csrf-token"]').getAttribute('content');
      form.append(token);
      document.body.append(form);
      form.submit();
    })()`);
    expect((await answer).status()).toBe(403);
    await viewer.getByText('CONSOLE_FORBIDDEN').first().waitFor();
    await viewer.screenshot({ path: path.join(shots, '13-viewer-403.png') });
    const csrf = await viewer.request
      .get(`${demo.consoleLogin.url}/runs`)
      .then(async (r) => /name="csrf-token" content="([^"]+)"/.exec(await r.text())?.[1] ?? '');
    const api = await viewer.request.post(`${demo.receiverUrl}/api/v1/runs/${failed.id}/resubmit`, {
      headers: { 'x-csrf-token': csrf },
    });
    expect(api.status()).toBe(403);
    expect(((await api.json()) as { error: { code: string } }).error.code).toBe('CONSOLE_FORBIDDEN');
    await viewer.close();

    // Another origin on this machine (same site, so the browser sends the admin's cookie): its form lacks
    // the token, and the console refuses it.
    const evil = http.createServer((_req, res) => {
      res.setHeader('content-type', 'text/html');
      res.end(
        `<!doctype html><form method="post" action="${demo.consoleLogin.url}/runs/${failed.id}/resubmit"><button id="go">Claim your prize</button></form>`,
      );
    });
    await new Promise<void>((resolve) => evil.listen(0, '127.0.0.1', resolve));
    try {
      await page.goto(`http://127.0.0.1:${(evil.address() as AddressInfo).port}/`);
      const refused = page.waitForResponse((r) => r.url().endsWith(`/runs/${failed.id}/resubmit`));
      await page.click('#go');
      expect((await refused).status()).toBe(403);
      await page.getByText('CSRF_INVALID').first().waitFor();
      await shot('14-cross-site-403');
    } finally {
      evil.close();
    }
  });
});
