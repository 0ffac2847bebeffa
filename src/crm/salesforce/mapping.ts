// Salesforce records to the CRM-neutral shapes of adapter.ts and back. Pure: no I/O, no clock.
// Field names are the co-sell fields the setup guide has admins create (emulator README, "The org").
import type {
  CrmAccount,
  CrmContact,
  CrmOpportunity,
  CrmOpportunityFields,
  CrmUser,
  InboundUpsert,
} from '../adapter.js';
import { CosellError } from '../../errors.js';
import { salesforceName } from './error-map.js';
import { isoFromSalesforce } from './soql.js';
import type { SfAccount, SfContact, SfOpportunity, SfUser } from './wire.js';

/** Which Opportunity field each neutral field is written to. */
export const opportunityFieldNames = {
  name: 'Name',
  stageName: 'StageName',
  amount: 'Amount',
  currency: 'CurrencyIsoCode',
  closeDate: 'CloseDate',
  description: 'Description',
  syncWithPartnerCenter: 'Sync_with_Partner_Center__c',
  referralId: 'Referral_Identifier__c',
  referralLink: 'Referral_Link__c',
  helpRequested: 'How_can_Microsoft_help__c',
  microsoftCrmId: 'Microsoft_CRM_Identifier__c',
  accountId: 'AccountId',
  ownerId: 'OwnerId',
  auditText: 'Partner_Center_Audit__c',
} as const satisfies Record<keyof CrmOpportunityFields, string>;

/** The custom object holding an opportunity's Microsoft solutions, and its fields. */
export const solutionObjectName = 'Microsoft_Solution__c';
export const solutionFieldNames = {
  solutionId: 'Solution_Id__c',
  /** Lookup to the Opportunity; its relationship is `Opportunity__r`. */
  opportunity: 'Opportunity__c',
} as const;
/** The lookup's child relationship on Opportunity (`Microsoft_Solutions__r` in SOQL subqueries). */
export const solutionRelationshipName = 'Microsoft_Solutions';

/** The Opportunity fields every read selects; CurrencyIsoCode exists only in multi-currency orgs. */
export function opportunityColumns(multiCurrency: boolean): string[] {
  return [
    'Id',
    'Name',
    'StageName',
    'IsClosed',
    'IsWon',
    'Amount',
    ...(multiCurrency ? ['CurrencyIsoCode'] : []),
    'CloseDate',
    'Description',
    'AccountId',
    'OwnerId',
    'Sync_with_Partner_Center__c',
    'Referral_Identifier__c',
    'Referral_Link__c',
    'How_can_Microsoft_help__c',
    'Microsoft_CRM_Identifier__c',
    'Partner_Center_Audit__c',
    'LastModifiedById',
    'SystemModstamp',
  ];
}

const opt = (value: string | null | undefined): string | undefined =>
  value === null || value === undefined || value === '' ? undefined : value;

function needed<T>(value: T | undefined, field: string): T {
  if (value === undefined) {
    throw new CosellError('CRM_RESPONSE_INVALID', {
      system: salesforceName,
      reason: `Opportunity.${field} is missing`,
    });
  }
  return value;
}

/**
 * An opportunity as the flows see it. The stage's meaning comes from IsClosed/IsWon, never from its name, so
 * renamed or extra stages in an org still map correctly; the currency only where the org has several.
 */
export function toCrmOpportunity(
  sf: SfOpportunity,
  solutionIds: readonly string[],
  multiCurrency: boolean,
): CrmOpportunity {
  const stageName = needed(sf.StageName, 'StageName');
  return {
    id: sf.Id,
    name: sf.Name ?? '',
    stageName,
    stage: { name: stageName, isClosed: sf.IsClosed ?? false, isWon: sf.IsWon ?? false },
    amount: sf.Amount ?? undefined,
    currency: multiCurrency ? opt(sf.CurrencyIsoCode) : undefined,
    closeDate: opt(sf.CloseDate),
    description: opt(sf.Description),
    syncWithPartnerCenter: sf.Sync_with_Partner_Center__c === true,
    referralId: opt(sf.Referral_Identifier__c),
    referralLink: opt(sf.Referral_Link__c),
    helpRequested: opt(sf.How_can_Microsoft_help__c),
    microsoftCrmId: opt(sf.Microsoft_CRM_Identifier__c),
    accountId: opt(sf.AccountId),
    ownerId: opt(sf.OwnerId),
    auditText: opt(sf.Partner_Center_Audit__c),
    solutionIds: [...solutionIds],
    lastModifiedById: opt(sf.LastModifiedById),
    modifiedAt: isoFromSalesforce(needed(sf.SystemModstamp, 'SystemModstamp')),
  };
}

