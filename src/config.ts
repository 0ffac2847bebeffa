// The only reader of the environment. Everything else receives a frozen, typed Config (or a slice of it).
// Every variable is listed once, in `env` below, with its default; docs/configuration.md mirrors it.
import fs from 'node:fs';
import { parseEnv } from 'node:util';
import { z } from 'zod';
import { CosellError } from './errors.js';
import { resolveLocale, type Locale } from './i18n/index.js';
import { defaultStagePolicy, type StagePolicy } from './domain/sync/status-mapping.js';

export const Profile = { sandbox: 'sandbox', production: 'production' } as const;
export type Profile = (typeof Profile)[keyof typeof Profile];

/** Microsoft's public endpoints; the sandbox profile points these at the emulators instead. */
export const microsoftDefaults = {
  referralsApiUrl: 'https://api.partner.microsoft.com',
  webhooksApiUrl: 'https://api.partnercenter.microsoft.com',
  authorityUrl: 'https://login.microsoftonline.com/organizations',
  resource: 'https://api.partner.microsoft.com',
  webhooksResource: 'https://api.partnercenter.microsoft.com',
  // Partner Center publishes its signing certificate here (docs/remote-apis.md, webhooks).
  certHosts: ['3psostorageacct.blob.core.windows.net'],
  certIssuerOrg: 'Microsoft Corporation',
} as const;

/** The application id used against the emulators when none is configured (sandbox only). */
export const sandboxClientId = 'cosell-sandbox';

const csv = z.string().transform((s) =>
  s
    .split(',')
    .map((x) => x.trim().toLowerCase())
    .filter((x) => x.length > 0),
);

const positiveInt = z.coerce.number().int().positive();

const envSchema = z.object({
  COSELL_PROFILE: z.enum(['sandbox', 'production']).default('sandbox'),
  COSELL_LOCALE: z.string().optional(),
  COSELL_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  COSELL_CRM: z.enum(['salesforce', 'dynamics']).default('salesforce'),
  COSELL_DATA_DIR: z.string().min(1).default('.data'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must start with postgres:// or postgresql://')
    .optional(),
  COSELL_SECRETS_KEY: z.string().optional(),

  COSELL_PC_API_URL: z.url().optional(),
  COSELL_PC_WEBHOOKS_API_URL: z.url().optional(),
  COSELL_PC_AUTHORITY_URL: z.url().optional(),
  COSELL_PC_CLIENT_ID: z.string().min(1).optional(),
  COSELL_PC_DAILY_CAP: positiveInt.default(10_000),
  COSELL_PC_MAX_RETRIES: z.coerce.number().int().min(0).max(10).default(4),

  COSELL_HOST: z.string().default('127.0.0.1'),
  COSELL_PORT: z.coerce.number().int().min(0).max(65_535).default(8080),
  COSELL_PUBLIC_URL: z.url().optional(),
  COSELL_WEBHOOK_MAX_BYTES: positiveInt.default(64 * 1024),
  COSELL_WEBHOOK_CERT_HOSTS: csv.optional(),
  COSELL_WEBHOOK_CERT_ISSUER: z.string().min(1).default(microsoftDefaults.certIssuerOrg),

  COSELL_SF_LOGIN_URL: z.url().default('https://login.salesforce.com'),
  COSELL_SF_CLIENT_ID: z.string().min(1).optional(),
  COSELL_SF_CLIENT_SECRET: z.string().min(1).optional(),
  COSELL_SF_DAILY_CAP: positiveInt.optional(),

  COSELL_DV_URL: z.url().optional(),
  COSELL_DV_TENANT: z.string().min(1).default('organizations'),
  COSELL_DV_AUTHORITY_URL: z.url().default('https://login.microsoftonline.com'),
  COSELL_DV_CLIENT_ID: z.string().min(1).optional(),
  COSELL_DV_CLIENT_SECRET: z.string().min(1).optional(),
  COSELL_DV_PUBLISHER_PREFIX: z
    .string()
    .regex(/^[a-z][a-z0-9]{1,7}_$/, 'must be 2-8 lower-case letters or digits followed by _')
    .default('cosell_'),
  COSELL_DV_SOLUTION: z
    .string()
    .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'must be a solution unique name (letters, digits and _)')
    .optional(),
  COSELL_DV_DAILY_CAP: positiveInt.optional(),

  // Jobs mostly wait on remote calls: 16 in flight keep 2 cores busy and let new referrals share upserts
  // (docs/benchmarks.md).
  COSELL_WORKERS: positiveInt.max(64).default(16),
  COSELL_LEASE_MS: z.coerce.number().int().min(1_000).max(3_600_000).default(60_000),
  COSELL_STOP_DEADLINE_S: z.coerce.number().int().min(0).max(3_600).default(10),
  COSELL_COALESCE_MS: z.coerce.number().int().min(0).max(600_000).default(2_000),
  COSELL_RECONCILE_EVERY_S: positiveInt.default(900),
  COSELL_RECONCILE_OVERLAP_S: z.coerce.number().int().min(0).default(300),
  COSELL_SYNC_SINCE: z.iso.datetime({ offset: true }).optional(),
  COSELL_CRM_POLL_S: positiveInt.default(30),
  COSELL_STAGE_ON_HOLD: z.string().min(1).default(defaultStagePolicy.onHoldStage),
  COSELL_STAGE_ACTIVE: z.string().min(1).default(defaultStagePolicy.activeStage),
  COSELL_STAGE_WON: z.string().min(1).default(defaultStagePolicy.wonStage),
  COSELL_STAGE_LOST: z.string().min(1).default(defaultStagePolicy.lostStage),
  COSELL_DEFAULT_OWNER: z.string().min(1).optional(),
  COSELL_NAME_MARKER: z.stringbool().default(true),
});

