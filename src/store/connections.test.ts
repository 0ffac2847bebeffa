import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { CosellError } from '../errors.js';
import { storeConfig, useTestDb } from '../../test/support/db.js';
import {
  decryptSecret,
  deleteConnection,
  listConnections,
  loadConnection,
  resolveSecretsKey,
  saveConnection,
  secretsKeyFileName,
} from './connections.js';
import { connections } from './schema.js';

const t = useTestDb();
const now = new Date('2026-03-01T12:00:00Z');
const key = randomBytes(32);
const secret = { refreshToken: 'rt-0123456789-very-secret-refresh', accessToken: 'at-abcdef-secret-access' };

async function save(k = key) {
  return saveConnection(
    t.db,
    k,
    {
      system: 'partner-center',
      accountId: 'tenant-1',
      identity: 'ops@contoso.example',
      scopes: ['https://api.partner.microsoft.com/user_impersonation', 'offline_access'],
      secret,
      accessTokenExpiresAt: new Date(now.getTime() + 3_600_000),
      refreshTokenExpiresAt: new Date(now.getTime() + 90 * 86_400_000),
    },
    now,
  );
}

async function ciphertext(): Promise<Buffer> {
  const [row] = await t.db.orm
    .select({ c: connections.secretCiphertext })
    .from(connections)
    .where(eq(connections.system, 'partner-center'));
  if (row === undefined) throw new Error('no row');
  return row.c;
}

describe('connections', () => {
  it('round-trips a secret, and lists connections without it', async () => {
    const saved = await save();
    expect(saved).not.toHaveProperty('secretCiphertext');
    const loaded = await loadConnection(t.db, key, 'partner-center');
    expect(loaded).toMatchObject({
      system: 'partner-center',
      accountId: 'tenant-1',
      identity: 'ops@contoso.example',
      scopes: ['https://api.partner.microsoft.com/user_impersonation', 'offline_access'],
      secret,
      accessTokenExpiresAt: new Date(now.getTime() + 3_600_000),
    });
    const listed = await listConnections(t.db);
    expect(listed).toHaveLength(1);
    expect(JSON.stringify(listed)).not.toContain('secret');
    expect(await loadConnection(t.db, key, 'salesforce')).toBeUndefined();
  });

  it('stores only ciphertext: iv + tag + body, no plaintext in any encoding, a new iv on every save', async () => {
    await save();
    const first = await ciphertext();
    const plaintext = Buffer.from(JSON.stringify(secret), 'utf8');
    expect(first.length).toBe(12 + 16 + plaintext.length);
    for (const s of [...Object.values(secret), 'very-secret', 'secret-access']) {
      const forms = [
        Buffer.from(s, 'utf8'),
        Buffer.from(s, 'utf16le'),
        Buffer.from(Buffer.from(s).toString('base64')),
        Buffer.from(Buffer.from(s).toString('hex')),
      ];
      for (const form of forms) expect(first.includes(form)).toBe(false);
    }
    await save();
    const second = await ciphertext();
    expect(second.subarray(0, 12).equals(first.subarray(0, 12))).toBe(false);
    expect((await listConnections(t.db)).length).toBe(1); // replaced, not duplicated
  });

  it('a wrong key gives SECRET_UNREADABLE, and the error holds no secret', async () => {
    await save();
    const err = await loadConnection(t.db, randomBytes(32), 'partner-center').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CosellError);
    expect((err as CosellError).code).toBe('SECRET_UNREADABLE');
    const text = `${(err as Error).message} ${JSON.stringify((err as CosellError).params)} ${String((err as Error).cause)}`;
    for (const s of Object.values(secret)) expect(text).not.toContain(s);
  });

  it('a tampered or truncated ciphertext, or one moved to another system, gives SECRET_UNREADABLE', async () => {
    await save();
    const blob = await ciphertext();
    const flipped = Buffer.from(blob);
    flipped[flipped.length - 1]! ^= 1;
    expect(() => decryptSecret(key, flipped, 'partner-center')).toThrow(CosellError);
    expect(() => decryptSecret(key, blob.subarray(0, 20), 'partner-center')).toThrow(CosellError);
    expect(() => decryptSecret(key, blob, 'salesforce')).toThrow(CosellError);
    expect(decryptSecret(key, blob, 'partner-center').toString()).toBe(JSON.stringify(secret));
    expect(await deleteConnection(t.db, 'partner-center')).toBe(true);
    expect(await deleteConnection(t.db, 'partner-center')).toBe(false);
  });
});

describe('resolveSecretsKey', () => {
  it('uses the configured key', () => {
    const configured = randomBytes(32);
    expect(resolveSecretsKey({ ...storeConfig(t.config.dataDir), secretsKey: configured })).toBe(configured);
  });

  it('refuses a configured key of the wrong size with SECRETS_KEY_INVALID', () => {
    expect(() =>
      resolveSecretsKey({ ...storeConfig(t.config.dataDir), secretsKey: randomBytes(16) }),
    ).toThrow(expect.objectContaining({ code: 'SECRETS_KEY_INVALID' }) as Error);
  });

  it('without a key, makes <dataDir>/secrets.key once (mode 0600) and reuses it', () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cosell-key-'));
    try {
      const nested = path.join(dataDir, 'not-yet');
      const first = resolveSecretsKey(storeConfig(nested));
      expect(first.length).toBe(32);
      const file = path.join(nested, secretsKeyFileName);
      expect(fs.statSync(file).mode & 0o777).toBe(0o600);
      expect(resolveSecretsKey(storeConfig(nested)).equals(first)).toBe(true);
      expect(fs.readdirSync(nested)).toEqual([secretsKeyFileName]); // no temp files left
      fs.writeFileSync(file, 'c2hvcnQ=\n');
      expect(() => resolveSecretsKey(storeConfig(nested))).toThrow(
        expect.objectContaining({ code: 'SECRETS_KEY_INVALID' }) as Error,
      );
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
