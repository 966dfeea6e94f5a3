import { MultiSelect, Select } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { officialsApi, type Official } from './officials.api.ts';

const label = (official: Official) =>
  `${official.name} · ${official.designation}, ${official.organisation.name}`;

/** Searches officials by name as the user types; chosen ones keep their label across searches. */
function useOfficialOptions(chosen: string[], organisationId: string | null | undefined) {
  const [search, setSearch] = useState('');
  const [debounced] = useDebouncedValue(search, 250);
  const [known, setKnown] = useState<Record<string, string>>({});
  const found = useQuery({
    queryKey: ['officials', organisationId ?? null, debounced],
    queryFn: () =>
      officialsApi.search({
        search: debounced,
        ...(organisationId ? { organisationId } : {}),
      }),
    staleTime: 60_000,
  });
  const unknown = chosen.filter((id) => known[id] === undefined);
  const named = useQuery({
    queryKey: ['officials', 'ids', unknown],
    queryFn: () => officialsApi.search({ ids: unknown }),
    enabled: unknown.length > 0,
    staleTime: 60_000,
  });
  useEffect(() => {
    const seen = [...(found.data?.officials ?? []), ...(named.data?.officials ?? [])];
    if (seen.length === 0) return;
    setKnown((previous) => ({
      ...previous,
      ...Object.fromEntries(seen.map((official) => [official.id, label(official)])),
    }));
  }, [found.data, named.data]);
  const options = new Map<string, string>();
  for (const id of chosen) options.set(id, known[id] ?? id);
  for (const official of found.data?.officials ?? []) options.set(official.id, label(official));
  return {
    search,
    setSearch,
    data: [...options].map(([value, text]) => ({ value, label: text })),
  };
}

interface PickerProps {
  label: string;
  description?: string;
  /** Only officials of this organisation (e.g. the leading police station), when given. */
  organisationId?: string | null | undefined;
  error?: string | undefined;
}

export function OfficialsPicker({
  value,
  onChange,
  organisationId,
  ...props
}: PickerProps & { value: string[]; onChange: (value: string[]) => void }) {
  const options = useOfficialOptions(value, organisationId);
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

export function OfficialPicker({
  value,
  onChange,
  organisationId,
  ...props
}: PickerProps & { value: string | null; onChange: (value: string | null) => void }) {
  const options = useOfficialOptions(value ? [value] : [], organisationId);
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
