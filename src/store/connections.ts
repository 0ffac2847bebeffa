// One connection per remote system. Tokens and secrets are stored encrypted (AES-256-GCM) and are never
// put in an error, a log line or a result that is not asked for by loadConnection.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { eq, getTableColumns } from 'drizzle-orm';
import type { Config } from '../config.js';
import { CosellError } from '../errors.js';
import type { Queryable } from './db.js';
import { connections, type System } from './schema.js';

/** Whatever a system needs to reconnect: refresh token, access token, client secret... */
export type ConnectionSecret = Readonly<Record<string, string>>;

export interface ConnectionInput {
  readonly system: System;
  readonly accountId: string;
  readonly identity?: string | undefined;
  readonly scopes: readonly string[];
  readonly secret: ConnectionSecret;
  readonly accessTokenExpiresAt?: Date | undefined;
  readonly refreshTokenExpiresAt?: Date | undefined;
}

type Row = typeof connections.$inferSelect;
/** A connection as listed: everything except the secret. */
export type Connection = Omit<Row, 'secretCiphertext'>;
export interface ConnectionWithSecret extends Connection {
  readonly secret: ConnectionSecret;
}

export const secretsKeyFileName = 'secrets.key';
const ivBytes = 12;
const tagBytes = 16;
const keyBytes = 32;

/**
 * The key for connection secrets: COSELL_SECRETS_KEY when set; otherwise (sandbox only, config.ts insists
 * on a key in production) a random key kept in `<dataDir>/secrets.key`, mode 0600, made once and reused.
 * With several processes on one PostgreSQL, set COSELL_SECRETS_KEY: each machine would make its own file.
 */
export function resolveSecretsKey(store: Config['store']): Buffer {
  if (store.secretsKey !== undefined) {
    if (store.secretsKey.length !== keyBytes) {
      throw new CosellError('SECRETS_KEY_INVALID', {
        reason: `COSELL_SECRETS_KEY is ${store.secretsKey.length} bytes, ${keyBytes} are needed`,
      });
    }
    return store.secretsKey;
  }
  const file = path.join(path.resolve(store.dataDir), secretsKeyFileName);
  let text = readKeyFile(file);
  if (text === undefined) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    // Written under a temporary name and linked into place: link fails if the file exists, so two
    // processes starting at once agree on one key, and nobody ever reads a half-written file.
    const temp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
    fs.writeFileSync(temp, `${randomBytes(keyBytes).toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
    fs.chmodSync(temp, 0o600);
    try {
      fs.linkSync(temp, file);
    } catch (err) {
      if (!(err instanceof Error && 'code' in err && err.code === 'EEXIST')) throw err;
    } finally {
      fs.rmSync(temp, { force: true });
    }
    text = readKeyFile(file) ?? '';
  }
  const key = Buffer.from(text.trim(), 'base64');
  if (key.length !== keyBytes) {
    throw new CosellError('SECRETS_KEY_INVALID', {
      reason: `${file} holds ${key.length} bytes, ${keyBytes} are needed`,
    });
  }
  return key;
}

// Authenticated with the ciphertext, so a blob only opens for the connection it was made for.
const aad = (system: System): Buffer => Buffer.from(`cosell:connection:${system}`, 'utf8');

/** iv (12) | tag (16) | ciphertext, AES-256-GCM. */
export function encryptSecret(key: Buffer, plaintext: Buffer, system: System): Buffer {
  const iv = randomBytes(ivBytes);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(aad(system));
  const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), body]);
}

/** Throws SECRET_UNREADABLE (wrong key, tampered or truncated blob); the error never holds secret bytes. */
export function decryptSecret(key: Buffer, blob: Buffer, system: System): Buffer {
  try {
    if (blob.length < ivBytes + tagBytes) throw new Error('ciphertext too short');
    const decipher = createDecipheriv('aes-256-gcm', key, blob.subarray(0, ivBytes));
    decipher.setAAD(aad(system));
    decipher.setAuthTag(blob.subarray(ivBytes, ivBytes + tagBytes));
    return Buffer.concat([decipher.update(blob.subarray(ivBytes + tagBytes)), decipher.final()]);
  } catch (cause) {
    throw new CosellError('SECRET_UNREADABLE', { connection: system }, { cause });
  }
}

/** Creates or replaces the connection for `input.system`. */
export async function saveConnection(
  db: Queryable,
  key: Buffer,
  input: ConnectionInput,
  now: Date,
): Promise<Connection> {
  const secretCiphertext = encryptSecret(
    key,
    Buffer.from(JSON.stringify(input.secret), 'utf8'),
    input.system,
  );
  const values = {
    accountId: input.accountId,
    identity: input.identity ?? null,
    scopes: [...input.scopes],
    secretCiphertext,
    accessTokenExpiresAt: input.accessTokenExpiresAt ?? null,
    refreshTokenExpiresAt: input.refreshTokenExpiresAt ?? null,
    updatedAt: now,
  };
  const { secretCiphertext: _omit, ...listed } = getTableColumns(connections);
  const [row] = await db.orm
    .insert(connections)
    .values({ system: input.system, createdAt: now, ...values })
    .onConflictDoUpdate({ target: connections.system, set: values })
    .returning(listed);
  if (row === undefined) throw new Error('upsert returned no row');
  return row;
}

export async function loadConnection(
  db: Queryable,
  key: Buffer,
  system: System,
): Promise<ConnectionWithSecret | undefined> {
  const [row] = await db.orm.select().from(connections).where(eq(connections.system, system));
  if (row === undefined) return undefined;
  const { secretCiphertext, ...listed } = row;
  const plain = decryptSecret(key, secretCiphertext, system);
  let secret: unknown;
  try {
    secret = JSON.parse(plain.toString('utf8'));
  } catch (cause) {
    throw new CosellError('SECRET_UNREADABLE', { connection: system }, { cause });
  }
  if (!isSecret(secret)) throw new CosellError('SECRET_UNREADABLE', { connection: system });
  return { ...listed, secret };
}

export async function listConnections(db: Queryable): Promise<Connection[]> {
  const { secretCiphertext: _omit, ...listed } = getTableColumns(connections);
  return db.orm.select(listed).from(connections).orderBy(connections.system);
}

export async function deleteConnection(db: Queryable, system: System): Promise<boolean> {
  const rows = await db.orm
    .delete(connections)
    .where(eq(connections.system, system))
    .returning({ id: connections.id });
  return rows.length > 0;
}

function isSecret(value: unknown): value is ConnectionSecret {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    Object.values(value).every((v) => typeof v === 'string')
  );
}

function readKeyFile(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (err) {
    if (err instanceof Error && 'code' in err && err.code === 'ENOENT') return undefined;
    throw err;
  }
}
