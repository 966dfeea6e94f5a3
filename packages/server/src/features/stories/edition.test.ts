import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anOrganisation, type Client } from '../../../test/fixtures.ts';
import { createTestApp, type TestApp } from '../../../test/test-app.ts';
import { testDatabaseKind } from '../../../test/test-database.ts';
import { CHROMIUM_MISSING, printPdf } from './calendar-pdf.ts';
import { websiteBundle } from './website-bundle.ts';
import {
  aCaseWithIdentity,
  CLEAN_BENGALI,
  CLEAN_ENGLISH,
  consentBody,
  READ_BACK,
  signedInAs,
  storyBody,
} from './story.test-support.ts';

interface Edition {
  id: string;
  status: string;
  doNotReprint: boolean;
  months: { month: number; storyId: string; printable: boolean }[];
}

const collapse = (text: string) => text.replace(/\s+/g, ' ').trim();

function pdfText(pdf: Buffer): string {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'dawn-calendar-')), 'c.pdf');
  fs.writeFileSync(file, pdf);
  try {
    return execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-']).toString('utf8');
  } finally {
    fs.rmSync(path.dirname(file), { recursive: true, force: true });
  }
}

describe(`calendar editions and withdrawal of consent (${testDatabaseKind()})`, () => {
  let subject: TestApp;
  let socialWorker: Client;
  let manager: Client;
  let communications: Client;
  let storyId: string;
  let consents: Record<string, string>;
  let organisationId: string;

  beforeAll(async () => {
    subject = await createTestApp();
    organisationId = await anOrganisation(subject.deps, 'Test Calendar Trust');
    socialWorker = await signedInAs(subject, organisationId, ['social_worker']);
    manager = await signedInAs(subject, organisationId, ['program_manager']);
    communications = await signedInAs(subject, organisationId, ['communications']);
    const caseId = await aCaseWithIdentity(socialWorker);
    storyId = (await socialWorker.post(`/api/care-cases/${caseId}/stories`, storyBody())).json<{
      id: string;
    }>().id;
    await socialWorker.post(`/api/stories/${storyId}/read-backs`, READ_BACK);
    await manager.post(`/api/stories/${storyId}/approve`);
    await socialWorker.post(`/api/stories/${storyId}/consents`, consentBody('calendar_print'));
    const withWebsite = await socialWorker.post(
      `/api/stories/${storyId}/consents`,
      consentBody('website'),
    );
    consents = Object.fromEntries(
      withWebsite
        .json<{ consents: { id: string; channel: string }[] }>()
        .consents.map((consent) => [consent.channel, consent.id]),
    );
    // A shared machine under load can take longer than the default minute to set up.
  }, 300_000);
  afterAll(() => subject.close());

  async function anEdition(client: Client, title: string): Promise<Edition> {
    const created = await client.post('/api/editions', { year: 2027, title });
    expect(created.statusCode).toBe(201);
    const edition = created.json<Edition>();
    const placed = await client.request('PUT', `/api/editions/${edition.id}/months/1`, {
      storyId,
      languages: ['bn', 'en'],
    });
    expect(placed.statusCode).toBe(200);
    return placed.json<Edition>();
  }

  it('previews the month in Bengali (names, numerals, Republic Day) and prints the approved texts', async () => {
    const edition = await anEdition(communications, 'Stories of Hope');
    const preview = await communications.get(`/api/editions/${edition.id}/preview`);
    expect(preview.statusCode).toBe(200);
    expect(preview.headers['content-type']).toContain('text/html');
    for (const expected of ['জানুয়ারি', 'রবি', '২৬', 'প্রজাতন্ত্র দিবস', CLEAN_BENGALI, CLEAN_ENGLISH])
      expect(preview.body).toContain(expected);

    const pdf = await communications.get(`/api/editions/${edition.id}/pdf`);
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    const text = collapse(pdfText(pdf.rawPayload));
    expect(text).toContain(collapse(CLEAN_BENGALI));
    expect(text).toContain(collapse(CLEAN_ENGLISH));
  }, 120_000);

  it('refuses a story she has not consented to print, and a story not approved', async () => {
    const created = (
      await manager.post('/api/editions', { year: 2027, title: 'Checks' })
    ).json<Edition>();
    const caseId = await aCaseWithIdentity(socialWorker);
    const draft = (await socialWorker.post(`/api/care-cases/${caseId}/stories`, storyBody())).json<{
      id: string;
    }>().id;
    const notApproved = await manager.request('PUT', `/api/editions/${created.id}/months/2`, {
      storyId: draft,
      languages: ['bn'],
    });
    expect(notApproved.statusCode).toBe(409);
    await socialWorker.post(`/api/stories/${draft}/read-backs`, READ_BACK);
    await manager.post(`/api/stories/${draft}/approve`);
    const noConsent = await manager.request('PUT', `/api/editions/${created.id}/months/2`, {
      storyId: draft,
      languages: ['bn'],
    });
    expect(noConsent.statusCode).toBe(422);
  });

  it('lists the organisation’s editions, each with its own months', async () => {
    const listed = await manager.get('/api/editions');
    expect(listed.statusCode).toBe(200);
    const editions = listed.json<{ editions: (Edition & { title: string })[] }>().editions;
    const byTitle = new Map(editions.map((edition) => [edition.title, edition]));
    expect(byTitle.get('Stories of Hope')?.months).toEqual([
      expect.objectContaining({ month: 1, storyId, printable: true }),
    ]);
    expect(byTitle.get('Checks')?.months).toEqual([]);
  });

  it('withdrawal: the story leaves the unprinted edition and previews, the printed one is marked do not reprint, audited', async () => {
    const draftEdition = await anEdition(manager, 'Draft edition');
    const printedEdition = await anEdition(manager, 'Printed edition');
    const printed = await manager.post(`/api/editions/${printedEdition.id}/printed`);
    expect(printed.json<Edition>()).toMatchObject({ status: 'printed', doNotReprint: false });
    expect((await manager.get(`/api/stories/${storyId}`)).json<{ status: string }>().status).toBe(
      'published',
    );

    const withdrawn = await socialWorker.post(
      `/api/stories/${storyId}/consents/${consents.calendar_print}/withdraw`,
      { reason: 'survivor_request', note: 'She asked at the follow-up visit.' },
    );
    expect(withdrawn.statusCode).toBe(200);

    expect((await manager.get(`/api/editions/${draftEdition.id}`)).json<Edition>().months).toEqual(
      [],
    );
    const preview = await manager.get(`/api/editions/${draftEdition.id}/preview`);
    expect(preview.body).not.toContain(CLEAN_BENGALI);
    expect(preview.body).not.toContain('Parul');
    const marked = (await manager.get(`/api/editions/${printedEdition.id}`)).json<Edition>();
    expect(marked.doNotReprint).toBe(true);
    const reprint = await manager.get(`/api/editions/${printedEdition.id}/pdf`);
    expect(reprint.statusCode).toBe(409);
    expect(reprint.json<{ error: { message: string } }>().error.message).toContain(
      'Do not reprint',
    );

    const withdrawal = await subject.deps.db
      .selectFrom('audit_event')
      .select(['actor_user_id', 'occurred_at', 'details'])
      .where('action', '=', 'story.consent_withdrawn')
      .where('entity_id', '=', storyId)
      .executeTakeFirstOrThrow();
    const withdrawer = await subject.deps.db
      .selectFrom('consent')
      .select('withdrawn_at')
      .where('id', '=', consents.calendar_print ?? '')
      .executeTakeFirstOrThrow();
    expect(withdrawal.actor_user_id).not.toBeNull();
    expect(withdrawer.withdrawn_at).not.toBeNull();
    expect(withdrawal.details).toMatchObject({
      channel: 'calendar_print',
      reason: 'survivor_request',
      note: 'She asked at the follow-up visit.',
      editionsMarkedDoNotReprint: [printedEdition.id],
    });
    expect((withdrawal.details as { editionsLeft: string[] }).editionsLeft).toContain(
      draftEdition.id,
    );
    const editionEntries = await subject.deps.db
      .selectFrom('audit_event')
      .select(['action', 'entity_id'])
      .where('action', 'in', ['edition.story_removed', 'edition.marked_do_not_reprint'])
      .execute();
    expect(editionEntries).toContainEqual({
      action: 'edition.story_removed',
      entity_id: draftEdition.id,
    });
    expect(editionEntries).toContainEqual({
      action: 'edition.marked_do_not_reprint',
      entity_id: printedEdition.id,
    });
  });

  it('website bundle: holds the consented story, and not after the website consent is withdrawn', async () => {
    const before = await websiteBundle(subject.deps);
    const joined = (files: { content: string | Buffer }[]) =>
      files.map((file) => file.content.toString()).join('');
    expect(before.map((file) => file.path)).toEqual(['story-001.html', 'index.html']);
    expect(joined(before)).toContain(CLEAN_ENGLISH);
    expect(joined(before)).toContain(CLEAN_BENGALI);
    expect(joined(before)).not.toContain(storyId);
    // Run from the terminal (no one signed in), it is in the story's organisation's trail.
    const generated = await subject.deps.db
      .selectFrom('audit_event')
      .select(['actor_user_id', 'actor_organisation_id', 'details'])
      .where('action', '=', 'website_bundle.generated')
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    expect(generated).toEqual({
      actor_user_id: null,
      actor_organisation_id: organisationId,
      details: { storyIds: [storyId] },
    });

    const withdrawn = await manager.post(
      `/api/stories/${storyId}/consents/${consents.website}/withdraw`,
      { reason: 'safety_concern' },
    );
    expect(withdrawn.statusCode).toBe(200);
    const after = await websiteBundle(subject.deps);
    expect(after.map((file) => file.path)).toEqual(['index.html']);
    expect(joined(after)).not.toContain('Parul');
    const entry = await subject.deps.db
      .selectFrom('audit_event')
      .select(['actor_user_id', 'details'])
      .where('action', '=', 'story.consent_withdrawn')
      .where('entity_id', '=', storyId)
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    expect(entry.details).toMatchObject({ channel: 'website', reason: 'safety_concern' });
    expect(entry.actor_user_id).not.toBeNull();
  });

  it('fails the PDF with one line naming the install command when Chromium is missing', async () => {
    await expect(
      printPdf('<p>x</p>', {
        paper: 'A4',
        orientation: 'portrait',
        executablePath: '/nonexistent/chromium',
      }),
    ).rejects.toThrow(CHROMIUM_MISSING);
    expect(CHROMIUM_MISSING).toContain('apt-get install -y chromium fonts-noto-core');
    expect(CHROMIUM_MISSING).not.toContain('\n');
  });

  it('lets administrators edit the holiday table that the month grids print', async () => {
    const admin = await signedInAs(
      subject,
      (await subject.deps.db.selectFrom('organisation').select('id').executeTakeFirstOrThrow()).id,
      ['admin'],
    );
    const holidays = [
      { month: 1, day: 26, names: { en: 'Republic Day', bn: 'প্রজাতন্ত্র দিবস', hi: 'गणतंत्र दिवस' } },
      {
        month: 4,
        day: 14,
        names: { en: 'Bengali New Year', bn: 'পয়লা বৈশাখ', hi: 'बंगाली नव वर्ष' },
      },
    ];
    expect((await manager.request('PUT', '/api/calendar-holidays', { holidays })).statusCode).toBe(
      404,
    );
    const replaced = await admin.request('PUT', '/api/calendar-holidays', { holidays });
    expect(replaced.statusCode).toBe(200);
    expect(
      (await manager.get('/api/calendar-holidays')).json<{ holidays: unknown[] }>().holidays,
    ).toEqual(holidays);
    const impossible = await admin.request('PUT', '/api/calendar-holidays', {
      holidays: [{ month: 2, day: 31, names: holidays[0]?.names }],
    });
    expect(impossible.statusCode).toBe(400);
  });

  it('changes the paper, orientation and crop marks of an edition being planned, and the preview follows', async () => {
    // Earlier stories withdrew the story's consent to print: this edition stays empty.
    const edition = (
      await manager.post('/api/editions', { year: 2028, title: 'Settings' })
    ).json<Edition>();
    const changed = await manager.request('PATCH', `/api/editions/${edition.id}`, {
      paper: 'A3',
      orientation: 'landscape',
      bleedMarks: true,
    });
    expect(changed.statusCode, changed.body).toBe(200);
    expect(changed.json<Edition>()).toMatchObject({
      paper: 'A3',
      orientation: 'landscape',
      bleedMarks: true,
    });
    const preview = await manager.get(`/api/editions/${edition.id}/preview`);
    expect(preview.body).toContain('size: A3 landscape');
    expect(preview.body).toContain('class="crop tl"');
    const refused = await socialWorker.request('PATCH', `/api/editions/${edition.id}`, {
      paper: 'A4',
    });
    expect(refused.statusCode).toBe(404);
  });
});
