// `cosell doctor`: every check, per check pass / warn / fail, what was found, the fix and the requirement
// IDs, as a table in the user's language or as JSON (--json); exit code 0 all pass, 1 warnings, 2 failures.
// `--fix` applies the safe fixes, asking before each country code (or not, with --yes), then checks again.
import { askYes } from './ask.js';
import {
  applyFixes,
  runDoctor,
  type CountrySuggestion,
  type DoctorDeps,
  type DoctorReport,
  type FixResult,
  type Message,
} from '../doctor/index.js';
import { displayWidth, pad } from './format.js';
import type { Output } from './output.js';
import { runCommand, withStore, type Cli } from './runtime.js';

interface DoctorFlags {
  json?: boolean;
  fix?: boolean;
  yes?: boolean;
  lang?: string;
  only?: string;
  url?: string;
}

export function registerDoctor({ program, locale, tr }: Cli): void {
  program
    .command('doctor')
    .description(tr('cli.cmd.doctor'))
    .option('--json', tr('cli.opt.doctorJson'))
    .option('--fix', tr('cli.opt.doctorFix'))
    .option('--yes', tr('cli.opt.yes'))
    .option('--lang <locale>', tr('cli.opt.lang'))
    .option('--only <checks>', tr('cli.opt.only'))
    .option('--url <url>', tr('cli.opt.receiverUrl'))
    .action((flags: DoctorFlags) =>
      runCommand(flags.lang ?? locale(), async ({ config, logger, out }) => {
        await withStore({ config, logger, out }, async (db) => {
          const deps: DoctorDeps = { config, db, logger, receiverUrl: flags.url };
          const only = flags.only
            ?.split(',')
            .map((s) => s.trim())
            .filter((s) => s !== '');
          const report = await runDoctor(deps, { only });
          if (flags.fix !== true) {
            printReport(out, report, flags.json === true);
            process.exitCode = report.exitCode;
            return;
          }
          const confirm = countryConfirmation(out, flags.yes === true, flags.json === true);
          const fixes = await applyFixes(deps, report, { confirmCountry: confirm });
          const after = await runDoctor(deps, { only });
          if (flags.json === true) {
            out.json({ before: report, fixes, ...after });
          } else {
            printReport(out, report, false);
            printFixes(out, fixes);
            out.say('doctor.fix.rerun');
            printReport(out, after, false);
          }
          process.exitCode = after.exitCode;
        });
      }),
    );
}

/** On a terminal, asks per account; --yes says yes to all; otherwise nothing is written. */
function countryConfirmation(
  out: Output,
  yes: boolean,
  json: boolean,
): (suggestion: CountrySuggestion) => Promise<boolean> {
  if (yes) return () => Promise.resolve(true);
  if (json || !process.stdin.isTTY || !process.stdout.isTTY) return () => Promise.resolve(false);
  return (s) =>
    askYes(out.text('doctor.fix.countryAsk', { account: s.accountId, value: s.value, code: s.code }));
}

const text = (out: Output, message: Message): string => out.text(message.key, message.params);

/** The report as a table: status, check, requirement IDs, what was found; the fix and records below. */
export function printReport(out: Output, report: DoctorReport, json: boolean): void {
  if (json) {
    out.json(report);
    return;
  }
  const rows = report.checks.map((c) => ({
    status: out.text(`doctor.status.${c.status}`),
    id: c.id,
    requirements: c.requirements.join(', '),
    found: text(out, c.found),
    check: c,
  }));
  const header = {
    status: out.text('doctor.table.status'),
    id: out.text('doctor.table.check'),
    requirements: out.text('doctor.table.requirements'),
    found: out.text('doctor.table.found'),
  };
  const width = (key: 'status' | 'id' | 'requirements') =>
    Math.max(displayWidth(header[key]), ...rows.map((r) => displayWidth(r[key])));
  const widths = { status: width('status'), id: width('id'), requirements: width('requirements') };
  const line = (r: Omit<typeof header, never>) =>
    [
      pad(r.status, widths.status),
      pad(r.id, widths.id),
      pad(r.requirements, widths.requirements),
      r.found,
    ].join('  ');
  out.line(line(header));
  const indent = ' '.repeat(widths.status + 2);
  for (const r of rows) {
    out.line(line(r));
    if (r.check.fix !== undefined && r.check.status !== 'pass') {
      out.line(indent + out.text('doctor.table.fix', { text: text(out, r.check.fix) }));
    }
    if (r.check.records !== undefined && r.check.records.total > 0) {
      out.line(
        indent +
          out.text('doctor.table.records', {
            ids: r.check.records.first.join(', '),
            total: r.check.records.total,
          }),
      );
    }
  }
  out.say('doctor.summary', report.counts);
}

function printFixes(out: Output, fixes: readonly FixResult[]): void {
  for (const f of fixes) out.line(`${f.ok ? '✓' : '✗'} ${text(out, f.message)}`);
}
