#!/usr/bin/env node
// The `cosell` command line. One file per command; each registers itself here with texts from the catalogue.
import { Command } from 'commander';
import { environmentLocale } from '../config.js';
import { resolveLocale, translator } from '../i18n/index.js';
import { registerAudit } from './audit.js';
import { registerBackfill } from './backfill.js';
import { registerConfig } from './config.js';
import { registerConnect } from './connect.js';
import { registerDemo } from './demo.js';
import { registerDoctor } from './doctor.js';
import { registerEmulate } from './emulate.js';
import { registerFlows } from './flows.js';
import { registerInit } from './init.js';
import { registerInstall } from './install.js';
import { registerPlan } from './plan.js';
import { registerRepair } from './repair.js';
import { registerRuns } from './runs.js';
import { registerStart } from './start.js';
import { registerStatus } from './status.js';
import { registerSync } from './sync.js';
import { registerUsers } from './users.js';
import { registerWebhooksCommand } from './webhooks.js';

// Help is rendered before options are parsed, so its language comes from --locale (looked up directly)
// or COSELL_LOCALE.
const localeFlag = Math.max(process.argv.indexOf('--locale'), process.argv.indexOf('--lang'));
const helpLocale = localeFlag >= 0 ? resolveLocale(process.argv[localeFlag + 1]) : environmentLocale();
const tr = translator(helpLocale);

const program = new Command('cosell');
program
  .description(tr('cli.description'))
  .option('--locale <locale>', tr('cli.opt.locale'))
  .helpOption('-h, --help', tr('cli.opt.help'))
  .helpCommand('help [command]', tr('cli.opt.help'))
  .showHelpAfterError();

const locale = (): string | undefined => program.opts<{ locale?: string }>().locale;
const cli = { program, locale, tr };

registerDemo(cli);
registerInit(cli);
registerStart(cli);
registerEmulate(cli);
registerConnect(cli);
registerInstall(cli);
registerFlows(cli);
registerWebhooksCommand(cli);
registerStatus(cli);
registerSync(cli);
registerPlan(cli);
registerBackfill(cli);
registerRuns(cli);
registerAudit(cli);
registerConfig(cli);
registerDoctor(cli);
registerRepair(cli);
registerUsers(cli);

await program.parseAsync(process.argv);