export interface FieldWriteOptions {
  readonly multiCurrency: boolean;
  /**
   * Diff-only updates: a key given with the value undefined clears the field (null); a key not given is not
   * sent at all, so whatever a person typed there meanwhile stays. For creates, undefined is simply omitted.
   */
  readonly clearUndefined: boolean;
}

/** The Salesforce field map of exactly the keys given (design rule 5: diff, then write). */
export function toSalesforceFields(
  fields: Partial<CrmOpportunityFields>,
  options: FieldWriteOptions,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(fields) as (keyof CrmOpportunityFields)[]) {
    if (!(key in opportunityFieldNames)) continue;
    // A single-currency org has no CurrencyIsoCode; its one currency applies to every amount.
    if (key === 'currency' && !options.multiCurrency) continue;
    const value = fields[key];
    if (value === undefined) {
      if (options.clearUndefined) out[opportunityFieldNames[key]] = null;
      continue;
    }
    out[opportunityFieldNames[key]] = value;
  }
  return out;
}

export function toCrmAccount(sf: SfAccount): CrmAccount {
  return {
    id: sf.Id,
    name: sf.Name,
    country: opt(sf.BillingCountry),
    postalCode: opt(sf.BillingPostalCode),
    city: opt(sf.BillingCity),
    street: opt(sf.BillingStreet),
    state: opt(sf.BillingState),
  };
}

export function accountFields(
  account: InboundUpsert['account'],
  ownerId: string | undefined,
): Record<string, unknown> {
  const out: Record<string, unknown> = { Name: account.name };
  if (account.street !== undefined) out['BillingStreet'] = account.street;
  if (account.city !== undefined) out['BillingCity'] = account.city;
  if (account.state !== undefined) out['BillingState'] = account.state;
  if (account.postalCode !== undefined) out['BillingPostalCode'] = account.postalCode;
  if (account.country !== undefined) out['BillingCountry'] = account.country;
  if (ownerId !== undefined) out['OwnerId'] = ownerId;
  return out;
}

export function toCrmContact(sf: SfContact): CrmContact {
  return {
    id: sf.Id,
    accountId: opt(sf.AccountId),
    firstName: opt(sf.FirstName),
    lastName: opt(sf.LastName),
    email: opt(sf.Email),
    phone: opt(sf.Phone),
  };
}

/**
 * A contact as Salesforce needs it: LastName is required, so a referral contact known only by first name or
 * e-mail gets that as its last name rather than failing the whole referral.
 */
export function contactFields(
  contact: NonNullable<InboundUpsert['contact']>,
  accountId: string | undefined,
  ownerId: string | undefined,
): Record<string, unknown> {
  const lastName =
    opt(contact.lastName) ?? opt(contact.firstName) ?? opt(contact.email?.split('@')[0]) ?? 'Unknown';
  const out: Record<string, unknown> = { LastName: lastName };
  if (accountId !== undefined) out['AccountId'] = accountId;
  if (opt(contact.lastName) !== undefined && contact.firstName !== undefined)
    out['FirstName'] = contact.firstName;
  if (contact.email !== undefined) out['Email'] = contact.email;
  if (contact.phone !== undefined) out['Phone'] = contact.phone;
  if (ownerId !== undefined) out['OwnerId'] = ownerId;
  return out;
}

export function toCrmUser(sf: SfUser): CrmUser {
  return {
    id: sf.Id,
    email: (sf.Email ?? '').toLowerCase(),
    name: sf.Name ?? sf.Username ?? sf.Id,
    active: sf.IsActive ?? true,
  };
}

/** P2: a System Administrator or System Customizer, or any profile with the permissions they carry. */
export function profileCanCustomize(profile: SfUser['Profile']): boolean {
  if (!profile) return false;
  if (profile.PermissionsModifyAllData === true || profile.PermissionsCustomizeApplication === true)
    return true;
  return profile.Name === 'System Administrator' || profile.Name === 'System Customizer';
}

/**
 * The old connector's account rule: same company name and postal code. Names compare case-insensitively, as
 * SOQL's `=` and IN (which fetch the candidates) do; postal codes ignore case and spaces ("1012 AB" is
 * "1012ab"); no postal code matches only an account without one.
 */
export function accountKey(name: string, postalCode: string | null | undefined): string {
  const n = name.trim().toLowerCase();
  const p = (postalCode ?? '').replace(/\s+/g, '').toLowerCase();
  return `${n}\u0000${p}`;
}
