import fs from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { postAsSignedIn } from './demo-story.ts';
import { PAGES_A_LIST_OPENS, managerInKolkata, openMainPage } from './field-ready.ts';

// Evaluated through the debugging protocol, which Dawn's Content-Security-Policy (no inline
// scripts) does not apply to, as it would to a script tag.
const AXE_SOURCE = fs.readFileSync(
  createRequire(import.meta.url).resolve('axe-core/axe.min.js'),
  'utf8',
);

/** The pages of a working day, and the states of them that only a click shows. */
const PAGES = [
  '/my-work',
  '/care-cases',
  'first-care-case',
  '/legal-cases',
  'first-legal-case',
  '/legal-cases/new',
  '/deadlines',
  '/alerts',
  '/rescue-operations',
  '/hearings',
  '/compensation',
  '/persons',
  '/retrafficking',
  '/networks',
  '/dashboard',
  '/reports/chosen-few',
  '/trainings',
  '/stories',
  '/imports',
  '/account',
  '/',
] as const;

/**
 * The pages a list opens, and the forms and administration pages beside them: in English on a
 * desktop and a phone (what axe checks does not change with the language; the field-ready story
 * reads them in Bengali and Hindi).
 */
const MORE_PAGES = PAGES_A_LIST_OPENS;

interface Violation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[]; html?: string }[];
}

/** axe-core's WCAG 2.1 A and AA rules on the page as it stands. */
async function violationsOn(page: Page): Promise<Violation[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE_SOURCE);
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (...args: unknown[]) => Promise<unknown> } })
      .axe;
    const result = (await axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
      resultTypes: ['violations'],
    })) as { violations: Violation[] };
    return result.violations.map((violation) => ({
      id: violation.id,
      impact: violation.impact,
      help: violation.help,
      nodes: violation.nodes.map((node) => ({
        target: node.target,
        html: (node as unknown as { html: string }).html.slice(0, 200),
      })),
    }));
  });
}

/** Forms that open over a page: opened, then sent empty so their refusals show beside fields. */
const DIALOGS = [
  { page: '/care-cases', open: 'Open a case', sendEmpty: 'Open the case' },
  { page: '/persons', open: 'Record a person', sendEmpty: undefined },
  { page: '/rescue-operations', open: 'Record a rescue operation', sendEmpty: undefined },
  { page: '/trainings', open: 'Create programme', sendEmpty: undefined },
  { page: '/stories', open: 'Plan an edition', sendEmpty: undefined },
] as const;

/**
 * Accessible to people who use a screen reader, a keyboard or a magnifier: every page of a
 * working day passes axe-core's WCAG 2.1 A and AA rules (names for every control, contrast,
 * landmarks, ARIA used as specified), in English, Bengali and Hindi, at 1280 px and on a phone.
 */
describe('every page of a working day meets WCAG 2.1 AA as axe-core checks it', () => {
  const manager = managerInKolkata('accessibility');
  const dawn = manager.dawn;

  it('in English, Bengali and Hindi, on a desktop and a phone', async () => {
    const found: string[] = [];
    for (const language of ['en', 'bn', 'hi'] as const) {
      const page = await manager.page(language);
      await dawn.onPage(page, `accessibility-${language}`, async () => {
        for (const width of language === 'en' ? [1280, 390] : [1280]) {
          await page.setViewportSize({ width, height: width > 600 ? 900 : 844 });
          for (const target of language === 'en' ? [...PAGES, ...MORE_PAGES] : PAGES) {
            await openMainPage(page, dawn.url(), target);
            for (const violation of await violationsOn(page))
              found.push(
                `${language} ${width}px ${target}: ${violation.id} (${violation.impact}) ${violation.help}: ${violation.nodes
                  .slice(0, 3)
                  .map((node) => `${node.target.join(' ')} ${node.html ?? ''}`)
                  .join(' | ')}`,
              );
          }
        }
      });
    }
    expect(found).toEqual([]);
  }, 900_000);

  it('the forms that open over a page, empty and refused, and a reveal', async () => {
    const found: string[] = [];
    const page = await manager.page('en');
    const record = async (label: string) => {
      for (const violation of await violationsOn(page))
        found.push(
          `${label}: ${violation.id} (${violation.impact}) ${violation.help}: ${violation.nodes
            .slice(0, 3)
            .map((node) => `${node.target.join(' ')} ${node.html ?? ''}`)
            .join(' | ')}`,
        );
    };
    await dawn.onPage(page, 'accessibility-dialogs', async () => {
      for (const dialog of DIALOGS) {
        await openMainPage(page, dawn.url(), dialog.page);
        await page
          .getByRole('button', { name: dialog.open })
          .or(page.getByRole('link', { name: dialog.open }))
          .first()
          .click();
        // A dialog over the page, or a page of its own.
        await page.getByRole('dialog').or(page.locator('main form')).first().waitFor();
        await page.waitForTimeout(300);
        await record(`${dialog.page} ${dialog.open}`);
        if (dialog.sendEmpty) {
          await page.getByRole('dialog').getByRole('button', { name: dialog.sendEmpty }).click();
          await page.getByRole('dialog').locator('[aria-invalid="true"]').first().waitFor();
          await record(`${dialog.page} ${dialog.open}, sent empty`);
        }
      }
      // A survivor's identity revealed, as a manager reads it.
      const person = await postAsSignedIn(page, '/api/persons', {
        sex: 'female',
        ageBand: '18-24',
        identity: { legalName: 'Testa Fictionalia Accessible', phones: ['+91 00000 00001'] },
      });
      expect(person.status).toBe(201);
      await page.goto(`${dawn.url()}/persons/${person.body.id}`);
      await page.getByRole('button', { name: 'Reveal identity…' }).click();
      await page.getByRole('dialog').waitFor();
      await record('reveal, asking why');
    });
    expect(found).toEqual([]);
  }, 300_000);
});
