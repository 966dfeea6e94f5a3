import type { ImportProblem } from '@dawn/core';
import type { NamedOfficial, NamedOrganisation } from './legal-case-import.repository.ts';

/**
 * Finding what a legal-case row names among what a batch read from the database: a police
 * station or court by name (and district), an official by name (and where they serve).
 */
/** The one organisation of that name, in the row's district when several share the name. */
export function pickOrganisation(
  found: Map<string, NamedOrganisation[]>,
  name: string,
  district: string | undefined,
): NamedOrganisation | undefined {
  const candidates = found.get(name.toLowerCase()) ?? [];
  if (candidates.length <= 1 || !district) return candidates[0];
  return (
    candidates.find((candidate) => candidate.district?.toLowerCase() === district.toLowerCase()) ??
    candidates[0]
  );
}

/**
 * The official of that name in the directory: the only one, or among several the one at the
 * row's own police station (the IO) or court (the prosecutor); else refused in words, as the
 * participant import refuses them.
 */
export function findOfficial(
  officials: Map<string, NamedOfficial[]>,
  name: string | undefined,
  organisationId: string | undefined,
  column: string,
  row: number,
): { id?: string; problem?: ImportProblem } {
  if (!name) return {};
  const candidates = officials.get(name.trim().toLowerCase()) ?? [];
  const [only] = candidates;
  if (!only)
    return {
      problem: {
        row,
        column,
        code: 'unknown_official',
        value: name,
        reason: 'is not the name of an official in the officials directory; add them there first',
      },
    };
  if (candidates.length === 1) return { id: only.id };
  const here = candidates.filter((official) => official.organisationId === organisationId);
  if (here.length === 1 && here[0]) return { id: here[0].id };
  return {
    problem: {
      row,
      column,
      code: 'ambiguous_official',
      value: name,
      reason:
        'is the name of several officials in the directory; record this one on the case by hand',
    },
  };
}
