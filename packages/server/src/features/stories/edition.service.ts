import { DomainError } from '@dawn/core';
import { requirePermission, deny } from '../../platform/access/access.ts';
import { recordAudit } from '../../platform/audit/audit.ts';
import type { Deps } from '../../platform/deps.ts';
import { calendarHtml, type CalendarDocument } from './calendar-html.ts';
import { printPdf } from './calendar-pdf.ts';
import {
  editionMonths,
  findEdition,
  installationHolidays,
  printablePages,
  type EditionRow,
  type PrintablePage,
} from './edition.repository.ts';
import type { AssignMonth, EditionView, NewEdition, UpdateEdition } from './edition.schemas.ts';
import { findVisibleStory, hasActiveStoryConsent } from './story.repository.ts';

/**
 * Calendar editions: a year, a cover and twelve months, one approved story each. Consent is read
 * live at every preview and render, so a withdrawal takes effect on the next one whatever path
 * withdrew it.
 */
async function requireEdition(deps: Deps, editionId: string) {
  const { actor } = await requirePermission(deps.db, 'edition:manage', {
    type: 'calendar_edition',
    id: editionId,
  });
  const edition = await findEdition(deps.db, actor, editionId);
  if (!edition)
    return deny(deps.db, {
      permission: 'edition:manage',
      entityType: 'calendar_edition',
      entityId: editionId,
    });
  return { actor, edition };
}

/** The views of the editions given, their months read in one query. */
async function toEditionViews(deps: Deps, editions: readonly EditionRow[]): Promise<EditionView[]> {
  const months = await editionMonths(
    deps.db,
    editions.map((edition) => edition.id),
  );
  return editions.map((edition) =>
    editionView(
      edition,
      months.filter((month) => month.edition_id === edition.id),
    ),
  );
}

async function toEditionView(deps: Deps, edition: EditionRow): Promise<EditionView> {
  const [view] = await toEditionViews(deps, [edition]);
  if (!view) throw new Error('an edition has a view');
  return view;
}

function editionView(
  edition: EditionRow,
  months: Awaited<ReturnType<typeof editionMonths>>,
): EditionView {
  const printed = edition.status === 'printed';
  return {
    id: edition.id,
    year: edition.year,
    title: edition.title,
    subtitle: edition.subtitle,
    paper: edition.paper,
    orientation: edition.orientation,
    bleedMarks: edition.bleed_marks,
    status: edition.status,
    printedAt: edition.printed_at ? new Date(edition.printed_at).toISOString() : null,
    // A printed edition whose story lost its consent by any path must not be printed again.
    doNotReprint: edition.do_not_reprint || (printed && months.some((month) => !month.printable)),
    months: months.map((month) => ({
      month: month.month,
      storyId: month.story_id,
      publicPseudonym: month.public_pseudonym,
      languages: month.languages,
      printable: Boolean(month.printable),
    })),
  };
}

export async function listEditions(deps: Deps): Promise<EditionView[]> {
  const { actor } = await requirePermission(deps.db, 'edition:manage');
  const rows = await deps.db
    .selectFrom('calendar_edition')
    .selectAll()
    .where('organisation_id', '=', actor.organisationId)
    .orderBy('year', 'desc')
    .orderBy('created_at', 'desc')
    .limit(100)
    .execute();
  return toEditionViews(deps, rows);
}

