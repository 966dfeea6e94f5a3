import { documentDetailsSchema } from '@dawn/core';
import {
  Alert,
  Anchor,
  Badge,
  Button,
  Code,
  CopyButton,
  FileInput,
  Group,
  Paper,
  Progress,
  Select,
  Stack,
  Text,
  TextInput,
  Title,
  Tooltip,
} from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useState, type SyntheticEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../app/api.ts';
import { ErrorAlert, useErrorText } from '../../app/ErrorAlert.tsx';
import { formatDateTime } from '../../app/format.ts';
import { ListTable } from '../../app/lists/ListTable.tsx';
import { checkWithSchema } from '../../app/forms/field-messages.ts';
import { useFieldErrors } from '../../app/forms/useFieldErrors.ts';
import { useSession } from '../auth/useSession.ts';
import {
  DOCUMENT_TYPES,
  documentKeys,
  documentsApi,
  type DocumentEntityType,
  type DocumentType,
  type DocumentView,
} from './documents.api.ts';
import { intlLocale } from '../../i18n/number-system.ts';

interface Person {
  userId: string;
  displayName: string;
}

/**
 * The documents of a care case, legal case or rescue operation: each with its SHA-256, the
 * chain-of-custody fingerprint recorded at upload, and a download; and a form to upload one.
 */
export function CaseDocuments({
  entityType,
  entityId,
  people = [],
}: {
  entityType: DocumentEntityType;
  entityId: string;
  /** Users whose names we know (e.g. the case's team), to say who uploaded what. */
  people?: Person[];
}) {
  const { t } = useTranslation();
  const { can } = useSession();
  const headingId = useId();
  const canRead = can('document:read');
  const documents = useQuery({
    queryKey: documentKeys.list(entityType, entityId),
    queryFn: () => documentsApi.list(entityType, entityId),
    enabled: canRead,
  });
  if (!canRead) return null;

  return (
    <Paper withBorder p="md" component="section" aria-labelledby={headingId}>
      <Stack gap="sm">
        <Title order={3} id={headingId}>
          {t('documents.title')}
        </Title>
        <ErrorAlert error={documents.error} />
        {documents.data && documents.data.documents.length === 0 && (
          <Text size="sm">{t('documents.none')}</Text>
        )}
        {documents.data && documents.data.documents.length > 0 && (
          <DocumentTable documents={documents.data.documents} people={people} />
        )}
        {can('document:write') && <UploadForm entityType={entityType} entityId={entityId} />}
      </Stack>
    </Paper>
  );
}

function DocumentTable({ documents, people }: { documents: DocumentView[]; people: Person[] }) {
  const { t, i18n } = useTranslation();
  const { session } = useSession();
  const language = intlLocale(i18n.resolvedLanguage);
  const uploader = (userId: string) => {
    if (session?.user.id === userId) return t('documents.you');
    return (
      people.find((person) => person.userId === userId)?.displayName ??
      t('documents.otherUser', { id: userId.slice(0, 8) })
    );
  };
  return (
    <ListTable
      rows={documents}
      rowKey={(document) => document.id}
      label={t('documents.title')}
      minWidth={640}
      rowData={(document) => ({ 'data-testid': `document-${document.id}` })}
      columns={[
        {
          key: 'type',
          header: t('documents.type'),
          onCard: 'badge',
          cell: (document) => (
            <Badge variant="light">{t(`documents.types.${document.type}`)}</Badge>
          ),
        },
        {
          key: 'title',
          header: t('documents.documentTitle'),
          onCard: 'title',
          cell: (document) => document.title,
        },
        {
          key: 'size',
          header: t('documents.size'),
          cell: (document) => formatSize(document.sizeBytes, language),
        },
        {
          key: 'uploaded',
          header: t('documents.uploaded'),
          cell: (document) =>
            t('documents.uploadedByAt', {
              name: uploader(document.uploadedBy),
              at: formatDateTime(document.uploadedAt, language),
            }),
        },
        {
          key: 'sha256',
          header: t('documents.sha256'),
          cell: (document) => <Fingerprint sha256={document.sha256} />,
        },
        {
          key: 'download',
          onCard: 'action',
          cell: (document) => (
            <Anchor
              href={documentsApi.contentUrl(document.id)}
              download
              aria-label={t('documents.downloadNamed', { title: document.title })}
            >
              {t('documents.download')}
            </Anchor>
          ),
        },
      ]}
    />
  );
}

