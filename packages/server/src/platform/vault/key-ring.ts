import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

/**
 * Master keys. They wrap the data keys that encrypt identities and secrets (envelope encryption),
 * so rotating a master key rewraps small keys, not every record. Every ciphertext names the key id
 * it was wrapped under.
 *
 * Source, in order: DAWN_MASTER_KEY (`id:base64,id:base64`, the first is current; 32 bytes each),
 * else `master-keys.json` in the keys directory (DAWN_KEYS_DIR, by default beside the data
 * directory, never inside it: a copied data directory must not carry the keys that open it),
 * made at first start with mode 0600. A key file left inside the data directory by an older
 * version is moved out at start.
 */
export interface KeyRing {
  readonly currentId: string;
  readonly keys: ReadonlyMap<string, Buffer>;
  /** Where the keys came from, for messages. */
  readonly source: 'environment' | 'file';
  readonly file: string | undefined;
}

export class KeyRingError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'KeyRingError';
  }
}

const fileSchema = z.object({
  version: z.literal(1),
  current: z.string().min(1),
  keys: z.record(z.string(), z.string()),
});

const KEY_ID = /^[a-z0-9][a-z0-9-]{0,31}$/;

function decodeKey(id: string, encoded: string, where: string): Buffer {
  if (!KEY_ID.test(id))
    throw new KeyRingError(
      `${where}: key id "${id}" must be lower-case letters, digits and dashes`,
    );
  const key = Buffer.from(encoded, 'base64');
  if (key.length !== 32)
    throw new KeyRingError(`${where}: key "${id}" must be 32 bytes, base64-encoded`);
  return key;
}

export function keyFilePath(keysDir: string): string {
  return path.join(keysDir, 'master-keys.json');
}

function isInside(child: string, parent: string): boolean {
  const relative = path.relative(path.resolve(parent), path.resolve(child));
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}

export function parseEnvironmentKeys(value: string): KeyRing {
  const keys = new Map<string, Buffer>();
  let currentId: string | undefined;
  for (const part of value
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean)) {
    const separator = part.indexOf(':');
    if (separator < 1) throw new KeyRingError('DAWN_MASTER_KEY: expected id:base64[,id:base64…]');
    const id = part.slice(0, separator);
    keys.set(id, decodeKey(id, part.slice(separator + 1), 'DAWN_MASTER_KEY'));
    currentId ??= id;
  }
  if (!currentId) throw new KeyRingError('DAWN_MASTER_KEY: no key given');
  return { currentId, keys, source: 'environment', file: undefined };
}

export function readKeyFile(file: string): KeyRing {
  let json: unknown;
  try {
    json = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    throw new KeyRingError(`${file} is not a Dawn key file`);
  }
  const parsed = fileSchema.safeParse(json);
  if (!parsed.success) throw new KeyRingError(`${file} is not a Dawn key file`);
  const keys = new Map<string, Buffer>();
  for (const [id, encoded] of Object.entries(parsed.data.keys))
    keys.set(id, decodeKey(id, encoded, file));
  if (!keys.has(parsed.data.current))
    throw new KeyRingError(`${file}: current key "${parsed.data.current}" is missing`);
  return { currentId: parsed.data.current, keys, source: 'file', file };
}

export function writeKeyFile(
  file: string,
  ring: { currentId: string; keys: ReadonlyMap<string, Buffer> },
): void {
  const body = JSON.stringify(
    {
      version: 1,
      current: ring.currentId,
      keys: Object.fromEntries([...ring.keys].map(([id, key]) => [id, key.toString('base64')])),
    },
    null,
    2,
  );
  // Write beside, then rename: a crash never leaves a half-written key file.
  const temporary = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temporary, `${body}\n`, { mode: 0o600 });
  fs.renameSync(temporary, file);
  fs.chmodSync(file, 0o600);
}

export function newKeyId(existing: Iterable<string>): string {
  const taken = new Set(existing);
  const stamp = new Date().toISOString().slice(0, 10).replaceAll('-', '');
  for (let index = 1; ; index += 1) {
    const id = `k${stamp}-${index}`;
    if (!taken.has(id)) return id;
  }
}

export interface LoadedKeyRing {
  ring: KeyRing;
  /** True when this call created the key file: the operator must back it up now. */
  created: boolean;
  /** Set when this call moved the key file out of the data directory (from that path). */
  movedFrom?: string;
}

/** Moves an older version's key file out of the data directory: copy, sync, rename, remove. */
function moveKeyFile(from: string, to: string): void {
  const temporary = `${to}.${process.pid}.tmp`;
  fs.copyFileSync(from, temporary, fs.constants.COPYFILE_EXCL);
  fs.chmodSync(temporary, 0o600);
  const handle = fs.openSync(temporary, 'r');
  fs.fsyncSync(handle);
  fs.closeSync(handle);
  // Read back before the original goes: a key file that does not parse stays where it was.
  readKeyFile(temporary);
  fs.renameSync(temporary, to);
  fs.rmSync(from);
}

export function loadKeyRing(options: {
  masterKey: string | undefined;
  dataDir: string;
  keysDir: string;
}): LoadedKeyRing {
  if (options.masterKey) return { ring: parseEnvironmentKeys(options.masterKey), created: false };
  if (isInside(options.keysDir, options.dataDir))
    throw new KeyRingError(
      `DAWN_KEYS_DIR (${options.keysDir}) is inside DAWN_DATA_DIR: a copy of the data would carry the keys that open it; choose a directory outside it`,
    );
  const file = keyFilePath(options.keysDir);
  const legacy = keyFilePath(options.dataDir);
  if (fs.existsSync(file)) {
    if (fs.existsSync(legacy))
      throw new KeyRingError(
        `a key file is in both ${file} and ${legacy}; keep the one that opens this vault, move the other away`,
      );
    return { ring: readKeyFile(file), created: false };
  }
  fs.mkdirSync(options.keysDir, { recursive: true, mode: 0o700 });
  if (fs.existsSync(legacy)) {
    moveKeyFile(legacy, file);
    process.stderr.write(
      `dawn: moved the master key file out of the data directory: ${legacy} -> ${file}. Back it up from its new place, separately from the data.\n`,
    );
    return { ring: readKeyFile(file), created: false, movedFrom: legacy };
  }
  const id = newKeyId([]);
  writeKeyFile(file, { currentId: id, keys: new Map([[id, randomBytes(32)]]) });
  return { ring: readKeyFile(file), created: true };
}
