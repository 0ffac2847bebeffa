// Option parsers shared by the commands. A refusal is the catalogue's text, in the help language; commander
// prints it after the option it belongs to.
import { InvalidArgumentError } from 'commander';
import type { Cli } from './runtime.js';

/** Parses a whole number option (0 or more). */
export function countParser(tr: Cli['tr']): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError(tr('cli.arg.wholeNumber'));
    return n;
  };
}

/** Parses a whole number option of 1 or more (a page size, a record id). */
export function positiveParser(tr: Cli['tr']): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (!Number.isSafeInteger(n) || n < 1) throw new InvalidArgumentError(tr('cli.arg.positive'));
    return n;
  };
}

/** Parses one of a closed set of values, e.g. a run status. */
export function choiceParser<T extends string>(tr: Cli['tr'], choices: readonly T[]): (value: string) => T {
  return (value) => {
    const choice = choices.find((c) => c === value);
    if (choice === undefined) {
      throw new InvalidArgumentError(tr('cli.arg.choice', { choices: choices.join(', ') }));
    }
    return choice;
  };
}

const isoDate = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;

/** Parses an ISO 8601 date ("2026-03-01", UTC midnight) or date and time ("2026-03-01T09:30:00Z"). */
export function dateParser(tr: Cli['tr']): (value: string) => Date {
  return (value) => {
    const date = new Date(value);
    if (!isoDate.test(value) || Number.isNaN(date.getTime())) {
      throw new InvalidArgumentError(tr('cli.arg.date'));
    }
    return date;
  };
}
