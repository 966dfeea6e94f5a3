import { cliRuntime } from './cli-runtime.ts';
import fs from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { fuzzystrmatch } from '@electric-sql/pglite/contrib/fuzzystrmatch';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { Command } from 'commander';
import type { Config } from '../platform/config.ts';
import { acquireDataDirLock } from '../platform/db/data-dir-lock.ts';
import { keyFilePath, loadKeyRing, readKeyFile, writeKeyFile } from '../platform/vault/key-ring.ts';
import { UsageError } from './usage-error.ts';

/**
 * Backups keep data and keys apart: a copy of the data alone reveals no identity, and whoever
 * holds both holds everything. So the two always go to different places, given separately.
 */
function sameDirectory(left: string, right: string): boolean {
  return path.dirname(path.resolve(left)) === path.dirname(path.resolve(right));
}

function refuseExisting(file: string, option: string): void {
  if (fs.existsSync(file))
    throw new UsageError(`${option}: ${file} exists already; choose a new file`);
}

export function backupCommand(loadConfig: () => Config): Command {
  return new Command('backup')
    .description(
      'copy the data (PGlite; use pg_dump on PostgreSQL) and the master keys to two separate places (stop Dawn first)',
    )
    .option('--data <file>', 'where to write the data (a .tar.gz of the PGlite data directory)')
    .requiredOption('--keys <file>', 'where to write the master keys (keep it apart from the data)')
    .action(async (options: { data?: string; keys: string }) => {
      const config = loadConfig();
      if (config.databaseUrl && options.data)
        throw new UsageError(
          '--data: Dawn runs on PostgreSQL here; back its data up with pg_dump, and the keys with --keys',
        );
      if (!config.databaseUrl && !options.data)
        throw new UsageError('--data: give the file the PGlite data is written to');
      if (options.data && sameDirectory(options.data, options.keys))
        throw new UsageError(
          '--keys: must be in another directory than --data (ideally another disk or machine): together they reveal every identity',
        );
      refuseExisting(options.keys, '--keys');
      if (options.data) refuseExisting(options.data, '--data');
      if (config.masterKey)
        throw new UsageError(
          '--keys: the master keys come from DAWN_MASTER_KEY here; back them up from your secret store',
        );
      const { ring } = loadKeyRing(config);
      if (options.data) {
        const lock = acquireDataDirLock(config.dataDir);
        try {
          const client = await PGlite.create(path.join(config.dataDir, 'pglite'), {
            extensions: { pg_trgm, fuzzystrmatch },
          });
          try {
            const dump = await client.dumpDataDir('gzip');
            fs.writeFileSync(options.data, Buffer.from(await dump.arrayBuffer()), { mode: 0o600 });
          } finally {
            await client.close();
          }
        } finally {
          lock.release();
        }
        cliRuntime().stdout.write(`Data written to ${path.resolve(options.data)}.\n`);
      }
      writeKeyFile(path.resolve(options.keys), ring);
      cliRuntime().stdout.write(
        `Master keys written to ${path.resolve(options.keys)}. Store them apart from the data.\n`,
      );
    });
}

export function restoreCommand(loadConfig: () => Config): Command {
  return new Command('restore')
    .description('restore a PGlite data backup and its master keys into empty places')
    .requiredOption('--data <file>', 'the .tar.gz written by dawn backup --data')
    .requiredOption('--keys <file>', 'the key file written by dawn backup --keys')
    .action(async (options: { data: string; keys: string }) => {
      const config = loadConfig();
      if (config.databaseUrl)
        throw new UsageError(
          '--data: Dawn runs on PostgreSQL here; restore its data with pg_restore',
        );
      const pgDir = path.join(config.dataDir, 'pglite');
      if (fs.existsSync(pgDir) && fs.readdirSync(pgDir).length > 0)
        throw new UsageError(
          `--data: ${config.dataDir} holds data already; restore into an empty DAWN_DATA_DIR`,
        );
      const keyFile = keyFilePath(config.keysDir);
      if (fs.existsSync(keyFile))
        throw new UsageError(
          `--keys: ${keyFile} exists already; restore into an empty DAWN_KEYS_DIR`,
        );
      // Read the keys first: a wrong file stops here, before any data is written.
      const ring = readKeyFile(path.resolve(options.keys));
      fs.mkdirSync(config.dataDir, { recursive: true, mode: 0o700 });
      const lock = acquireDataDirLock(config.dataDir);
      try {
        fs.mkdirSync(pgDir, { recursive: true, mode: 0o700 });
        const client = await PGlite.create(pgDir, {
          extensions: { pg_trgm, fuzzystrmatch },
          loadDataDir: new Blob([fs.readFileSync(options.data)]),
        });
        await client.close();
      } finally {
        lock.release();
      }
      fs.mkdirSync(config.keysDir, { recursive: true, mode: 0o700 });
      writeKeyFile(keyFile, ring);
      cliRuntime().stdout.write(
        `Restored the data into ${config.dataDir} and the keys into ${keyFile}. Start Dawn as usual.\n`,
      );
    });
}
