#!/usr/bin/env node
// The `cosell` command line. One file per command; each registers itself here.
import { Command } from 'commander';
import { t } from '../i18n/index.js';
import { resolveLocale } from '../i18n/index.js';
import { registerConnect } from './connect.js';
import { registerDemo } from './demo.js';
import { registerEmulate } from './emulate.js';
import { registerStatus } from './status.js';
import { registerWebhooksCommand } from './webhooks.js';

const program = new Command('cosell');
// The description is shown before options are parsed, so it follows --locale only when given first.
const early = process.argv.indexOf('--locale');
program
  .description(t(resolveLocale(early >= 0 ? process.argv[early + 1] : undefined), 'cli.description'))
  .option('--locale <locale>', 'language of messages: en, nl-NL or zh-CN (default: COSELL_LOCALE)')
  .showHelpAfterError();

const locale = (): string | undefined => program.opts<{ locale?: string }>().locale;

registerDemo(program, locale);
registerEmulate(program, locale);
registerConnect(program, locale);
registerWebhooksCommand(program, locale);
registerStatus(program, locale);

await program.parseAsync(process.argv);
