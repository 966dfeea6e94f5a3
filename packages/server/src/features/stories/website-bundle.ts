import fs from 'node:fs';
import path from 'node:path';
import { installationActsFor, recordAudits } from '../../platform/audit/audit.ts';
import type { Deps } from '../../platform/deps.ts';
import { escapeHtml } from './calendar-html.ts';
import { currentVersions, hasActiveStoryConsent } from './story.repository.ts';

/**
 * The static website bundle: one HTML page per story consented for `website` (approved or
 * published), and an index. Generated from the same data as the calendar, with consent read at
 * generation time, so a withdrawn story is gone from the next bundle. The pages carry only the
 * public pseudonym, the approved texts and the year of rescue: no ids, no dates, no metadata.
 * CLI use (installation-wide, like every CLI command), audited with no user as actor, once for
 * each organisation whose stories it holds.
 */
export interface BundleFile {
  path: string;
  content: string | Buffer;
}

const LANGUAGE_NAMES = { en: 'English', bn: 'বাংলা', hi: 'हिन्दी' } as const;

function page(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="referrer" content="no-referrer"><title>${escapeHtml(title)}</title><style>body{font-family:'Noto Sans','Noto Sans Bengali','Noto Sans Devanagari',sans-serif;max-width:44rem;margin:2rem auto;padding:0 1rem;line-height:1.6;color:#1f2933}h1{color:#b45309}</style></head><body>${body}</body></html>`;
}

export async function websiteBundle(deps: Deps): Promise<BundleFile[]> {
  const stories = await deps.db
    .selectFrom('story')
    .select(['id', 'organisation_id', 'public_pseudonym', 'rescue_year'])
    .where('status', 'in', ['approved', 'published'])
    .where(hasActiveStoryConsent('website'))
    .orderBy('public_pseudonym')
    .orderBy('id')
    .execute();
  const storyIds = stories.map((story) => story.id);
  const [versions, images] = await Promise.all([
    currentVersions(deps.db, storyIds),
    // Only the cleaned copy (re-encoded without EXIF, GPS or other metadata) is published.
    storyIds.length === 0
      ? []
      : deps.db
          .selectFrom('story_image')
          .select(['story_id', 'content'])
          .where('story_id', 'in', storyIds)
          .execute(),
  ]);
  const files: BundleFile[] = [];
  const links: string[] = [];
  for (const [index, story] of stories.entries()) {
    // File names are positions, not ids: nothing in the bundle points back into Dawn.
    const file = `story-${String(index + 1).padStart(3, '0')}.html`;
    const texts = versions.filter((version) => version.story_id === story.id);
    const image = images.find((candidate) => candidate.story_id === story.id);
    const imageFile = file.replace(/\.html$/, '.jpg');
    if (image) files.push({ path: imageFile, content: image.content });
    const articles = texts
      .map(
        (text) =>
          `<article lang="${text.language}"><h2>${escapeHtml(text.title)}</h2><p><small>${LANGUAGE_NAMES[text.language]}</small></p>${text.body
            .split(/\n{2,}/)
            .map((paragraph) => `<p>${escapeHtml(paragraph)}</p>`)
            .join('')}</article>`,
      )
      .join('');
    files.push({
      path: file,
      content: page(
        `*${story.public_pseudonym}`,
        `<h1>*${escapeHtml(story.public_pseudonym)}</h1>${story.rescue_year ? `<p>${story.rescue_year}</p>` : ''}${image ? `<p><img src="${imageFile}" alt="" style="max-width:100%"></p>` : ''}${articles}<p><a href="index.html">←</a></p>`,
      ),
    });
    links.push(
      `<li><a href="${file}">*${escapeHtml(story.public_pseudonym)}: ${escapeHtml(texts[0]?.title ?? '')}</a></li>`,
    );
  }
  files.push({
    path: 'index.html',
    content: page('Stories', `<h1>Stories</h1><ul>${links.join('')}</ul>`),
  });
  // Each organisation's auditor reads which of its stories went out; a bundle of none is the
  // installation's alone.
  const byOrganisation = new Map<string, string[]>();
  for (const story of stories)
    byOrganisation.set(story.organisation_id, [
      ...(byOrganisation.get(story.organisation_id) ?? []),
      story.id,
    ]);
  await deps.db.transaction().execute((trx) =>
    recordAudits(
      trx,
      byOrganisation.size === 0
        ? [
            {
              action: 'website_bundle.generated',
              ...installationActsFor(null),
              details: { storyIds: [] },
            },
          ]
        : [...byOrganisation].map(([organisationId, published]) => ({
            action: 'website_bundle.generated' as const,
            ...installationActsFor(organisationId),
            details: { storyIds: published },
          })),
    ),
  );
  return files;
}

/** Writes the bundle into an empty (or new) directory, removing pages of a previous bundle. */
export function writeBundle(directory: string, files: readonly BundleFile[]): void {
  fs.mkdirSync(directory, { recursive: true });
  for (const name of fs.readdirSync(directory))
    if (/^(story-\d+\.(html|jpg)|index\.html)$/.test(name)) fs.rmSync(path.join(directory, name));
  for (const file of files) fs.writeFileSync(path.join(directory, file.path), file.content);
}
