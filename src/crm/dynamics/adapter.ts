// Dynamics 365 (Dataverse) behind the CRM-neutral interface (adapter.ts): reads by OData queries (solutions
// by a second query, in the same $batch where the ids are known), referral upserts as $batch change sets
// keyed on the Referral Identifier alternate key (upsert.ts), diff-only updates with If-Match (updates.ts),
// the change-tracking feed (change-feed.ts) and the first sync's listing (listing.ts). Every request goes through client.ts and request.ts.
import { z } from 'zod';
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
import { defaultStagePolicy } from '../../domain/sync/status-mapping.js';
import { CrmSystem } from '../../store/schema.js';
import { changedOpportunities, cursorSince } from './change-feed.js';
import { maxBatchRequests, withQuery, type DataverseClient } from './client.js';
import { dvColumns, type DvColumns } from './columns.js';
import { Currencies } from './currencies.js';
import { listOpportunities } from './listing.js';
import { toCrmAccount, toCrmContact, toCrmUser, type ClosedStages } from './mapping.js';
import {
  anyOf,
  chunk,
  distinct,
  filterChunk,
  readOpportunitiesById,
  readOpportunitiesWhere,
} from './reads.js';
import { updateOpportunities } from './updates.js';
import { upsertReferrals, type UpsertDeps } from './upsert.js';
import { DvAccountSchema, DvContactSchema, DvRoleSchema, DvUserSchema } from './wire.js';

export const dynamicsCapabilities: CrmCapabilities = {
  system: CrmSystem.dynamics,
  maxBatch: maxBatchRequests,
  reportsAuthor: true,
  optimisticConcurrency: true,
  changeFeed: 'delta-token',
};

/** The capabilities of an adapter whose $batches carry at most `maxBatch` requests. */
export function dynamicsCapabilitiesFor(maxBatch: number): CrmCapabilities {
  if (!Number.isInteger(maxBatch) || maxBatch < 1 || maxBatch > maxBatchRequests) {
    throw new RangeError(`maxBatch must be a whole number from 1 to ${maxBatchRequests}`);
  }
  return { ...dynamicsCapabilities, maxBatch };
}

/** P2: the roles that may customise an environment (add the co-sell columns, the solution table). */
export const customizingRoles: readonly string[] = ['System Administrator', 'System Customizer'];

export interface DynamicsAdapterOptions {
  /** The solution publisher's prefix of the co-sell columns and table (default `cosell_`). */
  readonly publisherPrefix?: string | undefined;
  /** The stage names standing for won and lost (the flows' stage policy). */
  readonly stages?: ClosedStages | undefined;
  /**
   * Requests per $batch (default and most: Dataverse's 1,000). Smaller batches give shorter transactions
   * and earlier answers; the contract suite uses a small one so 30 referrals span several batches.
   */
  readonly maxBatch?: number | undefined;
  readonly now?: (() => number) | undefined;
}

const isGuid = (id: string) => /^[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}$/i.test(id);

export class DynamicsAdapter implements CrmAdapter {
  readonly capabilities: CrmCapabilities;
  readonly #client: DataverseClient;
  readonly #deps: UpsertDeps;
  readonly columns: DvColumns;

