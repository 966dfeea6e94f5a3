import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestDatabase,
  testDatabaseKind,
  type TestDatabase,
} from '../../../test/test-database.ts';
import {
  keyFilePath,
  loadKeyRing,
  parseEnvironmentKeys,
  writeKeyFile,
  type KeyRing,
} from './key-ring.ts';
import { rewrapToCurrentKey, Vault } from './vault.ts';

const ORGANISATION = '00000000-0000-4000-8000-000000000001';
const OTHER_ORGANISATION = '00000000-0000-4000-8000-000000000002';
const identity = { legalName: 'Fictional Rupali Testname', phones: ['+91 98300 00000'] };

describe(`the identity vault (${testDatabaseKind()})`, () => {
  let database: TestDatabase;
  const oldKey = randomBytes(32).toString('base64');
  let ring: KeyRing;
  let vault: Vault;

  beforeAll(async () => {
    database = await createTestDatabase();
    ring = parseEnvironmentKeys(`old-key:${oldKey}`);
    vault = await Vault.open(database.db, ring);
  });
  afterAll(() => database.close());

  it('round-trips an identity, and the sealed form holds no plaintext', () => {
    const sealed = vault.encryptIdentity('person-1', identity);
    expect(JSON.stringify(sealed)).not.toContain('Rupali');
    expect(vault.decryptIdentity('person-1', sealed)).toEqual(identity);
  });

  it('seals each identity under a data key and nonces of its own', () => {
    const first = vault.encryptIdentity('person-1', identity);
    const second = vault.encryptIdentity('person-1', identity);
    expect(second.ciphertext).not.toBe(first.ciphertext);
    expect(second.wrappedDataKey).not.toBe(first.wrappedDataKey);
    const nonce = (sealed: string) => sealed.split('.')[1];
    expect(
      new Set(
        [first, second].flatMap((sealed) => [sealed.ciphertext, sealed.wrappedDataKey].map(nonce)),
      ).size,
    ).toBe(4);
    expect(vault.decryptIdentity('person-1', second)).toEqual(identity);
  });

  it('refuses a ciphertext moved to another person’s row', () => {
    const sealed = vault.encryptIdentity('person-1', identity);
    expect(() => vault.decryptIdentity('person-2', sealed)).toThrow();
  });

  it('opens a person_identity row through the caller’s schema, and only on its own person', () => {
    const sealed = vault.encryptIdentity('person-1', identity);
    const row = {
      person_id: 'person-1',
      key_id: sealed.keyId,
      wrapped_data_key: sealed.wrappedDataKey,
      ciphertext: sealed.ciphertext,
    };
    const legalNameOnly = {
      parse: (value: unknown) => ({
        legalName: String((value as { legalName: unknown }).legalName),
      }),
    };
    expect(vault.openIdentity(row, legalNameOnly)).toEqual({ legalName: identity.legalName });
    const refusing = {
      parse: (): never => {
        throw new Error('not an identity');
      },
    };
    expect(() => vault.openIdentity(row, refusing)).toThrow('not an identity');
    expect(() => vault.openIdentity({ ...row, person_id: 'person-2' }, legalNameOnly)).toThrow();
  });

  it('gives blind indexes that are stable, keyed and reveal nothing', async () => {
    expect(vault.blindIndex(ORGANISATION, 'name', 'rupali')).toBe(
      vault.blindIndex(ORGANISATION, 'name', 'rupali'),
    );
    expect(vault.blindIndex(ORGANISATION, 'name', 'rupali')).not.toBe(
      vault.blindIndex(ORGANISATION, 'phonetic', 'rupali'),
    );
    // Another organisation's key differs: equal names of two organisations store different values.
    expect(vault.blindIndex('00000000-0000-4000-8000-000000000002', 'name', 'rupali')).not.toBe(
      vault.blindIndex(ORGANISATION, 'name', 'rupali'),
    );
    const otherDatabase = await createTestDatabase();
    try {
      const otherVault = await Vault.open(otherDatabase.db, ring);
      // Another installation's index key differs, so its hashes cannot be matched against ours.
      expect(otherVault.blindIndex(ORGANISATION, 'name', 'rupali')).not.toBe(
        vault.blindIndex(ORGANISATION, 'name', 'rupali'),
      );
    } finally {
      await otherDatabase.close();
    }
  });

  it('answers remembered trigrams and phonetic keys as its organisation would hash them afresh', async () => {
    const tokens = ['upa', 'pal', 'ali', 'rup', 'li_', '_ru', 'RPL', 'TSTNM'];
    const kind = (token: string) => (token === token.toUpperCase() ? 'phonetic' : 'trigram');
    const ours = tokens.map((token) => vault.blindIndex(ORGANISATION, kind(token), token));
    const theirs = tokens.map((token) => vault.blindIndex(OTHER_ORGANISATION, kind(token), token));
    // Each value keeps 11 bits: one token may match by chance, not all of them.
    expect(theirs).not.toEqual(ours);
    // The same installation opened again has remembered nothing and computes the same values.
    const reopened = await Vault.open(database.db, ring);
    expect(tokens.map((token) => reopened.blindIndex(ORGANISATION, kind(token), token))).toEqual(
      ours,
    );
    expect(tokens.map((token) => vault.blindIndex(OTHER_ORGANISATION, kind(token), token))).toEqual(
      theirs,
    );
  });

  it('rotates the master key: data keys move to the new key, old ciphertexts still open', async () => {
    await database.db
      .insertInto('organisation')
      .values({ name: 'Vault Test Org', kind: 'ngo', district: null, state: null, country: 'IN' })
      .execute();
    const organisation = await database.db
      .selectFrom('organisation')
      .select('id')
      .executeTakeFirstOrThrow();
    const person = await database.db
      .insertInto('person')
      .values({
        pseudonym: 'Test-ROT1',
        organisation_id: organisation.id,
        sex: 'female',
        age_band: '15-17',
        birth_year_estimate: null,
        origin_state: null,
        origin_country: null,
        languages: [],
        created_by: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const stored = vault.encryptIdentity(person.id, identity);
    await database.db
      .insertInto('person_identity')
      .values({
        person_id: person.id,
        key_id: stored.keyId,
        wrapped_data_key: stored.wrappedDataKey,
        ciphertext: stored.ciphertext,
      })
      .execute();

    const rotated = parseEnvironmentKeys(
      `new-key:${randomBytes(32).toString('base64')},old-key:${oldKey}`,
    );
    const result = await rewrapToCurrentKey(database.db, rotated);
    expect(result).toEqual({ keyId: 'new-key', vaultKeys: 2, identities: 1, documents: 0 });

    const row = await database.db
      .selectFrom('person_identity')
      .selectAll()
      .where('person_id', '=', person.id)
      .executeTakeFirstOrThrow();
    expect(row.key_id).toBe('new-key');
    expect(row.ciphertext).toBe(stored.ciphertext);
    // With only the new key, everything still opens: nothing depends on the old one any more.
    const newKey = rotated.keys.get('new-key')?.toString('base64') ?? '';
    const newOnly = parseEnvironmentKeys(`new-key:${newKey}`);
    const reopened = await Vault.open(database.db, newOnly);
    expect(
      reopened.decryptIdentity(person.id, {
        keyId: row.key_id,
        wrappedDataKey: row.wrapped_data_key,
        ciphertext: row.ciphertext,
      }),
    ).toEqual(identity);
    expect(reopened.blindIndex(ORGANISATION, 'name', 'rupali')).toBe(
      vault.blindIndex(ORGANISATION, 'name', 'rupali'),
    );
  });
});

describe('the master key file', () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'dawn-keys-'));
  const dataDir = path.join(root, 'data');
  const keysDir = path.join(root, 'data-keys');
  afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

  it('is made at first start outside the data directory with mode 0600, and read back the same', () => {
    const first = loadKeyRing({ masterKey: undefined, dataDir, keysDir });
    expect(first.created).toBe(true);
    expect(fs.statSync(keyFilePath(keysDir)).mode & 0o777).toBe(0o600);
    expect(fs.existsSync(keyFilePath(dataDir))).toBe(false);
    const second = loadKeyRing({ masterKey: undefined, dataDir, keysDir });
    expect(second.created).toBe(false);
    expect(second.ring.currentId).toBe(first.ring.currentId);
    expect(second.ring.keys.get(second.ring.currentId)).toEqual(
      first.ring.keys.get(first.ring.currentId),
    );
  });

  it("an older installation's key file inside the data directory is moved out at start, keys unchanged", () => {
    const oldData = path.join(root, 'old');
    const oldKeys = path.join(root, 'old-keys');
    fs.mkdirSync(oldData);
    const ring = parseEnvironmentKeys(`k1:${randomBytes(32).toString('base64')}`);
    writeKeyFile(keyFilePath(oldData), ring);
    const loaded = loadKeyRing({ masterKey: undefined, dataDir: oldData, keysDir: oldKeys });
    expect(loaded.movedFrom).toBe(keyFilePath(oldData));
    expect(fs.existsSync(keyFilePath(oldData))).toBe(false);
    expect(fs.statSync(keyFilePath(oldKeys)).mode & 0o777).toBe(0o600);
    expect(loaded.ring.keys.get(ring.currentId)).toEqual(ring.keys.get(ring.currentId));
  });

  it('refuses a keys directory inside the data directory', () => {
    expect(() =>
      loadKeyRing({ masterKey: undefined, dataDir, keysDir: path.join(dataDir, 'keys') }),
    ).toThrow(/inside DAWN_DATA_DIR/);
  });

  it('rejects a DAWN_MASTER_KEY that is not 32 bytes', () => {
    expect(() => parseEnvironmentKeys('k1:c2hvcnQ=')).toThrow(/must be 32 bytes/);
  });
});
