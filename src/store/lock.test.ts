// The PGlite data directory lock. PGlite itself lets two processes write one directory (docs/decisions.md).
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CosellError } from '../errors.js';
import { pgliteTemplate } from '../../test/support/db.js';
import { acquireDirLock, lockFileName } from './lock-file.js';
import { openPglite } from './pglite.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});
function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cosell-lock-'));
  dirs.push(dir);
  return dir;
}
const lockOf = (dir: string): string => path.join(dir, lockFileName);

/** The pid of a process that has certainly exited. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', '']);
  if (child.pid === undefined) throw new Error('spawn failed');
  return child.pid;
}

describe('data directory lock', () => {
  it('takes over a lock left by a dead process, holds it with our pid, refuses a second open, releases it on close', async () => {
    const dir = tempDir();
    fs.writeFileSync(lockOf(dir), `${deadPid()}\n`);
    const db = await openPglite({ dataDir: dir, loadDataDir: pgliteTemplate() });
    try {
      expect(fs.readFileSync(lockOf(dir), 'utf8').trim()).toBe(String(process.pid));
      const err = await openPglite({ dataDir: dir }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(CosellError);
      expect(err).toMatchObject({ code: 'STORE_LOCKED', params: { dataDir: dir, pid: process.pid } });
    } finally {
      await db.close();
    }
    expect(fs.existsSync(lockOf(dir))).toBe(false);
    await db.close(); // idempotent
    acquireDirLock(dir).release(); // free again
  });

  it('refuses a data dir another live process holds, naming that process', async () => {
    const dir = tempDir();
    const other = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
    try {
      if (other.pid === undefined) throw new Error('spawn failed');
      fs.writeFileSync(lockOf(dir), `${other.pid}\n`);
      await expect(openPglite({ dataDir: dir })).rejects.toMatchObject({
        code: 'STORE_LOCKED',
        params: { dataDir: dir, pid: other.pid },
      });
      // Refused before PGlite started: nothing was created, and the other process's lock is untouched.
      expect(fs.existsSync(path.join(dir, 'pg'))).toBe(false);
      expect(fs.readFileSync(lockOf(dir), 'utf8').trim()).toBe(String(other.pid));
    } finally {
      other.kill();
    }
  });

  it('is refused to a second process while this one holds it', () => {
    const dir = tempDir();
    const lock = acquireDirLock(dir);
    try {
      const script = `
        import { openPglite } from ${JSON.stringify(new URL('./pglite.ts', import.meta.url).href)};
        try { await openPglite({ dataDir: ${JSON.stringify(dir)} }); console.log('opened'); }
        catch (e) { console.log(JSON.stringify({ code: e.code, params: e.params })); }`;
      const child = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
        encoding: 'utf8',
        timeout: 60_000,
      });
      expect(JSON.parse(child.stdout.trim())).toEqual({
        code: 'STORE_LOCKED',
        params: { dataDir: dir, pid: process.pid },
      });
    } finally {
      lock.release();
    }
  });

  it('takes over a lock naming our own pid that this process does not hold (a restarted container)', () => {
    const dir = tempDir();
    fs.writeFileSync(lockOf(dir), `${process.pid}\n`);
    const lock = acquireDirLock(dir);
    expect(() => acquireDirLock(dir)).toThrow(expect.objectContaining({ code: 'STORE_LOCKED' }) as Error);
    lock.release();
    expect(fs.existsSync(lockOf(dir))).toBe(false);
  });

  it('takes over a lock file with garbage in it', () => {
    const dir = tempDir();
    fs.writeFileSync(lockOf(dir), 'not a pid');
    acquireDirLock(dir).release();
    expect(fs.existsSync(lockOf(dir))).toBe(false);
  });
});
