import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningDawn } from '../packages/server/test/dawn-process.ts';
import { ARTIFACTS_DIR, launchBrowser } from './browser.ts';
import {
  bn,
  choose,
  expectBeside,
  expectNothingForDevelopers,
  loseTheNextAnswer,
  pageIn,
  say,
  withAnyNumber,
  wrapperOf,
} from './field-forms-support.ts';
import { demoOneTimePassword, field, signInFirstTime } from './forms.ts';
import { removeInstallation, startSeededDawn } from './seeded-dawn.ts';

const MANAGER = 'program.manager@demo.dawn.example';
const ADMIN = 'admin@demo.dawn.example';
const PASSWORD = 'tamarind ferry lantern 2026';
const NEXT_YEAR = new Date().getFullYear() + 1;
const FUTURE = `${NEXT_YEAR}-01-10T10:00`;

describe('a social worker in Kolkata fills in every form in Bengali and is told, beside the field, what to correct', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dawn-e2e-field-forms-'));
  const env = { DAWN_DATA_DIR: dataDir, DAWN_REQUIRE_2FA_ROLES: 'auditor' };
  let server: RunningDawn | undefined;
  let browser: Awaited<ReturnType<typeof launchBrowser>> | undefined;
  let output = '';

  beforeAll(async () => {
    // A copy of the run's seeded installation; its first start printed each demo user's password.
    server = await startSeededDawn(env);
    output = server.output();
    browser = await launchBrowser();
  }, 300_000);
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    removeInstallation(dataDir);
  });

  it('says each mistake in Bengali beside its field, keeps what was typed, then saves', async () => {
    if (!browser || !server) throw new Error('set-up failed');
    const { context } = browser;
    const url = server.url;
    const english = await pageIn(context, 'en');
    let page = english;
    try {
      await signInFirstTime(
        english,
        url,
        MANAGER,
        demoOneTimePassword(output, MANAGER, 'program_manager'),
        PASSWORD,
      );
      await english
        .getByRole('navigation', { name: 'Main navigation' })
        .getByRole('link', { name: 'My work' })
        .waitFor();
      const { legalCaseId, pseudonym } = await aLegalCaseAndANewPerson(english);

      page = await pageIn(context, 'bn');
      await openACareCase(page, url);
      await recordAConsent(page);
      await recordAnAssessment(page);
      await addToTheTeam(page);
      await uploadADocument(page);

      await page.goto(`${url}/legal-cases/${legalCaseId}`);
      await addAnAccused(page, pseudonym);
      await recordAHearing(page);
      await applyForCompensation(page);

      // The Hindi spot check: the same gap in the open-a-case form, said in Hindi beside it.
      const hindi = await pageIn(context, 'hi');
      await hindi.goto(`${url}/care-cases`);
      await hindi.getByRole('button', { name: say('hi', 'careCases.open.button') }).click();
      const dialog = hindi.getByRole('dialog', { name: say('hi', 'careCases.open.title') });
      await dialog.getByRole('button', { name: say('hi', 'careCases.open.submit') }).click();
      await expectBeside(
        wrapperOf(dialog, say('hi', 'careCases.open.ageBand')),
        say('hi', 'forms.errors.required'),
      );
      await expectNothingForDevelopers(hindi, /[\u0900-\u097F]/);
      await hindi.close();

      // Last, an administrator invites a colleague.
      await context.clearCookies();
      await signInFirstTime(
        english,
        url,
        ADMIN,
        demoOneTimePassword(output, ADMIN, 'admin'),
        PASSWORD,
      );
      await english
        .getByRole('navigation', { name: 'Main navigation' })
        .getByRole('link', { name: 'Users' })
        .waitFor();
      await inviteAUser(page, url);
    } catch (error) {
      fs.mkdirSync(ARTIFACTS_DIR, { recursive: true });
      await page.screenshot({
        path: path.join(ARTIFACTS_DIR, 'field-forms-failure.png'),
        fullPage: true,
      });
      throw error;
    } finally {
      await english.close();
    }
  }, 420_000);
});

