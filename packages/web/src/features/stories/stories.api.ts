import type { StoryChannel, StoryLanguage, StoryStatus } from '@dawn/core';
import { useTranslation } from 'react-i18next';
import { deleteJson, getJson, patchJson, postJson, putJson } from '../../app/api.ts';

/** The stories screens' strings live under `stories` (i18n/features/stories). */
export function useStoriesT() {
  return useTranslation(undefined, { keyPrefix: 'stories' });
}

export const STORY_FIELDS = ['title', 'body', 'aspirations', 'interests'] as const;
export type StoryField = (typeof STORY_FIELDS)[number];

/** Mirrors the server's schemas (features/stories/story.schemas.ts, edition.schemas.ts). */
export interface StoryText {
  language: StoryLanguage;
  title: string;
  body: string;
  aspirations: string;
  interests: string;
}

export interface StoryVersion extends StoryText {
  version: number;
  sha256: string;
  savedAt: string;
}

export interface ReadBack {
  readAt: string;
  readBy: string | null;
  readByName: string | null;
  language: StoryLanguage;
  decision: 'agreed' | 'changes_requested';
  changesRequested: string | null;
  versionHashes: Record<string, string>;
}

export interface StoryConsent {
  id: string;
  channel: StoryChannel;
  givenAt: string;
  language: string;
  withdrawnAt: string | null;
  active: boolean;
}

export const STORY_IMAGE_KINDS = ['illustration', 'photo_without_face'] as const;
export type StoryImageKind = (typeof STORY_IMAGE_KINDS)[number];

export interface StoryImage {
  kind: StoryImageKind;
  documentId: string;
  width: number;
  height: number;
  sha256: string;
  attachedAt: string;
}

export interface StoryView {
  id: string;
  careCaseId: string;
  publicPseudonym: string;
  originalLanguage: StoryLanguage;
  rescueYear: number | null;
  status: StoryStatus;
  approvedAt: string | null;
  updatedAt: string;
  texts: StoryVersion[];
  readBacks: ReadBack[];
  consents: StoryConsent[];
  image: StoryImage | null;
}

export interface StorySummary {
  id: string;
  careCaseId: string;
  publicPseudonym: string;
  originalLanguage: StoryLanguage;
  status: StoryStatus;
  updatedAt: string;
  languages: StoryLanguage[];
  consentedChannels: StoryChannel[];
}

export interface GuardFinding {
  id: string;
  language: StoryLanguage;
  field: StoryField;
  start: number;
  end: number;
  kind: string;
  span: string;
  overridden: boolean;
  overrideReason: string | null;
}

export interface GuardReport {
  findings: GuardFinding[];
  open: number;
}

export interface NewStory {
  publicPseudonym: string;
  originalLanguage: StoryLanguage;
  rescueYear?: number;
  texts: StoryText[];
}

export interface SaveStory {
  publicPseudonym?: string;
  rescueYear?: number | null;
  texts: StoryText[];
}

export interface NewReadBack {
  readAt: string;
  language: StoryLanguage;
  decision: 'agreed' | 'changes_requested';
  changesRequested?: string;
}

export const CONSENT_GIVERS = ['survivor', 'guardian', 'cwc'] as const;
export const CONSENT_METHODS = ['written', 'thumbprint', 'verbal_witnessed', 'cwc_order'] as const;
export const WITHDRAWAL_REASONS = [
  'survivor_request',
  'guardian_request',
  'safety_concern',
  'other',
] as const;

export interface NewStoryConsent {
  channel: StoryChannel;
  givenAt: string;
  givenBy: (typeof CONSENT_GIVERS)[number];
  method: (typeof CONSENT_METHODS)[number];
  language: string;
  witnessRole?: string;
}

export interface EditionMonth {
  month: number;
  storyId: string;
  publicPseudonym: string;
  languages: StoryLanguage[];
  printable: boolean;
}

export interface EditionView {
  id: string;
  year: number;
  title: string;
  subtitle: string;
  paper: 'A4' | 'A3';
  orientation: 'portrait' | 'landscape';
  bleedMarks: boolean;
  status: 'draft' | 'printed';
  printedAt: string | null;
  doNotReprint: boolean;
  months: EditionMonth[];
}

