import { isRole, newUserSchema, ROLES, userChangeSchema, type Role } from '@dawn/core';
import {
  Button,
  Checkbox,
  Group,
  Modal,
  NativeSelect,
  SimpleGrid,
  Stack,
  TextInput,
} from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState, type SyntheticEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../app/ErrorAlert.tsx';
import { useFieldErrors } from '../../app/forms/useFieldErrors.ts';
import { usersApi, type NewUser, type UserChange, type UserSummary } from './users.api.ts';

type Props =
  | {
      mode: 'create';
      user?: undefined;
      pending: boolean;
      error: unknown;
      onSubmit: (body: NewUser) => void;
      onClose: () => void;
    }
  | {
      mode: 'edit';
      user: UserSummary;
      pending: boolean;
      error: unknown;
      onSubmit: (change: UserChange) => void;
      onClose: () => void;
    };

/** Create a user, or change a user's name, roles and status. Opened = mounted. */
export function UserFormModal(props: Props) {
  const { t } = useTranslation();
  const { user } = props;
  const [email, setEmail] = useState('');
  const [displayName, setDisplayName] = useState(user?.displayName ?? '');
  const [roles, setRoles] = useState<Role[]>(user?.roles ?? []);
  const [status, setStatus] = useState<UserSummary['status']>(user?.status ?? 'active');
  const [organisationId, setOrganisationId] = useState('');
  const organisations = useQuery({
    queryKey: ['organisations'],
    queryFn: usersApi.organisations,
    enabled: props.mode === 'create',
  });
  const organisationChoice = organisationId || organisations.data?.organisations[0]?.id || '';

  // A taken e-mail address is a refusal about the e-mail field: said beside it, not in a banner.
  const fields = useFieldErrors(props.error, { email: /e-mail/i });
  const issue = (field: string) => fields.errorFor(field);

  // The server's schemas (core), so a missing name or role or a mistyped e-mail is named first.
  const submit = (event: SyntheticEvent) => {
    event.preventDefault();
    if (props.mode === 'create') {
      const body = {
        email: email.trim(),
        displayName: displayName.trim(),
        roles,
        organisationId: organisationChoice,
      };
      if (!fields.check(newUserSchema, body)) return;
      props.onSubmit(body);
    } else {
      const change = { displayName: displayName.trim(), roles, status };
      if (!fields.check(userChangeSchema, change)) return;
      props.onSubmit(change);
    }
  };

  return (
    <Modal
      opened
      onClose={props.onClose}
      size="lg"
      title={props.mode === 'create' ? t('users.create.title') : t('users.edit.title')}
    >
      <form onSubmit={submit} noValidate>
        <Stack>
          {props.mode === 'create' && (
            <TextInput
              label={t('users.fields.email')}
              type="email"
              required
              data-autofocus
              value={email}
              onChange={(event) => setEmail(event.currentTarget.value)}
              error={issue('email')}
            />
          )}
          <TextInput
            label={t('users.fields.displayName')}
            required
            value={displayName}
            onChange={(event) => setDisplayName(event.currentTarget.value)}
            error={issue('displayName')}
          />
          {props.mode === 'create' && (
            <NativeSelect
              label={t('users.fields.organisation')}
              required
              value={organisationChoice}
              onChange={(event) => setOrganisationId(event.currentTarget.value)}
              data={(organisations.data?.organisations ?? []).map((organisation) => ({
                value: organisation.id,
                label: organisation.name,
              }))}
              error={issue('organisationId')}
            />
          )}
          <Checkbox.Group
            label={t('users.fields.roles')}
            required
            value={roles}
            onChange={(value) => setRoles(value.filter(isRole))}
            error={issue('roles')}
          >
            <SimpleGrid cols={{ base: 1, sm: 2 }} mt="xs" spacing="xs">
              {ROLES.map((role) => (
                <Checkbox key={role} value={role} label={t(`roles.${role}`)} />
              ))}
            </SimpleGrid>
          </Checkbox.Group>
          {props.mode === 'edit' && (
            <NativeSelect
              label={t('users.fields.status')}
              value={status}
              onChange={(event) => setStatus(event.currentTarget.value as UserSummary['status'])}
              data={[
                { value: 'active', label: t('users.status.active') },
                { value: 'disabled', label: t('users.status.disabled') },
              ]}
            />
          )}
          <ErrorAlert error={fields.bannerError} />
          <Group justify="flex-end">
            <Button variant="default" onClick={props.onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={props.pending}>
              {props.mode === 'create' ? t('users.create.submit') : t('common.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
