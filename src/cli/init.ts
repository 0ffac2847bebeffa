// `cosell init`: the first set-up, asked or given. Profile (sandbox/production), store (embedded data
// directory or PostgreSQL), CRM, public receiver URL, Partner Center app id and the secrets key. The answers
// are validated exactly as `cosell start` will read them (every problem at once, nothing written when one is
// wrong), then written as a configuration file (`KEY=value` lines, owner-only permissions) for
// COSELL_CONFIG_FILE. A secret is never printed: the secrets key is generated (or read from standard input),
// written to the file only, and the database URL's password is masked in the summary.
//
// Questions use node:readline/promises: five plain prompts need no prompt library. Asked when standard input
// is a terminal (or with --interactive, answers piped line by line); with --yes, or without a terminal, every
// value comes from the flags, then the environment, then the defaults.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline/promises';
import { environmentLocale, parseConfig, type ConfigKey } from '../config.js';
import { CosellError } from '../errors.js';
import { resolveLocale, type MessageKey } from '../i18n/index.js';
import { createOutput, type Output } from './output.js';
import { shown } from './config.js';
import { text } from 'node:stream/consumers';
import type { Cli } from './runtime.js';

interface InitFlags {
  file?: string;
  profile?: string;
  dataDir?: string;
  databaseUrl?: string;
  crm?: string;
  publicUrl?: string;
  pcClientId?: string;
  secretsKeyStdin?: boolean;
  force?: boolean;
  yes?: boolean;
  interactive?: boolean;
}

/** What init asks, in order; each answer is one setting (the store question picks one of two). */
interface Answers {
  profile: string;
  store: string;
  crm: string;
  publicUrl: string;
  pcClientId: string;
}

/** The default file: the one COSELL_CONFIG_FILE already names, else cosell.env in the working directory. */
function defaultFile(env: NodeJS.ProcessEnv): string {
  return env.COSELL_CONFIG_FILE !== undefined && env.COSELL_CONFIG_FILE !== ''
    ? env.COSELL_CONFIG_FILE
    : 'cosell.env';
}

function newSecretsKey(): string {
  return randomBytes(32).toString('base64');
}

async function ask(
  out: Output,
  questions: { key: keyof Answers; prompt: MessageKey; fallback: string }[],
  given: Partial<Answers>,
): Promise<Answers> {
  const answers: Partial<Answers> = { ...given };
  const rl = createInterface({ input: process.stdin, terminal: process.stdin.isTTY });
  // Lines through the iterator, which buffers them: piped answers may all arrive before the first question.
  const lines = rl[Symbol.asyncIterator]();
  try {
    for (const q of questions) {
      if (answers[q.key] !== undefined) continue;
      process.stdout.write(`${out.text(q.prompt, { fallback: q.fallback })} `);
      const next = await lines.next();
      const reply = next.done === true ? '' : String(next.value).trim();
      if (!process.stdin.isTTY) process.stdout.write('\n');
      answers[q.key] = reply === '' ? q.fallback : reply;
    }
  } finally {
    rl.close();
  }
  return answers as Answers;
}

/** `KEY=value` lines with a header; values are quoted when they hold anything beyond plain characters. */
function fileText(out: Output, values: Partial<Record<ConfigKey, string>>): string {
  const quote = (v: string): string => (/^[\w@%+=:,./-]*$/.test(v) ? v : JSON.stringify(v));
  return [
    `# ${out.text('cli.init.fileHeader')}`,
    ...Object.entries(values)
      .filter(([, v]) => v !== undefined && v !== '')
      .map(([k, v]) => `${k}=${quote(v ?? '')}`),
    '',
  ].join('\n');
}

export function registerInit({ program, locale, tr }: Cli): void {
  program
    .command('init')
    .description(tr('cli.cmd.init'))
    .option('--file <path>', tr('cli.opt.initFile'))
    .option('--profile <profile>', tr('cli.opt.initProfile'))
    .option('--data-dir <dir>', tr('cli.opt.initDataDir'))
    .option('--database-url <url>', tr('cli.opt.initDatabaseUrl'))
    .option('--crm <crm>', tr('cli.opt.initCrm'))
    .option('--public-url <url>', tr('cli.opt.initPublicUrl'))
    .option('--pc-client-id <id>', tr('cli.opt.initPcClientId'))
    .option('--secrets-key-stdin', tr('cli.opt.initSecretsKeyStdin'))
    .option('--force', tr('cli.opt.initForce'))
    .option('-y, --yes', tr('cli.opt.initYes'))
    .option('--interactive', tr('cli.opt.initInteractive'))
    .action(async (flags: InitFlags) => {
      const out = createOutput(resolveLocale(locale() ?? environmentLocale()));
      try {
        await init(out, flags);
      } catch (error) {
        process.exitCode = out.fail(error);
      }
    });
}

