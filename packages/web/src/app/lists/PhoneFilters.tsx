import { Button, Group, Stack } from '@mantine/core';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { intlLocale } from '../../i18n/number-system.ts';
import { useWideScreen } from '../useWideScreen.ts';

/**
 * A list's filters: in a row on a desk's screen; on a phone, where five of them stacked would push
 * the list below the fold, folded behind one button that says how many are chosen. `lead` (a
 * search box) stays in sight on both.
 */
export function PhoneFilters({
  chosen,
  lead,
  children,
}: {
  /** How many filters are set now, said on the button. */
  chosen: number;
  lead?: ReactNode;
  children: ReactNode;
}) {
  const { t, i18n } = useTranslation();
  const wide = useWideScreen();
  const [open, setOpen] = useState(false);
  if (wide)
    return (
      <Group align="flex-end" wrap="wrap">
        {lead}
        {children}
      </Group>
    );
  const number = new Intl.NumberFormat(intlLocale(i18n.resolvedLanguage)).format(chosen);
  return (
    <Stack gap="xs">
      {lead}
      <Button variant="default" w="fit-content" aria-expanded={open} onClick={() => setOpen(!open)}>
        {chosen > 0 ? t('common.filtersChosen', { count: chosen, number }) : t('common.filters')}
      </Button>
      {open && <Stack gap="xs">{children}</Stack>}
    </Stack>
  );
}
