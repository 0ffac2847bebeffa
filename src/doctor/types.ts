// What the doctor reports: plain serialisable data, so the CLI renders it as a table or JSON and the admin
// console can render the same object later. Texts are catalogue keys with their parameters, never sentences,
// so every reader picks its own language.
import type { Config } from '../config.js';
import type { CrmAdapter } from '../crm/adapter.js';
import type { MessageKey } from '../i18n/index.js';
import type { Logger } from '../logger.js';
import type { PartnerCenterClient } from '../partner-center/client.js';
import type { Db } from '../store/db.js';

export const CheckStatus = { pass: 'pass', warn: 'warn', fail: 'fail', skip: 'skip' } as const;
export type CheckStatus = (typeof CheckStatus)[keyof typeof CheckStatus];

/** The requirement IDs of /work/shared/requirements.md a check proves. */
export type RequirementId =
  | 'P1'
  | 'P2'
  | 'P3'
  | 'P4'
  | 'P5'
  | 'C1'
  | 'C3'
  | 'C4'
  | 'C5'
  | 'R1'
  | 'R2'
  | 'R3'
  | 'R4'
  | 'R5'
  | 'R6'
  | 'R7'
  | 'R8';

/** A catalogue text and what fills it. */
export interface Message {
  readonly key: MessageKey;
  readonly params?: Readonly<Record<string, string | number>> | undefined;
}

/** The records a finding is about: the first few ids and how many there are in all. */
export interface RecordSample {
  readonly first: readonly string[];
  readonly total: number;
}

/** The safe fixes `--fix` (and `cosell repair`) can apply. */
export const FixKind = { webhooks: 'webhooks', flows: 'flows', countries: 'countries' } as const;
export type FixKind = (typeof FixKind)[keyof typeof FixKind];

/** A country value with the code it unambiguously names (R6): what `--fix` writes after confirmation. */
export interface CountrySuggestion {
  readonly accountId: string;
  readonly opportunityId: string;
  readonly value: string;
  readonly code: string;
}

export interface CheckOutcome {
  readonly status: CheckStatus;
  /** What was found (for a skip: why the check did not run). */
  readonly found: Message;
  /** What to do; absent when there is nothing to do. */
  readonly fix?: Message | undefined;
  readonly records?: RecordSample | undefined;
  /** A safe fix `--fix` applies for this finding. */
  readonly fixable?: FixKind | undefined;
  readonly suggestions?: readonly CountrySuggestion[] | undefined;
  /** The error code, when the check found one (a check that threw fails with its error). */
  readonly code?: string | undefined;
}

export interface CheckResult extends CheckOutcome {
  readonly id: string;
  readonly requirements: readonly RequirementId[];
}

export interface DoctorReport {
  /** The worst status of any check (a skip counts as a pass). */
  readonly status: 'pass' | 'warn' | 'fail';
  /** 0 every check passed, 1 warnings, 2 failures. */
  readonly exitCode: 0 | 1 | 2;
  readonly crm: string;
  readonly at: string;
  readonly counts: Readonly<Record<CheckStatus, number>>;
  readonly checks: readonly CheckResult[];
}

export interface DoctorDeps {
  readonly config: Config;
  readonly db: Db;
  readonly logger: Logger;
  readonly now?: (() => Date) | undefined;
  /** The receiver's webhook URL the registration must point at; default `COSELL_PUBLIC_URL` + the route. */
  readonly receiverUrl?: string | undefined;
  /** Clients to use instead of opening the stored connections (the demo and tests pass their own). */
  readonly partnerCenter?: (() => Promise<PartnerCenterClient>) | undefined;
  readonly crm?: (() => Promise<CrmAdapter>) | undefined;
}

export interface DoctorSettings {
  /** Ids named per finding (the rest is counted). */
  readonly sampleSize: number;
  /** How long one check may take before it is a failure. */
  readonly checkTimeoutMs: number;
  /** How long the validation event may take to come back through the receiver. */
  readonly webhookTimeoutMs: number;
  readonly webhookPollMs: number;
  /** Most opportunities the data checks read (pages of `pageSize`, each page a bounded number of calls). */
  readonly scanLimit: number;
  readonly pageSize: number;
  /** Free space the store's disk must keep (P5; the old solution asked for 1 GB). */
  readonly minFreeBytes: number;
}

export type DoctorOptions = { readonly [K in keyof DoctorSettings]?: DoctorSettings[K] | undefined } & {
  /** Only these checks (ids or id prefixes such as `webhooks`); default all. */
  readonly only?: readonly string[] | undefined;
};

/** What a check receives: the deps, the options with defaults, and shared reads made once per run. */
export interface DoctorContext {
  readonly deps: DoctorDeps;
  readonly config: Config;
  readonly db: Db;
  readonly options: DoctorSettings;
  now(): Date;
  partnerCenter(): Promise<PartnerCenterClient>;
  crm(): Promise<CrmAdapter>;
  /** Runs `read` once per doctor run; every check asking for `key` shares its answer (or its error). */
  once<T>(key: string, read: () => Promise<T>): Promise<T>;
  sample(ids: readonly string[]): RecordSample;
}

export interface DoctorCheck {
  readonly id: string;
  readonly requirements: readonly RequirementId[];
  run(ctx: DoctorContext): Promise<CheckOutcome>;
}

/** The catalogue keys starting with `prefix`. */
export type MessageKeyOf<P extends string> = Extract<MessageKey, `${P}${string}`>;
