// The one typed schema, used unchanged on PGlite and PostgreSQL. drizzle-kit turns it into the plain
// .sql files in migrations/ (npm run db:generate); src/store/schema.snapshot.sql is what those files build,
// and `npm run db:check` fails when either drifts.
//
// Status columns are text with a CHECK constraint built from an `as const` object, not pg enums:
// a new value is then one ALTER TABLE that runs inside our per-migration transaction and can be used at
// once (ALTER TYPE ... ADD VALUE cannot be used in the transaction that adds it), and dropping or renaming
// a value is possible at all. The TypeScript type still comes from the same object.
import { sql, type SQL } from 'drizzle-orm';
import {
  bigint,
  boolean,
  check,
  customType,
  date,
  foreignKey,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  unique,
  uniqueIndex,
} from 'drizzle-orm/pg-core';

export const System = {
  partnerCenter: 'partner-center',
  salesforce: 'salesforce',
  dynamics: 'dynamics',
} as const;
export type System = (typeof System)[keyof typeof System];

export const CrmSystem = { salesforce: 'salesforce', dynamics: 'dynamics' } as const;
export type CrmSystem = (typeof CrmSystem)[keyof typeof CrmSystem];

export const InboxStatus = {
  pending: 'pending',
  processed: 'processed',
  ignored: 'ignored',
  failed: 'failed',
  /** About a change at or before the newest referral state its link already accounts for: no job made. */
  stale: 'stale',
} as const;
export type InboxStatus = (typeof InboxStatus)[keyof typeof InboxStatus];

export const JobStatus = {
  queued: 'queued',
  running: 'running',
  done: 'done',
  failed: 'failed',
  deferred: 'deferred',
} as const;
export type JobStatus = (typeof JobStatus)[keyof typeof JobStatus];

export const RunStatus = {
  running: 'running',
  succeeded: 'succeeded',
  failed: 'failed',
  skipped: 'skipped',
  deferred: 'deferred',
} as const;
export type RunStatus = (typeof RunStatus)[keyof typeof RunStatus];

/** What started a run; a job carries it so the run it becomes can say so (R1). */
export const RunTrigger = {
  webhook: 'webhook',
  changeFeed: 'change-feed',
  reconciliation: 'reconciliation',
  manual: 'manual',
  resubmit: 'resubmit',
  /** A first sync applying a reviewed plan (`cosell backfill`). */
  backfill: 'backfill',
} as const;
export type RunTrigger = (typeof RunTrigger)[keyof typeof RunTrigger];

/** A step ends the way a run does. */
export const StepStatus = RunStatus;
export type StepStatus = (typeof StepStatus)[keyof typeof StepStatus];

export const AuditDirection = { toCrm: 'pc-to-crm', toPartnerCenter: 'crm-to-pc', none: 'none' } as const;
export type AuditDirection = (typeof AuditDirection)[keyof typeof AuditDirection];

export const AuditAction = {
  received: 'received',
  created: 'created',
  updated: 'updated',
  skipped: 'skipped',
  failed: 'failed',
  deferred: 'deferred',
} as const;
export type AuditAction = (typeof AuditAction)[keyof typeof AuditAction];

/** `"column" IN ('a', 'b')` for a CHECK constraint; the values are our own constants, never input. */
function oneOf(column: string, values: Readonly<Record<string, string>>): SQL {
  const list = Object.values(values)
    .map((v) => `'${v}'`)
    .join(', ');
  return sql.raw(`"${column}" IN (${list})`);
}

const waitingSql = `"status" IN ('${JobStatus.queued}', '${JobStatus.deferred}')`;
const waitingJob = sql.raw(waitingSql);
/** The predicate of jobs_coalesce_key; ON CONFLICT must repeat it literally to infer that index. */
export const coalescePredicate = `${waitingSql} AND "coalescing"`;
const runningJob = sql.raw(`"status" = '${JobStatus.running}'`);

