import { Box, Card, Group, Stack, Table, Text } from '@mantine/core';
import { Fragment, type ReactNode } from 'react';
import { useWideScreen } from '../useWideScreen.ts';

/** One column of a list: its heading, what a row shows in it, and where it goes on a phone. */
export interface ListColumn<Row> {
  key: string;
  /** Its heading; a column of buttons may have none (an empty heading cell, no label on a card). */
  header?: ReactNode;
  cell: (row: Row) => ReactNode;
  /**
   * On a phone's card: `title` is the card's first line (the link to the row's page, usually),
   * `badge` sits at its right (a phase, a status), `line` (the default) is a line of its own with
   * the column's heading before it, `action` a button at the card's foot, `none` leaves it off.
   */
  onCard?: 'title' | 'badge' | 'line' | 'action' | 'none';
  /** Keeps a date or a code on one line in the table. */
  nowrap?: boolean;
}

/** `data-*` attributes a row carries in both forms (a deadline's status, say). */
type RowData = Record<`data-${string}`, string>;

interface ListTableProps<Row> {
  rows: readonly Row[];
  columns: readonly ListColumn<Row>[];
  rowKey: (row: Row) => string;
  /** What the list is, for screen readers: "Care cases". */
  label?: string;
  /** The id of the heading that names the list, instead of `label`. */
  labelledBy?: string;
  /** The table's narrowest width on a desk's screen before it scrolls inside its box. */
  minWidth?: number;
  /** The rows are still the previous page's while the next one loads. */
  busy?: boolean;
  /** A sentence above the rows saying what they are ("… newest first"). */
  caption?: ReactNode;
  rowData?: (row: Row) => RowData;
  /** What a row has opened to show (its explanation), under it; null when it is closed. */
  details?: (row: Row) => ReactNode;
}

/**
 * A list as a table on a desk's screen and, on a phone, where six columns would have to be slid
 * sideways row by row, each row as a card read from top to bottom: its title and badges first,
 * then each other column as "Heading: value", its buttons last. One of the two is rendered, not
 * both with one hidden, so a screen reader and a search of the page meet each row once.
 * Each value on a card is marked `data-cell`, as a table's are inside `tbody`.
 */
export function ListTable<Row>({
  rows,
  columns,
  rowKey,
  label,
  labelledBy,
  minWidth = 700,
  busy = false,
  caption,
  rowData,
  details,
}: ListTableProps<Row>) {
  const wide = useWideScreen();
  const named = { 'aria-label': label, 'aria-labelledby': labelledBy, 'aria-busy': busy };
  const dim = busy ? 0.5 : 1;
  if (wide) {
    return (
      <Table.ScrollContainer minWidth={minWidth}>
        <Table striped highlightOnHover captionSide="top" opacity={dim} {...named}>
          {caption && <Table.Caption>{caption}</Table.Caption>}
          <Table.Thead>
            <Table.Tr>
              {columns.map((column) => (
                <Table.Th key={column.key}>{column.header}</Table.Th>
              ))}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((row) => {
              const opened = details?.(row);
              return (
                <Fragment key={rowKey(row)}>
                  <Table.Tr {...rowData?.(row)}>
                    {columns.map((column) => (
                      <Table.Td
                        key={column.key}
                        style={column.nowrap ? { whiteSpace: 'nowrap' } : undefined}
                      >
                        {column.cell(row)}
                      </Table.Td>
                    ))}
                  </Table.Tr>
                  {opened ? (
                    <Table.Tr>
                      <Table.Td colSpan={columns.length}>{opened}</Table.Td>
                    </Table.Tr>
                  ) : null}
                </Fragment>
              );
            })}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    );
  }
  const placed = (place: NonNullable<ListColumn<Row>['onCard']>) =>
    columns.filter((column) => (column.onCard ?? 'line') === place);
  const [title, badges, lines, actions] = [
    placed('title'),
    placed('badge'),
    placed('line'),
    placed('action'),
  ];
  const cards = (
    <Stack
      component="ul"
      gap="sm"
      p={0}
      m={0}
      style={{ listStyle: 'none' }}
      opacity={dim}
      {...named}
    >
      {rows.map((row) => {
        const opened = details?.(row);
        return (
          <Card key={rowKey(row)} component="li" withBorder padding="sm" {...rowData?.(row)}>
            {(title.length > 0 || badges.length > 0) && (
              <Group justify="space-between" align="flex-start" wrap="nowrap" gap="xs" mb={4}>
                <Text component="div" fw={600} size="sm" style={{ overflowWrap: 'anywhere' }}>
                  {title.map((column) => (
                    <Box key={column.key} data-cell>
                      {column.cell(row)}
                    </Box>
                  ))}
                </Text>
                {badges.length > 0 && (
                  <Group gap={4} justify="flex-end">
                    {badges.map((column) => (
                      <Box key={column.key} data-cell>
                        {column.cell(row)}
                      </Box>
                    ))}
                  </Group>
                )}
              </Group>
            )}
            {lines.map((column) => (
              <Text key={column.key} component="div" size="sm" style={{ overflowWrap: 'anywhere' }}>
                {column.header && (
                  <>
                    <Text span size="sm" c="dimmed">
                      {column.header}:
                    </Text>{' '}
                  </>
                )}
                <Box component="span" data-cell>
                  {column.cell(row)}
                </Box>
              </Text>
            ))}
            {actions.length > 0 && (
              <Group gap="xs" mt="xs">
                {actions.map((column) => (
                  <Box key={column.key} data-cell>
                    {column.cell(row)}
                  </Box>
                ))}
              </Group>
            )}
            {opened ? <Box mt="xs">{opened}</Box> : null}
          </Card>
        );
      })}
    </Stack>
  );
  if (!caption) return cards;
  return (
    <Stack gap="xs">
      <Text size="sm" c="dimmed">
        {caption}
      </Text>
      {cards}
    </Stack>
  );
}