export interface Config {
  readonly profile: Profile;
  readonly locale: Locale;
  readonly logLevel: z.infer<typeof envSchema>['COSELL_LOG_LEVEL'];
  /** The CRM this deployment syncs with. */
  readonly crm: 'salesforce' | 'dynamics';
  readonly store: {
    readonly dataDir: string;
    readonly databaseUrl: string | undefined;
    /** 32 bytes for AES-256-GCM; undefined only in sandbox, where the store keeps a generated key file. */
    readonly secretsKey: Buffer | undefined;
  };
  readonly partnerCenter: {
    readonly referralsApiUrl: string;
    readonly webhooksApiUrl: string;
    readonly authorityUrl: string;
    readonly resource: string;
    readonly webhooksResource: string;
    readonly clientId: string | undefined;
    readonly dailyCap: number;
    readonly maxRetries: number;
  };
  readonly receiver: {
    readonly host: string;
    readonly port: number;
    readonly publicUrl: string | undefined;
    readonly maxBodyBytes: number;
    /** Lower-case host names the signing certificate may be fetched from. */
    readonly certHosts: readonly string[];
    readonly certIssuerOrg: string;
  };
  readonly salesforce: {
    readonly loginUrl: string;
    readonly clientId: string | undefined;
    readonly clientSecret: string | undefined;
    /** Our own daily guard below the org's limit; undefined: the adapter's default. */
    readonly dailyCap: number | undefined;
  };
  readonly dynamics: {
    /** The Dataverse environment, e.g. https://contoso.crm4.dynamics.com; a stored connection may name it. */
    readonly environmentUrl: string | undefined;
    /** The Entra ID tenant (id or domain) of the environment. */
    readonly tenant: string;
    readonly authorityUrl: string;
    readonly clientId: string | undefined;
    /** For an application user (client credentials); never logged. */
    readonly clientSecret: string | undefined;
    /** The solution publisher's prefix of the co-sell columns and the Microsoft solution table. */
    readonly publisherPrefix: string;
    /** The unmanaged solution `cosell install crm` adds its components to; undefined: the default solution. */
    readonly solution: string | undefined;
    /** Our own daily guard on requests to the environment; undefined: the adapter's default. */
    readonly dailyCap: number | undefined;
  };
  readonly sync: {
    /** Jobs one process runs at once. */
    readonly workers: number;
    /**
     * How long a claimed job stays leased to its worker (renewed every third of it while it runs). When the
     * process dies, its jobs are taken over by another worker once their lease has expired.
     */
    readonly leaseMs: number;
    /**
     * On SIGTERM/SIGINT, how long jobs in flight may take to finish before they are aborted and put back
     * (their next run redoes them; nothing is lost).
     */
    readonly stopDeadlineMs: number;
    /** Changes to one record inside this window become one write (design rule 6). */
    readonly coalesceMs: number;
    readonly reconcileEveryMs: number;
    /** How far each reconciliation pass looks back before its cursor (equal timestamps, indexing delay). */
    readonly reconcileOverlapMs: number;
    /** Where the first reconciliation pass and change-feed read start; undefined: from the first run on. */
    readonly syncSince: Date | undefined;
    readonly crmPollEveryMs: number;
    readonly stages: StagePolicy;
    /** CRM user id owning opportunities whose referral team maps to no CRM user (P4). */
    readonly defaultOwnerId: string | undefined;
    /** ✔/✖ before the opportunity name, showing the last outcome on the record. */
    readonly nameMarker: boolean;
  };
}

