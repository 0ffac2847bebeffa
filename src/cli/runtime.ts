// What every command needs: configuration, a logger on stderr (stdout is for the person), and a store
// that is always closed (an open PGlite keeps the process alive and holds the data directory's lock).
import { pino } from 'pino';
import { loadConfig, type Config } from '../config.js';
import { createLogger, type Logger } from '../logger.js';
import { openStore } from '../store/open.js';
import type { Db } from '../store/db.js';
import { createOutput, type Output } from './output.js';
import { resolveLocale, type MessageKey, type Params } from '../i18n/index.js';
import type { Command } from 'commander';

/** What each command file receives to register itself. */
export interface Cli {
  program: Command;
  /** The --locale given on the command line, read when the command runs. */
  locale: () => string | undefined;
  /** Translator for help texts. */
  tr: (key: MessageKey, params?: Params) => string;
}

export interface Runtime {
  config: Config;
  logger: Logger;
  out: Output;
}

export function createRuntime(options: { locale?: string | undefined } = {}): Runtime {
  const config = loadConfig(options.locale ? { COSELL_LOCALE: options.locale } : {});
  const logger = createLogger({ level: config.logLevel, destination: pino.destination(2) });
  return { config, logger, out: createOutput(config.locale) };
}

export async function withStore<T>(runtime: Runtime, fn: (db: Db) => Promise<T>): Promise<T> {
  const db = await openStore(runtime.config.store);
  try {
    return await fn(db);
  } finally {
    await db.close();
  }
}

/** Runs a command body; a coded error is printed with its fix in the user's language and sets the exit code. */
export async function runCommand(
  locale: string | undefined,
  body: (runtime: Runtime) => Promise<void>,
): Promise<void> {
  let runtime: Runtime;
  try {
    runtime = createRuntime({ locale });
  } catch (error) {
    process.exitCode = createOutput(resolveLocale(locale)).fail(error);
    return;
  }
  try {
    await body(runtime);
  } catch (error) {
    runtime.logger.debug({ err: error }, 'command failed');
    process.exitCode = runtime.out.fail(error);
  }
}
