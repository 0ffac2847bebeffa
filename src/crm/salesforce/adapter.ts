// Salesforce behind the CRM-neutral interface (adapter.ts): reads by SOQL (solutions by a second query in
// the same composite), referral upserts through composite (upsert.ts), diff-only updates through sObject
// Collections, the SystemModstamp change feed (change-feed.ts) and the first sync's listing (listing.ts).
// Every call goes through client.ts.
import type {
  ChangePage,
  CrmAccount,
  CrmAdapter,
  CrmCapabilities,
  CrmContact,
  CrmOpportunity,
  CrmUser,
  InboundUpsert,
  OpportunityListPage,
  OpportunityUpdate,
  UpdateOutcome,
  UpsertOutcome,
} from '../adapter.js';
import { isCosellError } from '../../errors.js';
import { CrmSystem } from '../../store/schema.js';
import { changedOpportunities, encodeCursor } from './change-feed.js';
import { maxCollectionRecords, maxCompositeSubrequests, type SalesforceClient } from './client.js';
import { mapSalesforceFailure, recordErrorItems } from './error-map.js';
import { listOpportunities } from './listing.js';
import { profileCanCustomize, toCrmAccount, toCrmContact, toCrmUser, toSalesforceFields } from './mapping.js';
import { OrgFacts } from './org.js';
import { inChunks, readOpportunities } from './reads.js';
import { chunk, inList, quote } from './soql.js';
import { upsertReferrals } from './upsert.js';
import { SfAccountSchema, SfContactRoleSchema, SfCurrencyTypeSchema, SfUserSchema } from './wire.js';

export const salesforceCapabilities: CrmCapabilities = {
  system: CrmSystem.salesforce,
  maxBatch: maxCompositeSubrequests,
  reportsAuthor: true,
  optimisticConcurrency: false,
  changeFeed: 'modstamp',
};

export interface SalesforceAdapterOptions {
  /** Known from the connection; probed once (inside a call made anyway where possible) when not given. */
  readonly multiCurrency?: boolean | undefined;
  /**
   * The currency of a single-currency org. Salesforce's REST API does not expose it (SOAP getUserInfo's
   * orgDefaultCurrencyIsoCode does), so the connection states it; USD when not given.
   */
  readonly orgCurrency?: string | undefined;
}

export class SalesforceAdapter implements CrmAdapter {
  readonly capabilities = salesforceCapabilities;
  readonly #client: SalesforceClient;
  readonly #org: OrgFacts;
  readonly #orgCurrency: string;

  constructor(client: SalesforceClient, options: SalesforceAdapterOptions = {}) {
    this.#client = client;
    this.#org = new OrgFacts(client, options.multiCurrency);
    this.#orgCurrency = options.orgCurrency ?? 'USD';
  }

  get client(): SalesforceClient {
    return this.#client;
  }