/** PGlite returns Uint8Array and pg returns Buffer; callers always get a Buffer. */
const bytea = customType<{ data: Buffer; driverData: Uint8Array }>({
  dataType: () => 'bytea',
  toDriver: (value) => value,
  fromDriver: (value) => Buffer.from(value.buffer, value.byteOffset, value.byteLength),
});

const tstz = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });
const createdAt = () => tstz('created_at').notNull().defaultNow();
const updatedAt = () => tstz('updated_at').notNull().defaultNow();

export const connections = pgTable(
  'connections',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    system: text('system').$type<System>().notNull(),
    /** Entra tenant id, Salesforce org id or Dataverse environment: the account the budget counts against. */
    accountId: text('account_id').notNull(),
    /** The signed-in identity (user principal name or integration user). */
    identity: text('identity'),
    scopes: text('scopes')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    /** AES-256-GCM: 12-byte IV, 16-byte tag, ciphertext (see connections.ts). */
    secretCiphertext: bytea('secret_ciphertext').notNull(),
    accessTokenExpiresAt: tstz('access_token_expires_at'),
    refreshTokenExpiresAt: tstz('refresh_token_expires_at'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    unique('connections_system_key').on(t.system),
    check('connections_system_check', oneOf('system', System)),
  ],
);

export const links = pgTable(
  'links',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    referralId: text('referral_id').notNull(),
    crmSystem: text('crm_system').$type<CrmSystem>().notNull(),
    crmRecordId: text('crm_record_id').notNull(),
    /** Hash of the mapped fields as last written to or read from each side: echo suppression (design rule 4). */
    pcStateHash: text('pc_state_hash'),
    pcEtag: text('pc_etag'),
    pcSyncedAt: tstz('pc_synced_at'),
    /**
     * Partner Center's updatedDateTime of the newest referral state this link accounts for (one we read and
     * synced, or the answer to our own write): an event about a change at or before it brings nothing new,
     * so it is settled without reading the referral (the echo of our own PATCH costs no call).
     */
    pcSeenChangeAt: tstz('pc_seen_change_at'),
    crmStateHash: text('crm_state_hash'),
    crmEtag: text('crm_etag'),
    crmSyncedAt: tstz('crm_synced_at'),
    /** The per-side SyncState both sides last agreed on: the base of the three-way merge (design rule 7). */
    pcSnapshot: jsonb('pc_snapshot').$type<Readonly<Record<string, unknown>>>(),
    crmSnapshot: jsonb('crm_snapshot').$type<Readonly<Record<string, unknown>>>(),
    mappingVersion: integer('mapping_version').notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    unique('links_referral_id_key').on(t.referralId),
    unique('links_crm_record_key').on(t.crmSystem, t.crmRecordId),
    check('links_crm_system_check', oneOf('crm_system', CrmSystem)),
  ],
);

export const inbox = pgTable(
  'inbox',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    source: text('source').$type<System>().notNull(),
    eventName: text('event_name').notNull(),
    resourceId: text('resource_id').notNull(),
    resourceChangeDate: tstz('resource_change_date').notNull(),
    /** event name + resource id + change date; computed in inbox.ts. A redelivery conflicts here. */
    dedupeKey: text('dedupe_key').notNull(),
    payload: jsonb('payload').$type<unknown>().notNull(),
    correlationId: text('correlation_id'),
    receivedAt: tstz('received_at').notNull().defaultNow(),
    processedAt: tstz('processed_at'),
    status: text('status').$type<InboxStatus>().notNull().default(InboxStatus.pending),
  },
  (t) => [
    unique('inbox_dedupe_key_key').on(t.dedupeKey),
    check('inbox_source_check', oneOf('source', System)),
    check('inbox_status_check', oneOf('status', InboxStatus)),
    index('inbox_pending_idx')
      .on(t.id)
      .where(sql.raw(`"status" = '${InboxStatus.pending}'`)),
    index('inbox_resource_idx').on(t.resourceId, t.resourceChangeDate),
  ],
);

