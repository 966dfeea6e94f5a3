import { createHash, randomBytes } from 'node:crypto';
import { deflateSync } from 'node:zlib';
import { ROLES, type Role } from '@dawn/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../app.ts';
import { aUser, anOrganisation, Client, signedIn, type TestUser } from '../../../test/fixtures.ts';
import { createTestApp, type TestApp } from '../../../test/test-app.ts';
import { testDatabaseKind } from '../../../test/test-database.ts';
import { parseEnvironmentKeys } from '../../platform/vault/key-ring.ts';
import { rewrapToCurrentKey, Vault } from '../../platform/vault/vault.ts';
import { openChunk } from './document-cipher.ts';
import { documentEntityVisibility } from './document-entity-visibility.ts';

// Invented content: a marker no real paper contains, to look for in the stored bytes.
const MARKER = 'DAWN-TEST-MARKER-Fictionpur-7731';
const LIMIT = 1024 * 1024;

function aPdf(size = 2000): Buffer {
  const head = `%PDF-1.4\n% ${MARKER}\n1 0 obj << /Type /Catalog >> endobj\n`;
  const tail = '\ntrailer << /Root 1 0 R >>\n%%EOF\n';
  const filler = `% ${MARKER} filler line for a longer test file\n`;
  let body = '';
  while (head.length + body.length + tail.length < size) body += filler;
  return Buffer.from(`${head}${body}${tail}`.slice(0, Math.max(size, head.length + tail.length)));
}

function pngChunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const typeAndData = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typeAndData));
  return Buffer.concat([length, typeAndData, crc]);
}

function crc32(bytes: Buffer): number {
  let crc = 0xffffffff;
  for (const byte of bytes) {
    crc ^= byte;
    for (let bit = 0; bit < 8; bit += 1) crc = (crc >>> 1) ^ (0xedb88320 & -(crc & 1));
  }
  return (crc ^ 0xffffffff) >>> 0;
}

/** A 1×1 white PNG with the marker in a text chunk. */
function aPng(): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(1, 0);
  header.writeUInt32BE(1, 4);
  header.set([8, 2, 0, 0, 0], 8);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', header),
    pngChunk('tEXt', Buffer.from(`Comment\0${MARKER}`, 'latin1')),
    pngChunk('IDAT', deflateSync(Buffer.from([0, 255, 255, 255]))),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

/** A Windows program's first bytes: the "MZ" header of a PE executable. */
function anExe(): Buffer {
  const bytes = Buffer.alloc(512);
  bytes.write('MZ', 0, 'latin1');
  bytes.writeUInt32LE(0x80, 0x3c);
  bytes.write('PE\0\0', 0x80, 'latin1');
  return bytes;
}

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

interface UploadInput {
  entityType?: string;
  entityId?: string;
  type?: string;
  title?: string;
  file: Buffer;
  fileName?: string;
  contentType?: string;
}

function multipartBody(input: UploadInput): { body: Buffer; contentType: string } {
  const boundary = `----dawn-test-${Math.random().toString(36).slice(2)}`;
  const parts: Buffer[] = [];
  const fields = {
    entityType: input.entityType,
    entityId: input.entityId,
    type: input.type,
    title: input.title,
  };
  for (const [name, value] of Object.entries(fields)) {
    if (value === undefined) continue;
    parts.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`,
      ),
    );
  }
  parts.push(
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${input.fileName ?? 'scan.pdf'}"\r\nContent-Type: ${input.contentType ?? 'application/octet-stream'}\r\n\r\n`,
    ),
    input.file,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  );
  return { body: Buffer.concat(parts), contentType: `multipart/form-data; boundary=${boundary}` };
}

async function upload(app: App, client: Client | undefined, input: UploadInput) {
  const { body, contentType } = multipartBody(input);
  return app.inject({
    method: 'POST',
    url: '/api/documents',
    headers: {
      'content-type': contentType,
      ...(client?.cookie ? { cookie: client.cookie } : {}),
      ...(client?.csrfToken ? { 'x-csrf-token': client.csrfToken } : {}),
    },
    payload: body,
  });
}

interface DocumentJson {
  id: string;
  sha256: string;
  mimeType: string;
  sizeBytes: number;
  type: string;
  title: string;
}

async function storedCounts(subject: TestApp) {
  const documents = await subject.database.db
    .selectFrom('document')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .executeTakeFirstOrThrow();
  const chunks = await subject.database.db
    .selectFrom('document_chunk')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .executeTakeFirstOrThrow();
  return { documents: Number(documents.n), chunks: Number(chunks.n) };
}