/** A legal case of the demo with a victim, and a new (fictional) person to add as an accused. */
async function aLegalCaseAndANewPerson(
  page: Page,
): Promise<{ legalCaseId: string; pseudonym: string }> {
  return page.evaluate(async () => {
    const session = (await (await fetch('/api/auth/session')).json()) as { csrfToken: string };
    const call = async (method: string, url: string, body?: unknown) => {
      const response = await fetch(url, {
        method,
        headers: {
          'x-csrf-token': session.csrfToken,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      if (!response.ok) throw new Error(`${url}: ${response.status} ${await response.text()}`);
      return (await response.json()) as unknown;
    };
    const { legalCases } = (await call('GET', '/api/legal-cases')) as {
      legalCases: { id: string }[];
    };
    let legalCaseId = '';
    for (const { id } of legalCases) {
      const detail = (await call('GET', `/api/legal-cases/${id}`)) as {
        parties: { role: string }[];
      };
      if (detail.parties.some((party) => party.role === 'victim')) {
        legalCaseId = id;
        break;
      }
    }
    if (!legalCaseId) throw new Error('the demo has no legal case with a victim');
    const person = (await call('POST', '/api/persons', { sex: 'male', ageBand: '25-34' })) as {
      pseudonym: string;
    };
    return { legalCaseId, pseudonym: person.pseudonym };
  });
}

async function openACareCase(page: Page, url: string): Promise<string> {
  await page.goto(`${url}/care-cases`);
  await page.getByRole('button', { name: bn('careCases.open.button') }).click();
  const dialog = page.getByRole('dialog', { name: bn('careCases.open.title') });
  // No age band, and opened next year: both named beside their fields; what was typed stays.
  const origin = dialog.getByLabel(field(bn('careCases.open.originState')));
  await origin.fill('Fictional State');
  const openedAt = dialog.getByLabel(field(bn('careCases.open.openedAt')));
  await openedAt.fill(FUTURE);
  await dialog.getByRole('button', { name: bn('careCases.open.submit') }).click();
  await expectBeside(wrapperOf(dialog, bn('careCases.open.ageBand')), bn('forms.errors.required'));
  await expectBeside(wrapperOf(dialog, bn('careCases.open.openedAt')), bn('forms.errors.future'));
  await expectNothingForDevelopers(page);
  expect(await origin.inputValue()).toBe('Fictional State');
  expect(await openedAt.inputValue()).toBe(FUTURE);
  expect(page.url()).toMatch(/\/care-cases$/);

  // Corrected, the case opens.
  await choose(dialog, bn('careCases.open.ageBand'), '', bn('persons.ageBands.15-17'));
  await openedAt.fill('2025-03-04T09:00');
  await dialog.getByRole('button', { name: bn('careCases.open.submit') }).click();
  await page.waitForURL(/\/care-cases\/[0-9a-f-]{36}$/);
  return page.url().split('/').pop() ?? '';
}

async function recordAConsent(page: Page): Promise<void> {
  const panel = page.getByRole('region', { name: bn('careCases.consents.title'), exact: true });
  await panel.getByRole('button', { name: bn('careCases.consents.record') }).click();
  const givenAt = panel.getByLabel(field(bn('careCases.consents.givenAt')));
  const language = panel.getByLabel(field(bn('careCases.consents.language')));
  const witness = panel.getByLabel(field(bn('careCases.consents.witnessRole')));
  await givenAt.fill(FUTURE);
  await language.fill('');
  await witness.fill('Shelter superintendent');
  await panel.getByRole('button', { name: bn('careCases.consents.save') }).click();
  await expectBeside(wrapperOf(panel, bn('careCases.consents.givenAt')), bn('forms.errors.future'));
  await expectBeside(
    wrapperOf(panel, bn('careCases.consents.language')),
    bn('forms.errors.required'),
  );
  await expectNothingForDevelopers(page);
  expect(await witness.inputValue()).toBe('Shelter superintendent');

  await givenAt.fill('2025-03-05T10:00');
  await language.fill('bn');
  await panel.getByRole('button', { name: bn('careCases.consents.save') }).click();
  await panel.getByRole('button', { name: bn('careCases.consents.save') }).waitFor({
    state: 'detached',
  });
  await expect.poll(() => panel.locator('tbody tr').count(), { timeout: 10_000 }).toBe(1);

  // Withdrawing it asks first, and when: a cancel changes nothing, a time before it was given is
  // said beside the field.
  const purpose = bn('careCases.consents.purposes.services');
  const withdraw = panel.getByRole('button', {
    name: bn('careCases.consents.withdrawPurpose', { purpose }),
  });
  const dialog = page.getByRole('dialog', {
    name: bn('careCases.consents.withdrawTitle', { purpose }),
  });
  await withdraw.click();
  await dialog.getByRole('button', { name: bn('common.cancel') }).click();
  await dialog.waitFor({ state: 'detached' });
  await panel.getByText(bn('careCases.consents.active'), { exact: true }).waitFor();
  await withdraw.click();
  const withdrawnAt = dialog.getByLabel(field(bn('careCases.consents.withdrawnAt')));
  await withdrawnAt.fill('2025-03-01T10:00');
  await dialog.getByRole('button', { name: bn('careCases.consents.withdrawSubmit') }).click();
  await expectBeside(
    wrapperOf(dialog, bn('careCases.consents.withdrawnAt')),
    bn('forms.errors.tooEarly'),
  );
  await withdrawnAt.fill('2025-06-01T10:00');
  await dialog.getByRole('button', { name: bn('careCases.consents.withdrawSubmit') }).click();
  await dialog.waitFor({ state: 'detached' });
  await panel.getByText(bn('careCases.consents.withdrawn'), { exact: true }).waitFor();
  expect(await withdraw.count()).toBe(0);
}

async function recordAnAssessment(page: Page): Promise<void> {
  const panel = page.getByRole('region', { name: bn('careCases.assessments.title'), exact: true });
  await panel.getByRole('button', { name: bn('careCases.assessments.record') }).click();
  const assessedAt = panel.getByLabel(field(bn('careCases.assessments.assessedAt')));
  await assessedAt.fill(FUTURE);
  const items = panel.locator('.mantine-RadioGroup-root');
  const count = await items.count();
  expect(count).toBeGreaterThan(3);
  // One item scored; the others left: each named beside it, and the one scored stays scored.
  await items.first().getByRole('radio', { name: '2', exact: true }).check();
  await panel.getByRole('button', { name: bn('careCases.assessments.save') }).click();
  await expectBeside(
    wrapperOf(panel, bn('careCases.assessments.assessedAt')),
    bn('forms.errors.future'),
  );
  for (let index = 1; index < count; index += 1)
    await expectBeside(items.nth(index), bn('forms.errors.required'));
  expect(await items.first().locator('.mantine-InputWrapper-error').count()).toBe(0);
  await expectNothingForDevelopers(page);
  expect(await items.first().getByRole('radio', { name: '2', exact: true }).isChecked()).toBe(true);

  await assessedAt.fill('2025-03-10T11:00');
  for (let index = 1; index < count; index += 1)
    await items.nth(index).getByRole('radio', { name: '3', exact: true }).check();
  await panel.getByRole('button', { name: bn('careCases.assessments.save') }).click();
  await expect.poll(() => panel.locator('tbody tr').count(), { timeout: 10_000 }).toBe(1);
}

async function addToTheTeam(page: Page): Promise<void> {
  const panel = page.getByRole('region', { name: bn('careCases.team.title'), exact: true });
  await panel.getByRole('button', { name: bn('careCases.team.addSubmit'), exact: true }).click();
  await expectBeside(wrapperOf(panel, bn('careCases.team.add')), bn('forms.errors.required'));
  await expectNothingForDevelopers(page);

  await choose(panel, bn('careCases.team.add'), 'Priya', /Priya/);
  await panel.getByRole('button', { name: bn('careCases.team.addSubmit'), exact: true }).click();
  await panel.getByRole('cell', { name: 'Demo Social Worker Priya', exact: true }).waitFor();
}

async function uploadADocument(page: Page): Promise<void> {
  const form = page.getByRole('form', { name: bn('documents.upload') }).first();
  const title = form.getByLabel(field(bn('documents.documentTitle')));
  await title.fill('Consent form, first page');
  await form.getByRole('button', { name: bn('documents.uploadSubmit') }).click();
  await expectBeside(wrapperOf(form, bn('documents.type')), bn('forms.errors.required'));
  await expectBeside(wrapperOf(form, bn('documents.file')), bn('forms.errors.chooseFile'));
  await expectNothingForDevelopers(page);
  expect(await title.inputValue()).toBe('Consent form, first page');

  await choose(form, bn('documents.type'), '', bn('documents.types.consent_form'));
  await form.locator('input[type="file"]').setInputFiles({
    name: 'consent-form.txt',
    mimeType: 'text/plain',
    buffer: Buffer.from('A fictional consent form for a browser story.\n'),
  });
  // The connection drops after the file was stored: the page says it may have been, and to
  // reload first; sent again all the same, it is refused (its Idempotency-Key), not stored twice.
  await loseTheNextAnswer(page, '**/api/documents');
  await form.getByRole('button', { name: bn('documents.uploadSubmit') }).click();
  await form.getByRole('alert').getByText(bn('errors.writeUnanswered')).waitFor();
  await form.getByRole('button', { name: bn('documents.uploadSubmit') }).click();
  await form.getByRole('alert').getByText(bn('forms.conflicts.earlierAttempt')).waitFor();
  await expectNothingForDevelopers(page);
  await page.reload();
  await page.getByText('Consent form, first page', { exact: true }).waitFor();
  expect(await page.getByText('Consent form, first page', { exact: true }).count()).toBe(1);
}

async function addAnAccused(page: Page, pseudonym: string): Promise<void> {
  const form = page.getByRole('form', { name: bn('legalCases.team.addParty') });
  await form.getByRole('button', { name: bn('legalCases.team.addParty') }).click();
  await expectBeside(wrapperOf(form, bn('legalCases.team.persons')), bn('forms.errors.required'));
  await expectNothingForDevelopers(page);

  await choose(form, bn('legalCases.team.persons'), pseudonym, pseudonym);
  await form.getByRole('button', { name: bn('legalCases.team.addParty') }).click();
  await page.getByText(pseudonym).first().waitFor();
  await expect
    .poll(
      () => wrapperOf(form, bn('legalCases.team.persons')).locator('.mantine-Pill-root').count(),
      { timeout: 10_000 },
    )
    .toBe(0);

  // The same person again: the server's refusal is said beside the picker, not in a banner.
  await choose(form, bn('legalCases.team.persons'), pseudonym, pseudonym);
  await form.getByRole('button', { name: bn('legalCases.team.addParty') }).click();
  await expectBeside(
    wrapperOf(form, bn('legalCases.team.persons')),
    bn('forms.conflicts.alreadyParty'),
  );
  expect(await form.getByRole('alert').count()).toBe(0);
  await expectNothingForDevelopers(page);
}

async function recordAHearing(page: Page): Promise<void> {
  const form = page.getByRole('form', { name: bn('legalCases.record.title') });
  const hearing = bn('legalCases.eventTypes.court_hearing');
  await choose(form, bn('legalCases.record.type'), hearing, hearing);
  const occurredAt = form.getByLabel(field(bn('legalCases.record.occurredAt')));
  await occurredAt.fill(FUTURE);
  const outcome = form.getByLabel(field(bn('legalCases.fields.outcome')));
  await outcome.fill('Arguments heard in part');
  await form.getByRole('button', { name: bn('legalCases.record.submit') }).click();
  // A hearing not yet held, and no purpose: both said beside their fields, the outcome kept.
  await expectBeside(
    wrapperOf(form, bn('legalCases.record.occurredAt')),
    bn('forms.errors.future'),
  );
  await expectBeside(
    wrapperOf(form, bn('legalCases.fields.purpose')),
    bn('legalCases.create.required'),
  );
  await expectNothingForDevelopers(page);
  expect(await outcome.inputValue()).toBe('Arguments heard in part');

  await occurredAt.fill('2025-06-02T11:00');
  await choose(form, bn('legalCases.fields.purpose'), '', bn('legalCases.choices.appearance'));
  // The connection drops after the hearing reached the server: the page must not say it was not
  // recorded, but that it may have been, and that saving again is safe; saved again, the server
  // answers as it did the first time (its Idempotency-Key) and the hearing is there once.
  await loseTheNextAnswer(page, '**/api/legal-cases/*/events');
  await form.getByRole('button', { name: bn('legalCases.record.submit') }).click();
  await page.getByRole('alert').getByText(bn('errors.writeUnansweredResend')).waitFor();
  expect(await page.getByText(bn('legalCases.record.refused')).count()).toBe(0);
  const resent = page.waitForResponse(
    (response) => response.url().includes('/events') && response.request().method() === 'POST',
  );
  await form.getByRole('button', { name: bn('legalCases.record.submit') }).click();
  expect((await resent).headers()['idempotent-replayed']).toBe('true');
  await expect.poll(() => page.getByText('Arguments heard in part').count()).toBe(1);
  await page.reload();
  // Recorded once, as the reload shows.
  await expect.poll(() => page.getByText('Arguments heard in part').count()).toBe(1);
}

async function applyForCompensation(page: Page): Promise<void> {
  const form = page.getByRole('form', { name: bn('legalCases.record.title') });
  const applied = bn('legalCases.eventTypes.compensation_applied');
  await choose(form, bn('legalCases.record.type'), applied, applied);
  await form.getByLabel(field(bn('legalCases.record.occurredAt'))).fill('2025-06-03T11:00');
  await choose(form, bn('legalCases.fields.victim'), '', /^V1/);
  await choose(form, bn('legalCases.fields.scheme'), '', 'WB-VCS-2017');
  const amount = form.getByLabel(field(bn('legalCases.fields.amountRupees')));
  await amount.fill('12.5');
  await form.getByRole('button', { name: bn('legalCases.record.submit') }).click();
  await expectBeside(
    wrapperOf(form, bn('legalCases.fields.amountRupees')),
    bn('forms.errors.wholeNumber'),
  );
  await expectNothingForDevelopers(page);
  expect(await amount.inputValue()).toBe('12.5');

  await amount.fill('50000');
  await form.getByRole('button', { name: bn('legalCases.record.submit') }).click();
  await form.getByRole('status').getByText(bn('legalCases.record.recorded')).waitFor();
  expect(await form.locator('.mantine-InputWrapper-error').count()).toBe(0);
}

async function inviteAUser(page: Page, url: string): Promise<void> {
  await page.goto(`${url}/users`);
  await page.getByRole('button', { name: bn('users.create.open') }).click();
  const dialog = page.getByRole('dialog', { name: bn('users.create.title') });
  const email = dialog.getByLabel(field(bn('users.fields.email')));
  const name = dialog.getByLabel(field(bn('users.fields.displayName')));
  await email.fill('asha.fictional@');
  await name.fill('Demo Fictional Asha');
  await dialog.getByRole('button', { name: bn('users.create.submit') }).click();
  await expectBeside(wrapperOf(dialog, bn('users.fields.email')), bn('forms.errors.email'));
  await expectBeside(
    wrapperOf(dialog, bn('users.fields.roles')),
    withAnyNumber('forms.errors.tooFew_one'),
  );
  await expectNothingForDevelopers(page);
  expect(await name.inputValue()).toBe('Demo Fictional Asha');

  await email.fill('asha.fictional@demo.dawn.example');
  await dialog.getByRole('checkbox', { name: bn('roles.social_worker') }).check();
  await dialog.getByRole('button', { name: bn('users.create.submit') }).click();
  const handover = page.getByRole('dialog', { name: bn('users.otp.title') });
  await handover.getByRole('button', { name: bn('common.done') }).click();
  await handover.waitFor({ state: 'detached' });

  // On her phone, she disables the account: Dawn asks first, and a cancel changes nothing.
  await page.setViewportSize({ width: 390, height: 844 });
  const ashaName = 'Demo Fictional Asha';
  const asha = page.getByRole('listitem').filter({ hasText: ashaName });
  const disable = async () => {
    await asha.getByRole('button', { name: bn('users.actionsFor', { name: ashaName }) }).click();
    await page.getByRole('menuitem', { name: bn('users.disable') }).click();
    return page.getByRole('dialog', {
      name: bn('users.confirm.disable.title', { name: ashaName }),
    });
  };
  let asked = await disable();
  await asked.getByText(bn('users.confirm.disable.body', { name: ashaName })).waitFor();
  await asked.getByRole('button', { name: bn('common.cancel') }).click();
  await asked.waitFor({ state: 'detached' });
  expect(await asha.getByText(bn('users.status.active'), { exact: true }).count()).toBe(1);
  asked = await disable();
  await asked.getByRole('button', { name: bn('users.disable') }).click();
  await asked.waitFor({ state: 'detached' });
  await asha.getByText(bn('users.status.disabled'), { exact: true }).waitFor();
  expect(
    await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth),
  ).toBeLessThanOrEqual(0);
  await page.setViewportSize({ width: 1280, height: 900 });
}
