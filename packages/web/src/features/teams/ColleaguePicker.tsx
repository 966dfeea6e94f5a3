import { MultiSelect, Select } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { teamsApi } from './teams.api.ts';

/** Searches the active users of the caller's organisation by name as the user types. */
function useColleagueOptions(chosen: string[]) {
  const [search, setSearch] = useState('');
  const [debounced] = useDebouncedValue(search, 250);
  const [known, setKnown] = useState<Record<string, string>>({});
  const found = useQuery({
    queryKey: ['colleagues', debounced],
    queryFn: () => teamsApi.colleagues({ search: debounced }),
    staleTime: 60_000,
  });
  useEffect(() => {
    const seen = found.data?.colleagues ?? [];
    if (seen.length === 0) return;
    setKnown((previous) => ({
      ...previous,
      ...Object.fromEntries(seen.map((colleague) => [colleague.userId, colleague.displayName])),
    }));
  }, [found.data]);
  const options = new Map<string, string>();
  for (const id of chosen) options.set(id, known[id] ?? id);
  for (const colleague of found.data?.colleagues ?? [])
    options.set(colleague.userId, colleague.displayName);
  return {
    search,
    setSearch,
    data: [...options].map(([value, label]) => ({ value, label })),
  };
}

interface PickerProps {
  label: string;
  description?: string;
  error?: string | undefined;
}

export function ColleaguesPicker({
  value,
  onChange,
  ...props
}: PickerProps & { value: string[]; onChange: (value: string[]) => void }) {
  const options = useColleagueOptions(value);
  return (
    <MultiSelect
      {...props}
      searchable
      clearable
      searchValue={options.search}
      onSearchChange={options.setSearch}
      data={options.data}
      value={value}
      onChange={onChange}
      filter={({ options: all }) => all}
    />
  );
}

export function ColleaguePicker({
  value,
  onChange,
  ...props
}: PickerProps & { value: string | null; onChange: (value: string | null) => void }) {
  const options = useColleagueOptions(value ? [value] : []);
  return (
    <Select
      {...props}
      searchable
      clearable
      searchValue={options.search}
      onSearchChange={options.setSearch}
      data={options.data}
      value={value}
      onChange={onChange}
      filter={({ options: all }) => all}
    />
  );
}
