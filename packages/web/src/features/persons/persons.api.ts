import type { RevealPurpose } from '@dawn/core';
import { getJson, postJson, putJson, queryString } from '../../app/api.ts';

/** Mirrors the server's `personSchema`: non-identifying facts only. */
export interface Person {
  id: string;
  pseudonym: string;
  organisationId: string;
  sex: 'female' | 'male' | 'transgender' | 'other' | 'unknown';
  ageBand: '0-11' | '12-14' | '15-17' | '18-24' | '25-34' | '35+' | 'unknown';
  birthYearEstimate: number | null;
  originState: string | null;
  originCountry: string | null;
  languages: string[];
  hasIdentity: boolean;
  createdAt: string;
}

/** Mirrors the server's `identitySchema`: what the vault holds. Never cached, never in a URL. */
export interface Identity {
  legalName: string;
  aliases: string[];
  birthDate?: string;
  phones: string[];
  addresses: {
    line: string;
    district?: string;
    state?: string;
    country?: string;
    postalCode?: string;
  }[];
  identityDocuments: { type: string; number: string }[];
  photoReference?: string;
  familyNames: { relation: string; name: string }[];
}

export interface NewPerson {
  sex: Person['sex'];
  ageBand: Person['ageBand'];
  birthYearEstimate?: number;
  originState?: string;
  originCountry?: string;
  languages: string[];
  identity?: Identity;
}

export interface SimilarQuery {
  legalName?: string;
  phones: string[];
  birthYear?: number;
}

export interface SimilarMatch {
  personId: string;
  pseudonym: string;
  score: number;
}

export const PERSONS_PAGE_SIZE = 25;

/** What a reveal answers: the identity and its version, sent back to replace it. */
export interface RevealedIdentity {
  identity: Identity;
  version: number;
}

export const personsApi = {
  /** One page, keyset-paged from `after` (a nextCursor), without counting the scope. */
  list: (search: string, after?: string) =>
    getJson<{ persons: Person[]; nextCursor: string | null }>(
      `/api/persons${queryString({ search: search.trim(), limit: PERSONS_PAGE_SIZE, after, count: 'none' })}`,
    ),
  /** Every person the search matches, counted only when the user asks. */
  count: async (search: string) =>
    (
      await getJson<{ total: number }>(
        `/api/persons${queryString({ search: search.trim(), limit: 1, count: 'exact' })}`,
      )
    ).total,
  get: (id: string) => getJson<Person>(`/api/persons/${encodeURIComponent(id)}`),
  // POST: the reason and the identity travel in bodies only.
  reveal: (id: string, reason: string, purpose: RevealPurpose) =>
    postJson<RevealedIdentity>(
      `/api/persons/${encodeURIComponent(id)}/identity/reveal`,
      { purpose, reason },
      'retry',
    ),
  create: (input: NewPerson) => postJson<Person>('/api/persons', input),
  // PUT with the identity in the body: names never travel in a URL. `version`, the one revealed
  // (undefined when none was recorded), keeps a save from undoing someone else's meanwhile.
  saveIdentity: (id: string, identity: Identity, version: number | undefined) =>
    putJson<{ updated: true }>(
      `/api/persons/${encodeURIComponent(id)}/identity`,
      identity,
      version === undefined ? { 'if-none-match': '*' } : { 'if-match': `"${version}"` },
    ),
  similar: (query: SimilarQuery) =>
    postJson<{ matches: SimilarMatch[] }>('/api/persons/similar', query, 'retry'),
};
