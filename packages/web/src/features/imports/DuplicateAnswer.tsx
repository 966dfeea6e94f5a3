import { Anchor, Radio, Stack, Text } from '@mantine/core';
import { Link } from 'react-router';
import { useImportsT, type RowReport } from './imports.api.ts';

/** What the importer says about a row listed as likely someone already in Dawn. */
export type DuplicateAnswer = 'wait' | 'same_person' | 'new_person';

/**
 * The question a row listed for review asks: is she the person already in Dawn (her record opens
 * beside, to compare), someone else, or left out for now (the default: nothing happens to her).
 */
export function DuplicateAnswerField({
  row,
  answer,
  onAnswer,
}: {
  row: RowReport & { duplicateOf: NonNullable<RowReport['duplicateOf']> };
  answer: DuplicateAnswer;
  onAnswer: (answer: DuplicateAnswer) => void;
}) {
  const { t } = useImportsT();
  const { pseudonym, personId } = row.duplicateOf;
  return (
    <Stack gap={4} mt={4}>
      <Radio.Group
        value={answer}
        onChange={onAnswer}
        label={t('answer.question', { row: row.row, pseudonym })}
        size="sm"
      >
        <Stack gap={4} mt={4}>
          <Radio value="wait" label={t('answer.wait')} />
          <Radio value="same_person" label={t('answer.same', { pseudonym })} />
          <Radio value="new_person" label={t('answer.different')} />
        </Stack>
      </Radio.Group>
      <Text size="sm">
        <Anchor component={Link} to={`/persons/${personId}`} target="_blank">
          {t('answer.open', { pseudonym })}
        </Anchor>
      </Text>
    </Stack>
  );
}
