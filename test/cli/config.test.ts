// `cosell config check|show` as a person runs them: a file of settings, the environment over it.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';

function settingsFile(lines: string[]): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cosell-config-'));
  const file = path.join(dir, 'cosell.env');
  fs.writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

describe('cosell config', () => {
  it('show: the file, the environment over it, the source of each setting, and no secret', async () => {
    const file = settingsFile([
      'COSELL_WORKERS=8',
      'COSELL_COALESCE_MS=500',
      'COSELL_SF_CLIENT_SECRET=file-secret-value',
      'DATABASE_URL=postgres://cosell:db-password@db.example:5432/cosell',
    ]);
    const result = await runCli(['config', 'show'], { COSELL_CONFIG_FILE: file, COSELL_WORKERS: '12' });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`Configuration file: ${file}`);
    expect(result.stdout).toContain('COSELL_WORKERS = 12  (environment)');
    expect(result.stdout).toContain('COSELL_COALESCE_MS = 500  (file)');
    expect(result.stdout).toContain('COSELL_PORT = 8080  (default)');
    expect(result.stdout).toContain('COSELL_SF_CLIENT_SECRET = (set, hidden)  (file)');
    expect(result.stdout).toContain('DATABASE_URL = postgres://cosell:****@db.example:5432/cosell  (file)');
    expect(result.stdout + result.stderr).not.toContain('file-secret-value');
    expect(result.stdout + result.stderr).not.toContain('db-password');
  });

  it('check: every problem of the file and the environment at once, coded, with its fix, in the chosen language', async () => {
    const file = settingsFile(['COSELL_WORKRS=8', 'COSELL_PORT=eighty']);
    const result = await runCli(['config', 'check', '--locale', 'nl-NL'], {
      COSELL_CONFIG_FILE: file,
      COSELL_LEASE_MS: '5',
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('CONFIG_INVALID');
    expect(result.stderr).toContain('COSELL_WORKRS is not a setting');
    expect(result.stderr).toContain('COSELL_PORT');
    expect(result.stderr).toContain('COSELL_LEASE_MS');
    expect(result.stderr).toContain('Wat u kunt doen');
    const fine = await runCli(['config', 'check'], {
      COSELL_CONFIG_FILE: settingsFile(['COSELL_WORKERS=8']),
    });
    expect(fine.code).toBe(0);
    expect(fine.stdout).toContain('The configuration is valid');
  });
});
