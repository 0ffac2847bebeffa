// Runs once per `vitest run`, before any test file. Makes the migrated PGlite data directory that every
// test file (and every file-backed store a test opens) starts from with loadDataDir, so no test pays for
// initdb. The dump is cached in the OS temp dir under a hash of the migrations and the PGlite version: a
// second run reuses it, and a new migration makes a new one.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { loadMigrations } from '../../src/store/migrate.js';
import { openPglite } from '../../src/store/pglite.js';
import { migrate } from '../../src/store/migrate.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Path of a tarball (uncompressed: it loads faster) of a migrated PGlite data directory. */
    cosellPgliteTemplate: string;
  }
}

export default async function setup(project: TestProject): Promise<void> {
  project.provide('cosellPgliteTemplate', await pgliteTemplate());
}

async function pgliteTemplate(): Promise<string> {
  const pgliteVersion = (
    JSON.parse(
      fs.readFileSync(
        path.join(import.meta.dirname, '../../node_modules/@electric-sql/pglite/package.json'),
        'utf8',
      ),
    ) as { version: string }
  ).version;
  const hash = createHash('sha256').update(pgliteVersion);
  for (const m of loadMigrations()) hash.update(`${m.name}:${m.hash}\n`);
  const file = path.join(os.tmpdir(), `cosell-pglite-template-${hash.digest('hex').slice(0, 16)}.tar`);
  if (fs.existsSync(file)) return file;
  const db = await openPglite();
  try {
    await migrate(db);
    const dump = await db.dump('none');
    // Written aside and renamed: a concurrent run never reads half a file.
    const temp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(temp, Buffer.from(await dump.arrayBuffer()));
    fs.renameSync(temp, file);
  } finally {
    await db.close();
  }
  return file;
}
