// The store's public surface. Only src/store/ writes SQL.
export { DbKind, rowsOf, type Db, type Orm, type Queryable, type Schema } from './db.js';
export { openStore, type OpenStoreOptions } from './open.js';
export { openPglite, type PgliteDb, type PgliteOptions } from './pglite.js';
export { openPostgres, type PostgresDb, type PostgresOptions } from './postgres.js';
export { lockFileName } from './lock-file.js';
export { describeSchema } from './describe.js';
export {
  defaultMigrationsDir,
  loadMigrations,
  migrate,
  migrationsTable,
  pendingMigrations,
  type Migration,
  type MigrateOptions,
} from './migrate.js';
export {
  AuditAction,
  AuditDirection,
  CrmSystem,
  InboxStatus,
  JobStatus,
  RunStatus,
  RunTrigger,
  StepStatus,
  System,
} from './schema.js';
export {
  decryptSecret,
  deleteConnection,
  encryptSecret,
  listConnections,
  loadConnection,
  resolveSecretsKey,
  saveConnection,
  secretsKeyFileName,
  type Connection,
  type ConnectionInput,
  type ConnectionSecret,
  type ConnectionWithSecret,
} from './connections.js';
export {
  deleteLink,
  ensureLink,
  getLinkByCrmRecord,
  getLinkByReferral,
  LinkSide,
  recordSyncState,
  type Link,
  type LinkInput,
  type SyncState,
} from './links.js';
export {
  countInbox,
  inboxDedupeKey,
  insertInboxEvents,
  listInbox,
  markInbox,
  type InboxEvent,
  type InboxEventInput,
  type InboxFilter,
} from './inbox.js';
export {
  claim,
  complete,
  countJobs,
  defer,
  enqueue,
  extendLease,
  fail,
  failExpired,
  getJob,
  heartbeat,
  insertCoalesced,
  jobsChannel,
  notifyJobs,
  type ClaimOptions,
  type CoalescedJobInput,
  type Job,
  type JobInput,
} from './jobs.js';
export {
  failedRunJobs,
  finishRun,
  getRun,
  insertRun,
  insertSteps,
  listRuns,
  startRun,
  type FailedRunFilter,
  type FailedRunJob,
  type FinishedRunInput,
  type Run,
  type RunJob,
  type RunEnd,
  type RunFilter,
  type RunInput,
  type RunStep,
  type StepInput,
} from './runs.js';
export { insertAudit, listAudit, type AuditEntry, type AuditInput, type AuditRecord } from './audit.js';
export {
  consumeToday,
  nextUtcMidnight,
  tryConsume,
  usage,
  utcDay,
  type BudgetKey,
  type BudgetResult,
  type TodayResult,
} from './budget.js';
export { getCursor, setCursor } from './cursors.js';
export { enabledFlowNames, setFlowsEnabled } from './flows.js';