export type Env = Readonly<Record<string, string | undefined>>;

function decodeKey(raw: string): Buffer | string {
  const key = Buffer.from(raw, 'base64');
  if (key.length !== 32) return `decodes to ${key.length} bytes, 32 are needed`;
  return key;
}

/**
 * Parses configuration from an environment-shaped object. Every problem is reported at once in one
 * CONFIG_INVALID error. Secret values never appear in the message.
 */
export function parseConfig(
  env: Env,
  overrides: Partial<Record<keyof z.infer<typeof envSchema>, string>> = {},
  /** Problems found before parsing (the configuration file's), listed with the rest. */
  earlier: readonly string[] = [],
): Config {
  const source = { ...pickKnown(env), ...overrides };
  const parsed = envSchema.safeParse(source);
  const problems: string[] = [...earlier];
  if (!parsed.success) {
    for (const issue of parsed.error.issues) problems.push(`${issue.path.join('.')}: ${issue.message}`);
  }
  if (!parsed.success || problems.length > 0) {
    throw new CosellError('CONFIG_INVALID', { problems: problems.join('; ') });
  }
  const e = parsed.data;
  const production = e.COSELL_PROFILE === 'production';

  let secretsKey: Buffer | undefined;
  if (e.COSELL_SECRETS_KEY !== undefined) {
    const decoded = decodeKey(e.COSELL_SECRETS_KEY);
    if (typeof decoded === 'string') problems.push(`COSELL_SECRETS_KEY: ${decoded}`);
    else secretsKey = decoded;
  } else if (production) {
    problems.push('COSELL_SECRETS_KEY: required in the production profile');
  }

  if (production) {
    for (const name of ['COSELL_PC_CLIENT_ID', 'COSELL_PUBLIC_URL'] as const) {
      if (e[name] === undefined) problems.push(`${name}: required in the production profile`);
    }
    for (const name of [
      'COSELL_PC_API_URL',
      'COSELL_PC_WEBHOOKS_API_URL',
      'COSELL_PC_AUTHORITY_URL',
      'COSELL_PUBLIC_URL',
      'COSELL_SF_LOGIN_URL',
      'COSELL_DV_URL',
      'COSELL_DV_AUTHORITY_URL',
    ] as const) {
      const value = e[name];
      // TLS is never weakened in production: every remote endpoint and our public URL must be https.
      if (value !== undefined && !value.startsWith('https://'))
        problems.push(`${name}: must be https in production`);
    }
  }
  if (problems.length > 0) throw new CosellError('CONFIG_INVALID', { problems: problems.join('; ') });

  const config: Config = {
    profile: e.COSELL_PROFILE,
    locale: resolveLocale(e.COSELL_LOCALE),
    logLevel: e.COSELL_LOG_LEVEL,
    crm: e.COSELL_CRM,
    store: { dataDir: e.COSELL_DATA_DIR, databaseUrl: e.DATABASE_URL, secretsKey },
    partnerCenter: {
      referralsApiUrl: stripSlash(e.COSELL_PC_API_URL ?? microsoftDefaults.referralsApiUrl),
      webhooksApiUrl: stripSlash(e.COSELL_PC_WEBHOOKS_API_URL ?? microsoftDefaults.webhooksApiUrl),
      authorityUrl: stripSlash(e.COSELL_PC_AUTHORITY_URL ?? microsoftDefaults.authorityUrl),
      resource: microsoftDefaults.resource,
      webhooksResource: microsoftDefaults.webhooksResource,
      // The emulators accept any client id; production insists on the real app registration's id.
      clientId: e.COSELL_PC_CLIENT_ID ?? (production ? undefined : sandboxClientId),
      dailyCap: e.COSELL_PC_DAILY_CAP,
      maxRetries: e.COSELL_PC_MAX_RETRIES,
    },
    receiver: {
      host: e.COSELL_HOST,
      port: e.COSELL_PORT,
      publicUrl: e.COSELL_PUBLIC_URL,
      maxBodyBytes: e.COSELL_WEBHOOK_MAX_BYTES,
      certHosts: e.COSELL_WEBHOOK_CERT_HOSTS ?? [...microsoftDefaults.certHosts],
      certIssuerOrg: e.COSELL_WEBHOOK_CERT_ISSUER,
    },
    salesforce: {
      loginUrl: stripSlash(e.COSELL_SF_LOGIN_URL),
      clientId: e.COSELL_SF_CLIENT_ID,
      clientSecret: e.COSELL_SF_CLIENT_SECRET,
      dailyCap: e.COSELL_SF_DAILY_CAP,
    },
    dynamics: {
      environmentUrl: e.COSELL_DV_URL === undefined ? undefined : stripSlash(e.COSELL_DV_URL),
      tenant: e.COSELL_DV_TENANT,
      authorityUrl: stripSlash(e.COSELL_DV_AUTHORITY_URL),
      clientId: e.COSELL_DV_CLIENT_ID,
      clientSecret: e.COSELL_DV_CLIENT_SECRET,
      publisherPrefix: e.COSELL_DV_PUBLISHER_PREFIX,
      solution: e.COSELL_DV_SOLUTION,
      dailyCap: e.COSELL_DV_DAILY_CAP,
    },
    sync: {
      workers: e.COSELL_WORKERS,
      leaseMs: e.COSELL_LEASE_MS,
      stopDeadlineMs: e.COSELL_STOP_DEADLINE_S * 1000,
      coalesceMs: e.COSELL_COALESCE_MS,
      reconcileEveryMs: e.COSELL_RECONCILE_EVERY_S * 1000,
      reconcileOverlapMs: e.COSELL_RECONCILE_OVERLAP_S * 1000,
      syncSince: e.COSELL_SYNC_SINCE === undefined ? undefined : new Date(e.COSELL_SYNC_SINCE),
      crmPollEveryMs: e.COSELL_CRM_POLL_S * 1000,
      stages: {
        onHoldStage: e.COSELL_STAGE_ON_HOLD,
        activeStage: e.COSELL_STAGE_ACTIVE,
        wonStage: e.COSELL_STAGE_WON,
        lostStage: e.COSELL_STAGE_LOST,
      },
      defaultOwnerId: e.COSELL_DEFAULT_OWNER,
      nameMarker: e.COSELL_NAME_MARKER,
    },
  };
  return deepFreeze(config);
}

