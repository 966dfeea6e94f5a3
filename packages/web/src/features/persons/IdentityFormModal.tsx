import { Button, Group, Modal, Stack } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type SyntheticEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../app/ErrorAlert.tsx';
import { isApiError } from '../../app/api.ts';
import {
  draftOf,
  EMPTY_IDENTITY,
  IdentityFields,
  identityOf,
  SimilarPersons,
} from './IdentityFields.tsx';
import { personsApi, type Identity } from './persons.api.ts';
import { PERSON_FORM_NAMESPACE } from './person-form.i18n.ts';
import { RETRAFFICKING_QUERY_KEY } from '../retrafficking/retrafficking.api.ts';

/**
 * Records or replaces a person's identity. To edit, the caller passes the identity it revealed
 * (with a reason, audited); fields this form doesn't show (documents, family) are kept as they were.
 */
export function IdentityFormModal({
  personId,
  pseudonym,
  current,
  version,
  onClose,
}: {
  personId: string;
  pseudonym: string;
  current?: Identity;
  /** The version revealed with `current`: a save made meanwhile by someone else is not undone. */
  version?: number;
  onClose: () => void;
}) {
  const { t } = useTranslation(PERSON_FORM_NAMESPACE);
  const { t: common } = useTranslation();
  const queryClient = useQueryClient();
  const [draft, setDraft] = useState(current ? draftOf(current) : EMPTY_IDENTITY);
  const save = useMutation({
    mutationFn: () => personsApi.saveIdentity(personId, identityOf(draft, current), version),
    gcTime: 0,
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['persons', 'one', personId] });
      // Recording a survivor's identity checks her for re-trafficking (docs/networks.md).
      await queryClient.invalidateQueries({ queryKey: RETRAFFICKING_QUERY_KEY });
      onClose();
    },
  });
  const submit = (event: SyntheticEvent) => {
    event.preventDefault();
    save.mutate();
  };
  return (
    <Modal opened onClose={onClose} size="lg" title={t('editIdentityTitle', { pseudonym })}>
      <form onSubmit={submit} noValidate>
        <Stack>
          <IdentityFields
            draft={draft}
            onChange={setDraft}
            error={isApiError(save.error) ? save.error : undefined}
            prefix=""
          />
          <SimilarPersons draft={draft} excludeId={personId} />
          <ErrorAlert error={save.error} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {common('common.cancel')}
            </Button>
            <Button type="submit" loading={save.isPending}>
              {t('save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
