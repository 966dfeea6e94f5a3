import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { evaluate, indiaPack, parseDeadlineInput } from '@dawn/core';
import { sql } from 'kysely';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aUser, anOrganisation, signedIn, type TestUser } from '../../../test/fixtures.ts';
import { createTestApp, type TestApp } from '../../../test/test-app.ts';
import type { ObligationSource } from '../obligations/obligation-source.ts';
import { sweepObligations } from '../obligations/obligation.sweep.ts';
import { smtpMailer, type Mailer } from './mailer.ts';
import { drainOutbox } from './outbox.ts';

/**
 * A missed chargesheet clock reaches the case team in the app and by e-mail (issue 6, "In the
 * product"). The cases here come from a test source — a case's facts and events in memory — so the
 * story is about the sweep, the alerts and the outbox, not about how legal cases store events.
 */
interface Received {
  to: string[];
  /** The decoded subject and text body, as a mail client shows them. */
  raw: string;
}

async function startSmtpServer(): Promise<{
  url: string;
  received: Received[];
  close(): Promise<void>;
}> {
  const received: Received[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        simpleParser(Buffer.concat(chunks))
          .then((parsed) => {
            received.push({
              to: session.envelope.rcptTo.map((recipient) => recipient.address),
              raw: `${parsed.subject ?? ''}\n${parsed.text ?? ''}`,
            });
            callback();
          })
          .catch(callback);
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

const CASE_TYPE = 'test_case';
const cases = new Map<
  string,
  { organisationId: string; code: string; facts: Record<string, unknown> }
>();

const testSource: ObligationSource = {
  caseType: CASE_TYPE,
  readPermission: 'legal_case:read',
  pack: indiaPack,
  listCases: () =>
    Promise.resolve(
      [...cases.entries()].map(([id, entry]) => ({
        id,
        organisationId: entry.organisationId,
        code: entry.code,
      })),
    ),
  compute: (_db, caseIds, asOf) =>
    Promise.resolve(
      new Map(
        caseIds.flatMap((caseId) => {
          const entry = cases.get(caseId);
          if (!entry) return [];
          const { input } = parseDeadlineInput({ ...entry.facts, asOf: asOf.toISOString() });
          return [[caseId, evaluate(input).obligations] as const];
        }),
      ),
    ),
  visibleCase: (actor, scope) => (eb) => {
    switch (scope) {
      case 'organisation':
        return eb('obligation.organisation_id', '=', actor.organisationId);
      case 'team':
        return eb.exists(
          eb
            .selectFrom('team_membership')
            .select(sql`1`.as('one'))
            .where('team_membership.entity_type', '=', CASE_TYPE)
            .whereRef('team_membership.entity_id', '=', 'obligation.case_id')
            .where('team_membership.user_id', '=', actor.userId),
        );
      default:
        return eb.val(false);
    }
  },
};

// Remanded on 10 January 2025 under BNS 143(2) (a 60-day class offence): the chargesheet is due by
// the end of 10 March (BNSS s.187(3), start day counted), with an alert on day 45 (23 February).
const remandCase = {
  jurisdiction: 'IN',
  case: {
    offences: ['BNS:143(2)'],
    accused: [{ ref: 'A1' }],
    victims: [{ ref: 'V1', birthDate: '2001-05-05' }],
  },
  events: [
    { type: 'fir.registered', at: '2025-01-09T09:30:00+05:30' },
    { type: 'accused.arrested', at: '2025-01-10T10:00:00+05:30', accused: 'A1' },
    { type: 'accused.produced_before_magistrate', at: '2025-01-10T16:00:00+05:30', accused: 'A1' },
    {
      type: 'accused.remanded',
      at: '2025-01-10T17:00:00+05:30',
      accused: 'A1',
      custody: 'judicial',
    },
  ],
};

/**
 * The English words of an e-mail meant for a Bengali or Hindi reader, leaving out the product's
 * name, the time zone's name, the link and the test cases' codes.
 */
const englishWordsIn = (text: string) =>
  text
    .replace(/https?:\/\/\S+/g, '')
    .replace(/Asia\/Kolkata|\bDawn\b|LC-TEST-\d+/g, '')
    .match(/[A-Za-z]{3,}/g) ?? [];

describe('a missed chargesheet clock reaches the case team', () => {
  let subject: TestApp;
  let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
  let mailer: Mailer;
  let officer: TestUser;
  let manager: TestUser;
  let outsider: TestUser;
  let caseId: string;

  beforeAll(async () => {
    smtp = await startSmtpServer();
    subject = await createTestApp({
      obligationSources: [testSource],
      env: { DAWN_SMTP_URL: smtp.url },
    });
    const mailerOrNone = smtpMailer(subject.deps.config);
    if (!mailerOrNone) throw new Error('SMTP is configured in this test');
    mailer = mailerOrNone;
    const organisationId = await anOrganisation(subject.deps, 'Test Legal Aid Collective');
    officer = await aUser(subject.deps, { roles: ['legal_officer'], organisationId });
    manager = await aUser(subject.deps, {
      roles: ['program_manager'],
      organisationId,
      twoFactor: true,
    });
    outsider = await aUser(subject.deps, { roles: ['legal_officer'], organisationId });
    caseId = randomUUID();
    cases.set(caseId, { organisationId, code: 'LC-TEST-0001', facts: remandCase });
    await subject.deps.db
      .insertInto('team_membership')
      .values([
        { entity_type: CASE_TYPE, entity_id: caseId, user_id: officer.id },
        { entity_type: CASE_TYPE, entity_id: caseId, user_id: manager.id },
      ])
      .execute();
  });

  afterAll(async () => {
    mailer.close();
    await subject.close();
    await smtp.close();
  });

  const sweep = (asOf: string) =>
    sweepObligations(subject.deps.db, subject.deps.config, [testSource], new Date(asOf));

  it('before day 45 the clock is open and nobody is alerted', async () => {
    const result = await sweep('2025-02-20T12:00:00+05:30');
    expect(result).toMatchObject({ cases: 1, alerts: 0, emailsQueued: 0 });
    const client = await signedIn(subject.app, officer);
    const body = (await client.get(`/api/obligations?caseId=${caseId}`)).json<{
      obligations: { rule: string; status: string; dueAt: string; subject: string | null }[];
    }>();
    const chargesheet = body.obligations.find((entry) => entry.rule === 'IN.BNSS.187.chargesheet');
    expect(chargesheet).toMatchObject({ status: 'open', subject: 'A1' });
    expect(new Date(chargesheet?.dueAt ?? '').toISOString()).toBe('2025-03-10T18:29:59.999Z');
  });

  it('on day 45 the legal officer — the responsible role — is alerted in the app and by e-mail', async () => {
    const result = await sweep('2025-02-23T09:00:00+05:30');
    // The victim-progress clock (BNSS s.193(3)) has not reached its lead time yet; only the chargesheet alerts.
    expect(result.alerts).toBe(1);
    const drained = await drainOutbox(subject.deps.db, mailer);
    expect(drained).toEqual({ sent: 1, failed: 0 });
    expect(smtp.received).toHaveLength(1);
    const [mail] = smtp.received;
    expect(mail?.to).toEqual([officer.email]);
    expect(mail?.raw).toContain('Due soon: File the chargesheet before default bail accrues');
    expect(mail?.raw).toContain('LC-TEST-0001');
    expect(mail?.raw).toMatch(/10 Mar 2025/);
  });

  it('sweeping again raises nothing new (the sweep is idempotent)', async () => {
    const result = await sweep('2025-02-23T09:00:00+05:30');
    expect(result.alerts).toBe(0);
    expect(await drainOutbox(subject.deps.db, mailer)).toEqual({ sent: 0, failed: 0 });
  });

  it('on day 61 the obligation is overdue: listed in red, alerted and e-mailed again', async () => {
    const result = await sweep('2025-03-11T08:00:00+05:30');
    expect(result.alerts).toBe(1);
    await drainOutbox(subject.deps.db, mailer);
    expect(smtp.received.at(-1)?.raw).toContain('Overdue: File the chargesheet');

    const client = await signedIn(subject.app, officer);
    const overdue = (await client.get('/api/obligations?status=overdue')).json<{
      obligations: {
        rule: string;
        caseId: string;
        daysLeft: number;
        explanation: { citation: string };
      }[];
    }>();
    expect(overdue.obligations).toHaveLength(1);
    expect(overdue.obligations[0]).toMatchObject({
      rule: 'IN.BNSS.187.chargesheet',
      caseId,
      caseCode: 'LC-TEST-0001',
    });
    expect(overdue.obligations[0]?.explanation.citation).toMatch(/187/);

    const inbox = (await client.get('/api/alerts')).json<{
      alerts: { id: string; kind: string }[];
      unread: number;
    }>();
    expect(inbox.unread).toBe(2);
    expect(inbox.alerts.map((alert) => alert.kind).sort()).toEqual([
      'deadline_due_soon',
      'deadline_overdue',
    ]);
    const first = inbox.alerts[0];
    expect((await client.post(`/api/alerts/${first?.id ?? ''}/read`)).statusCode).toBe(200);
    expect((await client.get('/api/alerts')).json<{ unread: number }>().unread).toBe(1);
  });

  it('a chargesheet filed late turns the obligation met_late and stops the alerts', async () => {
    cases.set(caseId, {
      ...(cases.get(caseId) ?? { organisationId: '', code: '' }),
      facts: {
        ...remandCase,
        events: [
          ...remandCase.events,
          { type: 'chargesheet.filed', at: '2025-03-12T11:00:00+05:30' },
        ],
      },
    });
    const result = await sweep('2025-03-20T08:00:00+05:30');
    expect(result.alerts).toBe(0);
    const client = await signedIn(subject.app, officer);
    const body = (await client.get(`/api/obligations?caseId=${caseId}&status=met_late`)).json<{
      obligations: { rule: string; metAt: string }[];
    }>();
    expect(body.obligations.map((entry) => entry.rule)).toContain('IN.BNSS.187.chargesheet');
  });

  // Issue 12 §6: the inbox kept saying "OVERDUE" after the chargesheet was filed.
  it('the filed chargesheet resolves its alerts: no longer unread work, each naming its case', async () => {
    const client = await signedIn(subject.app, officer);
    const inbox = (await client.get('/api/alerts')).json<{
      alerts: {
        kind: string;
        caseType: string;
        caseId: string;
        resolvedAt: string | null;
        resolution: string | null;
      }[];
      unread: number;
    }>();
    expect(inbox.unread).toBe(0);
    expect(inbox.alerts).toHaveLength(2);
    for (const alert of inbox.alerts)
      expect(alert).toMatchObject({
        caseType: CASE_TYPE,
        caseId,
        resolution: 'met_late',
        resolvedAt: new Date('2025-03-20T08:00:00+05:30').toISOString(),
      });
  });

  it('someone not on the team sees none of it; someone without the permission gets 404', async () => {
    const client = await signedIn(subject.app, outsider);
    expect(
      (await client.get('/api/obligations')).json<{ obligations: unknown[] }>().obligations,
    ).toEqual([]);
    expect((await client.get('/api/alerts')).json<{ alerts: unknown[] }>().alerts).toEqual([]);
    const organisationId = officer.organisationId;
    const counsellor = await aUser(subject.deps, { roles: ['counsellor'], organisationId });
    expect(
      (await (await signedIn(subject.app, counsellor)).get('/api/obligations')).statusCode,
    ).toBe(404);
    const officerClient = await signedIn(subject.app, officer);
    const officerAlert = (await officerClient.get('/api/alerts')).json<{
      alerts: { id: string }[];
    }>().alerts[0];
    expect((await client.post(`/api/alerts/${officerAlert?.id ?? ''}/read`)).statusCode).toBe(404);
  });

  it('a daily digest gathers a day’s alerts into one e-mail, each user’s own', async () => {
    // Two users who chose a digest, each on the team of a case of their own; the second reads
    // her e-mails in Hindi.
    const digestUsers = [];
    for (const [code, emailLanguage] of [
      ['LC-TEST-0002', 'en'],
      ['LC-TEST-0003', 'hi'],
    ] as const) {
      const digestUser = await aUser(subject.deps, {
        roles: ['legal_officer'],
        organisationId: officer.organisationId,
      });
      const client = await signedIn(subject.app, digestUser);
      const chosen = await client.request('PUT', '/api/me/notifications', {
        emailAlerts: 'daily_digest',
        emailLanguage,
      });
      expect(chosen.json()).toEqual({ emailAlerts: 'daily_digest', emailLanguage });
      const caseId = randomUUID();
      cases.set(caseId, { organisationId: officer.organisationId, code, facts: remandCase });
      await subject.deps.db
        .insertInto('team_membership')
        .values({ entity_type: CASE_TYPE, entity_id: caseId, user_id: digestUser.id })
        .execute();
      digestUsers.push({ user: digestUser, code });
    }
    const before = smtp.received.length;
    await sweep('2025-03-21T08:00:00+05:30');
    await sweep('2025-03-21T18:00:00+05:30');
    await drainOutbox(subject.deps.db, mailer);
    const digestsOf = (email: string) =>
      smtp.received.slice(before).filter((mail) => mail.to.includes(email));
    for (const [index, { user, code }] of digestUsers.entries()) {
      const digests = digestsOf(user.email);
      expect(digests).toHaveLength(1);
      expect(digests[0]?.raw).toContain(code);
      expect(digests[0]?.raw).not.toContain(digestUsers[1 - index]?.code);
    }
    expect(digestsOf(digestUsers[0]?.user.email ?? '')[0]?.raw).toContain('Daily digest');
    const hindi = digestsOf(digestUsers[1]?.user.email ?? '')[0]?.raw ?? '';
    expect(hindi).toContain('दैनिक सारांश');
    // The deadline's name as the Hindi screens name it, and no English sentence.
    expect(hindi).toContain('आरोप-पत्र');
    expect(englishWordsIn(hindi)).toEqual([]);
  });

  it('an alert e-mail is written in the language its reader chose, the case named in it', async () => {
    const bengali = await aUser(subject.deps, {
      roles: ['legal_officer'],
      organisationId: officer.organisationId,
    });
    const client = await signedIn(subject.app, bengali);
    expect(
      (await client.request('PUT', '/api/me/notifications', { emailLanguage: 'bn' })).json(),
    ).toEqual({ emailAlerts: 'immediate', emailLanguage: 'bn' });
    const refused = await client.request('PUT', '/api/me/notifications', { emailLanguage: 'fr' });
    expect(refused.statusCode).toBe(400);
    expect(refused.json()).toMatchObject({
      error: { issues: [{ path: 'body.emailLanguage', message: 'must be en, bn or hi' }] },
    });
    const empty = await client.request('PUT', '/api/me/notifications', {});
    expect(empty.statusCode).toBe(400);
    expect(empty.json()).toMatchObject({
      error: { issues: [{ path: 'body', message: 'give emailAlerts, emailLanguage or both' }] },
    });
    const bengaliCase = randomUUID();
    cases.set(bengaliCase, {
      organisationId: officer.organisationId,
      code: 'LC-TEST-0004',
      facts: remandCase,
    });
    await subject.deps.db
      .insertInto('team_membership')
      .values({ entity_type: CASE_TYPE, entity_id: bengaliCase, user_id: bengali.id })
      .execute();
    const before = smtp.received.length;
    await sweep('2025-03-22T08:00:00+05:30');
    await drainOutbox(subject.deps.db, mailer);
    const mails = smtp.received.slice(before).filter((mail) => mail.to.includes(bengali.email));
    expect(mails.length).toBeGreaterThan(0);
    const chargesheet = mails.find((mail) => mail.raw.includes('চার্জশিট'))?.raw ?? '';
    expect(chargesheet).toContain('সময়সীমা পেরিয়ে গেছে');
    expect(chargesheet).toContain('LC-TEST-0004');
    // Its consequence too: default bail.
    expect(chargesheet).toContain('ডিফল্ট জামিন');
    for (const mail of mails) expect(englishWordsIn(mail.raw)).toEqual([]);
  });

  it('an SMTP server that refuses keeps the e-mail in the outbox for a later try', async () => {
    const failing: Mailer = {
      send: () => Promise.reject(new Error('421 service not available')),
      close: () => undefined,
    };
    await subject.deps.db
      .insertInto('outbox_email')
      .values({
        user_id: officer.id,
        to_address: officer.email,
        subject: 'test',
        body_text: 'test',
      })
      .execute();
    expect(await drainOutbox(subject.deps.db, failing)).toEqual({ sent: 0, failed: 1 });
    const row = await subject.deps.db
      .selectFrom('outbox_email')
      .selectAll()
      .where('subject', '=', 'test')
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      attempts: 1,
      sent_at: null,
      last_error: '421 service not available',
    });
    expect(row.next_attempt_at.getTime()).toBeGreaterThan(Date.now());
    // Not due yet: a second drain does not hammer the server.
    expect(await drainOutbox(subject.deps.db, failing)).toEqual({ sent: 0, failed: 0 });
  });

  // Issue 11: a programme's first sweep, with clocks that ran out long ago, raised an alert and an
  // e-mail for every stage missed in years past. An alert is a nudge; the list is the record.
  it('a case entered with its history alerts only about what fell overdue in the last 30 days, and lists all of it', async () => {
    const newcomer = await aUser(subject.deps, {
      roles: ['legal_officer'],
      organisationId: officer.organisationId,
    });
    const historyCase = randomUUID();
    cases.set(historyCase, {
      organisationId: officer.organisationId,
      code: 'LC-TEST-0003',
      facts: remandCase,
    });
    await subject.deps.db
      .insertInto('team_membership')
      .values({ entity_type: CASE_TYPE, entity_id: historyCase, user_id: newcomer.id })
      .execute();
    // 20 April 2025: the chargesheet has been overdue since 10 March (41 days), the victim's
    // progress report since 9 April (11 days).
    await sweep('2025-04-20T12:00:00+05:30');
    const client = await signedIn(subject.app, newcomer);
    const overdue = (
      await client.get(`/api/obligations?caseId=${historyCase}&status=overdue`)
    ).json<{ obligations: { rule: string }[] }>();
    expect(overdue.obligations.map((entry) => entry.rule).sort()).toEqual([
      'IN.BNSS.187.chargesheet',
      'IN.BNSS.193.victim-progress',
    ]);
    const inbox = (await client.get('/api/alerts')).json<{
      alerts: { kind: string; rule: string; caseId: string }[];
    }>();
    expect(inbox.alerts).toEqual([
      expect.objectContaining({
        kind: 'deadline_overdue',
        rule: 'IN.BNSS.193.victim-progress',
        caseId: historyCase,
      }),
    ]);
    const before = smtp.received.length;
    await drainOutbox(subject.deps.db, mailer, { batch: 500 });
    const mails = smtp.received.slice(before).filter((mail) => mail.to.includes(newcomer.email));
    expect(mails).toHaveLength(1);
    expect(mails[0]?.raw).toContain('LC-TEST-0003');
    expect(mails[0]?.raw).not.toContain('chargesheet');
  });
});