export const jobs = pgTable(
  'jobs',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    kind: text('kind').notNull(),
    /** One lane per record: jobs with the same lane key never run at the same time (design rule 3). */
    laneKey: text('lane_key').notNull(),
    payload: jsonb('payload').$type<unknown>().notNull().default({}),
    status: text('status').$type<JobStatus>().notNull().default(JobStatus.queued),
    runAt: tstz('run_at').notNull().defaultNow(),
    attempts: integer('attempts').notNull().default(0),
    maxAttempts: integer('max_attempts').notNull().default(5),
    /**
     * Times the worker running this job died (its lease ran out, or the embedded store was opened again)
     * and the job was taken over. Such an attempt is not the job's: it continues without spending one of
     * `max_attempts`, up to `maxInterruptions` times (a job that keeps killing its process then fails).
     */
    interruptions: integer('interruptions').notNull().default(0),
    lockedBy: text('locked_by'),
    leaseExpiresAt: tstz('lease_expires_at'),
    lastError: jsonb('last_error').$type<unknown>(),
    idempotencyKey: text('idempotency_key'),
    /**
     * Set by a coalesced enqueue (design rule 6) and cleared when the job is claimed: only a job that has
     * not started yet can stand for a later change, because a started one may have read the record before it.
     */
    coalescing: boolean('coalescing').notNull().default(false),
    trigger: text('trigger').$type<RunTrigger>(),
    correlationId: text('correlation_id'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    unique('jobs_idempotency_key_key').on(t.idempotencyKey),
    check('jobs_trigger_check', oneOf('trigger', RunTrigger)),
    check('jobs_status_check', oneOf('status', JobStatus)),
    check('jobs_attempts_check', sql`"attempts" >= 0 AND "max_attempts" >= 1`),
    check('jobs_lease_check', sql.raw(`"status" <> 'running' OR "lease_expires_at" IS NOT NULL`)),
    // claim(): the head of each waiting lane (DISTINCT ON lane_key ORDER BY lane_key, run_at, id) ...
    index('jobs_waiting_lane_idx').on(t.laneKey, t.runAt, t.id).where(waitingJob),
    // ... whether a lane is busy, and which leases have expired.
    index('jobs_running_lane_idx').on(t.laneKey, t.leaseExpiresAt).where(runningJob),
    index('jobs_running_lease_idx').on(t.leaseExpiresAt).where(runningJob),
    // At most one waiting coalesced job per (kind, record): concurrent enqueuers meet here (ON CONFLICT).
    uniqueIndex('jobs_coalesce_key').on(t.kind, t.laneKey).where(sql.raw(coalescePredicate)),
    // A backfill follows its plan's follow-up syncs by correlation id.
    index('jobs_correlation_idx').on(t.correlationId),
  ],
);

export const runs = pgTable(
  'runs',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    flow: text('flow').notNull(),
    trigger: text('trigger').notNull(),
    /** What the run is about, usually a referral id or a CRM record id. */
    subject: text('subject'),
    status: text('status').$type<RunStatus>().notNull().default(RunStatus.running),
    startedAt: tstz('started_at').notNull(),
    finishedAt: tstz('finished_at'),
    apiCalls: integer('api_calls').notNull().default(0),
    /** api_calls split by system, e.g. { "partner-center": 2, "salesforce": 1 }. */
    callsBySystem: jsonb('calls_by_system').$type<Record<string, number>>(),
    /** For a run that did not succeed, its coded reason: error code, params and guidance key, or skip reason. */
    error: jsonb('error').$type<unknown>(),
    correlationId: text('correlation_id'),
    // The job the run executed, kept so a failed run can be resubmitted as the same job (R4).
    jobId: bigint('job_id', { mode: 'number' }),
    jobKind: text('job_kind'),
    jobLaneKey: text('job_lane_key'),
    jobPayload: jsonb('job_payload').$type<unknown>(),
  },
  (t) => [
    check('runs_status_check', oneOf('status', RunStatus)),
    check('runs_trigger_check', oneOf('trigger', RunTrigger)),
    index('runs_started_idx').on(t.startedAt),
    index('runs_flow_idx').on(t.flow, t.startedAt),
    index('runs_subject_idx').on(t.subject),
    index('runs_failed_idx')
      .on(t.startedAt)
      .where(sql.raw(`"status" = '${RunStatus.failed}'`)),
  ],
);

