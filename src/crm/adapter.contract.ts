// The one contract every CRM adapter passes against its own emulator (like hono's common.case.test.ts):
// what the engine and the flows rely on, in CRM-neutral terms. A CRM's test file calls
// `crmAdapterContract(name, setup)`; setup starts its emulator and answers with a harness: the adapter plus
// the few things a person could do in that CRM's own UI. Each case gets a fresh harness.
import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isCosellError } from '../errors.js';
import type {
  CrmAccount,
  CrmAdapter,
  CrmOpportunity,
  CrmOpportunityFields,
  InboundUpsert,
  OpportunityListing,
} from './adapter.js';

export interface ContractHarness {
  readonly adapter: CrmAdapter;
  /** The user the adapter acts as. */
  readonly integrationUserId: string;
  /** An active person in the CRM: referral owner and the hand behind the "as a person" edits. */
  readonly person: { readonly id: string; readonly email: string };
  /** The e-mail of a deactivated user, when the CRM has one set up. */
  readonly inactiveEmail?: string | undefined;
  /** The currencies the org was set up with (one for a single-currency org). */
  readonly currencies: readonly string[];
  /** Stage names valid in the org: an open one and a won one. */
  readonly stages: { readonly open: string; readonly won: string };
  /**
   * The CRM's clock moves only through advanceClock, so what a case does between two calls of it happens in
   * the same second (the grain of the CRM's modification stamps).
   */
  advanceClock(ms: number): Promise<void>;
  /** A change a person makes in the CRM's own UI. */
  editAsPerson(opportunityId: string, fields: Partial<CrmOpportunityFields>): Promise<void>;
  createOpportunityAsPerson(fields: CrmOpportunityFields): Promise<string>;
  createAccountAsPerson(account: Omit<CrmAccount, 'id'>): Promise<string>;
  deleteOpportunity(opportunityId: string): Promise<void>;
  /** Makes the CRM refuse calls as over its daily API limit (true), or lifts that (false). */
  setDailyLimitReached(reached: boolean): Promise<void>;
  close(): Promise<void>;
}

const solution = 'SOL-CONTRACT-1';

function referral(h: ContractHarness, n: number, overrides: Partial<InboundUpsert> = {}): InboundUpsert {
  return {
    referralId: randomUUID(),
    opportunity: {
      name: `Contract referral ${n}`,
      stageName: h.stages.open,
      amount: 1000 + n,
      currency: h.currencies.at(-1),
      closeDate: '2027-03-31',
      description: `Referral ${n} from Partner Center`,
      syncWithPartnerCenter: true,
      helpRequested: 'GeneralOrOther',
      referralLink: `https://partner.microsoft.com/referrals/${n}`,
    },
    account: {
      name: `Contract Customer ${n} ${randomUUID().slice(0, 8)}`,
      postalCode: `10${n}`,
      country: 'NL',
    },
    contact: {
      firstName: 'Casey',
      lastName: `Customer${n}`,
      email: `casey${n}.${randomUUID().slice(0, 6)}@example.com`,
    },
    ownerId: h.person.id,
    solutionIds: [solution],
    ...overrides,
  };
}

async function codeOf(
  promise: Promise<unknown>,
): Promise<{ code: string; retry: string; retryAfterMs?: number }> {
  try {
    await promise;
  } catch (error) {
    if (isCosellError(error)) {
      return {
        code: error.code,
        retry: error.retry,
        ...(error.retryAfterMs === undefined ? {} : { retryAfterMs: error.retryAfterMs }),
      };
    }
    throw error;
  }
  throw new Error('expected a coded error');
}

/** Every opportunity the feed yields from `cursor` on, page by page. */
async function drain(adapter: CrmAdapter, cursor: string, limit: number) {
  const seen: CrmOpportunity[] = [];
  let next = cursor;
  for (let pages = 0; pages < 50; pages++) {
    const page = await adapter.changedOpportunities(next, limit);
    expect(page.opportunities.length).toBeLessThanOrEqual(limit);
    seen.push(...page.opportunities);
    next = page.cursor;
    if (!page.more) return { seen, cursor: next };
  }
  throw new Error('the change feed did not end');
}

/** Every opportunity listOpportunities yields, page by page, and how many pages it took. */
async function listAll(adapter: CrmAdapter, limit: number) {
  const listed: OpportunityListing[] = [];
  let after: string | undefined;
  for (let pages = 1; pages <= 100; pages++) {
    const page = await adapter.listOpportunities(after, limit);
    expect(page.opportunities.length).toBeLessThanOrEqual(limit);
    listed.push(...page.opportunities);
    if (page.next === undefined) return { listed, pages };
    after = page.next;
  }
  throw new Error('the listing did not end');
}

