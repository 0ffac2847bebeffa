// Dataverse's OData errors as catalogue codes, and the $batch answer format read back (pure functions).
import { describe, expect, it } from 'vitest';
import { alignAnswers, decodeBatch, encodeBatch } from './batch.js';
import { mapDataverseFailure, redactDataverse } from './error-map.js';

const ctx = { identity: 'cosell-app', subject: { object: 'opportunity', id: 'R-1' } };
const codeOf = (status: number, code: string, retryAfterMs?: number) =>
  mapDataverseFailure({ status, code, message: 'm', retryAfterMs }, ctx);

describe('Dataverse error mapping', () => {
  it('maps status and 0x codes to the CRM_* codes with their retry classes', () => {
    expect(codeOf(404, '0x80040217')).toMatchObject({ code: 'CRM_NOT_FOUND', params: { id: 'R-1' } });
    expect(codeOf(412, '0x80060882')).toMatchObject({ code: 'CRM_CONFLICT', retry: 'backoff' });
    expect(codeOf(412, '0x80040237')).toMatchObject({ code: 'CRM_DUPLICATE', retry: 'never' });
    expect(codeOf(403, '0x80040220')).toMatchObject({
      code: 'CRM_ACCESS_DENIED',
      params: { identity: 'cosell-app' },
    });
    expect(codeOf(400, '0x80048d19')).toMatchObject({ code: 'CRM_REQUEST_INVALID', retry: 'never' });
    expect(codeOf(401, 'invalid_token')).toMatchObject({
      code: 'AUTH_REFRESH_FAILED',
      params: { system: 'dynamics' },
    });
    expect(codeOf(503, '0x80044183')).toMatchObject({ code: 'CRM_UNAVAILABLE', retry: 'backoff' });
    const throttled = codeOf(429, '0x80072322', 120_000);
    expect(throttled).toMatchObject({ code: 'CRM_THROTTLED', retry: 'after', retryAfterMs: 120_000 });
    expect(codeOf(429, '0x80072326').retryAfterMs).toBe(30_000);
  });

  it('P2: a prefixed column, key or table the environment lacks is CRM_SCHEMA_MISSING; other query errors are not', () => {
    const of = (status: number, message: string) =>
      mapDataverseFailure({ status, code: '0x80060888', message }, ctx).code;
    expect(
      of(
        400,
        "Could not find a property named 'cosell_referrallink' on type 'Microsoft.Dynamics.CRM.opportunity'.",
      ),
    ).toBe('CRM_SCHEMA_MISSING');
    expect(of(404, "Resource not found for the segment 'cosell_microsoftsolutions'.")).toBe(
      'CRM_SCHEMA_MISSING',
    );
    expect(
      of(
        400,
        "The key attribute(s) cosell_referralidentifier of entity 'opportunity' are not defined as an alternate key.",
      ),
    ).toBe('CRM_SCHEMA_MISSING');
    expect(
      of(400, "Could not find a property named 'nme' on type 'Microsoft.Dynamics.CRM.opportunity'."),
    ).toBe('CRM_REQUEST_INVALID');
  });

  it('scrubs bearer tokens and refresh tokens from messages', () => {
    const text = redactDataverse(
      'Bearer abc.def token eyJ0eXAiOiJKV1Qi.c2VjcmV0LXBheWxvYWQtMTIzNDU2 and 0.AQABAAEAAAD-secret-refresh-token',
    );
    expect(text).not.toMatch(/eyJ0eXAi|secret-refresh|abc\.def/);
  });
});

describe('$batch format', () => {
  it('reads answers back per item: a request, a committed change set, a rolled-back change set', () => {
    const { body } = encodeBatch([
      { kind: 'request', request: { method: 'GET', url: 'http://x/api/data/v9.2/accounts' } },
    ]);
    expect(body).toMatch(/^--batch_[0-9a-f-]+\r\nContent-Type: application\/http/);
    const answer = [
      '--b',
      'Content-Type: application/http',
      '',
      'HTTP/1.1 200 OK',
      'Content-Type: application/json',
      '',
      '{"value":[]}',
      '--b',
      'Content-Type: multipart/mixed; boundary=c',
      '',
      '--c',
      'Content-Type: application/http',
      'Content-ID: 1',
      '',
      'HTTP/1.1 204 No Content',
      'OData-EntityId: http://x/api/data/v9.2/accounts(00000000-0000-4000-8000-000000000001)',
      '',
      '',
      '--c--',
      '--b',
      'Content-Type: application/http',
      '',
      'HTTP/1.1 412 Precondition Failed',
      '',
      '{"error":{"code":"0x80060882","message":"stale"}}',
      '--b--',
    ].join('\r\n');
    const items = [
      { kind: 'request' as const, request: { method: 'GET' as const, url: 'a' } },
      { kind: 'changeset' as const, requests: [{ method: 'POST' as const, url: 'b', contentId: '1' }] },
      { kind: 'changeset' as const, requests: [{ method: 'PATCH' as const, url: 'c', contentId: '2' }] },
    ];
    const [a, b, c] = alignAnswers(items, decodeBatch(answer, 'multipart/mixed; boundary=b'));
    expect(a).toMatchObject({ kind: 'request', response: { status: 200, body: { value: [] } } });
    expect(b).toMatchObject({ kind: 'changeset', responses: [{ status: 204, contentId: '1' }] });
    expect(c).toMatchObject({
      kind: 'changeset-failed',
      response: { status: 412, body: { error: { code: '0x80060882' } } },
    });
  });
});
