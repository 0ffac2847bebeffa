// R1: a flow run has steps, timings, API calls per system, an outcome, and the audit entries it decided.
// The recorder keeps all of it in memory while the job runs; when the job settles, one transaction writes
// the run row, its steps (one multi-row insert) and its audit entries (another), so a run is never found
// half-written and the store pays a handful of statements per run, not one per step (PGlite: ~0.3 ms each).
import { AsyncLocalStorage } from 'node:async_hooks';
import { isCosellError } from '../errors.js';
import { insertAudit, type AuditInput } from '../store/audit.js';
import type { Db, Queryable } from '../store/db.js';
import {
  insertRuns,
  insertStepsOfRuns,
  type FinishedRunInput,
  type RunJob,
  type StepInput,
} from '../store/runs.js';
import { RunStatus, type RunTrigger } from '../store/schema.js';
import type { Clock } from './clock.js';
import { codedError, guidanceKey, type CodedError } from './outcome.js';

export type FinalRunStatus = Exclude<RunStatus, typeof RunStatus.running>;

/** How a run ended, with its coded reason when it did not simply succeed. */
export type RunOutcome =
  | { readonly status: typeof RunStatus.succeeded }
  | { readonly status: typeof RunStatus.skipped; readonly reason: string }
  | { readonly status: typeof RunStatus.deferred; readonly reason: CodedError; readonly until: Date }
  | { readonly status: typeof RunStatus.failed; readonly error: CodedError };

export interface RunRecorderInit {
  readonly flow: string;
  readonly trigger: RunTrigger;
  /** The record the run is about; the worker uses the job's lane key. */
  readonly subject?: string | undefined;
  readonly correlationId?: string | undefined;
  /** The job being run, kept with the run so it can be resubmitted. */
  readonly job?: RunJob | undefined;
  readonly clock: Clock;
}

/** An audit entry as a flow states it; the recorder adds the time, the run and the correlation id. */
export type AuditNote = Omit<AuditInput, 'at' | 'runId' | 'correlationId'> & {
  readonly at?: Date | undefined;
  readonly correlationId?: string | undefined;
};

export interface StepControl {
  /** Free-form facts about the step (what was compared, what was sent); no secrets. */
  detail(detail: Readonly<Record<string, unknown>>): void;
  /** Ends the step as skipped (e.g. "no change") when its function returns. */
  skip(reason: string): void;
}

/** Everything a finished run writes. */
export interface RunRecord {
  readonly run: FinishedRunInput;
  readonly steps: readonly StepInput[];
  readonly audit: readonly Omit<AuditInput, 'runId'>[];
}

interface OpenStep {
  readonly seq: number;
  readonly name: string;
  readonly startedAt: Date;
  finishedAt?: Date;
  status?: FinalRunStatus;
  calls: Record<string, number>;
  detail?: Record<string, unknown>;
  skipReason?: string;
  error?: CodedError;
}

// Which recorder and step the running code belongs to, so a client shared by every job in the process can
// count its call against the right run (`currentRun()?.countCall(...)`), even with steps in parallel.
const scope = new AsyncLocalStorage<{
  readonly recorder: RunRecorder;
  readonly step: OpenStep | undefined;
}>();

/** The run the calling code is part of, if any. */
export function currentRun(): RunRecorder | undefined {
  return scope.getStore()?.recorder;
}

export class RunRecorder {
  flow: string;
  readonly trigger: RunTrigger;
  subject: string | undefined;
  correlationId: string | undefined;
  readonly startedAt: Date;
  readonly #job: RunJob | undefined;
  readonly #clock: Clock;
  readonly #steps: OpenStep[] = [];
  readonly #audit: AuditNote[] = [];
  readonly #calls: Record<string, number> = {};

  constructor(init: RunRecorderInit) {
    this.flow = init.flow;
    this.trigger = init.trigger;
    this.subject = init.subject;
    this.correlationId = init.correlationId;
    this.#job = init.job;
    this.#clock = init.clock;
    this.startedAt = init.clock.now();
  }

  /** Renames what the run is about once the flow knows better (e.g. the referral id behind a CRM id). */
  describe(patch: {
    readonly flow?: string;
    readonly subject?: string;
    readonly correlationId?: string;
  }): void {
    if (patch.flow !== undefined) this.flow = patch.flow;
    if (patch.subject !== undefined) this.subject = patch.subject;
    if (patch.correlationId !== undefined) this.correlationId = patch.correlationId;
  }

  /** One remote call to `system` (e.g. 'partner-center', 'salesforce'); clients call this per HTTP attempt. */
  countCall(system: string, n = 1): void {
    this.#calls[system] = (this.#calls[system] ?? 0) + n;
    const current = scope.getStore();
    if (current?.recorder === this && current.step !== undefined) {
      current.step.calls[system] = (current.step.calls[system] ?? 0) + n;
    }
  }