export function crmAdapterContract(name: string, setup: () => Promise<ContractHarness>): void {
  describe(`CRM adapter contract: ${name}`, () => {
    let h: ContractHarness;
    beforeEach(async () => {
      h = await setup();
    });
    afterEach(async () => {
      await h.close();
    });

    it('R8/design rule 2: an upsert creates once; a replay updates the same record, never a second one', async () => {
      const item = referral(h, 1);
      const [first] = await h.adapter.upsertFromReferrals([item]);
      expect(first).toMatchObject({ ok: true, referralId: item.referralId, created: true });
      const replay = { ...item, opportunity: { ...item.opportunity, description: 'replayed' } };
      const [second] = await h.adapter.upsertFromReferrals([replay]);
      expect(second).toMatchObject({ ok: true, created: false });
      expect(second?.ok && first?.ok && second.id === first.id).toBe(true);

      const found = await h.adapter.findOpportunitiesByReferral([item.referralId]);
      expect(found).toHaveLength(1);
      const [opp] = found;
      expect(opp).toMatchObject({
        name: item.opportunity.name,
        stageName: h.stages.open,
        amount: item.opportunity.amount,
        closeDate: '2027-03-31',
        description: 'replayed',
        syncWithPartnerCenter: true,
        referralId: item.referralId,
        ownerId: h.person.id,
        solutionIds: [solution],
        stage: { name: h.stages.open, isClosed: false, isWon: false },
      });
      if (h.currencies.length > 1) expect(opp?.currency).toBe(item.opportunity.currency);
      const contacts = await h.adapter.getContactsOfOpportunity(opp?.id ?? '');
      expect(contacts.map((c) => c.email)).toEqual([item.contact?.email]);
    });

    it('R1: 30 referrals in one call (more than one batch) all land once; accounts match by name and postal code', async () => {
      const existingName = `Existing Customer ${randomUUID().slice(0, 8)}`;
      const existingId = await h.createAccountAsPerson({
        name: existingName,
        postalCode: '1012 AB',
        country: 'NL',
      });
      const sharedName = `Shared New Customer ${randomUUID().slice(0, 8)}`;
      const items = Array.from({ length: 30 }, (_, n) => {
        if (n % 10 === 3)
          return referral(h, n, {
            account: { name: existingName.toUpperCase(), postalCode: '1012 AB', country: 'NL' },
          });
        if (n % 10 === 7)
          return referral(h, n, { account: { name: sharedName, postalCode: '2000', country: 'BE' } });
        if (n === 8)
          return referral(h, n, { account: { name: existingName, postalCode: '9999', country: 'NL' } });
        return referral(h, n);
      });
      expect(items.length).toBeGreaterThan(h.adapter.capabilities.maxBatch);

      const outcomes = await h.adapter.upsertFromReferrals(items);
      expect(outcomes.map((o) => o.referralId)).toEqual(items.map((i) => i.referralId));
      expect(outcomes.every((o) => o.ok && o.created)).toBe(true);

      const found = await h.adapter.findOpportunitiesByReferral(items.map((i) => i.referralId));
      expect(found).toHaveLength(30);
      expect(new Set(found.map((o) => o.referralId)).size).toBe(30);
      const byReferral = new Map(found.map((o) => [o.referralId, o]));
      const accountOf = (n: number) => byReferral.get(items[n]?.referralId)?.accountId;
      // The existing account is reused (name in another case, same postal code); not for another postal code.
      expect([accountOf(3), accountOf(13), accountOf(23)]).toEqual([existingId, existingId, existingId]);
      expect(accountOf(8)).not.toBe(existingId);
      // Referrals naming the same new customer share one new account, even across batches.
      const shared = [accountOf(7), accountOf(17), accountOf(27)];
      expect(shared[0]).toBeDefined();
      expect(new Set(shared).size).toBe(1);
      // 24 referrals with a customer of their own, one existing and one shared new account.
      expect(new Set(found.map((o) => o.accountId)).size).toBe(26);
      for (const opp of found) {
        expect(opp.ownerId).toBe(h.person.id);
        expect(opp.solutionIds).toEqual([solution]);
      }
    });

    it('design rule 5: updateOpportunities writes only the given fields, as the integration user', async () => {
      const item = referral(h, 2);
      const [created] = await h.adapter.upsertFromReferrals([item]);
      const id = created?.ok ? created.id : '';
      const gone = referral(h, 3);
      const [doomed] = await h.adapter.upsertFromReferrals([gone]);
      const goneId = doomed?.ok ? doomed.id : '';
      await h.deleteOpportunity(goneId);
      await h.advanceClock(1000);
      // A person edits the description after our last read; our update names only the amount.
      await h.editAsPerson(id, { description: 'typed by a person' });
      await h.advanceClock(1000);

      const outcomes = await h.adapter.updateOpportunities([
        { id, fields: { amount: 4242, auditText: 'Synced from Partner Center' } },
        { id: goneId, fields: { amount: 1 } },
        { id, fields: {} },
      ]);
      expect(outcomes.map((o) => [o.id, o.ok])).toEqual([
        [id, true],
        [goneId, false],
        [id, true],
      ]);
      const missing = outcomes[1];
      expect(missing && !missing.ok && isCosellError(missing.error) && missing.error.code).toBe(
        'CRM_NOT_FOUND',
      );

      const [opp] = await h.adapter.getOpportunities([id]);
      expect(opp).toMatchObject({
        amount: 4242,
        auditText: 'Synced from Partner Center',
        description: 'typed by a person',
        name: item.opportunity.name,
        lastModifiedById: h.integrationUserId,
      });
    });

    it("R3: the change feed returns a person's edit after the cursor, with its author, and not edits before it", async () => {
      const [a, b] = await h.adapter.upsertFromReferrals([referral(h, 4), referral(h, 5)]);
      const aId = a?.ok ? a.id : '';
      const bId = b?.ok ? b.id : '';
      await h.advanceClock(1000);
      await h.editAsPerson(bId, { description: 'before the cursor' });
      const start = await h.adapter.changedOpportunities(undefined, 10);
      expect(start.opportunities).toEqual([]);
      expect(start.more).toBe(false);

      await h.editAsPerson(aId, { amount: 777 }); // same second as the cursor
      await h.advanceClock(1000);
      const { seen, cursor } = await drain(h.adapter, start.cursor, 10);
      expect(seen.map((o) => o.id)).toEqual([aId]);
      expect(seen[0]).toMatchObject({ amount: 777, lastModifiedById: h.person.id, solutionIds: [solution] });

      const again = await h.adapter.changedOpportunities(cursor, 10);
      expect(again.opportunities).toEqual([]);
    });

    it('R3: paging the feed misses and repeats nothing among records sharing one modification second', async () => {
      const older = await h.createOpportunityAsPerson({
        name: 'Older deal',
        stageName: h.stages.open,
        closeDate: '2027-06-30',
        syncWithPartnerCenter: true,
      });
      await h.advanceClock(1000);
      const start = await h.adapter.changedOpportunities(undefined, 10);
      await h.advanceClock(1000);
      const ids: string[] = [];
      for (let n = 0; n < 7; n++) {
        ids.push(
          await h.createOpportunityAsPerson({
            name: `Same second ${n}`,
            stageName: h.stages.open,
            closeDate: '2027-06-30',
            syncWithPartnerCenter: true,
          }),
        );
      }
      const first = await h.adapter.changedOpportunities(start.cursor, 3);
      expect(first.opportunities).toHaveLength(3);
      expect(first.more).toBe(true);
      // Written into the second already being read, after the first page: an older record (an id that sorts
      // before the ones delivered) and a new one.
      await h.editAsPerson(older, { description: 'edited in the same second' });
      ids.push(older);
      ids.push(
        await h.createOpportunityAsPerson({
          name: 'Same second, late',
          stageName: h.stages.open,
          closeDate: '2027-06-30',
          syncWithPartnerCenter: true,
        }),
      );
      const rest = await drain(h.adapter, first.cursor, 3);
      const delivered = [...first.opportunities, ...rest.seen].map((o) => o.id);
      expect(delivered).toHaveLength(ids.length);
      expect(new Set(delivered)).toEqual(new Set(ids));
    });

    it('R4: listOpportunities pages through every opportunity once, with its account, in a stable order', async () => {
      const suffix = randomUUID().slice(0, 8);
      const dutch = { name: `Listed Customer ${suffix}`, postalCode: '1012 AB', country: 'NL' };
      const french = { name: `Other Customer ${suffix}`, postalCode: '75001', country: 'FR' };
      const dutchId = await h.createAccountAsPerson(dutch);
      const frenchId = await h.createAccountAsPerson(french);
      const deal = (fields: Partial<CrmOpportunityFields>): CrmOpportunityFields => ({
        name: `Listed deal ${randomUUID().slice(0, 8)}`,
        stageName: h.stages.open,
        closeDate: '2027-06-30',
        syncWithPartnerCenter: false,
        ...fields,
      });
      const syncedReferral = randomUUID();
      const synced = await h.createOpportunityAsPerson(
        deal({
          syncWithPartnerCenter: true,
          accountId: dutchId,
          referralId: syncedReferral,
          microsoftCrmId: 'MS-CRM-1',
        }),
      );
      const notSynced = await h.createOpportunityAsPerson(deal({ accountId: frenchId }));
      const won = await h.createOpportunityAsPerson(
        deal({
          stageName: h.stages.won,
          closeDate: '2026-10-31',
          accountId: dutchId,
          microsoftCrmId: 'MS-CRM-2',
        }),
      );
      const noAccount = await h.createOpportunityAsPerson(deal({ syncWithPartnerCenter: true }));
      const item = referral(h, 10);
      const [upserted] = await h.adapter.upsertFromReferrals([item]);
      const fromReferral = upserted?.ok ? upserted.id : '';
      const ours = [synced, notSynced, won, noAccount, fromReferral];

      const { listed, pages } = await listAll(h.adapter, 2);
      expect(pages).toBeGreaterThanOrEqual(3);
      const ids = listed.map((o) => o.id);
      expect(new Set(ids).size).toBe(ids.length);
      for (const id of ours)
        expect(
          ids.filter((x) => x === id),
          id,
        ).toHaveLength(1);
      // The same order whatever the page size.
      expect((await listAll(h.adapter, 3)).listed.map((o) => o.id)).toEqual(ids);

      const byId = new Map(listed.map((o) => [o.id, o]));
      expect(byId.get(synced)).toMatchObject({
        syncWithPartnerCenter: true,
        referralId: syncedReferral,
        microsoftCrmId: 'MS-CRM-1',
        stage: { isClosed: false, isWon: false },
        accountId: dutchId,
        account: { id: dutchId, ...dutch },
      });
      expect(byId.get(notSynced)).toMatchObject({
        syncWithPartnerCenter: false,
        referralId: undefined,
        account: { id: frenchId, ...french },
      });
      expect(byId.get(won)).toMatchObject({
        stageName: h.stages.won,
        stage: { isClosed: true, isWon: true },
        microsoftCrmId: 'MS-CRM-2',
        account: { id: dutchId, name: dutch.name },
      });
      expect(byId.get(noAccount)?.account).toBeUndefined();
      expect(byId.get(fromReferral)).toMatchObject({
        referralId: item.referralId,
        solutionIds: [solution],
        ownerId: h.person.id,
        account: { name: item.account.name, postalCode: item.account.postalCode, country: 'NL' },
      });
    });

    it('P4: findUsersByEmail maps known e-mails (lower-cased keys) and omits unknown and inactive ones', async () => {
      const unknown = `nobody.${randomUUID().slice(0, 8)}@example.com`;
      const asked = [h.person.email.toUpperCase(), unknown, ...(h.inactiveEmail ? [h.inactiveEmail] : [])];
      const users = await h.adapter.findUsersByEmail(asked);
      expect([...users.keys()]).toEqual([h.person.email.toLowerCase()]);
      expect(users.get(h.person.email.toLowerCase())).toMatchObject({ id: h.person.id, active: true });
    });

    it('P4: enabledCurrencies lists the currencies the org has on', async () => {
      expect([...(await h.adapter.enabledCurrencies())].sort()).toEqual([...h.currencies].sort());
    });

    it('P2: whoAmI names the integration user and says it may customise the org', async () => {
      const me = await h.adapter.whoAmI();
      expect(me.userId).toBe(h.integrationUserId);
      expect(me.username).not.toBe('');
      expect(me.canCustomize).toBe(true);
    });

    it("design rule 8: the CRM's daily limit surfaces as CRM_DAILY_LIMIT, to retry after a known time", async () => {
      const [created] = await h.adapter.upsertFromReferrals([referral(h, 6)]);
      const id = created?.ok ? created.id : '';
      await h.setDailyLimitReached(true);
      const error = await codeOf(h.adapter.getOpportunities([id]));
      expect(error).toMatchObject({ code: 'CRM_DAILY_LIMIT', retry: 'after' });
      expect(error.retryAfterMs).toBeGreaterThan(0);
      const [refused] = await h.adapter.upsertFromReferrals([referral(h, 7)]);
      expect(refused?.ok === false && isCosellError(refused.error) && refused.error.code).toBe(
        'CRM_DAILY_LIMIT',
      );
      await h.setDailyLimitReached(false);
      expect(await h.adapter.getOpportunities([id])).toHaveLength(1);
    });

    it('a record missing from the CRM is simply absent from getOpportunities', async () => {
      const [kept, doomed] = await h.adapter.upsertFromReferrals([referral(h, 8), referral(h, 9)]);
      const keptId = kept?.ok ? kept.id : '';
      const doomedId = doomed?.ok ? doomed.id : '';
      await h.deleteOpportunity(doomedId);
      const found = await h.adapter.getOpportunities([doomedId, keptId]);
      expect(found.map((o) => o.id)).toEqual([keptId]);
      expect(await h.adapter.getOpportunities([])).toEqual([]);
    });
  });
}