  async whoAmI(): Promise<{ userId: string; username: string; canCustomize: boolean }> {
    // The token answer already named the user; one query adds the username and the profile.
    const { userId } = await this.#client.session();
    const [user] = await this.#client.queryAll(
      `SELECT Id, Username, Profile.Name, Profile.PermissionsModifyAllData, Profile.PermissionsCustomizeApplication FROM User WHERE Id = ${quote(userId)}`,
      SfUserSchema,
    );
    return {
      userId: user?.Id ?? userId,
      username: user?.Username ?? this.#client.identity,
      canCustomize: profileCanCustomize(user?.Profile),
    };
  }

  async getOpportunities(ids: readonly string[]): Promise<CrmOpportunity[]> {
    const found = await inChunks(ids, (part) =>
      readOpportunities(
        this.#client,
        this.#org,
        `Id IN ${inList(part)}`,
        `Opportunity__c IN ${inList(part)}`,
      ),
    );
    // Salesforce answers 18-character ids; callers may hold the 15-character form.
    const byId = new Map(found.map((o) => [o.id.slice(0, 15), o]));
    return ids.flatMap((id) => {
      const o = byId.get(id.slice(0, 15));
      return o ? [o] : [];
    });
  }

  findOpportunitiesByReferral(referralIds: readonly string[]): Promise<CrmOpportunity[]> {
    return inChunks(referralIds, (part) =>
      readOpportunities(
        this.#client,
        this.#org,
        `Referral_Identifier__c IN ${inList(part)}`,
        `Opportunity__r.Referral_Identifier__c IN ${inList(part)}`,
      ),
    );
  }

  upsertFromReferrals(items: readonly InboundUpsert[]): Promise<UpsertOutcome[]> {
    return upsertReferrals({ client: this.#client, org: this.#org }, items);
  }

  /**
   * Diff-only: only the keys each update names are sent; an update naming none costs no call. `ifMatch` is
   * not used: Salesforce's REST API has no record versions (capabilities say optimisticConcurrency: false).
   */
  async updateOpportunities(updates: readonly OpportunityUpdate[]): Promise<UpdateOutcome[]> {
    const multiCurrency = updates.some((u) => 'currency' in u.fields)
      ? await this.#org.multiCurrency()
      : false;
    const outcomes: UpdateOutcome[] = updates.map((u) => ({ ok: true, id: u.id }));
    const writes = updates
      .map((u, index) => ({
        index,
        id: u.id,
        fields: toSalesforceFields(u.fields, { multiCurrency, clearUndefined: true }),
      }))
      .filter((w) => Object.keys(w.fields).length > 0);
    let stop: unknown;
    for (const part of chunk(writes, maxCollectionRecords)) {
      if (stop !== undefined) {
        for (const w of part) outcomes[w.index] = { ok: false, id: w.id, error: stop };
        continue;
      }
      let results;
      try {
        results = await this.#client.updateRecords(
          part.map((w) => ({ type: 'Opportunity', id: w.id, fields: w.fields })),
          { allOrNone: false },
        );
      } catch (error) {
        for (const w of part) outcomes[w.index] = { ok: false, id: w.id, error };
        // A daily limit or a lost sign-in answers every further call the same way: do not spend them.
        if (!(isCosellError(error) && error.retry === 'backoff')) stop = error;
        continue;
      }
      part.forEach((w, k) => {
        const result = results[k];
        if (result?.success) return;
        outcomes[w.index] = {
          ok: false,
          id: w.id,
          error: mapSalesforceFailure(
            { status: 400, errors: recordErrorItems(result?.errors ?? []) },
            {
              identity: this.#client.identity,
              subject: { object: 'Opportunity', id: w.id },
              usage: this.#client.apiUsage,
            },
          ),
        };
      });
    }
    return outcomes;
  }

  getAccounts(ids: readonly string[]): Promise<CrmAccount[]> {
    return inChunks(ids, async (part) =>
      (
        await this.#client.queryAll(
          `SELECT Id, Name, BillingStreet, BillingCity, BillingState, BillingPostalCode, BillingCountry FROM Account WHERE Id IN ${inList(part)}`,
          SfAccountSchema,
        )
      ).map(toCrmAccount),
    );
  }

  async getContactsOfOpportunity(opportunityId: string): Promise<CrmContact[]> {
    const roles = await this.#client.queryAll(
      `SELECT Id, OpportunityId, ContactId, IsPrimary, Contact.AccountId, Contact.FirstName, Contact.LastName, Contact.Email, Contact.Phone FROM OpportunityContactRole WHERE OpportunityId = ${quote(opportunityId)} ORDER BY IsPrimary DESC, CreatedDate, Id`,
      SfContactRoleSchema,
    );
    const seen = new Set<string>();
    return roles.flatMap((r) => {
      if (seen.has(r.ContactId)) return [];
      seen.add(r.ContactId);
      return [toCrmContact({ ...r.Contact, Id: r.ContactId })];
    });
  }

  async getContactsOfOpportunities(
    opportunityIds: readonly string[],
  ): Promise<ReadonlyMap<string, CrmContact[]>> {
    const roles = await inChunks(opportunityIds, (part) =>
      this.#client.queryAll(
        `SELECT Id, OpportunityId, ContactId, IsPrimary, Contact.AccountId, Contact.FirstName, Contact.LastName, Contact.Email, Contact.Phone FROM OpportunityContactRole WHERE OpportunityId IN ${inList(part)} ORDER BY IsPrimary DESC, CreatedDate, Id`,
        SfContactRoleSchema,
      ),
    );
    const out = new Map<string, CrmContact[]>();
    for (const r of roles) {
      const list = out.get(r.OpportunityId) ?? [];
      if (!list.some((c) => c.id === r.ContactId)) list.push(toCrmContact({ ...r.Contact, Id: r.ContactId }));
      out.set(r.OpportunityId, list);
    }
    return out;
  }

  async updateAccountCountries(
    updates: readonly { readonly id: string; readonly country: string }[],
  ): Promise<UpdateOutcome[]> {
    const outcomes: UpdateOutcome[] = [];
    for (const part of chunk(updates, maxCollectionRecords)) {
      try {
        const results = await this.#client.updateRecords(
          part.map((u) => ({ type: 'Account', id: u.id, fields: { BillingCountry: u.country } })),
          { allOrNone: false },
        );
        part.forEach((u, k) => {
          const result = results[k];
          outcomes.push(
            result?.success
              ? { ok: true, id: u.id }
              : {
                  ok: false,
                  id: u.id,
                  error: mapSalesforceFailure(
                    { status: 400, errors: recordErrorItems(result?.errors ?? []) },
                    {
                      identity: this.#client.identity,
                      subject: { object: 'Account', id: u.id },
                      usage: this.#client.apiUsage,
                    },
                  ),
                },
          );
        });
      } catch (error) {
        for (const u of part) outcomes.push({ ok: false, id: u.id, error });
      }
    }
    return outcomes;
  }

  async dailyApiAllowance(): Promise<{ max: number; remaining: number }> {
    const { DailyApiRequests } = await this.#client.limits();
    return { max: DailyApiRequests.Max, remaining: DailyApiRequests.Remaining };
  }

  async findUsersByEmail(emails: readonly string[]): Promise<ReadonlyMap<string, CrmUser>> {
    const wanted = emails.map((e) => e.trim().toLowerCase()).filter((e) => e !== '');
    const users = await inChunks(wanted, (part) =>
      this.#client.queryAll(
        `SELECT Id, Username, Email, Name, IsActive FROM User WHERE IsActive = true AND Email IN ${inList(part)} ORDER BY CreatedDate, Id`,
        SfUserSchema,
      ),
    );
    const out = new Map<string, CrmUser>();
    for (const user of users.map(toCrmUser)) if (!out.has(user.email)) out.set(user.email, user);
    return out;
  }

  async enabledCurrencies(): Promise<readonly string[]> {
    try {
      const rows = await this.#client.queryAll(
        'SELECT IsoCode, IsActive, IsCorporate FROM CurrencyType WHERE IsActive = true ORDER BY IsCorporate DESC, IsoCode',
        SfCurrencyTypeSchema,
      );
      this.#org.learn(true);
      return rows.map((r) => r.IsoCode.toUpperCase());
    } catch (error) {
      // A single-currency org has no CurrencyType at all: INVALID_TYPE, not an empty list.
      if (
        isCosellError(error) &&
        error.code === 'CRM_REQUEST_INVALID' &&
        /INVALID_TYPE/.test(error.message)
      ) {
        this.#org.learn(false);
        return [this.#orgCurrency];
      }
      throw error;
    }
  }

  cursorSince(since: Date): string {
    return encodeCursor({ v: 1, t: since.toISOString(), ids: [] });
  }

  changedOpportunities(cursor: string | undefined, limit: number): Promise<ChangePage> {
    return changedOpportunities(this.#client, this.#org, cursor, limit);
  }

  /** One query per page of up to 2,000 (listing.ts). */
  listOpportunities(after: string | undefined, limit: number): Promise<OpportunityListPage> {
    return listOpportunities(this.#client, this.#org, after, limit);
  }
}