  get apiCalls(): number {
    return sum(this.#calls);
  }

  get callsBySystem(): Readonly<Record<string, number>> {
    return { ...this.#calls };
  }

  /**
   * Runs `fn` as a named step: timings, calls made inside it, detail, and how it ended. A throw is recorded
   * with its code (deferred for a "come back later" error, failed otherwise) and rethrown.
   */
  async step<T>(name: string, fn: (step: StepControl) => Promise<T> | T): Promise<T> {
    const step: OpenStep = { seq: this.#steps.length + 1, name, startedAt: this.#clock.now(), calls: {} };
    this.#steps.push(step);
    const control: StepControl = {
      detail: (detail) => {
        step.detail = { ...step.detail, ...detail };
      },
      skip: (reason) => {
        step.skipReason = reason;
      },
    };
    try {
      const result = await scope.run({ recorder: this, step }, () => fn(control));
      step.status = step.skipReason !== undefined ? RunStatus.skipped : RunStatus.succeeded;
      return result;
    } catch (err) {
      step.error = codedError(err).error;
      step.status = isCosellError(err) && err.retry === 'after' ? RunStatus.deferred : RunStatus.failed;
      throw err;
    } finally {
      step.finishedAt = this.#clock.now();
    }
  }

  /** Buffers an audit entry; it is written with the run. */
  audit(entry: AuditNote): void {
    this.#audit.push(entry);
  }

  /** Runs `fn` with this recorder as `currentRun()`. */
  within<T>(fn: () => Promise<T>): Promise<T> {
    return scope.run({ recorder: this, step: undefined }, fn);
  }

  /** The rows to write. A step still open (its promise never settled) is written as failed, unfinished. */
  finish(outcome: RunOutcome, finishedAt: Date = this.#clock.now()): RunRecord {
    const run: FinishedRunInput = {
      flow: this.flow,
      trigger: this.trigger,
      subject: this.subject,
      correlationId: this.correlationId,
      startedAt: this.startedAt,
      finishedAt,
      status: outcome.status,
      apiCalls: this.apiCalls,
      callsBySystem: this.callsBySystem,
      error: runError(outcome),
      job: this.#job,
    };
    const steps: StepInput[] = this.#steps.map((s) => ({
      seq: s.seq,
      name: s.name,
      status: s.status ?? RunStatus.failed,
      startedAt: s.startedAt,
      finishedAt: s.finishedAt,
      apiCalls: sum(s.calls),
      callsBySystem: s.calls,
      detail: s.skipReason !== undefined ? { ...s.detail, skipped: s.skipReason } : (s.detail ?? undefined),
      error: s.error !== undefined ? withGuidance(s.error) : undefined,
    }));
    const audit = this.#audit.map((a) => ({
      ...a,
      at: a.at ?? finishedAt,
      correlationId: a.correlationId ?? this.correlationId,
    }));
    return { run, steps, audit };
  }
}

/** Writes a finished run, its steps and its audit entries; give it a transaction (see flushRun). */
export async function writeRun(db: Queryable, record: RunRecord): Promise<number> {
  const [runId] = await writeRuns(db, [record]);
  if (runId === undefined) throw new Error('run insert returned no id');
  return runId;
}

/** Several runs with their steps and audit entries in three statements; the run ids in order. */
export async function writeRuns(db: Queryable, records: readonly RunRecord[]): Promise<number[]> {
  const runIds = await insertRuns(
    db,
    records.map((r) => r.run),
  );
  await insertStepsOfRuns(
    db,
    records.map((r, i) => ({ runId: runIds[i] ?? 0, steps: r.steps })),
  );
  await insertAudit(
    db,
    records.flatMap((r, i) => r.audit.map((a) => ({ ...a, runId: runIds[i] }))),
  );
  return runIds;
}

/** writeRun in a transaction of its own: all of it, or (on any error) none of it. */
export function flushRun(db: Db, record: RunRecord): Promise<number> {
  return db.transaction((tx) => writeRun(tx, record));
}

function runError(outcome: RunOutcome): unknown {
  switch (outcome.status) {
    case RunStatus.succeeded:
      return undefined;
    case RunStatus.skipped:
      return { code: outcome.reason };
    case RunStatus.deferred:
      return { ...withGuidance(outcome.reason), until: outcome.until.toISOString() };
    case RunStatus.failed:
      return withGuidance(outcome.error);
  }
}

function withGuidance(error: CodedError): CodedError & { guidance?: string } {
  const guidance = guidanceKey(error.code);
  return guidance !== undefined ? { ...error, guidance } : error;
}

function sum(calls: Readonly<Record<string, number>>): number {
  return Object.values(calls).reduce((a, b) => a + b, 0);
}
