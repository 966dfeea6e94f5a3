import { Button, Group, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { intlLocale } from '../../i18n/number-system.ts';
import type { KeysetPages } from './useKeysetPages.ts';

interface KeysetPagerProps {
  pages: KeysetPages;
  pageSize: number;
  /** Rows on this page. */
  rowCount: number;
  /** The server's cursor for the next page; null when this page is the last. */
  nextCursor: string | null | undefined;
  /** What the list is, for screen readers: "Care cases". */
  label: string;
  /**
   * The rows shown are still the previous page's while this one loads (`isPlaceholderData`):
   * the range is not said and the buttons wait, so a second click cannot reuse a stale cursor.
   */
  busy?: boolean | undefined;
  /**
   * Counts every row the filters match, only when the user asks: counting is what made every
   * page view cost a scan of the whole scope, so no page asks for it by itself.
   */
  count?: { key: readonly unknown[]; run: () => Promise<number> } | undefined;
}

/**
 * "Showing 26–50", Previous and Next for a keyset-paged list (see useKeysetPages), and, if the
 * list can, a "Count all" button. Buttons, not links: they are reached with Tab and pressed with
 * Enter or Space, and the range is announced when it changes.
 */
export function KeysetPager({
  pages,
  pageSize,
  rowCount,
  nextCursor,
  label,
  busy = false,
  count,
}: KeysetPagerProps) {
  const { t, i18n } = useTranslation();
  const numbers = new Intl.NumberFormat(intlLocale(i18n.resolvedLanguage));
  const from = pages.pageIndex * pageSize + 1;
  const to = pages.pageIndex * pageSize + rowCount;
  return (
    <Group
      component="nav"
      aria-label={t('lists.pager.label', { list: label })}
      justify="space-between"
      gap="sm"
      wrap="wrap"
    >
      <Text size="sm" aria-live="polite" aria-busy={busy}>
        {busy
          ? t('common.loading')
          : rowCount > 0
            ? t('lists.pager.range', { from: numbers.format(from), to: numbers.format(to) })
            : pages.pageIndex > 0
              ? t('lists.pager.noMore')
              : ''}
      </Text>
      {count && <CountAll count={count} format={(value) => numbers.format(value)} />}
      <Group gap="xs">
        {pages.pageIndex > 1 && (
          <Button variant="subtle" disabled={busy} onClick={pages.first}>
            {t('lists.pager.first')}
          </Button>
        )}
        <Button variant="default" disabled={busy || pages.pageIndex === 0} onClick={pages.previous}>
          {t('lists.pager.previous')}
        </Button>
        <Button
          variant="default"
          disabled={busy || !nextCursor}
          onClick={() => {
            if (nextCursor) pages.next(nextCursor);
          }}
        >
          {t('lists.pager.next')}
        </Button>
      </Group>
    </Group>
  );
}

function CountAll({
  count,
  format,
}: {
  count: NonNullable<KeysetPagerProps['count']>;
  format: (value: number) => string;
}) {
  const { t } = useTranslation();
  const scope = JSON.stringify(count.key);
  const [askedFor, setAskedFor] = useState<string | undefined>();
  const asked = askedFor === scope;
  const total = useQuery({
    queryKey: [...count.key, 'count'],
    queryFn: count.run,
    enabled: asked,
  });
  if (!asked)
    return (
      <Button variant="subtle" size="compact-sm" onClick={() => setAskedFor(scope)}>
        {t('lists.pager.countAll')}
      </Button>
    );
  return (
    <Text size="sm" aria-live="polite">
      {total.data !== undefined
        ? t('lists.pager.total', { count: total.data, total: format(total.data) })
        : total.isError
          ? t('lists.pager.countFailed')
          : t('lists.pager.counting')}
    </Text>
  );
}
