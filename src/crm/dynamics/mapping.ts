// Dataverse rows to the CRM-neutral shapes of adapter.ts and back. Pure: no I/O, no clock.
// The stage: Dataverse keeps an opportunity's open stage as text in `stepname`, and whether it is won or lost
// in statecode (0 Open, 1 Won, 2 Lost), which only the WinOpportunity / LoseOpportunity messages may set. So
// a closed opportunity reads as the configured won or lost stage name, an open one as its stepname, and a
// write of the won or lost stage name becomes that message (updates.ts) instead of a column.
import type {
  CrmAccount,
  CrmContact,
  CrmOpportunity,
  CrmOpportunityFields,
  CrmUser,
  InboundUpsert,
} from '../adapter.js';
import { helpCodeOf, helpValueOf, type DvColumns } from './columns.js';
import type { DvAccount, DvContact, DvOpportunity, DvUser } from './wire.js';

/** The stage names that stand for statecode Won and Lost (the flows' StagePolicy). */
export interface ClosedStages {
  readonly won: string;
  readonly lost: string;
}

/** What writing fields needs besides the fields: column names, stages, and how to bind a currency. */
export interface WriteContext {
  readonly columns: DvColumns;
  readonly stages: ClosedStages;
  readonly currencyBind: (code: string) => string;
}

export const OpportunityState = { open: 0, won: 1, lost: 2 } as const;
const salesStageLabels = ['Qualify', 'Develop', 'Propose', 'Close'];

const opt = (value: string | null | undefined): string | undefined =>
  value === null || value === undefined || value === '' ? undefined : value;
const lower = (id: string | null | undefined): string | undefined => opt(id)?.toLowerCase();
const textOf = (row: Record<string, unknown>, column: string): string | undefined => {
  const value = row[column];
  return typeof value === 'string' ? opt(value) : undefined;
};

export function toCrmOpportunity(
  row: DvOpportunity,
  solutionIds: readonly string[],
  ctx: {
    columns: DvColumns;
    stages: ClosedStages;
    currencyCode: (id: string | null | undefined) => string | undefined;
  },
): CrmOpportunity {
  const c = ctx.columns;
  const state = row.statecode ?? OpportunityState.open;
  const salesStage = typeof row.salesstage === 'number' ? salesStageLabels[row.salesstage] : undefined;
  const stageName =
    state === OpportunityState.won
      ? ctx.stages.won
      : state === OpportunityState.lost
        ? ctx.stages.lost
        : (opt(row.stepname) ?? salesStage ?? '');
  const help = row[c.help];
  return {
    id: row.opportunityid.toLowerCase(),
    name: row.name ?? '',
    stageName,
    stage: {
      name: stageName,
      isClosed: state !== OpportunityState.open,
      isWon: state === OpportunityState.won,
    },
    amount: row.estimatedvalue ?? undefined,
    currency: ctx.currencyCode(row._transactioncurrencyid_value),
    closeDate: opt(row.estimatedclosedate)?.slice(0, 10),
    description: opt(row.description),
    syncWithPartnerCenter: row[c.sync] === true,
    referralId: textOf(row, c.referralId),
    referralLink: textOf(row, c.referralLink),
    helpRequested: helpCodeOf(typeof help === 'number' ? help : undefined),
    microsoftCrmId: textOf(row, c.microsoftCrmId),
    accountId: lower(row._parentaccountid_value),
    ownerId: lower(row._ownerid_value),
    auditText: textOf(row, c.audit),
    solutionIds: [...solutionIds],
    lastModifiedById: lower(row._modifiedby_value),
    modifiedAt: new Date(opt(row.modifiedon) ?? 0).toISOString(),
    etag: row['@odata.etag'],
  };
}

export interface OpportunityWrite {
  /** The PATCH (or create) body. */
  readonly body: Record<string, unknown>;
  /** Set when the stage written is the won or lost stage: closed with that message after the body. */
  readonly close: 'won' | 'lost' | undefined;
}

/**
 * The Dataverse body of exactly the keys given (design rule 5: diff, then write). With `clearUndefined` a
 * key given as undefined clears its column (diff-only updates); for creates undefined is simply omitted.
 */
