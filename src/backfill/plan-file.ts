// The plan as a file a person reviews (`cosell plan --out plan.json`) and `cosell backfill --plan plan.json`
// applies. The only edit it accepts is `"accept": true` on a proposed pair; any other change to the items
// makes the checksum differ and the file is refused, so what was reviewed is exactly what runs.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { once } from 'node:events';
import { z } from 'zod';
import { CosellError } from '../errors.js';
import type { Db } from '../store/db.js';
import {
  acceptProposals,
  allPlanItems,
  getPlan,
  insertPlan,
  insertPlanItems,
  type Plan,
  type PlanItemRow,
} from '../store/plans.js';
import { CrmSystem, PlanAction } from '../store/schema.js';

export const planFileFormat = 'cosell-plan';

/** JSON with object keys sorted at every level: the same item hashes the same from memory or from jsonb. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (v === null || typeof v !== 'object' || Array.isArray(v)) return v;
    const record = v as Record<string, unknown>;
    return Object.fromEntries(
      Object.keys(record)
        .sort()
        .map((k) => [k, record[k]]),
    );
  });
}

export interface ChecksumItem {
  readonly seq: number;
  readonly action: string;
  readonly referralId?: string | null | undefined;
  readonly crmRecordId?: string | null | undefined;
  readonly detail: unknown;
}

/** Incremental sha-256 over the items in seq order; `accepted` is deliberately not part of it. */
export class ItemsChecksum {
  readonly #hash = createHash('sha256');
  add(item: ChecksumItem): void {
    this.#hash.update(
      canonicalJson([item.seq, item.action, item.referralId ?? null, item.crmRecordId ?? null, item.detail]),
    );
    this.#hash.update('\n');
  }
  digest(): string {
    return this.#hash.digest('hex');
  }
}

const FileItemSchema = z.object({
  seq: z.number().int().positive(),
  action: z.enum(Object.values(PlanAction) as [PlanAction, ...PlanAction[]]),
  referralId: z.string().nullable(),
  crmRecordId: z.string().nullable(),
  accept: z.boolean().optional(),
  detail: z.record(z.string(), z.unknown()),
});

const PlanFileSchema = z.object({
  format: z.literal(planFileFormat),
  version: z.literal(1),
  planId: z.string().min(1),
  crmSystem: z.enum([CrmSystem.salesforce, CrmSystem.dynamics]),
  createdAt: z.string(),
  checksum: z.string().regex(/^[0-9a-f]{64}$/),
  summary: z.record(z.string(), z.unknown()),
  items: z.array(FileItemSchema),
});

function fileItem(row: PlanItemRow): z.infer<typeof FileItemSchema> {
  return {
    seq: row.seq,
    action: row.action,
    referralId: row.referralId,
    crmRecordId: row.crmRecordId,
    ...(row.action === PlanAction.propose ? { accept: row.accepted } : {}),
    detail: row.detail,
  };
}

/** Writes the stored plan to `file`, item by item (a plan of 50,000 items is never one string). */
export async function writePlanFile(db: Db, plan: Plan, file: string): Promise<void> {
  const stream = fs.createWriteStream(file, { encoding: 'utf8', mode: 0o600 });
  const write = async (text: string) => {
    if (!stream.write(text)) await once(stream, 'drain');
  };
  const header = {
    format: planFileFormat,
    version: 1,
    planId: plan.id,
    crmSystem: plan.crmSystem,
    createdAt: plan.createdAt.toISOString(),
    checksum: plan.checksum,
    summary: plan.summary,
  };
  const head = JSON.stringify(header, null, 2);
  await write(`${head.slice(0, -2)},\n  "items": [\n`);
  let first = true;
  for await (const page of allPlanItems(db, plan.id)) {
    for (const row of page) {
      await write(`${first ? '' : ',\n'}    ${JSON.stringify(fileItem(row))}`);
      first = false;
    }
  }
  await write('\n  ]\n}\n');
  stream.end();
  await once(stream, 'finish');
}

function invalid(plan: string, reason: string): CosellError {
  return new CosellError('PLAN_INVALID', { plan, reason });
}

/**
 * Reads a plan file, checks it was not edited beyond `accept`, and makes the store hold it with the file's
 * acceptances: the stored plan when it is the same plan, or an import (a plan made elsewhere). Returns its id.
 */
export async function loadPlanFile(db: Db, file: string, now: Date): Promise<string> {
  let raw: unknown;
  try {
    raw = JSON.parse(await fs.promises.readFile(file, 'utf8')) as unknown;
  } catch (error) {
    throw invalid(file, error instanceof Error ? error.message : String(error));
  }
  const parsed = PlanFileSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw invalid(file, `${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'not a plan file'}`);
  }
  const plan = parsed.data;
  const sum = new ItemsChecksum();
  for (const item of plan.items) {
    if (item.accept === true && item.action !== PlanAction.propose) {
      throw invalid(plan.planId, `item ${item.seq} is not a proposed pair, so it cannot be accepted`);
    }
    sum.add(item);
  }
  if (sum.digest() !== plan.checksum) {
    throw invalid(plan.planId, 'its items were changed after it was made (only "accept" may be edited)');
  }
  const accepted = plan.items.filter((i) => i.accept === true).map((i) => i.seq);
  const stored = await getPlan(db, plan.planId);
  if (stored !== undefined) {
    if (stored.checksum !== plan.checksum) throw invalid(plan.planId, 'the stored plan of that id differs');
    await acceptProposals(db, plan.planId, accepted);
    return plan.planId;
  }
  await db.transaction(async (tx) => {
    await insertPlan(tx, {
      id: plan.planId,
      crmSystem: plan.crmSystem,
      checksum: plan.checksum,
      summary: plan.summary,
      createdAt: now,
    });
    await insertPlanItems(
      tx,
      plan.planId,
      plan.items.map((i) => ({
        seq: i.seq,
        action: i.action,
        referralId: i.referralId ?? undefined,
        crmRecordId: i.crmRecordId ?? undefined,
        detail: i.detail,
        accepted: i.accept === true,
      })),
    );
  });
  return plan.planId;
}