/**
 * Reads the configuration file named by COSELL_CONFIG_FILE (if any) and the process environment, which wins
 * over the file. The only place in the product that touches process.env.
 */
export function loadConfig(overrides: Parameters<typeof parseConfig>[1] = {}): Config {
  const file = readConfigFile(process.env.COSELL_CONFIG_FILE);
  return parseConfig({ ...file.values, ...process.env }, overrides, file.problems);
}

/** Where each setting in effect comes from: `cosell config show`. */
export type SettingSource = 'environment' | 'file' | 'default';

export interface ConfigSources {
  readonly file: string | undefined;
  /** Every known setting: its value as given (or the default), and where it came from. */
  readonly settings: readonly { key: ConfigKey; value: string | undefined; source: SettingSource }[];
}

/** What `loadConfig` reads, key by key, before parsing. */
export function configSources(): ConfigSources {
  const path = process.env.COSELL_CONFIG_FILE;
  const file = readConfigFile(path).values;
  const env = pickKnown(process.env);
  const defaults = envSchema.safeParse({});
  return {
    file: path,
    settings: configKeys.map((key) => {
      if (env[key] !== undefined) return { key, value: env[key], source: 'environment' as const };
      if (file[key] !== undefined && file[key] !== '')
        return { key, value: file[key], source: 'file' as const };
      const fallback = defaults.success ? (defaults.data as Record<string, unknown>)[key] : undefined;
      return {
        key,
        value: settingText(fallback),
        source: 'default' as const,
      };
    }),
  };
}

