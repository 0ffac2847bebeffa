// `cosell init` as a person (answers piped to its questions) and as automation (flags, --yes) runs it: the
// file it writes is one `cosell config check` accepts, owner-only, and no secret is ever printed.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';

function target(): string {
  return path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'cosell-init-')), 'cosell.env');
}

function settings(file: string): Record<string, string> {
  return Object.fromEntries(
    fs
      .readFileSync(file, 'utf8')
      .split('\n')
      .filter((l) => l !== '' && !l.startsWith('#'))
      .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
  );
}

describe('cosell init', () => {
  it('--yes: a sandbox set-up on the embedded store with a generated secrets key, owner-only, never printed, accepted by config check', async () => {
    const file = target();
    const result = await runCli(['init', '--yes', '--file', file, '--crm', 'dynamics'], {});
    expect(result.code).toBe(0);
    const written = settings(file);
    expect(written).toMatchObject({
      COSELL_PROFILE: 'sandbox',
      COSELL_DATA_DIR: '.data',
      COSELL_CRM: 'dynamics',
    });
    const key = written.COSELL_SECRETS_KEY ?? '';
    expect(Buffer.from(key, 'base64')).toHaveLength(32);
    expect(result.stdout + result.stderr).not.toContain(key);
    expect(result.stdout).toContain('COSELL_SECRETS_KEY = (set, hidden)');
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);

    const check = await runCli(['config', 'check'], { COSELL_CONFIG_FILE: file });
    expect(check.code).toBe(0);
    expect(check.stdout).toContain(`(file: ${file})`);
  });

  it('P1: asks each question in the chosen language, takes a production set-up on PostgreSQL, masks the database password', async () => {
    const file = target();
    const answers = [
      'production',
      'postgres://cosell:s3cret-pw@db.example:5432/cosell',
      'salesforce',
      'https://cosell.example.com',
      'app-0000-1111',
    ];
    const result = await runCli(
      ['init', '--interactive', '--file', file, '--locale', 'nl-NL'],
      {},
      {
        stdin: `${answers.join('\n')}\n`,
      },
    );
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Profiel: sandbox of production? [sandbox]');
    expect(result.stdout).toContain('Opslag: een gegevensmap voor de ingebouwde opslag');
    expect(result.stdout).toContain('DATABASE_URL = postgres://cosell:****@db.example:5432/cosell');
    expect(result.stdout + result.stderr).not.toContain('s3cret-pw');
    expect(settings(file)).toMatchObject({
      COSELL_PROFILE: 'production',
      DATABASE_URL: 'postgres://cosell:s3cret-pw@db.example:5432/cosell',
      COSELL_CRM: 'salesforce',
      COSELL_PUBLIC_URL: 'https://cosell.example.com',
      COSELL_PC_CLIENT_ID: 'app-0000-1111',
    });
    expect(settings(file)).not.toHaveProperty('COSELL_DATA_DIR');
  });

  it('P1: a production set-up missing what production needs lists every problem at once and writes nothing', async () => {
    const file = target();
    const result = await runCli(
      [
        'init',
        '--yes',
        '--file',
        file,
        '--profile',
        'production',
        '--public-url',
        'http://cosell.example.com',
      ],
      {},
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('CONFIG_INVALID');
    expect(result.stderr).toContain('COSELL_PC_CLIENT_ID: required in the production profile');
    expect(result.stderr).toContain('COSELL_PUBLIC_URL: must be https in production');
    expect(fs.existsSync(file)).toBe(false);
  });

  it('never replaces an existing configuration (and its secrets key) unless told to with --force', async () => {
    const file = target();
    expect((await runCli(['init', '--yes', '--file', file], {})).code).toBe(0);
    const before = fs.readFileSync(file, 'utf8');
    const again = await runCli(['init', '--yes', '--file', file, '--crm', 'dynamics'], {});
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('INIT_FILE_EXISTS');
    expect(again.stderr).toContain('--force');
    expect(fs.readFileSync(file, 'utf8')).toBe(before);
    const forced = await runCli(['init', '--yes', '--force', '--file', file, '--crm', 'dynamics'], {});
    expect(forced.code).toBe(0);
    expect(settings(file).COSELL_CRM).toBe('dynamics');
  });

  it('--secrets-key-stdin: keeps the given key, written and never printed; a malformed key is refused without showing it', async () => {
    const file = target();
    const key = Buffer.alloc(32, 7).toString('base64');
    const result = await runCli(
      ['init', '--yes', '--secrets-key-stdin', '--file', file],
      {},
      { stdin: `${key}\n` },
    );
    expect(result.code).toBe(0);
    expect(settings(file).COSELL_SECRETS_KEY).toBe(key);
    expect(result.stdout).not.toContain('A new secrets key was generated');
    expect(result.stdout + result.stderr).not.toContain(key);

    const other = target();
    const bad = await runCli(
      ['init', '--yes', '--secrets-key-stdin', '--file', other],
      {},
      {
        stdin: 'short-key-value\n',
      },
    );
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('COSELL_SECRETS_KEY: decodes to');
    expect(bad.stdout + bad.stderr).not.toContain('short-key-value');
    expect(fs.existsSync(other)).toBe(false);
  });
});
