// Runs the real `cosell` command line in a child process (the same entry `npm start` uses), so tests see
// what a person sees: its stdout, stderr and exit code.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const entry = path.join(root, 'src/cli/main.ts');
const built = path.join(root, 'dist/cli/main.js');

function newestMtime(dir: string): number {
  let newest = 0;
  for (const item of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, item.name);
    newest = Math.max(newest, item.isDirectory() ? newestMtime(full) : fs.statSync(full).mtimeMs);
  }
  return newest;
}

/**
 * The compiled CLI when it is at least as new as every source file (CI builds before it tests, and a process
 * then starts in about half the time), else the sources through tsx, so a stale build is never tested.
 */
const cliArgs: readonly string[] = (() => {
  try {
    if (fs.statSync(built).mtimeMs >= newestMtime(path.join(root, 'src'))) return [built];
  } catch {
    // No build: the sources it is.
  }
  return ['--import', 'tsx', entry];
})();

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface RunningCli {
  child: ChildProcess;
  stdout(): string;
  /** Resolves when stdout contains `text`; rejects if the process exits first or the timeout passes. */
  waitForOutput(text: string | RegExp, timeoutMs?: number): Promise<string>;
  done: Promise<CliResult>;
}

export interface CliOptions {
  /** Piped to the command's standard input, which is then closed; without it, stdin is /dev/null. */
  readonly stdin?: string;
}

export function startCli(
  args: readonly string[],
  env: Record<string, string>,
  options: CliOptions = {},
): RunningCli {
  const child = spawn(process.execPath, [...cliArgs, ...args], {
    cwd: root,
    // A clean environment: only what the test gives, plus what Node itself needs.
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', COSELL_LOG_LEVEL: 'warn', ...env },
    stdio: [options.stdin === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
  });
  if (options.stdin !== undefined) child.stdin?.end(options.stdin);
  let out = '';
  let err = '';
  const listeners = new Set<() => void>();
  child.stdout?.on('data', (chunk: Buffer) => {
    out += chunk.toString('utf8');
    for (const l of listeners) l();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    err += chunk.toString('utf8');
  });
  const done = new Promise<CliResult>((resolve) => {
    child.on('close', (code) => {
      for (const l of listeners) l();
      resolve({ code, stdout: out, stderr: err });
    });
  });
  let exited = false;
  void done.then(() => (exited = true));
  return {
    child,
    stdout: () => out,
    done,
    waitForOutput(text, timeoutMs = 60_000) {
      return new Promise((resolve, reject) => {
        const matches = (): boolean => (typeof text === 'string' ? out.includes(text) : text.test(out));
        const timer = setTimeout(() => {
          listeners.delete(check);
          reject(new Error(`timed out waiting for ${String(text)}; stdout: ${out}; stderr: ${err}`));
        }, timeoutMs);
        const check = (): void => {
          if (matches()) {
            clearTimeout(timer);
            listeners.delete(check);
            resolve(out);
          } else if (exited) {
            clearTimeout(timer);
            listeners.delete(check);
            reject(new Error(`exited before ${String(text)}; stdout: ${out}; stderr: ${err}`));
          }
        };
        listeners.add(check);
        check();
      });
    },
  };
}

export function runCli(
  args: readonly string[],
  env: Record<string, string>,
  options: CliOptions = {},
): Promise<CliResult> {
  return startCli(args, env, options).done;
}
