import { useSearchParams } from 'react-router';

/**
 * A list's filters kept in the page's URL (`?phase=intake&overdue=true`), so a filtered list can be
 * bookmarked, shared with a colleague and come back on "Back". Only ids, codes and closed choices
 * belong here: never free text a user types (a name could be typed into any search box) and never
 * anything about a survivor. `parse` keeps only values the list knows, so an edited or stale URL
 * cannot make the server refuse the page.
 */
export function useUrlFilters<Filters extends Record<string, string | undefined>>(
  parse: (params: URLSearchParams) => Filters,
): {
  filters: Filters;
  setFilters: (next: Filters) => void;
} {
  const [params, setParams] = useSearchParams();
  const filters = parse(params);
  const setFilters = (next: Filters) => {
    const kept = new URLSearchParams();
    for (const [key, value] of Object.entries(next)) {
      if (value !== undefined && value !== '') kept.set(key, value);
    }
    setParams(kept, { replace: true });
  };
  return { filters, setFilters };
}

/** `value` if it is one of `allowed`, else undefined. */
export function oneOf<Value extends string>(
  value: string | null,
  allowed: readonly Value[],
): Value | undefined {
  return value !== null && (allowed as readonly string[]).includes(value)
    ? (value as Value)
    : undefined;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** `value` if it looks like an id, else undefined. */
export function anId(value: string | null): string | undefined {
  return value !== null && UUID.test(value) ? value : undefined;
}
