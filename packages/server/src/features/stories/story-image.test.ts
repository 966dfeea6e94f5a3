import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anOrganisation, type Client } from '../../../test/fixtures.ts';
import { createTestApp, type TestApp } from '../../../test/test-app.ts';
import { testDatabaseKind } from '../../../test/test-database.ts';
import {
  aCaseWithIdentity,
  consentBody,
  READ_BACK,
  signedInAs,
  storyBody,
} from './story.test-support.ts';
import { websiteBundle } from './website-bundle.ts';

/** An invented photo of a sewing machine's colour, with a camera make and a GPS position. */
async function aJpegWithGps(): Promise<Buffer> {
  return sharp({ create: { width: 320, height: 240, channels: 3, background: '#8a5a44' } })
    .jpeg()
    .withExif({
      IFD0: { Make: 'FictionalCam', Model: 'Test 1' },
      IFD3: {
        GPSLatitudeRef: 'N',
        GPSLatitude: '22/1 34/1 1234/100',
        GPSLongitudeRef: 'E',
        GPSLongitude: '88/1 21/1 0/1',
      },
    })
    .toBuffer();
}

/** The GPS IFD pointer (tag 0x8825) in either byte order. */
function hasGpsTag(exif: Buffer): boolean {
  return exif.includes(Buffer.from([0x88, 0x25])) || exif.includes(Buffer.from([0x25, 0x88]));
}

describe(`story images: cleaned of metadata before they are stored or published (${testDatabaseKind()})`, () => {
  let subject: TestApp;
  let socialWorker: Client;
  let manager: Client;
  let caseId: string;

  const upload = async (client: Client, file: Buffer, mime: string, entityId: string) => {
    const boundary = `----dawn-test-${Math.random().toString(36).slice(2)}`;
    const fields = { entityType: 'care_case', entityId, type: 'photograph', title: 'Her sewing' };
    const payload = Buffer.concat([
      ...Object.entries(fields).map(([name, value]) =>
        Buffer.from(
          `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`,
        ),
      ),
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="upload"\r\nContent-Type: ${mime}\r\n\r\n`,
      ),
      file,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    const response = await subject.app.inject({
      method: 'POST',
      url: '/api/documents',
      headers: {
        'content-type': `multipart/form-data; boundary=${boundary}`,
        ...(client.cookie ? { cookie: client.cookie } : {}),
        ...(client.csrfToken ? { 'x-csrf-token': client.csrfToken } : {}),
      },
      payload,
    });
    expect(response.statusCode, response.body).toBe(201);
    return response.json<{ id: string }>().id;
  };

  beforeAll(async () => {
    subject = await createTestApp();
    const organisationId = await anOrganisation(subject.deps, 'Test Story Image Trust');
    socialWorker = await signedInAs(subject, organisationId, ['social_worker']);
    manager = await signedInAs(subject, organisationId, ['program_manager']);
    caseId = await aCaseWithIdentity(socialWorker);
  }, 300_000);
  afterAll(() => subject.close());

  it('a JPEG with GPS EXIF is stored, previewed and published without it; attaching sends the story back to draft', async () => {
    const original = await aJpegWithGps();
    const originalExif = (await sharp(original).metadata()).exif;
    expect(originalExif && hasGpsTag(originalExif)).toBe(true);
    expect(original.includes(Buffer.from('FictionalCam'))).toBe(true);

    const documentId = await upload(socialWorker, original, 'image/jpeg', caseId);
    const storyId = (
      await socialWorker.post(`/api/care-cases/${caseId}/stories`, storyBody())
    ).json<{ id: string }>().id;
    await socialWorker.post(`/api/stories/${storyId}/read-backs`, READ_BACK);
    expect((await manager.post(`/api/stories/${storyId}/approve`)).statusCode).toBe(200);

    const attached = await socialWorker.request('PUT', `/api/stories/${storyId}/image`, {
      documentId,
      kind: 'photo_without_face',
    });
    expect(attached.statusCode, attached.body).toBe(200);
    const story = attached.json<{ status: string; image: { kind: string; width: number } }>();
    expect(story.image).toMatchObject({ kind: 'photo_without_face', width: 320 });
    // She and the reviewer see the image before it is printed.
    expect(story.status).toBe('draft');

    const served = await socialWorker.get(`/api/stories/${storyId}/image`);
    expect(served.statusCode).toBe(200);
    expect(served.headers['content-type']).toBe('image/jpeg');
    const cleaned = served.rawPayload;
    const metadata = await sharp(cleaned).metadata();
    expect(metadata.format).toBe('jpeg');
    expect(metadata.width).toBe(320);
    expect(metadata.exif).toBeUndefined();
    expect(metadata.xmp).toBeUndefined();
    expect(metadata.iptc).toBeUndefined();
    expect(cleaned.includes(Buffer.from('Exif\0\0'))).toBe(false);
    expect(cleaned.includes(Buffer.from('FictionalCam'))).toBe(false);

    // Approved again, consented for the website: the bundle carries the cleaned copy only.
    await socialWorker.post(`/api/stories/${storyId}/read-backs`, READ_BACK);
    expect((await manager.post(`/api/stories/${storyId}/approve`)).statusCode).toBe(200);
    await socialWorker.post(`/api/stories/${storyId}/consents`, consentBody('website'));
    const bundle = await websiteBundle(subject.deps);
    const image = bundle.find((file) => file.path.endsWith('.jpg'));
    expect(image).toBeDefined();
    const published = Buffer.from(image?.content ?? '');
    expect(published.equals(cleaned)).toBe(true);
    expect((await sharp(published).metadata()).exif).toBeUndefined();
    const page = bundle.find((file) => file.path === image?.path.replace('.jpg', '.html'));
    expect(page?.content.toString()).toContain(`<img src="${image?.path}"`);

    const audited = await subject.deps.db
      .selectFrom('audit_event')
      .select('details')
      .where('action', '=', 'story.image_attached')
      .where('entity_id', '=', storyId)
      .executeTakeFirstOrThrow();
    expect(audited.details).toMatchObject({ documentId, kind: 'photo_without_face' });
  });

  it('refuses a document that is not an image, and one of another care case; a bad kind is a field error', async () => {
    const storyId = (
      await socialWorker.post(`/api/care-cases/${caseId}/stories`, storyBody())
    ).json<{ id: string }>().id;
    const pdf = await upload(
      socialWorker,
      Buffer.from('%PDF-1.4\n% Invented form\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n'),
      'application/pdf',
      caseId,
    );
    const notImage = await socialWorker.request('PUT', `/api/stories/${storyId}/image`, {
      documentId: pdf,
      kind: 'illustration',
    });
    expect(notImage.statusCode).toBe(400);
    expect(notImage.body).toContain('body.documentId');

    const otherCase = await aCaseWithIdentity(socialWorker);
    const elsewhere = await upload(socialWorker, await aJpegWithGps(), 'image/jpeg', otherCase);
    const wrongCase = await socialWorker.request('PUT', `/api/stories/${storyId}/image`, {
      documentId: elsewhere,
      kind: 'illustration',
    });
    expect(wrongCase.statusCode).toBe(400);

    const badKind = await socialWorker.request('PUT', `/api/stories/${storyId}/image`, {
      documentId: elsewhere,
      kind: 'portrait',
    });
    expect(badKind.statusCode).toBe(400);
    expect(badKind.body).toContain('kind');
    const stored = await subject.deps.db
      .selectFrom('story_image')
      .select('story_id')
      .where('story_id', '=', storyId)
      .execute();
    expect(stored).toEqual([]);
  });
});
