import { Table } from '@mantine/core';
import type { ReactNode } from 'react';

/**
 * Labelled facts, one a row: the label is the row's header, so a screen reader says it with the
 * value. Used wherever one record's facts are listed (a person, a revealed identity, the server).
 */
export function FactsTable({
  rows,
  labelWidth,
  testId,
}: {
  rows: readonly (readonly [string, ReactNode])[];
  labelWidth?: string;
  testId?: string;
}) {
  return (
    <Table data-testid={testId}>
      <Table.Tbody>
        {rows.map(([label, value]) => (
          <Table.Tr key={label}>
            <Table.Th scope="row" w={labelWidth}>
              {label}
            </Table.Th>
            <Table.Td>{value}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}