/** The first 12 hex digits; the whole hash on hover and for copying, to compare with a copy. */
function Fingerprint({ sha256 }: { sha256: string }) {
  const { t } = useTranslation();
  return (
    <Group gap={4} wrap="nowrap">
      <Tooltip label={sha256} maw={320} multiline>
        <Code data-sha256={sha256}>{`${sha256.slice(0, 12)}…`}</Code>
      </Tooltip>
      <CopyButton value={sha256}>
        {({ copied, copy }) => (
          <Button size="compact-xs" variant="subtle" onClick={copy}>
            {copied ? t('documents.copied') : t('documents.copy')}
          </Button>
        )}
      </CopyButton>
    </Group>
  );
}

function formatSize(bytes: number, language: string): string {
  const units = ['B', 'KB', 'MB', 'GB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  const number = new Intl.NumberFormat(language, { maximumFractionDigits: unit === 0 ? 0 : 1 });
  return `${number.format(value)} ${units[unit] ?? 'B'}`;
}

function UploadForm({
  entityType,
  entityId,
}: {
  entityType: DocumentEntityType;
  entityId: string;
}) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const queryClient = useQueryClient();
  const [type, setType] = useState<DocumentType | null>(null);
  const [title, setTitle] = useState('');
  const [file, setFile] = useState<File | null>(null);
  const [progress, setProgress] = useState<number | undefined>(undefined);
  const upload = useMutation({
    mutationFn: (input: { type: DocumentType; title: string; file: File }) =>
      documentsApi.upload({ entityType, entityId, ...input }, setProgress),
    onSuccess: async () => {
      setType(null);
      setTitle('');
      setFile(null);
      await queryClient.invalidateQueries({ queryKey: documentKeys.list(entityType, entityId) });
    },
    onSettled: () => {
      setProgress(undefined);
    },
  });
  const fields = useFieldErrors(upload.error);
  const submit = (event: SyntheticEvent) => {
    event.preventDefault();
    // The server's schema for the type and title (core), and a file, named beside each first.
    const valid = fields.report((translate) => {
      const found = checkWithSchema(documentDetailsSchema, { type: type ?? '', title }, translate);
      if (!file) found.file = translate('forms.errors.chooseFile');
      return found;
    });
    if (!valid || !type || !file) return;
    upload.mutate({ type, title: title.trim(), file });
  };
  const error = upload.error;
  const fieldError = (field: string) => fields.errorFor(field);

  return (
    <form onSubmit={submit} noValidate aria-label={t('documents.upload')}>
      <Stack gap="xs">
        <Title order={4}>{t('documents.upload')}</Title>
        <Group grow align="flex-start">
          <Select
            label={t('documents.type')}
            data={DOCUMENT_TYPES.map((value) => ({
              value,
              label: t(`documents.types.${value}`),
            }))}
            value={type}
            onChange={(value) => {
              setType(value);
            }}
            error={fieldError('type')}
            required
          />
          <TextInput
            label={t('documents.documentTitle')}
            description={t('documents.titleHint')}
            value={title}
            onChange={(event) => {
              setTitle(event.currentTarget.value);
            }}
            maxLength={120}
            error={fieldError('title')}
            required
          />
        </Group>
        <FileInput
          label={t('documents.file')}
          description={t('documents.fileHint')}
          value={file}
          onChange={setFile}
          accept="application/pdf,image/jpeg,image/png,image/webp,image/heic,image/heif,.docx,.odt,text/plain"
          clearable
          required
          error={fieldError('file')}
        />
        {progress !== undefined && (
          <Progress
            value={Math.round(progress * 100)}
            aria-label={t('documents.uploading')}
            animated
          />
        )}
        {error && (
          // Orange when the upload may have been stored although no answer said so.
          <Alert color={isApiError(error) && error.mayHaveLanded ? 'orange' : 'red'} role="alert">
            {uploadErrorText(error, t, errorText)}
          </Alert>
        )}
        <Group justify="flex-end">
          <Button type="submit" loading={upload.isPending}>
            {t('documents.uploadSubmit')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function uploadErrorText(
  error: unknown,
  t: (key: string, values?: Record<string, string>) => string,
  errorText: (error: unknown) => string,
): string {
  if (isApiError(error) && error.code === 'PAYLOAD_TOO_LARGE')
    return t('documents.errors.tooLarge');
  if (isApiError(error) && error.code === 'UNSUPPORTED_MEDIA_TYPE')
    return t('documents.errors.unsupported');
  return errorText(error);
}
