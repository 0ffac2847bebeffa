// `cosell plan`: what a first sync would do, with nothing written to either side. A summary table in the
// user's language (or --json), the pairs with their evidence and score, and the plan file (--out) a person
// reviews and `cosell backfill --plan` applies. Exit code 0 when nothing would change, 2 when something would.
import { computePlan, type PlanSummary } from '../backfill/compute.js';
import { writePlanFile } from '../backfill/plan-file.js';
import { openCrm } from '../crm/index.js';
import { openPartnerCenter } from '../partner-center/connection.js';
import type { Db } from '../store/db.js';
import { allPlanItems, getPlan, type PlanItemRow } from '../store/plans.js';
import { PlanAction } from '../store/schema.js';
import { displayWidth, pad } from './format.js';
import type { Output } from './output.js';
import { runCommand, withStore, type Cli, type Runtime } from './runtime.js';

interface PlanFlags {
  json?: boolean;
  out?: string;
  acceptFuzzy?: boolean;
  show?: string;
  lang?: string;
}

export function registerPlan({ program, locale, tr }: Cli): void {
  program
    .command('plan')
    .description(tr('cli.cmd.plan'))
    .option('--out <file>', tr('cli.opt.planOut'))
    .option('--accept-fuzzy', tr('cli.opt.acceptFuzzy'))
    .option('--json', tr('cli.opt.planJson'))
    .option('--show <n>', tr('cli.opt.planShow'), '20')
    .option('--lang <locale>', tr('cli.opt.lang'))
    .action((flags: PlanFlags) =>
      runCommand(flags.lang ?? locale(), async (runtime) => {
        await withStore(runtime, async (db) => {
          const { summary } = await makePlan(runtime, db, flags.acceptFuzzy === true, flags.json !== true);
          const plan = await getPlan(db, summary.planId);
          if (plan !== undefined && flags.out !== undefined) await writePlanFile(db, plan, flags.out);
          if (flags.json === true) {
            const items: PlanItemRow[] = [];
            for await (const page of allPlanItems(db, summary.planId)) items.push(...page);
            runtime.out.json({ summary, items: items.map(({ updatedAt: _u, ...item }) => item) });
          } else {
            printSummary(runtime.out, summary);
            await printItems(runtime.out, db, summary.planId, Number(flags.show ?? '20'));
            if (flags.out !== undefined)
              runtime.out.say('plan.written', { file: flags.out, plan: summary.planId });
            runtime.out.say(summary.changes === 0 ? 'plan.nothing' : 'plan.next', { plan: summary.planId });
          }
          process.exitCode = summary.changes === 0 ? 0 : 2;
        });
      }),
    );
}

/** Opens both sides and computes a plan; reading progress goes to stderr on a terminal. */
export async function makePlan(runtime: Runtime, db: Db, acceptFuzzy: boolean, progress: boolean) {
  const { config, logger, out } = runtime;
  const deps = { config, db, logger };
  const partnerCenter = await openPartnerCenter(deps);
  const crm = await openCrm(config.crm, deps);
  const tty = progress && process.stderr.isTTY;
  return computePlan(
    {
      config,
      db,
      partnerCenter,
      crm,
      onRead: tty
        ? (side, records) => process.stderr.write(`\r${out.text(`plan.reading.${side}`, { records })}   `)
        : undefined,
    },
    { acceptFuzzy },
  ).finally(() => {
    if (tty) process.stderr.write('\n');
  });
}

function table(out: Output, rows: readonly (readonly [string, string | number])[]): void {
  const width = Math.max(...rows.map(([label]) => displayWidth(label)));
  for (const [label, value] of rows) out.line(`  ${pad(label, width)}  ${value}`);
}

export function printSummary(out: Output, s: PlanSummary): void {
  out.say('plan.title', { plan: s.planId, crm: s.crmSystem });
  out.say('plan.read', {
    referrals: s.read.referrals,
    opportunities: s.read.opportunities,
    linked: s.read.alreadyLinked,
    other: s.read.notCosell,
  });
  table(out, [
    [out.text('plan.row.link'), s.actions.link],
    [
      out.text('plan.row.propose'),
      `${s.actions.propose} (${out.text('plan.accepted', { n: s.proposalsAccepted })})`,
    ],
    [out.text('plan.row.createInCrm'), s.actions['create-in-crm']],
    [out.text('plan.row.createInPc'), s.actions['create-in-pc']],
    [out.text('plan.row.flag'), s.actions.flag],
    [out.text('plan.row.skip'), s.actions.skip],
    [
      out.text('plan.row.updates'),
      out.text('plan.updates', {
        pairs: s.updates.pairs,
        toCrm: s.updates.toCrmFields,
        toPc: s.updates.toPartnerCenterFields,
        conflicts: s.updates.conflicts,
      }),
    ],
  ]);
  const reasons = Object.entries(s.reasons).sort(([a], [b]) => a.localeCompare(b));
  if (reasons.length > 0) {
    out.say('plan.reasons');
    table(
      out,
      reasons.map(([code, n]) => [code, n] as const),
    );
  }
  out.say('plan.cost', {
    pc: s.cost.partnerCenter,
    crm: s.cost.crm,
    pcLeft: s.budget.partnerCenter.remaining,
    crmLeft: s.budget.crm.remaining,
  });
  if (s.budget.partnerCenter.days > 1 || s.budget.crm.days > 1) {
    out.say('plan.days', { days: Math.max(s.budget.partnerCenter.days, s.budget.crm.days) });
  }
}

const shown: readonly PlanAction[] = [PlanAction.link, PlanAction.propose, PlanAction.flag];

/** The first pairs and flags with their evidence: what a person should look at before applying. */
async function printItems(out: Output, db: Db, planId: string, limit: number): Promise<void> {
  if (!(limit > 0)) return;
  let printed = 0;
  for await (const page of allPlanItems(db, planId)) {
    for (const item of page) {
      if (!shown.includes(item.action)) continue;
      if (printed === 0) out.say('plan.items');
      if (printed++ >= limit) {
        out.say('plan.more', { plan: planId });
        return;
      }
      out.line(`  #${item.seq} ${itemLine(out, item)}`);
    }
  }
}

function evidenceText(evidence: unknown): string {
  if (!Array.isArray(evidence)) return '';
  return evidence
    .map((e) =>
      typeof e === 'object' && e !== null && 'kind' in e ? String((e as { kind: unknown }).kind) : '?',
    )
    .join(' + ');
}

function itemLine(out: Output, item: PlanItemRow): string {
  const d = item.detail;
  if (item.action === PlanAction.flag) {
    return out.text('plan.item.flag', {
      reason: String(d['reason']),
      referrals: (d['referralIds'] as string[] | undefined)?.join(', ') ?? '',
      opportunities: (d['opportunityIds'] as string[] | undefined)?.join(', ') ?? '',
    });
  }
  return out.text(item.action === PlanAction.link ? 'plan.item.link' : 'plan.item.propose', {
    referral: item.referralId ?? '',
    opportunity: item.crmRecordId ?? '',
    name: typeof d['name'] === 'string' ? d['name'] : '',
    score: Number(d['score'] ?? 0).toFixed(2),
    evidence: evidenceText(d['evidence']),
    accepted: item.accepted ? out.text('plan.item.accepted') : '',
  });
}
