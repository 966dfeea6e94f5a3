import { isRole, ROLES, type Role } from '@dawn/core';
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
import { isApiError } from '../../app/api.ts';
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
  const [submitted, setSubmitted] = useState(false);
  const organisations = useQuery({
    queryKey: ['organisations'],
    queryFn: usersApi.organisations,
    enabled: props.mode === 'create',
  });
  const organisationChoice = organisationId || organisations.data?.organisations[0]?.id || '';

  const issue = (field: string) =>
    isApiError(props.error) ? props.error.issueFor(field) : undefined;
  const rolesMissing = roles.length === 0;

  const submit = (event: SyntheticEvent) => {
    event.preventDefault();
    setSubmitted(true);
    if (rolesMissing || !displayName.trim()) return;
    if (props.mode === 'create') {
      if (!email.trim() || !organisationChoice) return;
      props.onSubmit({
        email: email.trim(),
        displayName: displayName.trim(),
        roles,
        organisationId: organisationChoice,
      });
    } else {
      props.onSubmit({ displayName: displayName.trim(), roles, status });
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
              error={
                (submitted && !email.trim() ? t('common.required') : undefined) ?? issue('email')
              }
            />
          )}
          <TextInput
            label={t('users.fields.displayName')}
            required
            value={displayName}
            onChange={(event) => setDisplayName(event.currentTarget.value)}
            error={
              (submitted && !displayName.trim() ? t('common.required') : undefined) ??
              issue('displayName')
            }
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
            error={
              (submitted && rolesMissing ? t('users.rolesRequired') : undefined) ?? issue('roles')
            }
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
          <ErrorAlert error={props.error} />
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
