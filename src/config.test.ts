import { describe, expect, it } from 'vitest';
import { parseConfig, sandboxClientId } from './config.js';
import { isCosellError, type CosellError } from './errors.js';

const key = Buffer.alloc(32, 7).toString('base64');

function configError(env: Record<string, string>): CosellError {
  try {
    parseConfig(env);
  } catch (error) {
    if (isCosellError(error)) return error;
    throw error;
  }
  throw new Error('expected CONFIG_INVALID');
}

describe('configuration', () => {
  it('defaults to the sandbox profile with the embedded store and a 10,000-call daily cap (P1)', () => {
    const config = parseConfig({});
    expect(config.profile).toBe('sandbox');
    expect(config.store.databaseUrl).toBeUndefined();
    expect(config.store.dataDir).toBe('.data');
    expect(config.partnerCenter.dailyCap).toBe(10_000);
    expect(config.partnerCenter.clientId).toBe(sandboxClientId);
    expect(config.receiver.certHosts).toEqual(['3psostorageacct.blob.core.windows.net']);
    expect(Object.isFrozen(config.receiver)).toBe(true);
  });

  it('lists every problem at once and never echoes a secret value', () => {
    const error = configError({
      COSELL_PROFILE: 'production',
      COSELL_SECRETS_KEY: 'c2hvcnQ=',
      COSELL_PC_DAILY_CAP: '-3',
      COSELL_PC_API_URL: 'http://pc.example',
    });
    expect(error.code).toBe('CONFIG_INVALID');
    const problems = String(error.params.problems);
    expect(problems).toContain('COSELL_PC_DAILY_CAP');
    const second = configError({
      COSELL_PROFILE: 'production',
      COSELL_SECRETS_KEY: 'c2hvcnQ=',
      COSELL_PC_API_URL: 'http://pc.example',
    });
    const text = String(second.params.problems);
    expect(text).toContain('COSELL_SECRETS_KEY: decodes to 5 bytes');
    expect(text).toContain('COSELL_PC_CLIENT_ID: required');
    expect(text).toContain('COSELL_PUBLIC_URL: required');
    expect(text).toContain('COSELL_PC_API_URL: must be https');
    expect(text).not.toContain('c2hvcnQ=');
  });

  it('accepts a complete production configuration with https endpoints', () => {
    const config = parseConfig({
      COSELL_PROFILE: 'production',
      COSELL_SECRETS_KEY: key,
      COSELL_PC_CLIENT_ID: '00000000-0000-0000-0000-000000000001',
      COSELL_PUBLIC_URL: 'https://cosell.example.com',
      COSELL_WEBHOOK_CERT_HOSTS: ' Certs.Example.com , other.example ',
      COSELL_LOCALE: 'zh',
    });
    expect(config.store.secretsKey?.length).toBe(32);
    expect(config.receiver.certHosts).toEqual(['certs.example.com', 'other.example']);
    expect(config.locale).toBe('zh-CN');
  });

  it('rejects a DATABASE_URL that is not PostgreSQL', () => {
    expect(configError({ DATABASE_URL: 'mysql://x' }).code).toBe('CONFIG_INVALID');
  });
});

describe('configuration documentation', () => {
  it('docs/configuration.md lists every variable the configuration reads', async () => {
    const { readFile } = await import('node:fs/promises');
    const { configKeys } = await import('./config.js');
    const doc = await readFile(new URL('../docs/configuration.md', import.meta.url), 'utf8');
    const documented = new Set([...doc.matchAll(/^\| `([A-Z_]+)`\s*\|/gm)].map((m) => m[1]));
    expect([...documented].sort()).toEqual([...configKeys].sort());
  });
});
