// Salesforce records to neutral shapes and back (pure): stage meaning from IsClosed/IsWon, the currency only
// in multi-currency orgs, diff-only field maps, and the old connector's account key.
import { describe, expect, it } from 'vitest';
import { isCosellError } from '../../errors.js';
import {
  accountKey,
  contactFields,
  opportunityColumns,
  profileCanCustomize,
  toCrmOpportunity,
  toSalesforceFields,
} from './mapping.js';
import type { SfOpportunity } from './wire.js';

const sf: SfOpportunity = {
  Id: '006000000000001AAA',
  Name: 'Deal',
  StageName: 'Signed',
  IsClosed: true,
  IsWon: true,
  Amount: 1234.5,
  CurrencyIsoCode: 'EUR',
  CloseDate: '2027-01-31',
  Description: null,
  AccountId: '001000000000001AAA',
  OwnerId: '005000000000001AAA',
  Sync_with_Partner_Center__c: true,
  Referral_Identifier__c: 'ref-1',
  Referral_Link__c: '',
  How_can_Microsoft_help__c: 'GeneralOrOther',
  Microsoft_CRM_Identifier__c: null,
  Partner_Center_Audit__c: null,
  LastModifiedById: '005000000000002AAA',
  SystemModstamp: '2026-11-20T10:00:05.000+0000',
};

describe('toCrmOpportunity', () => {
  it('R8: the stage means what IsClosed/IsWon say, whatever the org named it', () => {
    const opp = toCrmOpportunity(sf, ['SOL-1'], true);
    expect(opp.stage).toEqual({ name: 'Signed', isClosed: true, isWon: true });
    expect(toCrmOpportunity({ ...sf, IsWon: false }, [], true).stage).toEqual({
      name: 'Signed',
      isClosed: true,
      isWon: false,
    });
  });

  it('maps the co-sell fields; empty and null values are absent; the stamp becomes ISO with Z', () => {
    expect(toCrmOpportunity(sf, ['SOL-1'], true)).toEqual({
      id: sf.Id,
      name: 'Deal',
      stageName: 'Signed',
      stage: { name: 'Signed', isClosed: true, isWon: true },
      amount: 1234.5,
      currency: 'EUR',
      closeDate: '2027-01-31',
      description: undefined,
      syncWithPartnerCenter: true,
      referralId: 'ref-1',
      referralLink: undefined,
      helpRequested: 'GeneralOrOther',
      microsoftCrmId: undefined,
      accountId: '001000000000001AAA',
      ownerId: '005000000000001AAA',
      auditText: undefined,
      solutionIds: ['SOL-1'],
      lastModifiedById: '005000000000002AAA',
      modifiedAt: '2026-11-20T10:00:05.000Z',
    });
  });

  it('P4: a single-currency org reports no currency, even if a value slipped in', () => {
    expect(toCrmOpportunity(sf, [], false).currency).toBeUndefined();
    expect(opportunityColumns(false)).not.toContain('CurrencyIsoCode');
    expect(opportunityColumns(true)).toContain('CurrencyIsoCode');
  });

  it('a record without StageName or SystemModstamp is CRM_RESPONSE_INVALID, not a guess', () => {
    const { StageName: _s, ...noStage } = sf;
    let error: unknown;
    try {
      toCrmOpportunity(noStage, [], true);
    } catch (e) {
      error = e;
    }
    expect(isCosellError(error) && error.code).toBe('CRM_RESPONSE_INVALID');
  });
});

describe('toSalesforceFields', () => {
  it('design rule 5: only the keys given are sent', () => {
    expect(toSalesforceFields({ amount: 10 }, { multiCurrency: true, clearUndefined: true })).toEqual({
      Amount: 10,
    });
    expect(
      toSalesforceFields(
        { name: 'N', syncWithPartnerCenter: false, helpRequested: 'QuotesOrLicensing', auditText: 'ok' },
        { multiCurrency: true, clearUndefined: true },
      ),
    ).toEqual({
      Name: 'N',
      Sync_with_Partner_Center__c: false,
      How_can_Microsoft_help__c: 'QuotesOrLicensing',
      Partner_Center_Audit__c: 'ok',
    });
  });

  it('a key given as undefined clears the field in an update and is left out of a create', () => {
    expect(
      toSalesforceFields({ description: undefined }, { multiCurrency: true, clearUndefined: true }),
    ).toEqual({
      Description: null,
    });
    expect(
      toSalesforceFields({ description: undefined }, { multiCurrency: true, clearUndefined: false }),
    ).toEqual({});
  });

  it('P4: CurrencyIsoCode is written only in a multi-currency org', () => {
    expect(toSalesforceFields({ currency: 'EUR' }, { multiCurrency: true, clearUndefined: true })).toEqual({
      CurrencyIsoCode: 'EUR',
    });
    expect(toSalesforceFields({ currency: 'EUR' }, { multiCurrency: false, clearUndefined: true })).toEqual(
      {},
    );
  });
});

describe('accountKey: the old connector rule, name + postal code', () => {
  it.each([
    ['Contoso Ltd', '1012 AB', 'CONTOSO LTD ', '1012ab', true],
    ['Contoso Ltd', '1012 AB', 'Contoso Ltd', '1013 AB', false],
    ['Contoso Ltd', undefined, 'Contoso Ltd', null, true],
    ['Contoso Ltd', undefined, 'Contoso Ltd', '1012', false],
    ['Contoso', '1', 'Contoso Ltd', '1', false],
  ] as const)('%s/%s vs %s/%s -> %s', (n1, p1, n2, p2, same) => {
    expect(accountKey(n1, p1) === accountKey(n2, p2)).toBe(same);
  });
});

describe('contactFields', () => {
  it('Salesforce requires LastName: a contact known by first name or e-mail still gets one', () => {
    expect(contactFields({ firstName: 'Ana', lastName: 'Silva', email: 'a@x.com' }, '001A', '005B')).toEqual({
      AccountId: '001A',
      FirstName: 'Ana',
      LastName: 'Silva',
      Email: 'a@x.com',
      OwnerId: '005B',
    });
    expect(contactFields({ firstName: 'Ana' }, undefined, undefined)).toEqual({ LastName: 'Ana' });
    expect(contactFields({ email: 'buyer@x.com' }, '001A', undefined)).toMatchObject({ LastName: 'buyer' });
  });
});

describe('profileCanCustomize (P2)', () => {
  it.each([
    [{ Name: 'System Administrator' }, true],
    [{ Name: 'System Customizer' }, true],
    [{ Name: 'Integration', PermissionsCustomizeApplication: true }, true],
    [{ Name: 'Standard User', PermissionsModifyAllData: false }, false],
    [null, false],
  ])('%j -> %s', (profile, expected) => {
    expect(profileCanCustomize(profile)).toBe(expected);
  });
});