export function toDataverseFields(
  fields: Partial<CrmOpportunityFields>,
  ctx: WriteContext,
  clearUndefined: boolean,
): OpportunityWrite {
  const c = ctx.columns;
  const body: Record<string, unknown> = {};
  let close: OpportunityWrite['close'];
  const put = (column: string, value: unknown) => {
    if (value !== undefined) body[column] = value;
    else if (clearUndefined) body[column] = null;
  };
  const bind = (navigation: string, set: string, id: string | undefined) => {
    if (id !== undefined) body[`${navigation}@odata.bind`] = `/${set}(${id})`;
    else if (clearUndefined) body[`${navigation}@odata.bind`] = null;
  };
  for (const key of Object.keys(fields) as (keyof CrmOpportunityFields)[]) {
    switch (key) {
      case 'name':
        put('name', fields.name);
        break;
      case 'stageName':
        if (fields.stageName === ctx.stages.won) close = 'won';
        else if (fields.stageName === ctx.stages.lost) close = 'lost';
        else put('stepname', fields.stageName);
        break;
      case 'amount':
        put('estimatedvalue', fields.amount);
        break;
      case 'currency':
        // The currency column is required on rows with money: it can be changed, never cleared.
        if (fields.currency !== undefined)
          body['transactioncurrencyid@odata.bind'] = ctx.currencyBind(fields.currency);
        break;
      case 'closeDate':
        put('estimatedclosedate', fields.closeDate);
        break;
      case 'description':
        put('description', fields.description);
        break;
      case 'syncWithPartnerCenter':
        put(c.sync, fields.syncWithPartnerCenter);
        break;
      case 'referralId':
        put(c.referralId, fields.referralId);
        break;
      case 'referralLink':
        put(c.referralLink, fields.referralLink);
        break;
      case 'helpRequested':
        put(c.help, fields.helpRequested === undefined ? undefined : helpValueOf(fields.helpRequested));
        break;
      case 'microsoftCrmId':
        put(c.microsoftCrmId, fields.microsoftCrmId);
        break;
      case 'accountId':
        bind('parentaccountid', 'accounts', fields.accountId);
        break;
      case 'ownerId':
        // Every row has an owner: a new one can be given, none cannot.
        if (fields.ownerId !== undefined) bind('ownerid', 'systemusers', fields.ownerId);
        break;
      case 'auditText':
        put(c.audit, fields.auditText);
        break;
    }
  }
  return { body, close };
}

export function toCrmAccount(row: DvAccount): CrmAccount {
  return {
    id: row.accountid.toLowerCase(),
    name: row.name ?? '',
    country: opt(row.address1_country),
    postalCode: opt(row.address1_postalcode),
    city: opt(row.address1_city),
    street: opt(row.address1_line1),
    state: opt(row.address1_stateorprovince),
  };
}

/** A new account: the country as the referral gives it, an ISO 3166 alpha-2 code (R6). */
export function accountBody(
  account: InboundUpsert['account'],
  ownerId: string | undefined,
): Record<string, unknown> {
  const out: Record<string, unknown> = { name: account.name };
  if (account.street !== undefined) out['address1_line1'] = account.street;
  if (account.city !== undefined) out['address1_city'] = account.city;
  if (account.state !== undefined) out['address1_stateorprovince'] = account.state;
  if (account.postalCode !== undefined) out['address1_postalcode'] = account.postalCode;
  if (account.country !== undefined) out['address1_country'] = account.country;
  if (ownerId !== undefined) out['ownerid@odata.bind'] = `/systemusers(${ownerId})`;
  return out;
}

export function toCrmContact(row: DvContact): CrmContact {
  return {
    id: row.contactid.toLowerCase(),
    accountId: lower(row._parentcustomerid_value),
    firstName: opt(row.firstname),
    lastName: opt(row.lastname),
    email: opt(row.emailaddress1),
    phone: opt(row.telephone1),
  };
}

/**
 * A contact as Dataverse needs it: lastname is business-required, so a referral contact known only by first
 * name or e-mail gets that as its last name rather than failing the whole referral. `account` is a bind
 * value: `/accounts(<id>)` or a change set's `$<Content-ID>`.
 */
export function contactBody(
  contact: NonNullable<InboundUpsert['contact']>,
  account: string | undefined,
  ownerId: string | undefined,
): Record<string, unknown> {
  const lastName =
    opt(contact.lastName) ?? opt(contact.firstName) ?? opt(contact.email?.split('@')[0]) ?? 'Unknown';
  const out: Record<string, unknown> = { lastname: lastName };
  if (opt(contact.lastName) !== undefined && contact.firstName !== undefined)
    out['firstname'] = contact.firstName;
  if (contact.email !== undefined) out['emailaddress1'] = contact.email;
  if (contact.phone !== undefined) out['telephone1'] = contact.phone;
  if (account !== undefined) out['parentcustomerid_account@odata.bind'] = account;
  if (ownerId !== undefined) out['ownerid@odata.bind'] = `/systemusers(${ownerId})`;
  return out;
}

export function toCrmUser(row: DvUser): CrmUser {
  const email = opt(row.internalemailaddress) ?? opt(row.domainname) ?? '';
  return {
    id: row.systemuserid.toLowerCase(),
    email: email.toLowerCase(),
    name: opt(row.fullname) ?? email,
    active: row.isdisabled !== true,
  };
}

/**
 * The old connector's account rule: same company name and postal code. Names compare case-insensitively
 * (as Dataverse's `eq` does on text); postal codes ignore case and spaces; no postal code matches only an
 * account without one. The same rule as the Salesforce adapter's.
 */
export function accountKey(name: string, postalCode: string | null | undefined): string {
  const n = name.trim().toLowerCase();
  const p = (postalCode ?? '').replace(/\s+/g, '').toLowerCase();
  return `${n}\u0000${p}`;
}