export const runSteps = pgTable(
  'run_steps',
  {
    runId: bigint('run_id', { mode: 'number' }).notNull(),
    seq: integer('seq').notNull(),
    name: text('name').notNull(),
    status: text('status').$type<StepStatus>().notNull(),
    startedAt: tstz('started_at').notNull(),
    finishedAt: tstz('finished_at'),
    apiCalls: integer('api_calls').notNull().default(0),
    callsBySystem: jsonb('calls_by_system').$type<Record<string, number>>(),
    detail: jsonb('detail').$type<unknown>(),
    error: jsonb('error').$type<unknown>(),
  },
  (t) => [
    primaryKey({ name: 'run_steps_pkey', columns: [t.runId, t.seq] }),
    foreignKey({ name: 'run_steps_run_id_fkey', columns: [t.runId], foreignColumns: [runs.id] }).onDelete(
      'cascade',
    ),
    check('run_steps_status_check', oneOf('status', StepStatus)),
  ],
);

export const audit = pgTable(
  'audit',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    at: tstz('at').notNull().defaultNow(),
    referralId: text('referral_id'),
    crmSystem: text('crm_system').$type<CrmSystem>(),
    crmRecordId: text('crm_record_id'),
    direction: text('direction').$type<AuditDirection>().notNull(),
    action: text('action').$type<AuditAction>().notNull(),
    /** Why: a skip reason (echo, no-change, ...) or an error code from src/errors.ts. */
    reasonCode: text('reason_code'),
    fieldDiff: jsonb('field_diff').$type<unknown>(),
    // Runs may be pruned; the audit outlives them.
    runId: bigint('run_id', { mode: 'number' }),
    correlationId: text('correlation_id'),
    mappingVersion: integer('mapping_version'),
  },
  (t) => [
    foreignKey({ name: 'audit_run_id_fkey', columns: [t.runId], foreignColumns: [runs.id] }).onDelete(
      'set null',
    ),
    check('audit_direction_check', oneOf('direction', AuditDirection)),
    check('audit_action_check', oneOf('action', AuditAction)),
    check('audit_crm_system_check', oneOf('crm_system', CrmSystem)),
    index('audit_referral_idx').on(t.referralId, t.at),
    index('audit_crm_record_idx').on(t.crmRecordId, t.at),
    index('audit_at_idx').on(t.at),
    index('audit_run_idx').on(t.runId),
  ],
);

export const budgetCounters = pgTable(
  'budget_counters',
  {
    system: text('system').$type<System>().notNull(),
    account: text('account').notNull(),
    /** The UTC day the calls count against (utcDay in budget.ts). */
    day: date('day', { mode: 'string' }).notNull(),
    calls: integer('calls').notNull().default(0),
  },
  (t) => [
    primaryKey({ name: 'budget_counters_pkey', columns: [t.system, t.account, t.day] }),
    check('budget_counters_calls_check', sql`"calls" >= 0`),
  ],
);

export const cursors = pgTable('cursors', {
  name: text('name').primaryKey(),
  value: text('value').notNull(),
  updatedAt: updatedAt(),
});

/** Which flows are on (C3). A flow without a row is off, as a freshly installed flow was in the old solution. */
export const flows = pgTable('flows', {
  name: text('name').primaryKey(),
  enabled: boolean('enabled').notNull(),
  updatedAt: updatedAt(),
});

