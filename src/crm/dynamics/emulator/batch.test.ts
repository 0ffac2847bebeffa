// $batch in raw multipart/mixed: change sets that commit or roll back as one, Content-ID references in URLs
// and binds, stop-at-first-error and odata.continue-on-error, the 1,000-request limit and inner requests
// counting toward the service protection limit one by one.
import { describe, expect, it } from 'vitest';
import type { DynamicsEmulator } from './emulator.js';
import { tokenFor, useDynamicsEmulators } from './test-support.js';

const emulators = useDynamicsEmulators();

interface Part {
  readonly method: string;
  readonly url: string;
  readonly body?: unknown;
  readonly contentId?: string;
}

/** A batch body as the docs show it: CRLF lines, change sets as nested multipart/mixed. */
function batchBody(items: (Part | Part[])[]): string {
  const http = (p: Part) =>
    [
      'Content-Type: application/http',
      'Content-Transfer-Encoding: binary',
      ...(p.contentId ? [`Content-ID: ${p.contentId}`] : []),
      '',
      `${p.method} ${p.url} HTTP/1.1`,
      ...(p.body === undefined ? [] : ['Content-Type: application/json']),
      '',
      p.body === undefined ? '' : JSON.stringify(p.body),
    ].join('\r\n');
  const parts = items.map((item) =>
    Array.isArray(item)
      ? [
          'Content-Type: multipart/mixed; boundary=changeset_1',
          '',
          ...item.map((p) => `--changeset_1\r\n${http(p)}`),
          '--changeset_1--',
        ].join('\r\n')
      : http(item),
  );
  return `${parts.map((p) => `--batch_1\r\n${p}`).join('\r\n')}\r\n--batch_1--\r\n`;
}

async function postBatch(dv: DynamicsEmulator, items: (Part | Part[])[], prefer?: string) {
  const response = await fetch(`${dv.apiUrl}/$batch`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${tokenFor(dv)}`,
      'content-type': 'multipart/mixed; boundary=batch_1',
      ...(prefer ? { prefer } : {}),
    },
    body: batchBody(items),
  });
  const text = await response.text();
  const statuses = [...text.matchAll(/^HTTP\/1\.1 (\d{3})/gm)].map((m) => Number(m[1]));
  return { status: response.status, contentType: response.headers.get('content-type') ?? '', text, statuses };
}

describe('$batch', () => {
  it('commits a change set with Content-ID references in binds and URLs, and answers in multipart/mixed', async () => {
    const dv = await emulators.start();
    const result = await postBatch(dv, [
      [
        { method: 'POST', url: '/api/data/v9.2/accounts', body: { name: 'Batched' }, contentId: '1' },
        {
          method: 'POST',
          url: 'opportunities',
          body: { name: 'Deal', 'parentaccountid@odata.bind': '$1' },
          contentId: '2',
        },
        { method: 'PATCH', url: '$1', body: { address1_city: 'Utrecht' }, contentId: '3' },
      ],
      { method: 'GET', url: `${dv.apiUrl}/accounts?$select=name,address1_city` },
    ]);
    expect(result.status).toBe(200);
    expect(result.contentType).toMatch(/^multipart\/mixed; boundary=batchresponse_/);
    expect(result.text).toMatch(/^--batchresponse_/);
    expect(result.text).toContain('Content-Type: multipart/mixed; boundary=changesetresponse_');
    expect(result.text).toContain('Content-ID: 2');
    expect(result.statuses).toEqual([204, 204, 204, 200]);
    const account = dv.rows('account')[0];
    expect(account).toMatchObject({ name: 'Batched', address1_city: 'Utrecht' });
    expect(dv.rows('opportunity')[0]?.['parentaccountid']).toEqual({
      id: account?.['accountid'],
      entity: 'account',
    });
  });

  it('rolls a whole change set back when one request fails, answering only the failure', async () => {
    const dv = await emulators.start();
    const events: string[] = [];
    dv.on('write', (e) => events.push(e.kind));
    const result = await postBatch(dv, [
      [
        { method: 'POST', url: 'accounts', body: { name: 'Kept?' }, contentId: '1' },
        { method: 'POST', url: 'opportunities', body: { name: 'x'.repeat(301) }, contentId: '2' },
      ],
      { method: 'POST', url: 'accounts', body: { name: 'After the failure' } },
    ]);
    expect(result.status).toBe(200);
    expect(result.statuses).toEqual([400]);
    expect(result.text).toContain('"code":"0x80044331"');
    expect(dv.rows('account')).toEqual([]);
    expect(events).toEqual([]);
  });

  it('goes on after a failure with odata.continue-on-error', async () => {
    const dv = await emulators.start();
    const result = await postBatch(
      dv,
      [
        { method: 'GET', url: 'accounts(00000000-0000-4000-8000-000000000001)' },
        { method: 'POST', url: 'accounts', body: { name: 'Second' } },
      ],
      'odata.continue-on-error',
    );
    expect(result.statuses).toEqual([404, 204]);
    expect(dv.rows('account')).toHaveLength(1);
  });

  it('refuses more than 1,000 requests and a body without its boundary', async () => {
    const dv = await emulators.start();
    const many = Array.from({ length: 1001 }, () => ({ method: 'GET', url: 'WhoAmI' }));
    const tooMany = await postBatch(dv, many);
    expect(tooMany.status).toBe(400);
    expect(JSON.parse(tooMany.text)).toEqual({
      error: {
        code: '0x8006088a',
        message: 'The number of requests in the batch exceeds the limit of 1000.',
      },
    });
    const broken = await fetch(`${dv.apiUrl}/$batch`, {
      method: 'POST',
      headers: { authorization: `Bearer ${tokenFor(dv)}`, 'content-type': 'multipart/mixed' },
      body: 'nothing',
    });
    expect(broken.status).toBe(400);
  });

  it('counts each inner request toward the service protection limit', async () => {
    const dv = await emulators.start({ serviceProtection: { requests: 3, windowSeconds: 300 } });
    const result = await postBatch(
      dv,
      Array.from({ length: 5 }, () => ({ method: 'GET', url: 'WhoAmI' })),
      'odata.continue-on-error',
    );
    expect(result.statuses).toEqual([200, 200, 200, 429, 429]);
    expect(result.text).toContain('Retry-After: 300');
    expect(dv.apiCalls().total).toBe(6);
  });
});