describe(`documents (${testDatabaseKind()})`, () => {
  let subject: TestApp;
  let organisationId: string;
  let worker: TestUser;
  let workerClient: Client;
  let personId: string;
  let pdfId: string;
  const pdf = aPdf();
  const png = aPng();

  beforeAll(async () => {
    subject = await createTestApp({ env: { DAWN_DOCUMENT_MAX_BYTES: String(LIMIT) } });
    organisationId = await anOrganisation(subject.deps, 'Test Dawnlight Trust');
    worker = await aUser(subject.deps, { roles: ['social_worker'], organisationId });
    workerClient = await signedIn(subject.app, worker);
    const person = await workerClient.post('/api/persons', {
      sex: 'female',
      ageBand: '15-17',
      languages: ['bn'],
    });
    expect(person.statusCode).toBe(201);
    personId = person.json<{ id: string }>().id;
  });
  afterAll(() => subject.close());

  it('a social worker uploads an FIR copy (PDF) and a photograph (PNG); the list shows their SHA-256', async () => {
    const first = await upload(subject.app, workerClient, {
      entityType: 'person',
      entityId: personId,
      type: 'fir_copy',
      title: 'FIR copy, first page',
      file: pdf,
      contentType: 'application/pdf',
    });
    expect(first.statusCode, first.body).toBe(201);
    const firCopy = first.json<DocumentJson>();
    expect(firCopy).toMatchObject({
      type: 'fir_copy',
      title: 'FIR copy, first page',
      mimeType: 'application/pdf',
      sizeBytes: pdf.length,
      sha256: sha256(pdf),
    });
    pdfId = firCopy.id;

    // The browser says nothing useful about the type; the content decides.
    const second = await upload(subject.app, workerClient, {
      entityType: 'person',
      entityId: personId,
      type: 'photograph',
      title: 'Photograph at intake',
      file: png,
      fileName: 'IMG_0001',
    });
    expect(second.statusCode, second.body).toBe(201);
    expect(second.json()).toMatchObject({ mimeType: 'image/png', sha256: sha256(png) });

    const list = await workerClient.get(`/api/documents?entityType=person&entityId=${personId}`);
    expect(list.statusCode).toBe(200);
    const documents = list.json<{ documents: DocumentJson[] }>().documents;
    expect(documents.map((document) => document.sha256).sort()).toEqual(
      [sha256(pdf), sha256(png)].sort(),
    );

    const audit = await subject.database.db
      .selectFrom('audit_event')
      .select(['entity_id', 'details', 'actor_user_id'])
      .where('action', '=', 'document.uploaded')
      .execute();
    expect(audit).toHaveLength(2);
    expect(audit.find((entry) => entry.entity_id === pdfId)).toMatchObject({
      actor_user_id: worker.id,
      details: { attachedToType: 'person', attachedToId: personId, sha256: sha256(pdf) },
    });
    expect(JSON.stringify(audit)).not.toContain('FIR copy, first page');
  });

  it('downloading returns the same bytes, as an attachment with a generic name, and is audited', async () => {
    const response = await workerClient.get(`/api/documents/${pdfId}/content`);
    expect(response.statusCode).toBe(200);
    expect(response.rawPayload.equals(pdf)).toBe(true);
    expect(response.headers['content-type']).toBe('application/pdf');
    expect(response.headers['cache-control']).toBe('no-store');
    expect(response.headers['content-disposition']).toBe(
      `attachment; filename="fir_copy-${pdfId.slice(0, 8)}.pdf"`,
    );
    const audit = await subject.database.db
      .selectFrom('audit_event')
      .select(['actor_user_id', 'outcome', 'details'])
      .where('action', '=', 'document.downloaded')
      .where('entity_id', '=', pdfId)
      .execute();
    expect(audit).toEqual([
      {
        actor_user_id: worker.id,
        outcome: 'success',
        details: { attachedToType: 'person', attachedToId: personId, sha256: sha256(pdf) },
      },
    ]);
  });

  it('a file of several chunks round-trips byte for byte', async () => {
    const large = aPdf(LIMIT - 10);
    const response = await upload(subject.app, workerClient, {
      entityType: 'person',
      entityId: personId,
      type: 'medical_report',
      title: 'Medical report, full',
      file: large,
    });
    expect(response.statusCode, response.body).toBe(201);
    const document = response.json<DocumentJson>();
    expect(document.sha256).toBe(sha256(large));
    const chunks = await subject.database.db
      .selectFrom('document_chunk')
      .select('seq')
      .where('document_id', '=', document.id)
      .execute();
    expect(chunks.length).toBeGreaterThan(1);
    const download = await workerClient.get(`/api/documents/${document.id}/content`);
    expect(download.statusCode).toBe(200);
    expect(sha256(download.rawPayload)).toBe(sha256(large));
  });

  it('the stored bytes never contain the plaintext', async () => {
    const rows = await subject.database.db.selectFrom('document_chunk').select('sealed').execute();
    expect(rows.length).toBeGreaterThan(0);
    const marker = Buffer.from(MARKER, 'latin1');
    for (const row of rows) expect(Buffer.from(row.sealed).includes(marker)).toBe(false);
    expect(Buffer.from(rows[0]?.sealed ?? []).includes(Buffer.from('%PDF'))).toBe(false);
  });

  it('a renamed program and a text file sent as a PDF are refused by their content; nothing is stored', async () => {
    const before = await storedCounts(subject);
    const exe = await upload(subject.app, workerClient, {
      entityType: 'person',
      entityId: personId,
      type: 'court_order',
      title: 'Court order',
      file: anExe(),
      fileName: 'court-order.pdf',
      contentType: 'application/pdf',
    });
    expect(exe.statusCode).toBe(415);
    expect(exe.json()).toMatchObject({ error: { code: 'UNSUPPORTED_MEDIA_TYPE' } });
    expect(exe.json<{ error: { message: string } }>().error.message).toContain('EXE');

    const textAsPdf = await upload(subject.app, workerClient, {
      entityType: 'person',
      entityId: personId,
      type: 'court_order',
      title: 'Court order',
      file: Buffer.from('This is not a PDF at all, only text.\n'),
      fileName: 'court-order.pdf',
      contentType: 'application/pdf',
    });
    expect(textAsPdf.statusCode).toBe(415);
    expect(textAsPdf.json<{ error: { message: string } }>().error.message).toBe(
      'This file was sent as PDF but its content is plain text; the file was not stored. Send it under its real type.',
    );
    expect(await storedCounts(subject)).toEqual(before);

    // Honest plain text is one of the kept types.
    const text = await upload(subject.app, workerClient, {
      entityType: 'person',
      entityId: personId,
      type: 'other',
      title: 'Typed statement',
      file: Buffer.from('Statement recorded at the shelter.\n'),
      fileName: 'statement.txt',
      contentType: 'text/plain',
    });
    expect(text.statusCode, text.body).toBe(201);
    expect(text.json()).toMatchObject({ mimeType: 'text/plain' });
  });

  it('a file over DAWN_DOCUMENT_MAX_BYTES is a 413 with a clear message, and nothing is stored', async () => {
    const before = await storedCounts(subject);
    const response = await upload(subject.app, workerClient, {
      entityType: 'person',
      entityId: personId,
      type: 'medical_report',
      title: 'Too long',
      file: aPdf(LIMIT + 1),
    });
    expect(response.statusCode).toBe(413);
    expect(response.json()).toMatchObject({
      error: {
        code: 'PAYLOAD_TOO_LARGE',
        message:
          'The file is larger than the limit of 1 MB (DAWN_DOCUMENT_MAX_BYTES); nothing was stored.',
      },
    });
    expect(await storedCounts(subject)).toEqual(before);
  });

  it('bad fields are a 400 naming the field', async () => {
    const response = await upload(subject.app, workerClient, {
      entityType: 'person',
      entityId: personId,
      type: 'love_letter',
      title: 'x',
      file: pdf,
    });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ error: { issues: [{ path: 'body.type' }] } });
    const missing = await upload(subject.app, workerClient, { file: pdf });
    expect(missing.statusCode).toBe(400);
    expect(missing.json<{ error: { message: string } }>().error.message).toBe(
      'body.entityType: is required (form fields must come before the file part)',
    );
  });

  it('an upload cut short part-way through its file (a dropped connection), or no multipart at all, is a 400 beside the file, and nothing is stored', async () => {
    // Before, both answered 500; the cut comes after several chunks were already encrypted.
    const before = await storedCounts(subject);
    const { body, contentType } = multipartBody({
      entityType: 'person',
      entityId: personId,
      type: 'other',
      title: 'Cut short',
      file: aPdf(700_000),
    });
    for (const payload of [body.subarray(0, body.length - 100_000), Buffer.from('not multipart')]) {
      const response = await workerClient.send('POST', '/api/documents', payload, {
        'content-type': contentType,
      });
      expect(response.statusCode, response.body).toBe(400);
      expect(response.json()).toMatchObject({
        error: {
          code: 'VALIDATION_FAILED',
          issues: [
            {
              path: 'body.file',
              message:
                'was cut short or is not well-formed multipart/form-data; send the file again',
            },
          ],
        },
      });
    }
    // A field too many (a script's mistake): said as what an upload holds.
    const extra = multipartBody({
      entityType: 'person',
      entityId: personId,
      type: 'other',
      title: 'One field too many',
      file: pdf,
    });
    const boundary = /boundary=(.+)$/u.exec(extra.contentType)?.[1] ?? '';
    const tooMany = await workerClient.send(
      'POST',
      '/api/documents',
      Buffer.concat([
        Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="extra"\r\n\r\nx\r\n`),
        extra.body,
      ]),
      { 'content-type': extra.contentType },
    );
    expect(tooMany.statusCode, tooMany.body).toBe(400);
    expect(tooMany.json()).toMatchObject({ error: { issues: [{ path: 'body' }] } });
    expect(await storedCounts(subject)).toEqual(before);
  });

  it('documents of an entity that does not exist are not found (here a person id given as a rescue operation)', async () => {
    const response = await upload(subject.app, workerClient, {
      entityType: 'rescue_operation',
      entityId: personId,
      type: 'other',
      title: 'Operation note',
      file: pdf,
    });
    expect(response.statusCode).toBe(404);
    const list = await workerClient.get(
      `/api/documents?entityType=rescue_operation&entityId=${personId}`,
    );
    expect(list.statusCode).toBe(404);
  });

  it('a tampered chunk fails the download with a clear error, and the failure is audited', async () => {
    const response = await upload(subject.app, workerClient, {
      entityType: 'person',
      entityId: personId,
      type: 'consent_form',
      title: 'Consent form',
      file: aPdf(3000),
    });
    const document = response.json<DocumentJson>();
    const chunk = await subject.database.db
      .selectFrom('document_chunk')
      .select('sealed')
      .where('document_id', '=', document.id)
      .where('seq', '=', 0)
      .executeTakeFirstOrThrow();
    const tampered = Buffer.from(chunk.sealed);
    tampered[tampered.length - 5] = (tampered[tampered.length - 5] ?? 0) ^ 0x01;
    await subject.database.db
      .updateTable('document_chunk')
      .set({ sealed: tampered })
      .where('document_id', '=', document.id)
      .where('seq', '=', 0)
      .execute();

    const download = await workerClient.get(`/api/documents/${document.id}/content`);
    expect(download.statusCode).toBe(500);
    expect(download.json<{ error: { message: string } }>().error.message).toContain(
      `Document ${document.id} failed its integrity check (chunk 0 failed authentication)`,
    );
    const audit = await subject.database.db
      .selectFrom('audit_event')
      .select(['outcome'])
      .where('action', '=', 'document.downloaded')
      .where('entity_id', '=', document.id)
      .execute();
    expect(audit).toEqual([{ outcome: 'failure' }]);
  });

  it('an entity type is registered once: a second, different check is refused', () => {
    expect(() => documentEntityVisibility.register('person', () => Promise.resolve(true))).toThrow(
      'already registered',
    );
  });

  it('rotating the master key rewraps document keys, and documents open under the new key alone', async () => {
    const newKey = randomBytes(32).toString('base64');
    const oldKey = subject.keyRing.keys.get(subject.keyRing.currentId)?.toString('base64') ?? '';
    const rotated = parseEnvironmentKeys(
      `new-key:${newKey},${subject.keyRing.currentId}:${oldKey}`,
    );
    const result = await rewrapToCurrentKey(subject.database.db, rotated);
    expect(result.documents).toBeGreaterThanOrEqual(3);
    const vault = await Vault.open(subject.database.db, parseEnvironmentKeys(`new-key:${newKey}`));
    const row = await subject.database.db
      .selectFrom('document')
      .selectAll()
      .where('id', '=', pdfId)
      .executeTakeFirstOrThrow();
    expect(row.key_id).toBe('new-key');
    const dataKey = vault.openDocumentKey(row.id, row.key_id, row.wrapped_data_key);
    const chunk = await subject.database.db
      .selectFrom('document_chunk')
      .select('sealed')
      .where('document_id', '=', pdfId)
      .executeTakeFirstOrThrow();
    expect(openChunk(dataKey, pdfId, 0, true, chunk.sealed).equals(pdf)).toBe(true);
  });
});

type Outcome = 'ok' | 404;
const only = (roles: Role[]): Record<Role, Outcome> =>
  Object.fromEntries(ROLES.map((role) => [role, roles.includes(role) ? 'ok' : 404])) as Record<
    Role,
    Outcome
  >;

describe(`documents: access matrix (${testDatabaseKind()})`, () => {
  let subject: TestApp;
  const clients = new Map<Role, Client>();
  let personId: string;
  let documentId: string;
  let outsiders: Client[];

  beforeAll(async () => {
    subject = await createTestApp();
    const organisationId = await anOrganisation(subject.deps, 'Test Matrix Trust');
    const otherOrganisationId = await anOrganisation(subject.deps, 'Test Elsewhere Trust');
    const users = new Map<Role, TestUser>();
    for (const role of ROLES) {
      const user = await aUser(subject.deps, {
        roles: [role],
        organisationId,
        twoFactor: subject.deps.config.requireTwoFactorRoles.includes(role),
      });
      users.set(role, user);
      clients.set(role, await signedIn(subject.app, user));
    }
    const manager = clients.get('program_manager');
    if (!manager) throw new Error('no manager');
    const person = await manager.post('/api/persons', {
      sex: 'female',
      ageBand: '18-24',
      languages: [],
    });
    personId = person.json<{ id: string }>().id;
    // Everyone of the organisation is on her team: what remains is what their role allows.
    await subject.database.db
      .insertInto('team_membership')
      .values(
        [...users.values()].map((user) => ({
          entity_type: 'person',
          entity_id: personId,
          user_id: user.id,
        })),
      )
      .onConflict((conflict) => conflict.doNothing())
      .execute();
    const uploaded = await upload(subject.app, manager, {
      entityType: 'person',
      entityId: personId,
      type: 'identity_document',
      title: 'Identity document',
      file: aPdf(),
    });
    documentId = uploaded.json<{ id: string }>().id;
    outsiders = [
      // Same organisation, not on her team.
      await signedIn(
        subject.app,
        await aUser(subject.deps, { roles: ['social_worker'], organisationId }),
      ),
      // Another organisation's manager.
      await signedIn(
        subject.app,
        await aUser(subject.deps, {
          roles: ['program_manager'],
          organisationId: otherOrganisationId,
          twoFactor: true,
        }),
      ),
    ];
  });
  afterAll(() => subject.close());

  const rows: {
    name: string;
    run: (client: Client | undefined) => Promise<{ statusCode: number }>;
    expected: Record<Role, Outcome>;
  }[] = [
    {
      name: 'upload',
      run: (client) =>
        upload(subject.app, client, {
          entityType: 'person',
          entityId: personId,
          type: 'other',
          title: 'Matrix upload',
          file: aPdf(),
        }),
      expected: only(['social_worker', 'legal_officer', 'program_manager']),
    },
    {
      name: 'list',
      run: (client) =>
        (client ?? new Client(subject.app)).get(
          `/api/documents?entityType=person&entityId=${personId}`,
        ),
      expected: only(['social_worker', 'counsellor', 'legal_officer', 'program_manager']),
    },
    {
      name: 'download',
      run: (client) =>
        (client ?? new Client(subject.app)).get(`/api/documents/${documentId}/content`),
      expected: only(['social_worker', 'counsellor', 'legal_officer', 'program_manager']),
    },
  ];

  for (const row of rows) {
    it(`${row.name}: ${ROLES.map((role) => `${role} ${row.expected[role]}`).join(', ')}; outsiders 404; signed out 401`, async () => {
      const actual: Record<string, 'ok' | number> = {};
      for (const role of ROLES) {
        const response = await row.run(clients.get(role));
        actual[role] =
          response.statusCode === 200 || response.statusCode === 201 ? 'ok' : response.statusCode;
      }
      expect(actual).toEqual(row.expected);
      for (const outsider of outsiders) expect((await row.run(outsider)).statusCode).toBe(404);
      expect((await row.run(undefined)).statusCode).toBe(401);
    });
  }

  it('every download is audited, every denial too, naming the permission only', async () => {
    const downloads = await subject.database.db
      .selectFrom('audit_event')
      .select('actor_user_id')
      .where('action', '=', 'document.downloaded')
      .where('entity_id', '=', documentId)
      .execute();
    expect(downloads).toHaveLength(4);
    const denials = await subject.database.db
      .selectFrom('audit_event')
      .select(['details'])
      .where('action', '=', 'access.denied')
      .where('entity_id', 'in', [personId, documentId])
      .execute();
    expect(denials.length).toBeGreaterThan(10);
    for (const denial of denials) expect(Object.keys(denial.details)).toEqual(['permission']);
  });
});
