import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { managerInKolkata } from './field-ready.ts';

/** An offence outside the catalogue, so the list can be filtered to this story's two cases. */
const OFFENCE = 'XYZ:43';

/**
 * Two cases through the API, one with an FIR and one without; returns the station's name and the
 * id of the case without an FIR (its title is the start of its id). Invented: no real FIR.
 */
async function recordTwoCases(page: Page): Promise<{ station: string; withoutFirId: string }> {
  return page.evaluate(async (offence) => {
    const session = (await (await fetch('/api/auth/session')).json()) as { csrfToken: string };
    const post = async (body: unknown) => {
      const response = await fetch('/api/legal-cases', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-csrf-token': session.csrfToken },
        body: JSON.stringify(body),
      });
      if (!response.ok) throw new Error(`legal case not opened: ${response.status}`);
      return (await response.json()) as { id: string };
    };
    const { organisations } = (await (await fetch('/api/organisations')).json()) as {
      organisations: { id: string; name: string; kind: string }[];
    };
    const station = organisations.find((organisation) => organisation.kind === 'police_station');
    if (!station) throw new Error('the demo has no police station');
    await post({
      fir: {
        policeStationId: station.id,
        number: 'T-43',
        year: 2026,
        registeredAt: '2026-01-05T09:30:00+05:30',
      },
      offences: [offence],
    });
    const withoutFir = await post({ offences: [offence] });
    return { station: station.name, withoutFirId: withoutFir.id };
  }, OFFENCE);
}

describe('a programme manager reading Bengali sees each legal case named in Bengali', () => {
  const manager = managerInKolkata('legal-case-title');
  const dawn = manager.dawn;

  it('on the legal-case list and on each case’s page: এফআইআর and আইনি মামলা, not FIR and Legal case', async () => {
    const page = await manager.page('bn');
    await dawn.onPage(page, 'legal-case-title', async () => {
      const { station, withoutFirId } = await recordTwoCases(page);
      const withFir = `এফআইআর T-43/2026, ${station}`;
      const withoutFir = `আইনি মামলা ${withoutFirId.slice(0, 8)}`;

      await page.goto(`${dawn.url()}/legal-cases?offence=${encodeURIComponent(OFFENCE)}`);
      const main = page.getByRole('main');
      await main.getByRole('link', { name: withFir, exact: true }).waitFor();
      await main.getByRole('link', { name: withoutFir, exact: true }).waitFor();
      const listText = await main.innerText();
      expect(listText).not.toContain('FIR T-43');
      expect(listText).not.toContain('Legal case');

      await main.getByRole('link', { name: withFir, exact: true }).click();
      await main.getByRole('heading', { level: 2, name: withFir, exact: true }).waitFor();
      expect(await main.innerText()).not.toContain('FIR T-43');

      await page.goto(`${dawn.url()}/legal-cases/${withoutFirId}`);
      await main.getByRole('heading', { level: 2, name: withoutFir, exact: true }).waitFor();
      expect(await main.innerText()).not.toContain('Legal case');
    });
  }, 120_000);
});
