import { MultiSelect } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { personsApi } from '../persons/persons.api.ts';

/**
 * Picks persons by pseudonym, searching the server as the user types. Only ids and pseudonyms
 * travel: a name never appears here, in a URL or in a cache key.
 */
export function PersonPicker({
  label,
  description,
  value,
  onChange,
  error,
}: {
  label: string;
  description?: string;
  value: string[];
  onChange: (value: string[]) => void;
  error?: string | undefined;
}) {
  const [search, setSearch] = useState('');
  const [debounced] = useDebouncedValue(search, 250);
  // Pseudonyms of every person seen, so chosen ones keep their label when the search changes.
  const [known, setKnown] = useState<Record<string, string>>({});
  const persons = useQuery({
    queryKey: ['persons', 'list', debounced, 1],
    queryFn: () => personsApi.list(debounced),
  });
  useEffect(() => {
    const found = persons.data?.persons ?? [];
    if (found.length === 0) return;
    setKnown((previous) => ({
      ...previous,
      ...Object.fromEntries(found.map((person) => [person.id, person.pseudonym])),
    }));
  }, [persons.data]);
  const options = new Map<string, string>();
  for (const id of value) options.set(id, known[id] ?? id);
  for (const person of persons.data?.persons ?? []) options.set(person.id, person.pseudonym);
  return (
    <MultiSelect
      label={label}
      description={description}
      searchable
      clearable
      searchValue={search}
      onSearchChange={setSearch}
      data={[...options].map(([id, pseudonym]) => ({ value: id, label: pseudonym }))}
      value={value}
      onChange={onChange}
      error={error}
      filter={({ options: all }) => all}
    />
  );
}
