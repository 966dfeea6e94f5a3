import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client } from '../../../test/fixtures.ts';
import { aUser, anOrganisation, signedIn, type TestUser } from '../../../test/fixtures.ts';
import { createTestApp, type TestApp } from '../../../test/test-app.ts';
import { testDatabaseKind } from '../../../test/test-database.ts';
import { parseEnvironmentKeys } from '../../platform/vault/key-ring.ts';
import { rewrapToCurrentKey, Vault } from '../../platform/vault/vault.ts';
import { openChunk } from './document-cipher.ts';
import { documentEntityVisibility } from './document-entity-visibility.ts';
import {
  aPdf,
  aPng,
  anExe,
  LIMIT,
  MARKER,
  multipartBody,
  sha256,
  storedCounts,
  upload,
  type DocumentJson,
} from './document.test-support.ts';

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

  it('an upload sent again after its answer was lost is stored once, and told to reload', async () => {
    const scan = {
      entityType: 'person',
      entityId: personId,
      type: 'fir_copy',
      title: 'FIR copy, sent from the field',
      file: aPdf(3000),
      contentType: 'application/pdf',
    };
    // Refused as sent: the key is let go, and the corrected upload is made with it.
    const refused = await upload(
      subject.app,
      workerClient,
      { ...scan, type: 'love_letter' },
      'upload-field-0001',
    );
    expect(refused.statusCode, refused.body).toBe(400);
    const before = await storedCounts(subject);
    const first = await upload(subject.app, workerClient, scan, 'upload-field-0001');
    expect(first.statusCode, first.body).toBe(201);
    const resent = await upload(subject.app, workerClient, scan, 'upload-field-0001');
    expect(resent.statusCode, resent.body).toBe(409);
    expect(resent.json()).toMatchObject({ error: { code: 'CONFLICT' } });
    expect((await storedCounts(subject)).documents).toBe(before.documents + 1);
    // Another upload, with a key of its own, is stored.
    const next = await upload(subject.app, workerClient, scan, 'upload-field-0002');
    expect(next.statusCode, next.body).toBe(201);
    expect((await storedCounts(subject)).documents).toBe(before.documents + 2);
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
      .select(['outcome', 'details'])
      .where('action', '=', 'document.downloaded')
      .where('entity_id', '=', document.id)
      .execute();
    // The check that failed is recorded as a code and the part, which the trail names in words.
    expect(audit).toEqual([
      {
        outcome: 'failure',
        details: { reason: 'integrity_check_failed', check: 'chunk_altered', part: 1 },
      },
    ]);
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
