import { describe, expect, it } from 'vitest';
import { callAsSignedIn, freshDawnWithBrowser } from './demo-story.ts';
import { field } from './forms.ts';

const WORKER = {
  email: 'social.worker@demo.dawn.example',
  role: 'social_worker',
  chosenPassword: 'jute basket river 4411',
};
const MANAGER = {
  email: 'program.manager@demo.dawn.example',
  role: 'program_manager',
  chosenPassword: 'monsoon ledger tram 5120',
};
const COUNSELLOR = {
  email: 'counsellor@demo.dawn.example',
  role: 'counsellor',
  chosenPassword: 'tamarind kite ferry 7302',
};
const GOAL = 'Safe placement; no contact from the accused';
/** The case the social worker opened, for her manager's approval. */
let caseUrl = '';

/**
 * A social worker drafts a care plan and edits the draft, as her manager asked before approving
 * it. While her page is open, the draft is changed from another device; her edit from what she
 * saw is refused with a sentence saying so (it would have undone the other change), and after a
 * reload she makes it on top of what is there.
 */
describe('a draft care plan edited before approval', () => {
  // The manager's second sign-in step is another story's (security); here she approves a plan.
  const dawn = freshDawnWithBrowser('care-plan', { env: { DAWN_REQUIRE_2FA_ROLES: 'admin' } });

  it('drafts, edits, and is told when someone else changed the draft meanwhile', async () => {
    await dawn.asDemoUser(WORKER, { timeout: 20_000 }, async (page) => {
      const navigation = page.getByRole('navigation', { name: 'Main navigation' });
      await navigation.getByRole('link', { name: 'Care cases' }).click();
      await page.getByRole('button', { name: 'Open a case' }).click();
      const dialog = page.getByRole('dialog', { name: 'Open a care case' });
      await dialog
        .getByRole('combobox', { name: field('Age band') })
        .or(dialog.getByRole('textbox', { name: field('Age band') }))
        .first()
        .click();
      await page.getByRole('option', { name: '15–17 years' }).click();
      await dialog.getByRole('button', { name: 'Open the case' }).click();
      await page.waitForURL(/\/care-cases\/[0-9a-f-]{36}$/);
      const caseId = page.url().split('/').pop() ?? '';
      caseUrl = page.url();

      const carePlan = page.getByRole('region', { name: 'Care plan' });
      await carePlan.getByRole('button', { name: 'Draft a care plan' }).click();
      const newPlan = carePlan.getByRole('form', { name: 'Draft a care plan' });
      await newPlan.getByLabel(field('Summary')).fill('Safety first.');
      await newPlan.getByLabel(field('Goal')).fill(GOAL);
      await newPlan.getByRole('button', { name: 'Save draft' }).click();
      await carePlan.getByText('Safety first.', { exact: true }).waitFor();

      // Her edit, from the draft as it is: saved, and still a draft.
      await carePlan.getByRole('button', { name: 'Edit draft' }).click();
      let editing = carePlan.getByRole('form', { name: 'Edit the draft plan' });
      expect(await editing.getByLabel(field('Goal')).inputValue()).toBe(GOAL);
      // On her phone (390 px) the form fits: neither the page nor the form slides sideways.
      const viewport = page.viewportSize();
      await page.setViewportSize({ width: 390, height: 844 });
      await expect
        .poll(() =>
          editing.evaluate((form) =>
            Math.max(
              document.documentElement.scrollWidth - window.innerWidth,
              form.scrollWidth - form.clientWidth,
              form.getBoundingClientRect().right - window.innerWidth,
            ),
          ),
        )
        .toBeLessThanOrEqual(1);
      if (viewport) await page.setViewportSize(viewport);
      await editing.getByLabel(field('Summary')).fill('Safety first; then schooling.');
      await editing.getByRole('button', { name: 'Save changes' }).click();
      await carePlan.getByText('Safety first; then schooling.', { exact: true }).waitFor();
      await editing.waitFor({ state: 'detached' });
      expect(await carePlan.getByText('Draft', { exact: true }).count()).toBe(1);

      // She opens the draft again; meanwhile it is changed from another device.
      await carePlan.getByRole('button', { name: 'Edit draft' }).click();
      editing = carePlan.getByRole('form', { name: 'Edit the draft plan' });
      const plans = await callAsSignedIn<{ carePlans: { id: string }[] }>(
        page,
        'GET',
        `/api/care-cases/${caseId}/care-plans`,
      );
      await callAsSignedIn(
        page,
        'PUT',
        `/api/care-cases/${caseId}/care-plans/${plans.carePlans[0]?.id}`,
        {
          summary: 'Changed from the office.',
          goals: [{ domain: 'safety', description: GOAL, services: [], status: 'not_started' }],
        },
      );
      await editing.getByLabel(field('Summary')).fill('Her second thoughts.');
      await editing.getByRole('button', { name: 'Save changes' }).click();
      await editing
        .getByRole('alert')
        .getByText('Someone else changed this draft plan since you opened it.', { exact: false })
        .waitFor();
      // What she typed stays; nothing of the other change is undone.
      expect(await editing.getByLabel(field('Summary')).inputValue()).toBe('Her second thoughts.');

      await page.reload();
      await carePlan.getByText('Changed from the office.', { exact: true }).waitFor();
      await carePlan.getByRole('button', { name: 'Edit draft' }).click();
      editing = carePlan.getByRole('form', { name: 'Edit the draft plan' });
      await editing.getByLabel(field('Summary')).fill('Changed from the office, and her thoughts.');
      await editing.getByRole('button', { name: 'Save changes' }).click();
      await carePlan
        .getByText('Changed from the office, and her thoughts.', { exact: true })
        .waitFor();
    });
  }, 120_000);

  it('her manager approves it, after a question that says it can no longer be edited', async () => {
    expect(caseUrl).not.toBe('');
    await dawn.asDemoUser(MANAGER, { timeout: 20_000 }, async (page) => {
      await page.goto(caseUrl);
      const carePlan = page.getByRole('region', { name: 'Care plan' });
      await carePlan
        .getByText('Changed from the office, and her thoughts.', { exact: true })
        .waitFor();
      const asked = page.getByRole('dialog', { name: 'Approve this care plan?' });
      await carePlan.getByRole('button', { name: 'Approve', exact: true }).click();
      await asked
        .getByText('Once approved, the plan is no longer edited', { exact: false })
        .waitFor();
      await asked.getByRole('button', { name: 'Cancel' }).click();
      await asked.waitFor({ state: 'detached' });
      expect(await carePlan.getByText('Draft', { exact: true }).count()).toBe(1);
      await carePlan.getByRole('button', { name: 'Approve', exact: true }).click();
      await asked.getByRole('button', { name: 'Approve', exact: true }).click();
      await asked.waitFor({ state: 'detached' });
      await carePlan.getByText('Approved', { exact: true }).waitFor();
      expect(await carePlan.getByRole('button', { name: 'Edit draft' }).count()).toBe(0);
    });
  }, 120_000);

  it('a counsellor, who may not write identities, opens a case with facts only and is told who records her name', async () => {
    await dawn.asDemoUser(COUNSELLOR, { timeout: 20_000 }, async (page) => {
      await page.goto(caseUrl.replace(/\/care-cases\/.*$/, '/care-cases'));
      await page.getByRole('button', { name: 'Open a case' }).click();
      const dialog = page.getByRole('dialog', { name: 'Open a care case' });
      await dialog
        .getByText('Her name and other identity are recorded in the vault by a colleague', {
          exact: false,
        })
        .waitFor();
      expect(await dialog.getByLabel(field('Legal name')).count()).toBe(0);
      await dialog.getByRole('button', { name: 'Cancel' }).click();
      await dialog.waitFor({ state: 'detached' });
    });
  }, 120_000);
});
