import path from 'node:path';
import { z } from 'zod';
import { DEFAULT_TIME_ZONE, isValidTimeZone } from '@dawn/core';

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
  DAWN_TIMEZONE: z
    .string()
    .refine(isValidTimeZone, 'must be an IANA time zone such as Asia/Kolkata')
    .default(DEFAULT_TIME_ZONE),
  DAWN_LOG_LEVEL: z
    .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
    .default('info'),
  DAWN_DEMO_SEED: z.enum(['auto', 'never'], { error: 'must be auto or never' }).default('auto'),
  DAWN_DB_POOL_SIZE: z.coerce
    .number({ error: 'must be a number' })
    .int()
    .min(1, 'must be at least 1')
    .max(200, 'must be at most 200')
    .default(10),
  DAWN_SHUTDOWN_GRACE_MS: z.coerce
    .number({ error: 'must be a number of milliseconds' })
    .int()
    .min(0)
    .default(10000),
});

export interface Config {
  port: number;
  host: string;
  databaseUrl: string | undefined;
  dataDir: string;
  timeZone: string;
  logLevel: z.infer<typeof envSchema>['DAWN_LOG_LEVEL'];
  demoSeed: 'auto' | 'never';
  dbPoolSize: number;
  shutdownGraceMs: number;
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
    // DATABASE_URL may hold a password: name it, never echo it.
    const shown =
      variable === 'DATABASE_URL' ? '' : ` (got ${JSON.stringify(env[variable] ?? '')})`;
    throw new ConfigError(`Invalid ${variable}: ${issue?.message ?? 'invalid value'}${shown}`);
  }
  const values = parsed.data;
  return {
    port: values.DAWN_PORT,
    host: values.DAWN_HOST,
    databaseUrl: values.DATABASE_URL,
    dataDir: path.resolve(values.DAWN_DATA_DIR),
    timeZone: values.DAWN_TIMEZONE,
    logLevel: values.DAWN_LOG_LEVEL,
    demoSeed: values.DAWN_DEMO_SEED,
    dbPoolSize: values.DAWN_DB_POOL_SIZE,
    shutdownGraceMs: values.DAWN_SHUTDOWN_GRACE_MS,
  };
}
