// `cosell audit <id>` (R2, R8): every sync decision on a referral or CRM record, newest first: what changed,
// in which direction, or why nothing was written.
import { Side } from '../domain/sync/merge.js';
import { listAudit, type AuditEntry } from '../store/audit.js';
import { AuditAction, type CrmSystem } from '../store/schema.js';
import { positiveParser } from './args.js';
import { explain, isObject, storedCode, valueText } from './format.js';
import type { Output } from './output.js';
import { auditRecords, findRecord, type RecordIds } from './record.js';
import { runCommand, withStore, type Cli } from './runtime.js';

const defaultLimit = 100;

export function registerAudit({ program, locale, tr }: Cli): void {
  program
    .command('audit')
    .description(tr('cli.cmd.audit'))
    .argument('<id>', tr('cli.arg.recordId'))
    .option('--limit <n>', tr('cli.opt.auditLimit'), positiveParser(tr))
    .option('--json', tr('cli.opt.json'))
    .action((id: string, options: { limit?: number; json?: boolean }) =>
      runCommand(locale(), async (runtime) => {
        const { out } = runtime;
        await withStore(runtime, async (db) => {
          const found = await findRecord(db, runtime.config.crm, { id });
          const entries = await listAudit(db, auditRecords(found), { limit: options.limit ?? defaultLimit });
          const record = found.linked ? found : whichSide(found, id, entries);
          if (options.json === true) {
            out.json({
              referralId: record.referralId ?? null,
              crmSystem: record.crmRecordId !== undefined ? record.crmSystem : null,
              crmRecordId: record.crmRecordId ?? null,
              linked: record.linked,
              entries,
            });
            return;
          }
          if (entries.length === 0) {
            out.say('cli.audit.none', { id });
            return;
          }
          printHeader(out, record);
          for (const entry of entries) printEntry(out, entry, entry.crmSystem ?? record.crmSystem);
        });
      }),
    );
}

/** An unlinked id was looked up as both kinds; its entries say which it is. */
function whichSide(record: RecordIds, id: string, entries: readonly AuditEntry[]): RecordIds {
  const isReferral = entries.some((e) => e.referralId === id);
  const isCrmRecord = !isReferral && entries.some((e) => e.crmRecordId === id);
  return {
    ...record,
    referralId: isReferral ? id : undefined,
    crmRecordId: isCrmRecord ? id : undefined,
  };
}

function printHeader(out: Output, record: RecordIds): void {
  const crm = out.text(`crm.${record.crmSystem}`);
  const { referralId, crmRecordId } = record;
  if (referralId !== undefined && crmRecordId !== undefined) {
    out.say('cli.audit.linked', { referralId, crm, crmRecordId });
  } else if (crmRecordId !== undefined) {
    out.say('cli.audit.crmOnly', { crm, crmRecordId });
  } else {
    out.say('cli.audit.referralOnly', { referralId: referralId ?? '', crm });
  }
}

function printEntry(out: Output, entry: AuditEntry, crmSystem: CrmSystem): void {
  const crm = out.text(`crm.${crmSystem}`);
  const parts = [
    entry.at.toISOString(),
    out.text(`audit.direction.${entry.direction}`, { crm }),
    out.text(`audit.action.${entry.action}`),
    ...(entry.mappingVersion !== null
      ? [out.text('cli.audit.mapping', { version: entry.mappingVersion })]
      : []),
    ...(entry.runId !== null ? [out.text('cli.audit.run', { id: entry.runId })] : []),
  ];
  out.line(parts.join('  '));

  const diff = isObject(entry.fieldDiff) ? entry.fieldDiff : {};
  const { failures, skipped, conflicts, ...fields } = diff;
  const failureList = Array.isArray(failures) ? failures : [];
  // Validation failures say the reason themselves, each with its field.
  if (entry.reasonCode !== null && failureList.length === 0) {
    const reason = explain(
      out,
      { code: entry.reasonCode, params: {} },
      entry.action === AuditAction.skipped ? 'reason' : 'error',
    );
    if (reason.text === undefined) out.say('cli.audit.reasonCode', { code: reason.code });
    else out.say('cli.audit.reason', { code: reason.code, text: reason.text });
    if (reason.fix !== undefined) out.say('cli.audit.fix', { fix: reason.fix });
  }
  for (const failure of failureList) {
    const stored = storedCode(failure);
    if (stored === undefined) continue;
    const explained = explain(out, stored);
    out.say('cli.audit.failure', {
      field: fieldOf(failure),
      code: stored.code,
      message: explained.text ?? '',
    });
    if (explained.fix !== undefined) out.say('cli.audit.failureFix', { fix: explained.fix });
  }
  for (const [field, value] of Object.entries(fields)) {
    if (isObject(value) && 'from' in value && 'to' in value) {
      out.say('cli.audit.change', {
        field,
        from: valueText(out, value['from']),
        to: valueText(out, value['to']),
      });
    } else {
      out.say('cli.audit.value', { field, value: valueText(out, value) });
    }
  }
  for (const skip of Array.isArray(skipped) ? skipped : []) {
    if (!isObject(skip) || typeof skip['reason'] !== 'string') continue;
    const reason = explain(out, { code: skip['reason'], params: {} }, 'reason');
    out.say('cli.audit.skippedField', { field: fieldOf(skip), reason: reason.text ?? reason.code });
  }
  for (const conflict of Array.isArray(conflicts) ? conflicts : []) {
    if (!isObject(conflict)) continue;
    const params = { field: fieldOf(conflict), lost: valueText(out, conflict['lost']), crm };
    out.say(
      conflict['winner'] === Side.partnerCenter ? 'cli.audit.conflictPc' : 'cli.audit.conflictCrm',
      params,
    );
  }
}

function fieldOf(value: unknown): string {
  return isObject(value) && typeof value['field'] === 'string' ? value['field'] : '';
}
