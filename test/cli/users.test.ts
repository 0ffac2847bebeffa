// `cosell users add|list|remove|token` as an operator runs them: the password comes from standard input and
// is never printed; the first admin made here signs in to the console.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { rowsOf } from '../../src/store/db.js';
import { checkLogin, findApiTokenUser } from '../../src/store/users.js';
import { runCli } from '../support/cli.js';
import { createReopenableStore, type ReopenableStore } from '../support/db.js';

let store: ReopenableStore;
let env: Record<string, string>;
const password = 'a long pass phrase';

beforeAll(async () => {
  store = await createReopenableStore();
  await (await store.open()).close();
  env = {
    COSELL_DATA_DIR: store.config.dataDir,
    ...(store.config.databaseUrl !== undefined ? { DATABASE_URL: store.config.databaseUrl } : {}),
  };
});
afterAll(async () => {
  await store.dispose();
});

describe('cosell users', { timeout: 120_000 }, () => {
  it('adds the first admin with the password from stdin (never echoed), lists, makes a token, removes', async () => {
    const added = await runCli(['users', 'add', 'ada', '--role', 'admin'], env, { stdin: `${password}\n` });
    expect(added.code, added.stderr).toBe(0);
    expect(added.stdout).toContain('User ada added with role admin.');
    expect(added.stdout + added.stderr).not.toContain(password);

    const again = await runCli(['users', 'add', 'ada'], env, { stdin: `${password}\n` });
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('USER_EXISTS');
    const short = await runCli(['users', 'add', 'bob'], env, { stdin: 'short\n' });
    expect(short.stderr).toContain('PASSWORD_TOO_SHORT');

    const listed = await runCli(['users', 'list', '--json'], env);
    expect(
      (JSON.parse(listed.stdout) as { username: string; role: string }[]).map((u) => [u.username, u.role]),
    ).toEqual([['ada', 'admin']]);
    const token = await runCli(['users', 'token', 'ada'], env);
    const value = token.stdout.trim().split('\n').at(-1) ?? '';
    expect(value).toMatch(/^cst_/);

    const db = await store.open();
    try {
      expect((await checkLogin(db, 'ada', password))?.role).toBe('admin');
      expect(await checkLogin(db, 'ada', 'not the password')).toBeUndefined();
      expect((await findApiTokenUser(db, value, new Date()))?.username).toBe('ada');
      const stored = rowsOf<{ password_hash: string }>(
        await db.orm.execute(sql`SELECT password_hash FROM users`),
      );
      expect(stored[0]?.password_hash.startsWith('scrypt$')).toBe(true);
    } finally {
      await db.close();
    }

    const removed = await runCli(['users', 'remove', 'ada', '--locale', 'nl-NL'], env);
    expect(removed.stdout).toContain('Gebruiker ada verwijderd');
    const gone = await runCli(['users', 'remove', 'ada'], env);
    expect(gone.stderr).toContain('USER_NOT_FOUND');
  });
});
