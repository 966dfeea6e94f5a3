import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aUser, anOrganisation, signedIn, type Client } from '../../../test/fixtures.ts';
import { createTestApp, type TestApp } from '../../../test/test-app.ts';
import { testDatabaseKind } from '../../../test/test-database.ts';

/** A small, obviously invented PDF. */
function aPdf(label: string): Buffer {
  return Buffer.from(
    `%PDF-1.4\n% ${label}: invented for a test\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n`,
  );
}

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

interface DocumentJson {
  id: string;
  type: string;
  title: string;
  sha256: string;
  sizeBytes: number;
}

describe(`documents on care cases, legal cases and rescue operations (${testDatabaseKind()})`, () => {
  let subject: TestApp;
  let worker: Client;
  let colleague: Client;
  let legalOfficer: Client;
  let otherLegalOfficer: Client;
  let careCaseId: string;
  let legalCaseId: string;
  let courtOrderId: string;
  const courtOrder = aPdf('Court order, interim custody');
  const firCopy = aPdf('FIR copy, first page');

  const upload = async (
    client: Client,
    fields: { entityType: string; entityId: string; type: string; title: string },
    file: Buffer,
  ) => {
    const boundary = `----dawn-test-${Math.random().toString(36).slice(2)}`;
    const parts = Object.entries(fields).map((entry) =>
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="${entry[0]}"\r\n\r\n${entry[1]}\r\n`,
      ),
    );
    const payload = Buffer.concat([
      ...parts,
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="scan.pdf"\r\nContent-Type: application/pdf\r\n\r\n`,
      ),
      file,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    return subject.app.inject({
      method: 'POST',
      url: '/api/documents',
      headers: {
        'content-type': `multipart/form-data; boundary=${boundary}`,
        ...(client.cookie ? { cookie: client.cookie } : {}),
        ...(client.csrfToken ? { 'x-csrf-token': client.csrfToken } : {}),
      },
      payload,
    });
  };
  const documentCount = async () =>
    Number(
      (
        await subject.database.db
          .selectFrom('document')
          .select((eb) => eb.fn.countAll<string>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  beforeAll(async () => {
    subject = await createTestApp();
    const organisationId = await anOrganisation(subject.deps, 'Test Dawnlight Trust');
    const user = async (roles: ('social_worker' | 'legal_officer')[]) =>
      signedIn(
        subject.app,
        await aUser(subject.deps, {
          roles,
          organisationId,
          twoFactor: roles.some((role) => subject.deps.config.requireTwoFactorRoles.includes(role)),
        }),
      );
    worker = await user(['social_worker']);
    colleague = await user(['social_worker']);
    legalOfficer = await user(['legal_officer']);
    otherLegalOfficer = await user(['legal_officer']);

    const careCase = await worker.post('/api/care-cases', {
      person: { sex: 'female', ageBand: '15-17', languages: ['bn'] },
      openedAt: '2025-03-04T09:00:00+05:30',
    });
    expect(careCase.statusCode, careCase.body).toBe(201);
    careCaseId = careCase.json<{ id: string }>().id;
    const legalCase = await legalOfficer.post('/api/legal-cases', { offences: ['ITPA:5'] });
    expect(legalCase.statusCode, legalCase.body).toBe(201);
    legalCaseId = legalCase.json<{ id: string }>().id;
  });
  afterAll(() => subject.close());

  it("a social worker on the case's team uploads a court order to the care case and lists it with its SHA-256", async () => {
    const uploaded = await upload(
      worker,
      {
        entityType: 'care_case',
        entityId: careCaseId,
        type: 'court_order',
        title: 'CWC order, interim custody',
      },
      courtOrder,
    );
    expect(uploaded.statusCode, uploaded.body).toBe(201);
    courtOrderId = uploaded.json<DocumentJson>().id;

    const list = await worker.get(`/api/documents?entityType=care_case&entityId=${careCaseId}`);
    expect(list.statusCode).toBe(200);
    expect(list.json<{ documents: DocumentJson[] }>().documents).toMatchObject([
      {
        id: courtOrderId,
        type: 'court_order',
        title: 'CWC order, interim custody',
        sizeBytes: courtOrder.length,
        sha256: sha256(courtOrder),
      },
    ]);
    const download = await worker.get(`/api/documents/${courtOrderId}/content`);
    expect(download.statusCode).toBe(200);
    expect(download.rawPayload.equals(courtOrder)).toBe(true);
  });

  it('a social worker not on the team gets 404 for the list, the document, its download and an upload; nothing is stored', async () => {
    const before = await documentCount();
    const list = await colleague.get(`/api/documents?entityType=care_case&entityId=${careCaseId}`);
    expect(list.statusCode).toBe(404);
    expect((await colleague.get(`/api/documents/${courtOrderId}`)).statusCode).toBe(404);
    const download = await colleague.get(`/api/documents/${courtOrderId}/content`);
    expect(download.statusCode).toBe(404);
    expect(download.rawPayload.includes(courtOrder)).toBe(false);
    const refused = await upload(
      colleague,
      { entityType: 'care_case', entityId: careCaseId, type: 'other', title: 'Note' },
      aPdf('Outsider upload'),
    );
    expect(refused.statusCode).toBe(404);
    expect(await documentCount()).toBe(before);
  });

  it("a legal officer on the legal case's team uploads an FIR copy; another legal officer and the social worker get 404", async () => {
    const uploaded = await upload(
      legalOfficer,
      {
        entityType: 'legal_case',
        entityId: legalCaseId,
        type: 'fir_copy',
        title: 'FIR copy, first page',
      },
      firCopy,
    );
    expect(uploaded.statusCode, uploaded.body).toBe(201);
    const firCopyId = uploaded.json<DocumentJson>().id;
    const list = await legalOfficer.get(
      `/api/documents?entityType=legal_case&entityId=${legalCaseId}`,
    );
    expect(list.json<{ documents: DocumentJson[] }>().documents).toMatchObject([
      { id: firCopyId, type: 'fir_copy', sha256: sha256(firCopy) },
    ]);

    for (const outsider of [otherLegalOfficer, worker]) {
      const listed = await outsider.get(
        `/api/documents?entityType=legal_case&entityId=${legalCaseId}`,
      );
      expect(listed.statusCode).toBe(404);
      expect((await outsider.get(`/api/documents/${firCopyId}/content`)).statusCode).toBe(404);
    }
  });

  it('documents of a rescue operation follow the operation: its team sees them, others get 404', async () => {
    const operation = await worker.post('/api/rescue-operations', {
      occurredAt: '2025-01-10T02:00:00+05:30',
      district: 'Test District',
      legalBasis: 'ITPA:15',
      rescuedPersonIds: [],
      arrestedPersonIds: [],
    });
    expect(operation.statusCode, operation.body).toBe(201);
    const operationId = operation.json<{ id: string }>().id;
    const note = aPdf('Rescue operation panchnama');
    const uploaded = await upload(
      worker,
      {
        entityType: 'rescue_operation',
        entityId: operationId,
        type: 'other',
        title: 'Panchnama',
      },
      note,
    );
    expect(uploaded.statusCode, uploaded.body).toBe(201);
    const url = `/api/documents?entityType=rescue_operation&entityId=${operationId}`;
    expect((await worker.get(url)).json()).toMatchObject({ documents: [{ sha256: sha256(note) }] });
    expect((await colleague.get(url)).statusCode).toBe(404);
  });

  it('the audit trail names the case a document was attached to, never its title', async () => {
    const audit = await subject.database.db
      .selectFrom('audit_event')
      .select(['details'])
      .where('action', '=', 'document.uploaded')
      .where('entity_id', '=', courtOrderId)
      .execute();
    expect(audit).toMatchObject([
      { details: { attachedToType: 'care_case', attachedToId: careCaseId } },
    ]);
    expect(JSON.stringify(audit)).not.toContain('CWC order');
  });
});
