// Everything the CLI prints comes from the message catalogue in the user's language.
import { isCosellError, CosellError } from '../errors.js';
import { describeError, t, type Locale, type MessageKey, type Params } from '../i18n/index.js';
import { redactSecrets } from '../logger.js';

export interface Output {
  readonly locale: Locale;
  say(key: MessageKey, params?: Params): void;
  /** A catalogue text without printing it (to compose a line). */
  text(key: MessageKey, params?: Params): string;
  /** Prints a line composed of catalogue texts. */
  line(text: string): void;
  /** Prints data for scripts (--json): one JSON document, not translated. */
  json(value: unknown): void;
  fail(error: unknown): number;
}

export function createOutput(
  locale: Locale,
  write: (line: string) => void = (line) => process.stdout.write(`${line}\n`),
  writeError: (line: string) => void = (line) => process.stderr.write(`${line}\n`),
): Output {
  return {
    locale,
    say(key, params) {
      write(t(locale, key, params));
    },
    text(key, params) {
      return t(locale, key, params);
    },
    line(text) {
      write(text);
    },
    json(value) {
      write(JSON.stringify(value, null, 2));
    },
    /** Prints a coded error with its fix; returns the process exit code. */
    fail(error) {
      const coded = isCosellError(error)
        ? error
        : new CosellError('INTERNAL', {
            reference: redactSecrets(error instanceof Error ? error.message : String(error)),
          });
      const { code, message, fix } = describeError(locale, coded);
      writeError(t(locale, 'cli.error', { code, message }));
      writeError(t(locale, 'cli.fix', { fix }));
      return coded.retry === 'never' ? 1 : 3;
    },
  };
}