  constructor(client: DataverseClient, options: DynamicsAdapterOptions = {}) {
    this.#client = client;
    this.capabilities = dynamicsCapabilitiesFor(options.maxBatch ?? maxBatchRequests);
    this.columns = dvColumns(options.publisherPrefix ?? 'cosell_');
    const currencies = new Currencies(client, options.now);
    const stages = options.stages ?? { won: defaultStagePolicy.wonStage, lost: defaultStagePolicy.lostStage };
    this.#deps = {
      client,
      columns: this.columns,
      currencies,
      stages,
      maxBatch: this.capabilities.maxBatch,
      write: { columns: this.columns, stages, currencyBind: (code) => currencies.bindOf(code) },
    };
  }

  get client(): DataverseClient {
    return this.#client;
  }

  async whoAmI(): Promise<{ userId: string; username: string; canCustomize: boolean }> {
    const { UserId } = await this.#client.whoAmI();
    const userId = UserId.toLowerCase();
    const [user, roles] = await Promise.all([
      this.#client.get(
        withQuery(`systemusers(${userId})`, {
          $select: 'systemuserid,fullname,domainname,internalemailaddress',
        }),
        DvUserSchema,
      ),
      this.#client.getAll(
        withQuery(`systemusers(${userId})/systemuserroles_association`, { $select: 'roleid,name' }),
        DvRoleSchema,
      ),
    ]);
    return {
      userId,
      username: user.domainname ?? user.internalemailaddress ?? this.#client.identity,
      canCustomize: roles.some((r) => customizingRoles.includes(r.name ?? '')),
    };
  }

  async getOpportunities(ids: readonly string[]): Promise<CrmOpportunity[]> {
    const found = await readOpportunitiesById(this.#deps, ids);
    const byId = new Map(found.map((o) => [o.id, o]));
    return ids.flatMap((id) => {
      const o = byId.get(id.toLowerCase());
      return o ? [o] : [];
    });
  }

  async findOpportunitiesByReferral(referralIds: readonly string[]): Promise<CrmOpportunity[]> {
    const out: CrmOpportunity[] = [];
    for (const part of chunk(distinct(referralIds), filterChunk)) {
      out.push(...(await readOpportunitiesWhere(this.#deps, anyOf(this.columns.referralId, part, 'text'))));
    }
    return out;
  }

  upsertFromReferrals(items: readonly InboundUpsert[]): Promise<UpsertOutcome[]> {
    return upsertReferrals(this.#deps, items);
  }

  updateOpportunities(updates: readonly OpportunityUpdate[]): Promise<UpdateOutcome[]> {
    return updateOpportunities(this.#deps, updates);
  }

  async getAccounts(ids: readonly string[]): Promise<CrmAccount[]> {
    const out: CrmAccount[] = [];
    for (const part of chunk(distinct(ids.map((id) => id.toLowerCase()).filter(isGuid)), filterChunk)) {
      const rows = await this.#client.getAll(
        withQuery('accounts', {
          $select:
            'accountid,name,address1_line1,address1_city,address1_stateorprovince,address1_postalcode,address1_country',
          $filter: anyOf('accountid', part, 'guid'),
        }),
        DvAccountSchema,
      );
      out.push(...rows.map(toCrmAccount));
    }
    return out;
  }

  /** The opportunity's contact (parentcontactid): a Dataverse opportunity has one customer contact. */
  async getContactsOfOpportunity(opportunityId: string): Promise<CrmContact[]> {
    if (!isGuid(opportunityId)) return [];
    const rows = await this.#client.getAll(
      withQuery('opportunities', {
        $select: 'opportunityid',
        $filter: `opportunityid eq ${opportunityId.toLowerCase()}`,
        $expand:
          'parentcontactid($select=contactid,firstname,lastname,emailaddress1,telephone1,_parentcustomerid_value)',
      }),
      WithContactSchema,
    );
    return rows.flatMap((r) => (r.parentcontactid ? [toCrmContact(r.parentcontactid)] : []));
  }

  async getContactsOfOpportunities(
    opportunityIds: readonly string[],
  ): Promise<ReadonlyMap<string, CrmContact[]>> {
    const out = new Map<string, CrmContact[]>();
    const ids = distinct(opportunityIds.map((id) => id.toLowerCase()).filter(isGuid));
    for (const part of chunk(ids, filterChunk)) {
      const rows = await this.#client.getAll(
        withQuery('opportunities', {
          $select: 'opportunityid',
          $filter: anyOf('opportunityid', part, 'guid'),
          $expand:
            'parentcontactid($select=contactid,firstname,lastname,emailaddress1,telephone1,_parentcustomerid_value)',
        }),
        WithContactSchema,
      );
      for (const r of rows) {
        if (r.parentcontactid) out.set(r.opportunityid.toLowerCase(), [toCrmContact(r.parentcontactid)]);
      }
    }
    return out;
  }

  /** One PATCH per account: a confirmed fix touches a handful of records, and each answers on its own. */
  async updateAccountCountries(
    updates: readonly { readonly id: string; readonly country: string }[],
  ): Promise<UpdateOutcome[]> {
    const outcomes: UpdateOutcome[] = [];
    for (const u of updates) {
      try {
        await this.#client.send({
          method: 'PATCH',
          path: `accounts(${u.id.toLowerCase()})`,
          body: { address1_country: u.country },
          headers: { 'if-match': '*' },
          subject: { object: 'account', id: u.id },
        });
        outcomes.push({ ok: true, id: u.id });
      } catch (error) {
        outcomes.push({ ok: false, id: u.id, error });
      }
    }
    return outcomes;
  }

  /** Dataverse reports no daily allowance: its limits are per 5 minutes (service protection). */
  dailyApiAllowance(): Promise<undefined> {
    return Promise.resolve(undefined);
  }

  async findUsersByEmail(emails: readonly string[]): Promise<ReadonlyMap<string, CrmUser>> {
    const wanted = distinct(emails.map((e) => e.trim().toLowerCase()).filter((e) => e !== ''));
    const out = new Map<string, CrmUser>();
    for (const part of chunk(wanted, filterChunk)) {
      const rows = await this.#client.getAll(
        withQuery('systemusers', {
          $select: 'systemuserid,fullname,internalemailaddress,domainname,isdisabled',
          $filter: `isdisabled eq false and ${anyOf('internalemailaddress', part, 'text')}`,
          $orderby: 'createdon asc',
        }),
        DvUserSchema,
      );
      for (const user of rows.map(toCrmUser)) if (!out.has(user.email)) out.set(user.email, user);
    }
    return out;
  }

  async enabledCurrencies(): Promise<readonly string[]> {
    return (await this.#deps.currencies.table()).active;
  }

  cursorSince(since: Date): string {
    return cursorSince(since);
  }

  changedOpportunities(cursor: string | undefined, limit: number): Promise<ChangePage> {
    return changedOpportunities(this.#deps, cursor, limit);
  }

  /** One GET per page of up to 5,000 (listing.ts). */
  listOpportunities(after: string | undefined, limit: number): Promise<OpportunityListPage> {
    return listOpportunities(this.#deps, after, limit);
  }
}

const WithContactSchema = z.looseObject({
  opportunityid: z.string(),
  parentcontactid: DvContactSchema.nullable().optional(),
});
