// One process owns a PGlite data directory. PGlite has no lock between processes: two processes opened the
// same directory and both wrote without an error (docs/decisions.md), which corrupts it. So we hold
// `<dataDir>/cosell.lock` holding our pid, and refuse to open while a live process holds it.
import fs from 'node:fs';
import path from 'node:path';
import { CosellError } from '../errors.js';

export const lockFileName = 'cosell.lock';

export interface DirLock {
  readonly path: string;
  /** Idempotent; removes the file only while it still names this process. */
  release(): void;
}

// Directories this process holds. A lock naming our own pid that is not in here is left over from an
// earlier process that had the same pid (a container restarts with pid 1 every time): it is stale.
const held = new Set<string>();

/**
 * Takes the lock or throws CosellError('STORE_LOCKED', { dataDir, pid }). A lock whose process is gone is
 * taken over. The takeover renames the stale file away first, so of two processes racing for the same
 * stale lock only one wins.
 */
export function acquireDirLock(dataDir: string): DirLock {
  const dir = path.resolve(dataDir);
  const file = path.join(dir, lockFileName);
  if (held.has(file)) throw locked(dataDir, process.pid);
  fs.mkdirSync(dir, { recursive: true });
  for (let attempt = 0; attempt < 5; attempt++) {
    try {
      fs.writeFileSync(file, `${process.pid}\n`, { flag: 'wx', mode: 0o644 });
      return hold(file);
    } catch (err) {
      if (errno(err) !== 'EEXIST') throw err;
    }
    const text = readOrUndefined(file);
    if (text === undefined) continue; // released between our two calls: try again
    const pid = Number.parseInt(text, 10);
    if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && isAlive(pid)) throw locked(dataDir, pid);
    // Stale: move it aside, then make sure what we moved is the stale file and not a fresh lock.
    const aside = `${file}.stale-${process.pid}-${attempt}`;
    try {
      fs.renameSync(file, aside);
    } catch (err) {
      if (errno(err) === 'ENOENT') continue;
      throw err;
    }
    const moved = readOrUndefined(aside);
    if (moved !== undefined && moved !== text) {
      // Another process took the stale lock over between our read and our rename: give it back.
      try {
        fs.linkSync(aside, file);
      } finally {
        fs.rmSync(aside, { force: true });
      }
      throw locked(dataDir, Number.parseInt(moved, 10) || 0);
    }
    fs.rmSync(aside, { force: true });
  }
  throw locked(dataDir, 0);
}

function hold(file: string): DirLock {
  held.add(file);
  const onExit = (): void => releaseFile(file);
  process.once('exit', onExit);
  let released = false;
  return {
    path: file,
    release() {
      if (released) return;
      released = true;
      process.removeListener('exit', onExit);
      releaseFile(file);
    },
  };
}

function releaseFile(file: string): void {
  held.delete(file);
  if (readOrUndefined(file)?.trim() === String(process.pid)) fs.rmSync(file, { force: true });
}

/** Whether a process of this host with that id exists (another user's counts). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: the process exists but belongs to someone else.
    return errno(err) === 'EPERM';
  }
}

function readOrUndefined(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (err) {
    if (errno(err) === 'ENOENT') return undefined;
    throw err;
  }
}

function errno(err: unknown): string | undefined {
  return err instanceof Error && 'code' in err && typeof err.code === 'string' ? err.code : undefined;
}

function locked(dataDir: string, pid: number): CosellError {
  return new CosellError('STORE_LOCKED', { dataDir, pid });
}
