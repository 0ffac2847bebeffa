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
