import path from 'node:path';
import { z } from 'zod';
import { DEFAULT_TIME_ZONE, isRole, isValidTimeZone, type Role } from '@dawn/core';

/**
 * Every setting Dawn reads from the environment, validated once at start-up. A bad value stops
 * start-up with one line that names the variable (see `describeConfigError`).
 */
const envSchema = z.object({
  DAWN_PORT: z.coerce
    .number({ error: 'must be a port number (1-65535)' })
    .int('must be a whole number')
    .min(0, 'must be between 0 and 65535')
    .max(65535, 'must be between 0 and 65535')
    .default(3000),
  DAWN_HOST: z.string().min(1, 'must not be empty').default('127.0.0.1'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL')
    .optional(),
  DAWN_DATA_DIR: z.string().min(1, 'must not be empty').default('./data'),
  DAWN_KEYS_DIR: z.string().min(1, 'must not be empty').optional(),
  DAWN_AUDIT_CHECKPOINT_FILE: z.string().min(1, 'must not be empty').optional(),
  DAWN_AUDIT_CHECKPOINT_MINUTES: z.coerce
    .number({ error: 'must be a number of minutes' })
    .int('must be a whole number of minutes')
    .min(0, 'must be 0 (only at start and stop) or more')
    .default(5),
  DAWN_MIGRATION_DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL')
    .optional(),
  DAWN_METRICS_PORT: z.coerce
    .number({ error: 'must be a port number (1-65535)' })
    .int('must be a whole number')
    .min(0, 'must be between 0 and 65535')
    .max(65535, 'must be between 0 and 65535')
    .optional(),
  DAWN_METRICS_HOST: z.string().min(1, 'must not be empty').default('127.0.0.1'),
  DAWN_DB_APP_ROLE: z
    .string()
    .regex(/^[a-z_][a-z0-9_]{0,62}$/, 'must be a PostgreSQL role name (lower-case, digits, _)')
    .optional(),
  DAWN_TIMEZONE: z
    .string()
    .refine(isValidTimeZone, 'must be an IANA time zone such as Asia/Kolkata')
    .default(DEFAULT_TIME_ZONE),
  DAWN_LOG_LEVEL: z
    .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
    .default('info'),
  DAWN_LOG_FORMAT: z
    .enum(['auto', 'pretty', 'json'], { error: 'must be auto, pretty or json' })
    .default('auto'),
  DAWN_DEMO_SEED: z.enum(['auto', 'never'], { error: 'must be auto or never' }).default('auto'),
  DAWN_DB_POOL_SIZE: z.coerce
    .number({ error: 'must be a number' })
    .int()
    .min(1, 'must be at least 1')
    .max(200, 'must be at most 200')
    .default(10),
  DAWN_SESSION_IDLE_MINUTES: z.coerce
    .number({ error: 'must be a number of minutes' })
    .int()
    .min(1, 'must be at least 1')
    .max(24 * 60, 'must be at most 1440')
    .default(30),
  DAWN_SESSION_ABSOLUTE_HOURS: z.coerce
    .number({ error: 'must be a number of hours' })
    .int()
    .min(1, 'must be at least 1')
    .max(24 * 30, 'must be at most 720')
    .default(12),
  DAWN_REQUIRE_2FA_ROLES: z
    .string()
    .default('program_manager,admin')
    .transform((value) =>
      value
        .split(',')
        .map((role) => role.trim())
        .filter(Boolean),
    )
    .refine((roles) => roles.every(isRole), 'must be a comma-separated list of role names'),
  DAWN_MASTER_KEY: z.string().optional(),
  DAWN_SIGN_IN_RATE_LIMIT: z.coerce
    .number({ error: 'must be a number of attempts per minute' })
    .int()
    .min(1, 'must be at least 1')
    .default(30),
  DAWN_SIMILAR_SEARCH_RATE_LIMIT: z.coerce
    .number({ error: 'must be a number of searches per minute' })
    .int()
    .min(1, 'must be at least 1')
    .default(30),
  DAWN_TRUST_PROXY: z.enum(['true', 'false'], { error: 'must be true or false' }).default('false'),
  DAWN_ADMIN_EMAIL: z.email('must be an e-mail address').default('admin@localhost.localdomain'),
  DAWN_SHUTDOWN_GRACE_MS: z.coerce
    .number({ error: 'must be a number of milliseconds' })
    .int()
    .min(0)
    .default(10000),
  DAWN_SMTP_URL: z
    .url({ protocol: /^smtps?$/, error: 'must be an smtp:// or smtps:// URL' })
    .optional(),
  DAWN_MAIL_FROM: z
    .string()
    .min(3, 'must be a sender address')
    .default('Dawn <dawn@localhost.localdomain>'),
  DAWN_PUBLIC_URL: z.url({ error: 'must be the URL users open Dawn at' }).optional(),
  DAWN_SWEEP_INTERVAL_MINUTES: z.coerce
    .number({ error: 'must be a number of minutes' })
    .int()
    .min(0, 'must be 0 (off) or more')
    .default(15),
  DAWN_DOCUMENT_MAX_BYTES: z.coerce
    .number({ error: 'must be a number of bytes' })
    .int('must be a whole number of bytes')
    .min(1024, 'must be at least 1024')
    .max(2 ** 31 - 1, 'must be below 2 GiB')
    .default(25 * 1024 * 1024),
  DAWN_WEBHOOK_ALLOW_PRIVATE_ADDRESSES: z
    .enum(['true', 'false'], { error: 'must be true or false' })
    .default('false'),
});

export interface Config {
  port: number;
  host: string;
  databaseUrl: string | undefined;
  dataDir: string;
  /** Where the master key file lives: beside the data directory, never inside it. */
  keysDir: string;
  /** The signed audit checkpoint, outside the database and the data directory. */
  auditCheckpointFile: string;
  /** Minutes between audit checkpoints; 0 writes them only at start and stop. */
  auditCheckpointMinutes: number;
  /** The database owner's URL for migrations; unset migrates through DATABASE_URL. */
  migrationDatabaseUrl: string | undefined;
  /** Prometheus metrics are served on this port of metricsHost only; unset serves none. */
  metricsPort: number | undefined;
  metricsHost: string;
  /** The role the server connects as; migrations grant it what it needs and no more. */
  dbAppRole: string | undefined;
  timeZone: string;
  logLevel: z.infer<typeof envSchema>['DAWN_LOG_LEVEL'];
  /** `auto`: readable lines in a terminal, JSON otherwise. */
  logFormat: 'auto' | 'pretty' | 'json';
  demoSeed: 'auto' | 'never';
  dbPoolSize: number;
  shutdownGraceMs: number;
  sessionIdleMinutes: number;
  sessionAbsoluteHours: number;
  /** Roles whose users must use two-factor sign-in (by default those that can reveal identities). */
  requireTwoFactorRoles: Role[];
  /** Master keys from the environment (`id:base64,…`); unset uses the key file in dataDir. */
  masterKey: string | undefined;
  trustProxy: boolean;
  /** Sign-in and code attempts per minute from one address (offices share an address). */
  signInRateLimit: number;
  /** Similar-person searches per minute by one user: each one probes the identity indexes. */
  similarSearchRateLimit: number;
  /** E-mail of the first administrator made at the first start of an installation. */
  adminEmail: string;
  /** Where alert e-mails go out; unset keeps them in the outbox (and says so at start). */
  smtpUrl: string | undefined;
  mailFrom: string;
  /** The address in e-mailed links; defaults to http://host:port. */
  publicUrl: string;
  /** How often deadlines are recomputed and alerts raised; 0 turns the background sweep off. */
  sweepIntervalMinutes: number;
  /** The largest document upload accepted, in bytes; enforced while the upload streams. */
  documentMaxBytes: number;
  /** Webhook endpoints on loopback or private addresses (SSRF): refused unless this is set. */
  webhookAllowPrivateAddresses: boolean;
}

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

/** Reads and validates the environment. Empty strings count as unset. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const cleaned = Object.fromEntries(
    Object.entries(env).filter(([key, value]) => key in envSchema.shape && value !== ''),
  );
  const parsed = envSchema.safeParse(cleaned);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const variable = String(issue?.path[0] ?? 'environment');
    // DATABASE_URL may hold a password and DAWN_MASTER_KEY is one: name them, never echo them.
    const secret =
      variable === 'DATABASE_URL' ||
      variable === 'DAWN_MIGRATION_DATABASE_URL' ||
      variable === 'DAWN_MASTER_KEY' ||
      variable === 'DAWN_SMTP_URL';
    const shown = secret ? '' : ` (got ${JSON.stringify(env[variable] ?? '')})`;
    throw new ConfigError(`Invalid ${variable}: ${issue?.message ?? 'invalid value'}${shown}`);
  }
  const values = parsed.data;
  const dataDir = path.resolve(values.DAWN_DATA_DIR);
  return {
    port: values.DAWN_PORT,
    host: values.DAWN_HOST,
    databaseUrl: values.DATABASE_URL,
    dataDir,
    keysDir: path.resolve(values.DAWN_KEYS_DIR ?? `${dataDir}-keys`),
    auditCheckpointFile: path.resolve(
      values.DAWN_AUDIT_CHECKPOINT_FILE ?? `${dataDir}-audit-checkpoint.json`,
    ),
    auditCheckpointMinutes: values.DAWN_AUDIT_CHECKPOINT_MINUTES,
    migrationDatabaseUrl: values.DAWN_MIGRATION_DATABASE_URL,
    dbAppRole: values.DAWN_DB_APP_ROLE,
    metricsPort: values.DAWN_METRICS_PORT,
    metricsHost: values.DAWN_METRICS_HOST,
    timeZone: values.DAWN_TIMEZONE,
    logLevel: values.DAWN_LOG_LEVEL,
    logFormat: values.DAWN_LOG_FORMAT,
    demoSeed: values.DAWN_DEMO_SEED,
    dbPoolSize: values.DAWN_DB_POOL_SIZE,
    shutdownGraceMs: values.DAWN_SHUTDOWN_GRACE_MS,
    sessionIdleMinutes: values.DAWN_SESSION_IDLE_MINUTES,
    sessionAbsoluteHours: values.DAWN_SESSION_ABSOLUTE_HOURS,
    requireTwoFactorRoles: values.DAWN_REQUIRE_2FA_ROLES.filter(isRole),
    masterKey: values.DAWN_MASTER_KEY,
    trustProxy: values.DAWN_TRUST_PROXY === 'true',
    signInRateLimit: values.DAWN_SIGN_IN_RATE_LIMIT,
    similarSearchRateLimit: values.DAWN_SIMILAR_SEARCH_RATE_LIMIT,
    adminEmail: values.DAWN_ADMIN_EMAIL,
    smtpUrl: values.DAWN_SMTP_URL,
    mailFrom: values.DAWN_MAIL_FROM,
    publicUrl: (values.DAWN_PUBLIC_URL ?? `http://${values.DAWN_HOST}:${values.DAWN_PORT}`).replace(
      /\/$/,
      '',
    ),
    sweepIntervalMinutes: values.DAWN_SWEEP_INTERVAL_MINUTES,
    documentMaxBytes: values.DAWN_DOCUMENT_MAX_BYTES,
    webhookAllowPrivateAddresses: values.DAWN_WEBHOOK_ALLOW_PRIVATE_ADDRESSES === 'true',
  };
}