/** What a console account may do (admin: everything; operator: resubmit, sync now, doctor; viewer: read). */
export const UserRole = { admin: 'admin', operator: 'operator', viewer: 'viewer' } as const;
export type UserRole = (typeof UserRole)[keyof typeof UserRole];

/** Console accounts. The password is kept only as a scrypt hash (src/store/users.ts). */
export const users = pgTable(
  'users',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    username: text('username').notNull(),
    role: text('role').$type<UserRole>().notNull(),
    passwordHash: text('password_hash').notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [unique('users_username_key').on(t.username), check('users_role_check', oneOf('role', UserRole))],
);

/** Console sign-ins. Only a SHA-256 of the cookie's token is stored: a copy of the table opens no session. */
export const sessions = pgTable(
  'sessions',
  {
    tokenHash: text('token_hash').primaryKey(),
    userId: integer('user_id').notNull(),
    /** The synchronizer token every state-changing request of this session must carry. */
    csrfToken: text('csrf_token').notNull(),
    createdAt: createdAt(),
    expiresAt: tstz('expires_at').notNull(),
  },
  (t) => [
    foreignKey({ name: 'sessions_user_id_fkey', columns: [t.userId], foreignColumns: [users.id] }).onDelete(
      'cascade',
    ),
    index('sessions_expires_idx').on(t.expiresAt),
  ],
);

/** Bearer tokens for the JSON API, hashed (SHA-256) like sessions; shown once when made. */
export const apiTokens = pgTable(
  'api_tokens',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    userId: integer('user_id').notNull(),
    name: text('name').notNull(),
    tokenHash: text('token_hash').notNull(),
    createdAt: createdAt(),
    lastUsedAt: tstz('last_used_at'),
  },
  (t) => [
    unique('api_tokens_token_hash_key').on(t.tokenHash),
    foreignKey({ name: 'api_tokens_user_id_fkey', columns: [t.userId], foreignColumns: [users.id] }).onDelete(
      'cascade',
    ),
  ],
);

/**
 * One row per record (a referral, or a CRM opportunity not linked to one yet): its latest audited decision,
 * kept by insertAudit in the same statement batch. The console's record list pages over it by
 * (updated_at, key) instead of grouping the whole audit on every page.
 */
export const recordIndex = pgTable(
  'record_index',
  {
    /** The referral id, or `crm:<system>:<id>` for an opportunity without a referral yet. */
    key: text('key').primaryKey(),
    referralId: text('referral_id'),
    crmSystem: text('crm_system').$type<CrmSystem>(),
    crmRecordId: text('crm_record_id'),
    /** The record's name as last synced (from the audited field values); text from a remote system. */
    name: text('name'),
    /** The coarse status as last synced (pending, active, won, lost). */
    status: text('status'),
    direction: text('direction').$type<AuditDirection>().notNull(),
    /** The latest audit action: created, updated, skipped, failed, deferred, received. */
    outcome: text('outcome').$type<AuditAction>().notNull(),
    reasonCode: text('reason_code'),
    runId: bigint('run_id', { mode: 'number' }),
    updatedAt: tstz('updated_at').notNull(),
  },
  (t) => [
    index('record_index_updated_idx').on(t.updatedAt, t.key),
    index('record_index_outcome_idx').on(t.outcome, t.updatedAt, t.key),
    index('record_index_crm_idx').on(t.crmRecordId),
  ],
);

