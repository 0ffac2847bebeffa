// Salesforce error arrays to catalogue codes (spec: remote-apis.md §4 "Errors"; design rule 8).
import { describe, expect, it } from 'vitest';
import { concurrencyDeferMs, dailyLimitDeferMs, isHalt, mapSalesforceFailure } from './error-map.js';

const ctx = {
  identity: 'integration@contoso.example',
  subject: { object: 'Opportunity', id: 'ref-1' },
  usage: { used: 15_001, max: 15_000 },
  now: () => Date.parse('2026-11-20T10:00:00Z'),
};
const one = (errorCode: string, message = '', fields?: string[]) => [{ errorCode, message, fields }];

describe('mapSalesforceFailure', () => {
  it.each([
    [403, one('REQUEST_LIMIT_EXCEEDED', 'TotalRequests Limit exceeded.'), 'CRM_DAILY_LIMIT', 'after'],
    [403, one('REQUEST_LIMIT_EXCEEDED', 'ConcurrentPerOrgLongTxn Limit exceeded.'), 'CRM_THROTTLED', 'after'],
    [429, [], 'CRM_THROTTLED', 'after'],
    [403, one('INSUFFICIENT_ACCESS_OR_READONLY', 'insufficient access rights'), 'CRM_ACCESS_DENIED', 'never'],
    [400, one('INSUFFICIENT_ACCESS_ON_CROSS_REFERENCE_ENTITY'), 'CRM_ACCESS_DENIED', 'never'],
    [404, one('NOT_FOUND', 'The requested resource does not exist'), 'CRM_NOT_FOUND', 'never'],
    [404, one('ENTITY_IS_DELETED', 'entity is deleted'), 'CRM_NOT_FOUND', 'never'],
    [300, [], 'CRM_DUPLICATE', 'never'],
    [400, one('DUPLICATE_VALUE', 'duplicate value found'), 'CRM_DUPLICATE', 'never'],
    [400, one('DUPLICATE_EXTERNAL_ID', 'More than 1 record'), 'CRM_DUPLICATE', 'never'],
    [412, [], 'CRM_CONFLICT', 'backoff'],
    [503, one('SERVER_UNAVAILABLE'), 'CRM_UNAVAILABLE', 'backoff'],
    [500, one('UNKNOWN_EXCEPTION', 'ErrorId 1'), 'CRM_UNAVAILABLE', 'backoff'],
    [401, one('INVALID_SESSION_ID', 'Session expired or invalid'), 'AUTH_REFRESH_FAILED', 'never'],
    [400, one('FIELD_INTEGRITY_EXCEPTION', 'bad value', ['StageName']), 'CRM_REQUEST_INVALID', 'never'],
    [
      400,
      one('INVALID_FIELD', "No such column 'Referral_Link__c' on entity 'Opportunity'."),
      'CRM_SCHEMA_MISSING',
      'never',
    ],
    [
      400,
      one('INVALID_TYPE', "sObject type 'Microsoft_Solution__c' is not supported."),
      'CRM_SCHEMA_MISSING',
      'never',
    ],
    [
      400,
      one('INVALID_TYPE', "sObject type 'CurrencyType' is not supported."),
      'CRM_REQUEST_INVALID',
      'never',
    ],
  ] as const)('%i %j -> %s (%s)', (status, errors, code, retry) => {
    const error = mapSalesforceFailure({ status, errors }, ctx);
    expect(error.code).toBe(code);
    expect(error.retry).toBe(retry);
  });

  it("the daily limit is Salesforce's rolling 24 hours: come back in an hour, with the usage last seen", () => {
    const error = mapSalesforceFailure(
      { status: 403, errors: one('REQUEST_LIMIT_EXCEEDED', 'TotalRequests Limit exceeded.') },
      ctx,
    );
    expect(error.retryAfterMs).toBe(dailyLimitDeferMs);
    expect(error.params).toEqual({
      system: 'Salesforce',
      used: 15_001,
      limit: 15_000,
      resumeAt: '2026-11-20T11:00:00.000Z',
    });
    const concurrent = mapSalesforceFailure(
      { status: 403, errors: one('REQUEST_LIMIT_EXCEEDED', 'Concurrent') },
      ctx,
    );
    expect(concurrent.retryAfterMs).toBe(concurrencyDeferMs);
  });

  it('field errors name the fields; access errors name the identity; not-found names the record', () => {
    const invalid = mapSalesforceFailure(
      {
        status: 400,
        errors: one('REQUIRED_FIELD_MISSING', 'Required fields are missing', ['CloseDate', 'Name']),
      },
      ctx,
    );
    expect(invalid.params['reason']).toBe(
      'REQUIRED_FIELD_MISSING: Required fields are missing [fields: CloseDate, Name]',
    );
    const denied = mapSalesforceFailure(
      { status: 403, errors: one('INSUFFICIENT_ACCESS_OR_READONLY', 'no') },
      ctx,
    );
    expect(denied.params).toMatchObject({ identity: 'integration@contoso.example', system: 'Salesforce' });
    const missing = mapSalesforceFailure({ status: 404, errors: one('NOT_FOUND') }, ctx);
    expect(missing.params).toEqual({ system: 'Salesforce', object: 'Opportunity', id: 'ref-1' });
  });

  it('never carries a bearer token from a message into the error', () => {
    const error = mapSalesforceFailure(
      {
        status: 400,
        errors: one(
          'INVALID_FIELD',
          'Authorization: Bearer 00D5g000000ABCD!AQsecretsecret rejected; token 00D5g000000ABCD!AQother.token',
        ),
      },
      ctx,
    );
    expect(JSON.stringify(error.params)).not.toContain('AQsecretsecret');
    expect(error.message).not.toContain('AQsecretsecret');
    expect(error.message).not.toContain('AQother');
  });

  it('isHalt: PROCESSING_HALTED only says something else failed first', () => {
    expect(isHalt(one('PROCESSING_HALTED', 'Invalid reference specified.'))).toBe(true);
    expect(isHalt(one('STRING_TOO_LONG'))).toBe(false);
    expect(isHalt([])).toBe(false);
  });
});
