import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aUser, anOrganisation, Client, signedIn } from '../../../test/fixtures.ts';
import { createTestApp, type TestApp } from '../../../test/test-app.ts';
import { testDatabaseKind } from '../../../test/test-database.ts';
import type { SessionDetail } from './training.schemas.ts';
import { someOfficials } from './training.test-support.ts';
import { certificateHtml } from './certificate.html.ts';

/**
 * Issue 14, certificates: Mira issues certificates to those who attended; each gets a code. A
 * court clerk, not signed in, types a code into the public check and sees the name, programme
 * and dates, nothing more; a made-up code is "not valid". The PDF prints in Bengali.
 */
describe(`certificates of participation (${testDatabaseKind()})`, () => {
  let subject: TestApp;
  let mira: Client;
  let detail: SessionDetail;

  beforeAll(async () => {
    subject = await createTestApp();
    const organisationId = await anOrganisation(subject.deps, 'Test Dawnlight Trust');
    mira = await signedIn(
      subject.app,
      await aUser(subject.deps, {
        roles: ['program_manager'],
        organisationId,
        twoFactor: subject.deps.config.requireTwoFactorRoles.includes('program_manager'),
      }),
    );
    const { officials } = await someOfficials(subject.deps, 2);
    const programme = await mira.post('/api/trainings/programmes', {
      title: 'Victim compensation for prosecutors',
      topic: 'BNSS s.396',
      targetCadres: ['prosecutor'],
    });
    const session = await mira.post(
      `/api/trainings/programmes/${programme.json<{ id: string }>().id}/sessions`,
      {
        startsOn: '2026-04-21',
        endsOn: '2026-04-21',
        venue: 'Test Judicial Academy',
        district: 'Test District',
        partnerInstitution: 'judicial_academy',
      },
    );
    const sessionId = session.json<{ id: string }>().id;
    const added = await mira.post(`/api/trainings/sessions/${sessionId}/participants`, {
      participants: officials.map((official) => ({ officialId: official.id, cadre: 'prosecutor' })),
    });
    const [present, absent] = added.json<SessionDetail>().participantList;
    await mira.post(`/api/trainings/sessions/${sessionId}/results`, {
      results: [
        {
          participantId: present?.id,
          preScore: 50,
          postScore: 80,
          feedbackRating: 5,
          feedbackComment: null,
          attendedDays: ['2026-04-21'],
        },
        {
          participantId: absent?.id,
          preScore: null,
          postScore: null,
          feedbackRating: null,
          feedbackComment: null,
          attendedDays: [],
        },
      ],
    });
    const issued = await mira.post(`/api/trainings/sessions/${sessionId}/certificates`);
    expect(issued.statusCode, issued.body).toBe(200);
    detail = issued.json<SessionDetail>();
  });
  afterAll(() => subject.close());

  it('only those who attended get a certificate, each with its own code', () => {
    const codes = detail.participantList.map((participant) => participant.certificateCode);
    expect(codes.filter(Boolean)).toHaveLength(1);
    expect(codes.find(Boolean)).toMatch(/^[2-9A-Z]{4}-[2-9A-Z]{4}-[2-9A-Z]{4}$/);
  });

  it('the public check confirms a code with the name, programme and dates only', async () => {
    const holder = detail.participantList.find((participant) => participant.certificateCode);
    const code = holder?.certificateCode ?? '';
    const anonymous = new Client(subject.app);
    const response = await anonymous.get(
      `/api/certificates/${encodeURIComponent(code.toLowerCase().replace(/-/g, ' '))}`,
    );
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({
      valid: true,
      certificate: {
        name: holder?.official.name,
        programme: 'Victim compensation for prosecutors',
        startsOn: '2026-04-21',
        endsOn: '2026-04-21',
      },
    });
    expect((await anonymous.get('/api/certificates/ABCD-EFGH-JKMN')).json()).toEqual({
      valid: false,
      certificate: null,
    });
  });

  it('the certificate prints as PDF in Bengali, and is refused to someone without a certificate', async () => {
    const holder = detail.participantList.find((participant) => participant.certificateCode);
    const pdf = await mira.get(
      `/api/trainings/participants/${holder?.id}/certificate.pdf?language=bn`,
    );
    expect(pdf.statusCode, pdf.body.slice(0, 200)).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    const other = detail.participantList.find((participant) => !participant.certificateCode);
    const refused = await mira.get(`/api/trainings/participants/${other?.id}/certificate.pdf`);
    expect(refused.statusCode).toBe(409);
    const anonymous = new Client(subject.app);
    expect(
      (await anonymous.get(`/api/trainings/participants/${holder?.id}/certificate.pdf`)).statusCode,
    ).toBe(401);
  });

  it('the Bengali and Hindi wording is in their scripts, the code and name as given', () => {
    const facts = {
      name: 'Test Officer 01',
      designation: 'Public Prosecutor',
      programme: 'Programme',
      topic: 'Topic',
      venue: 'Venue',
      district: 'District',
      organiser: 'Organiser',
      startsOn: '2026-04-20',
      endsOn: '2026-04-21',
      code: 'ABCD-EFGH-JKMN',
      verifyUrl: 'http://127.0.0.1/verify',
    };
    const bengali = certificateHtml('bn', facts);
    expect(bengali).toContain('অংশগ্রহণের শংসাপত্র');
    expect(bengali).toContain('lang="bn"');
    expect(certificateHtml('hi', facts)).toContain('सहभागिता प्रमाण-पत्र');
    expect(certificateHtml('en', { ...facts, name: '<script>' })).not.toContain('<script>');
  });
});