/** What a first-sync plan does with a record (or a pair of records). */
export const PlanAction = {
  /** Same deal on both sides by strong evidence (ids): linked, then synced by the policy. */
  link: 'link',
  /** A fuzzy candidate pair: linked only when accepted (--accept-fuzzy, or per pair in the plan file). */
  propose: 'propose',
  /** A referral with no counterpart: created in the CRM. */
  createInCrm: 'create-in-crm',
  /** An opportunity with "Sync with Partner Center" on and no referral: created in Partner Center. */
  createInPartnerCenter: 'create-in-pc',
  /** Left alone, with its reason code (closed, not shared, invalid, already linked, ...). */
  skip: 'skip',
  /** Possibly the same deal entered twice, or ids that disagree: shown to a person, never merged. */
  flag: 'flag',
} as const;
export type PlanAction = (typeof PlanAction)[keyof typeof PlanAction];

export const PlanStatus = {
  /** Computed, not applied yet. */
  ready: 'ready',
  /** A backfill is applying it (or stopped part-way: resumable). */
  applying: 'applying',
  finished: 'finished',
  /** A newer plan took its place before it was applied. */
  superseded: 'superseded',
} as const;
export type PlanStatus = (typeof PlanStatus)[keyof typeof PlanStatus];

export const PlanItemStatus = {
  pending: 'pending',
  /** Its writes were sent (or may have been): a resume checks what landed before writing again. */
  started: 'started',
  done: 'done',
  failed: 'failed',
  /** Waiting for a limit (a daily budget): resumed by the next backfill. */
  deferred: 'deferred',
} as const;
export type PlanItemStatus = (typeof PlanItemStatus)[keyof typeof PlanItemStatus];

/**
 * A first-sync plan (`cosell plan`): what a sync of existing records would do, kept so `cosell backfill`
 * applies exactly what was reviewed and can resume where it stopped.
 */
export const plans = pgTable(
  'plans',
  {
    id: text('id').primaryKey(),
    crmSystem: text('crm_system').$type<CrmSystem>().notNull(),
    status: text('status').$type<PlanStatus>().notNull().default(PlanStatus.ready),
    /** sha-256 of the items as computed: a plan file whose items were edited (beyond accepting) is refused. */
    checksum: text('checksum').notNull(),
    /** Counts per action and reason, the estimated API cost, the options it was computed with. */
    summary: jsonb('summary').$type<Readonly<Record<string, unknown>>>().notNull(),
    /** Who is applying it ("host:pid") and until when that claim holds without a heartbeat. */
    runner: text('runner'),
    runnerLeaseUntil: tstz('runner_lease_until'),
    createdAt: createdAt(),
    startedAt: tstz('started_at'),
    finishedAt: tstz('finished_at'),
    updatedAt: updatedAt(),
  },
  () => [
    check('plans_status_check', oneOf('status', PlanStatus)),
    check('plans_crm_system_check', oneOf('crm_system', CrmSystem)),
  ],
);

export const planItems = pgTable(
  'plan_items',
  {
    planId: text('plan_id').notNull(),
    seq: integer('seq').notNull(),
    action: text('action').$type<PlanAction>().notNull(),
    referralId: text('referral_id'),
    crmRecordId: text('crm_record_id'),
    /** Reason code (skip, flag), evidence and score (link, propose), field diff, the write to make. */
    detail: jsonb('detail').$type<Readonly<Record<string, unknown>>>().notNull(),
    /** A proposed pair a person accepted. */
    accepted: boolean('accepted').notNull().default(false),
    status: text('status').$type<PlanItemStatus>().notNull().default(PlanItemStatus.pending),
    attempts: integer('attempts').notNull().default(0),
    /** What applying it did: the record created, the error code. */
    outcome: jsonb('outcome').$type<Readonly<Record<string, unknown>>>(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.planId, t.seq] }),
    foreignKey({ columns: [t.planId], foreignColumns: [plans.id], name: 'plan_items_plan_fk' }).onDelete(
      'cascade',
    ),
    check('plan_items_action_check', oneOf('action', PlanAction)),
    check('plan_items_status_check', oneOf('status', PlanItemStatus)),
    index('plan_items_work_idx').on(t.planId, t.status, t.seq),
  ],
);