export type NewEdition = Pick<
  EditionView,
  'year' | 'title' | 'subtitle' | 'paper' | 'orientation' | 'bleedMarks'
>;

/** Stories a page of the stories list shows. */
export const STORIES_PAGE_SIZE = 25;

export const storyKeys = {
  all: ['stories'] as const,
  list: (filter: { careCaseId?: string; status?: StoryStatus }) =>
    ['stories', 'list', filter] as const,
  detail: (id: string) => ['stories', 'detail', id] as const,
  guard: (id: string) => ['stories', 'guard', id] as const,
  versions: (id: string, language: StoryLanguage) => ['stories', 'versions', id, language] as const,
  editions: ['editions'] as const,
  edition: (id: string) => ['editions', id] as const,
};

function query(filter: Record<string, string | undefined>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(filter)) if (value) params.set(key, value);
  const text = params.toString();
  return text ? `?${text}` : '';
}

export const storiesApi = {
  /** Newest first; `page` pages by keyset (the previous page's nextCursor), else the first 100. */
  list: (
    filter: { careCaseId?: string; status?: StoryStatus },
    page: { cursor: string | undefined; limit: number } = { cursor: undefined, limit: 100 },
  ) =>
    getJson<{ stories: StorySummary[]; nextCursor: string | null }>(
      `/api/stories${query({ ...filter, limit: String(page.limit), cursor: page.cursor })}`,
    ),
  get: (id: string) => getJson<StoryView>(`/api/stories/${id}`),
  create: (caseId: string, story: NewStory) =>
    postJson<StoryView>(`/api/care-cases/${caseId}/stories`, story),
  save: (id: string, story: SaveStory) => putJson<StoryView>(`/api/stories/${id}`, story),
  versions: (id: string, language: StoryLanguage) =>
    getJson<{ versions: StoryVersion[] }>(`/api/stories/${id}/versions/${language}`),
  guard: (id: string) => getJson<GuardReport>(`/api/stories/${id}/guard`),
  override: (id: string, findingId: string, reason: string) =>
    postJson<GuardReport>(`/api/stories/${id}/guard/overrides`, { findingId, reason }),
  readBack: (id: string, readBack: NewReadBack) =>
    postJson<StoryView>(`/api/stories/${id}/read-backs`, readBack),
  approve: (id: string) => postJson<StoryView>(`/api/stories/${id}/approve`),
  recordConsent: (id: string, consent: NewStoryConsent) =>
    postJson<StoryView>(`/api/stories/${id}/consents`, consent),
  withdrawConsent: (
    id: string,
    consentId: string,
    body: { reason: (typeof WITHDRAWAL_REASONS)[number]; note?: string },
  ) => postJson<StoryView>(`/api/stories/${id}/consents/${consentId}/withdraw`, body),
  attachImage: (id: string, documentId: string, kind: StoryImageKind) =>
    putJson<StoryView>(`/api/stories/${id}/image`, { documentId, kind }),
  removeImage: (id: string) => deleteJson<StoryView>(`/api/stories/${id}/image`),
  imageUrl: (id: string, sha256: string) => `/api/stories/${id}/image?v=${sha256.slice(0, 12)}`,
  editions: () => getJson<{ editions: EditionView[] }>('/api/editions'),
  edition: (id: string) => getJson<EditionView>(`/api/editions/${id}`),
  createEdition: (edition: NewEdition) => postJson<EditionView>('/api/editions', edition),
  assignMonth: (id: string, month: number, storyId: string, languages: StoryLanguage[]) =>
    putJson<EditionView>(`/api/editions/${id}/months/${month}`, { storyId, languages }),
  updateEdition: (id: string, changes: Partial<Omit<NewEdition, 'year'>>) =>
    patchJson<EditionView>(`/api/editions/${id}`, changes),
  clearMonth: (id: string, month: number) =>
    deleteJson<EditionView>(`/api/editions/${id}/months/${month}`),
  previewUrl: (id: string) => `/api/editions/${id}/preview`,
  pdfUrl: (id: string) => `/api/editions/${id}/pdf`,
};