async function init(out: Output, flags: InitFlags): Promise<void> {
  const env = process.env;
  const file = path.resolve(flags.file ?? defaultFile(env));
  if (fs.existsSync(file) && flags.force !== true) throw new CosellError('INIT_FILE_EXISTS', { file });
  const interactive =
    flags.yes !== true &&
    (flags.interactive === true || (process.stdin.isTTY && flags.secretsKeyStdin !== true));

  // Flags first, then the environment; what is still open is asked, or defaulted.
  const store = flags.databaseUrl ?? env.DATABASE_URL ?? flags.dataDir ?? env.COSELL_DATA_DIR;
  const given: Partial<Answers> = {};
  const take = (key: keyof Answers, value: string | undefined): void => {
    if (value !== undefined) given[key] = value;
  };
  take('profile', flags.profile ?? env.COSELL_PROFILE);
  take('store', store);
  take('crm', flags.crm ?? env.COSELL_CRM);
  take('publicUrl', flags.publicUrl ?? env.COSELL_PUBLIC_URL);
  take('pcClientId', flags.pcClientId ?? env.COSELL_PC_CLIENT_ID);
  const questions: { key: keyof Answers; prompt: MessageKey; fallback: string }[] = [
    { key: 'profile', prompt: 'cli.init.askProfile', fallback: 'sandbox' },
    { key: 'store', prompt: 'cli.init.askStore', fallback: '.data' },
    { key: 'crm', prompt: 'cli.init.askCrm', fallback: 'salesforce' },
    { key: 'publicUrl', prompt: 'cli.init.askPublicUrl', fallback: '' },
    { key: 'pcClientId', prompt: 'cli.init.askPcClientId', fallback: '' },
  ];
  const answers: Answers = interactive
    ? await ask(out, questions, given)
    : {
        profile: given.profile ?? 'sandbox',
        store: given.store ?? '.data',
        crm: given.crm ?? 'salesforce',
        publicUrl: given.publicUrl ?? '',
        pcClientId: given.pcClientId ?? '',
      };

  const suppliedKey =
    flags.secretsKeyStdin === true ? (await text(process.stdin)).trim() : env.COSELL_SECRETS_KEY;
  const generatedKey = suppliedKey === undefined || suppliedKey === '';
  const postgres = /^postgres(ql)?:\/\//.test(answers.store);
  const values: Partial<Record<ConfigKey, string>> = {};
  // An empty answer is "decide later": the setting is left out (and production says what it still needs).
  for (const [key, value] of [
    ['COSELL_PROFILE', answers.profile],
    [postgres ? 'DATABASE_URL' : 'COSELL_DATA_DIR', answers.store],
    ['COSELL_CRM', answers.crm],
    ['COSELL_PUBLIC_URL', answers.publicUrl],
    ['COSELL_PC_CLIENT_ID', answers.pcClientId],
    ['COSELL_SECRETS_KEY', generatedKey ? newSecretsKey() : suppliedKey],
  ] as const) {
    if (value !== undefined && value.trim() !== '') values[key] = value.trim();
  }
  // Validated as the service will read it: every problem at once, and nothing written if there is one.
  parseConfig({}, values);

  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, fileText(out, values), { mode: 0o600 });
  fs.chmodSync(file, 0o600); // an overwritten file keeps its old mode otherwise

  out.say('cli.init.written', { file });
  const hidden = out.text('cli.config.hidden');
  const unset = out.text('cli.config.unset');
  for (const [key, value] of Object.entries(values) as [ConfigKey, string | undefined][]) {
    out.say('cli.config.setting', { key, value: shown(key, value, hidden, unset), source: file });
  }
  if (generatedKey) out.say('cli.init.keyGenerated', { file });
  out.say('cli.init.next', { file, crm: answers.crm === 'dynamics' ? 'dynamics' : 'salesforce' });
}
