// npm run db:check [-- --update]
// (a) The migrations are complete: drizzle-kit, run offline against a copy of migrations/, finds no schema
//     change that is not in a migration yet.
// (b) The committed snapshot is current: all migrations applied to a fresh in-memory PGlite give exactly
//     the schema described in src/store/schema.snapshot.sql. With --update the file is rewritten.
// Exits non-zero on any mismatch, saying what to run.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describeSchema, renderSnapshot } from '../src/store/describe.js';
import { defaultMigrationsDir, migrate } from '../src/store/migrate.js';
import { openPglite } from '../src/store/pglite.js';

const root = path.resolve(import.meta.dirname, '..');
const snapshotFile = path.join(root, 'src/store/schema.snapshot.sql');
const update = process.argv.includes('--update');

function checkMigrationsComplete(): boolean {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'cosell-db-check-'));
  try {
    fs.cpSync(defaultMigrationsDir, path.join(work, 'migrations'), { recursive: true });
    const before = new Set(fs.readdirSync(path.join(work, 'migrations')));
    // The project's config with only the output moved. drizzle-kit resolves `out` against the working
    // directory, so it runs inside the copy.
    fs.writeFileSync(
      path.join(work, 'drizzle.config.ts'),
      `import base from ${JSON.stringify(path.join(root, 'drizzle.config.ts'))};\n` +
        `export default { ...base, schema: ${JSON.stringify(path.join(root, 'src/store/schema.ts'))}, out: './migrations' };\n`,
    );
    const run = spawnSync(
      process.execPath,
      [
        path.join(root, 'node_modules/drizzle-kit/bin.cjs'),
        'generate',
        '--config',
        'drizzle.config.ts',
        '--name',
        'check',
      ],
      // No stdin: if drizzle-kit wants to ask (a rename?), it must not wait for an answer here.
      { cwd: work, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 120_000 },
    );
    const output = `${run.stdout ?? ''}${run.stderr ?? ''}`;
    const added = fs
      .readdirSync(path.join(work, 'migrations'))
      .filter((f) => !before.has(f) && f.endsWith('.sql'));
    if (added.length > 0) {
      console.error(
        '✗ src/store/schema.ts has changes that no migration contains. drizzle-kit would generate:\n',
      );
      for (const f of added) console.error(indent(fs.readFileSync(path.join(work, 'migrations', f), 'utf8')));
      console.error(
        '\n  Run `npx drizzle-kit generate --name <what-changed>`, review the SQL, then `npm run db:check -- --update`.',
      );
      return false;
    }
    // drizzle-kit exits 0 even when it fails, so only its own "nothing to do" counts as a pass.
    if (run.error !== undefined || run.status !== 0 || !/No schema changes/i.test(output)) {
      console.error('✗ drizzle-kit generate did not run cleanly, so the migrations could not be checked:\n');
      console.error(indent(run.error !== undefined ? String(run.error) : output));
      console.error(
        '\n  If it asks about a rename, run `npm run db:generate` interactively and commit the result.',
      );
      return false;
    }
    console.log('✓ migrations/ covers src/store/schema.ts (drizzle-kit: no schema changes)');
    return true;
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

async function checkSnapshot(): Promise<boolean> {
  const db = await openPglite();
  let actual: string;
  try {
    await migrate(db);
    actual = renderSnapshot(await describeSchema(db));
  } finally {
    await db.close();
  }
  const rel = path.relative(root, snapshotFile);
  if (update) {
    fs.writeFileSync(snapshotFile, actual);
    console.log(`✓ wrote ${rel}`);
    return true;
  }
  const expected = fs.existsSync(snapshotFile) ? fs.readFileSync(snapshotFile, 'utf8') : '';
  if (expected.replace(/\r\n/g, '\n') === actual) {
    console.log(`✓ ${rel} matches the schema the migrations build`);
    return true;
  }
  console.error(`✗ ${rel} does not match the schema the migrations build (- committed, + built):\n`);
  console.error(lineDiff(expected.split('\n'), actual.split('\n')));
  console.error(`\n  If the migrations are right, run \`npm run db:check -- --update\` and commit ${rel}.`);
  return false;
}

/** A compact diff: changed lines with two lines of context (LCS; the files are a few hundred lines). */
function lineDiff(a: string[], b: string[]): string {
  const n = a.length;
  const m = b.length;
  const lcs: number[][] = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(0));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      lcs[i]![j] = a[i] === b[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
    }
  }
  const ops: { kind: ' ' | '-' | '+'; line: string }[] = [];
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && a[i] === b[j]) {
      ops.push({ kind: ' ', line: a[i++]! });
      j++;
    } else if (i < n && (j >= m || lcs[i + 1]![j]! >= lcs[i]![j + 1]!)) {
      ops.push({ kind: '-', line: a[i++]! });
    } else {
      ops.push({ kind: '+', line: b[j++]! });
    }
  }
  const keep = ops.map((_, k) => ops.slice(Math.max(0, k - 2), k + 3).some((o) => o.kind !== ' '));
  const out: string[] = [];
  ops.forEach((o, k) => {
    if (keep[k]) out.push(`  ${o.kind} ${o.line}`);
    else if (keep[k - 1]) out.push('  ...');
  });
  return out.join('\n');
}

function indent(text: string): string {
  return text
    .trimEnd()
    .split('\n')
    .map((l) => `    ${l}`)
    .join('\n');
}

const migrationsOk = checkMigrationsComplete();
const snapshotOk = await checkSnapshot();
if (!migrationsOk || !snapshotOk) process.exitCode = 1;