/** A parsed default as it would be written in the environment. */
function settingText(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (Array.isArray(value)) return value.map((v) => settingText(v) ?? '').join(',');
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean')
    return String(value);
  return JSON.stringify(value);
}

/**
 * A configuration file holds `KEY=value` lines, the environment's variable names (as for systemd's
 * EnvironmentFile or `docker --env-file`), parsed by Node's own `util.parseEnv`. A name that is not a setting
 * is a problem (most likely a typo), as is a file that cannot be read.
 */
export function readConfigFile(path: string | undefined): {
  values: Record<string, string>;
  problems: string[];
} {
  if (path === undefined || path === '') return { values: {}, problems: [] };
  let text: string;
  try {
    text = fs.readFileSync(path, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? 'unreadable';
    return { values: {}, problems: [`COSELL_CONFIG_FILE: cannot read ${path} (${reason})`] };
  }
  const values: Record<string, string> = {};
  for (const [key, value] of Object.entries(parseEnv(text))) if (value !== undefined) values[key] = value;
  const known = new Set<string>(configKeys);
  const problems = Object.keys(values)
    .filter((key) => !known.has(key))
    .map((key) => `${path}: ${key} is not a setting`);
  return { values, problems };
}

/** The language for text shown before the configuration is parsed (command help). */
export function environmentLocale(): Locale {
  return resolveLocale(process.env.COSELL_LOCALE);
}

/** For tests and the demo: the same parsing, starting from an empty environment. */
export function configFrom(values: Parameters<typeof parseConfig>[1] = {}): Config {
  return parseConfig({}, values);
}

/** The database URL for the test suite; read here so no other module touches process.env. */
export function testDatabaseUrl(): string | undefined {
  return process.env.DATABASE_URL;
}

export type ConfigKey = keyof z.infer<typeof envSchema>;
export const configKeys = Object.keys(envSchema.shape) as ConfigKey[];

/** Settings whose values are secrets: never printed, logged or put in an error. */
export function isSecretSetting(key: ConfigKey): boolean {
  return /SECRET|PASSWORD|TOKEN/.test(key) || key === 'COSELL_SECRETS_KEY';
}

function pickKnown(env: Env): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of configKeys) {
    const value = env[key];
    if (value !== undefined && value !== '') out[key] = value;
  }
  return out;
}

function stripSlash(url: string): string {
  return url.replace(/\/+$/, '');
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Buffer.isBuffer(value)) {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}