export async function createEdition(deps: Deps, input: NewEdition): Promise<EditionView> {
  const { actor } = await requirePermission(deps.db, 'edition:manage');
  const row = await deps.db.transaction().execute(async (trx) => {
    const inserted = await trx
      .insertInto('calendar_edition')
      .values({
        organisation_id: actor.organisationId,
        year: input.year,
        title: input.title,
        subtitle: input.subtitle,
        paper: input.paper,
        orientation: input.orientation,
        bleed_marks: input.bleedMarks,
        created_by: actor.userId,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(trx, {
      action: 'edition.created',
      entityType: 'calendar_edition',
      entityId: inserted.id,
      details: { year: input.year },
    });
    return inserted;
  });
  return toEditionView(deps, row);
}

/** The cover and the print settings of an edition still being planned. */
export async function updateEdition(
  deps: Deps,
  editionId: string,
  input: UpdateEdition,
): Promise<EditionView> {
  const { edition } = await requireEdition(deps, editionId);
  refusePrinted(edition);
  const row = await deps.db.transaction().execute(async (trx) => {
    const updated = await trx
      .updateTable('calendar_edition')
      .set({
        ...(input.title !== undefined ? { title: input.title } : {}),
        ...(input.subtitle !== undefined ? { subtitle: input.subtitle } : {}),
        ...(input.paper !== undefined ? { paper: input.paper } : {}),
        ...(input.orientation !== undefined ? { orientation: input.orientation } : {}),
        ...(input.bleedMarks !== undefined ? { bleed_marks: input.bleedMarks } : {}),
      })
      .where('id', '=', editionId)
      .where('status', '=', 'draft')
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(trx, {
      action: 'edition.updated',
      entityType: 'calendar_edition',
      entityId: editionId,
      details: { fields: Object.keys(input) },
    });
    return updated;
  });
  return toEditionView(deps, row);
}

export async function getEdition(deps: Deps, editionId: string): Promise<EditionView> {
  const { edition } = await requireEdition(deps, editionId);
  return toEditionView(deps, edition);
}

function refusePrinted(edition: EditionRow): void {
  if (edition.status === 'printed')
    throw new DomainError('CONFLICT', 'This edition is printed; plan a new edition instead.');
}

export async function assignMonth(
  deps: Deps,
  editionId: string,
  month: number,
  input: AssignMonth,
): Promise<EditionView> {
  const { actor, edition } = await requireEdition(deps, editionId);
  refusePrinted(edition);
  const story = await findVisibleStory(deps.db, actor, 'organisation', input.storyId);
  if (!story || story.organisation_id !== edition.organisation_id)
    throw new DomainError('NOT_FOUND', 'No such story.');
  if (story.status !== 'approved' && story.status !== 'published')
    throw new DomainError('CONFLICT', 'Only an approved story can be placed in an edition.');
  const consented = await deps.db
    .selectFrom('story')
    .select('id')
    .where('id', '=', story.id)
    .where(hasActiveStoryConsent('calendar_print'))
    .executeTakeFirst();
  if (!consented)
    throw new DomainError(
      'CONSENT_REQUIRED',
      'She has not consented to this story being printed in the calendar.',
    );
  await deps.db.transaction().execute(async (trx) => {
    // One story appears once per edition: moving it to another month frees the old one.
    await trx
      .deleteFrom('calendar_edition_month')
      .where('edition_id', '=', edition.id)
      .where((eb) => eb.or([eb('month', '=', month), eb('story_id', '=', story.id)]))
      .execute();
    await trx
      .insertInto('calendar_edition_month')
      .values({ edition_id: edition.id, month, story_id: story.id, languages: input.languages })
      .execute();
    await recordAudit(trx, {
      action: 'edition.month_assigned',
      entityType: 'calendar_edition',
      entityId: edition.id,
      details: { month, storyId: story.id, languages: input.languages },
    });
  });
  return toEditionView(deps, edition);
}

export async function clearMonth(
  deps: Deps,
  editionId: string,
  month: number,
): Promise<EditionView> {
  const { edition } = await requireEdition(deps, editionId);
  refusePrinted(edition);
  await deps.db.transaction().execute(async (trx) => {
    await trx
      .deleteFrom('calendar_edition_month')
      .where('edition_id', '=', edition.id)
      .where('month', '=', month)
      .execute();
    await recordAudit(trx, {
      action: 'edition.month_cleared',
      entityType: 'calendar_edition',
      entityId: edition.id,
      details: { month },
    });
  });
  return toEditionView(deps, edition);
}

async function calendarDocument(
  deps: Deps,
  edition: EditionRow,
): Promise<Omit<CalendarDocument, 'months'> & { months: PrintablePage[] }> {
  const [months, holidays] = await Promise.all([
    printablePages(deps.db, edition.id),
    installationHolidays(deps.db),
  ]);
  return {
    year: edition.year,
    title: edition.title,
    subtitle: edition.subtitle,
    paper: edition.paper,
    orientation: edition.orientation,
    bleedMarks: edition.bleed_marks,
    months,
    holidays,
  };
}

export async function previewEdition(deps: Deps, editionId: string): Promise<string> {
  const { edition } = await requireEdition(deps, editionId);
  return calendarHtml(await calendarDocument(deps, edition));
}

export interface RenderProgress {
  (step: 'collecting' | 'printing' | 'done'): void;
}

/** The print-ready PDF; refused for a printed edition marked do not reprint. */
export async function renderEditionPdf(
  deps: Deps,
  editionId: string,
  progress: RenderProgress = () => undefined,
): Promise<{ pdf: Buffer; pages: number; edition: EditionView }> {
  const { edition } = await requireEdition(deps, editionId);
  return render(deps, edition, progress);
}

async function render(
  deps: Deps,
  edition: EditionRow,
  progress: RenderProgress,
): Promise<{ pdf: Buffer; pages: number; edition: EditionView }> {
  const view = await toEditionView(deps, edition);
  if (view.doNotReprint)
    throw new DomainError(
      'CONFLICT',
      'Do not reprint: a story in this printed edition is no longer consented to.',
    );
  progress('collecting');
  const document = await calendarDocument(deps, edition);
  progress('printing');
  const pdf = await printPdf(calendarHtml(document), {
    paper: edition.paper,
    orientation: edition.orientation,
  });
  await deps.db.transaction().execute((trx) =>
    recordAudit(trx, {
      action: 'edition.rendered',
      entityType: 'calendar_edition',
      entityId: edition.id,
      details: {
        pages: document.months.length + 1,
        storyIds: document.months.map((page) => page.storyId),
      },
    }),
  );
  progress('done');
  return { pdf, pages: document.months.length + 1, edition: view };
}

/**
 * The CLI's render: it acts as the installation (whoever runs it can read the data directory), so
 * it picks the edition by year, or by id when a year has several. Audited with no user as actor.
 */
export async function renderEditionOfYear(
  deps: Deps,
  selection: { year: number; editionId?: string | undefined },
  progress: RenderProgress = () => undefined,
): Promise<{ pdf: Buffer; pages: number; edition: EditionView }> {
  let query = deps.db.selectFrom('calendar_edition').selectAll().where('year', '=', selection.year);
  if (selection.editionId) query = query.where('id', '=', selection.editionId);
  const editions = await query.orderBy('created_at').execute();
  const [edition, ...others] = editions;
  if (!edition)
    throw new DomainError('NOT_FOUND', `There is no calendar edition for ${selection.year}.`);
  if (others.length > 0)
    throw new DomainError(
      'CONFLICT',
      `There are ${editions.length} editions for ${selection.year}; choose one with --edition (${editions.map((row) => row.id).join(', ')}).`,
    );
  return render(deps, edition, progress);
}

/** Marks an edition as sent to the printer: its stories are published and its pages frozen. */
export async function markPrinted(deps: Deps, editionId: string): Promise<EditionView> {
  const { actor, edition } = await requireEdition(deps, editionId);
  refusePrinted(edition);
  const pages = await printablePages(deps.db, edition.id);
  if (pages.length === 0)
    throw new DomainError('CONFLICT', 'This edition has no page that may be printed.');
  const updated = await deps.db.transaction().execute(async (trx) => {
    // Pages that may not be printed leave the edition before it is frozen.
    await trx
      .deleteFrom('calendar_edition_month')
      .where('edition_id', '=', edition.id)
      .where(
        'story_id',
        'not in',
        pages.map((page) => page.storyId),
      )
      .execute();
    await trx
      .updateTable('story')
      .set({ status: 'published', updated_at: new Date() })
      .where(
        'id',
        'in',
        pages.map((page) => page.storyId),
      )
      .execute();
    const row = await trx
      .updateTable('calendar_edition')
      .set({ status: 'printed', printed_at: new Date(), printed_by: actor.userId })
      .where('id', '=', edition.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(trx, {
      action: 'edition.printed',
      entityType: 'calendar_edition',
      entityId: edition.id,
      details: { storyIds: pages.map((page) => page.storyId) },
    });
    return row;
  });
  return toEditionView(deps, updated);
}

export async function listHolidays(deps: Deps) {
  await requirePermission(deps.db, 'edition:manage');
  return installationHolidays(deps.db);
}

export async function replaceHolidays(
  deps: Deps,
  holidays: readonly {
    month: number;
    day: number;
    names: { en: string; bn: string; hi: string };
  }[],
) {
  await requirePermission(deps.db, 'holiday:manage');
  for (const [index, holiday] of holidays.entries()) {
    const length = new Date(Date.UTC(2024, holiday.month, 0)).getUTCDate();
    if (holiday.day > length)
      throw new DomainError(
        'VALIDATION_FAILED',
        `body.holidays.${index}.day: is not a day of that month`,
        {
          issues: [{ path: `body.holidays.${index}.day`, message: 'is not a day of that month' }],
        },
      );
  }
  await deps.db.transaction().execute(async (trx) => {
    await trx.deleteFrom('calendar_holiday').execute();
    if (holidays.length > 0)
      await trx
        .insertInto('calendar_holiday')
        .values(
          holidays.map((holiday) => ({
            month: holiday.month,
            day: holiday.day,
            name_en: holiday.names.en,
            name_bn: holiday.names.bn,
            name_hi: holiday.names.hi,
          })),
        )
        .execute();
    await recordAudit(trx, {
      action: 'calendar_holidays.updated',
      details: { count: holidays.length },
    });
  });
  return installationHolidays(deps.db);
}
