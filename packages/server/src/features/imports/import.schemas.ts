import { IMPORT_KINDS, IMPORT_PROBLEM_CODES } from '@dawn/core';
import { z } from 'zod';

/** The most an upload may weigh (the base64 text is a third larger). */
export const IMPORT_MAX_BYTES = 10 * 1024 * 1024;

export const mappingSchema = z
  .record(z.string().min(1).max(50), z.string().trim().min(1).max(200))
  .describe(
    'for each field of the kind, the header of the column that fills it; guessed when absent',
  );

export const importKindSchema = z
  .enum(IMPORT_KINDS)
  .describe('what the rows are: persons, care cases, …');

/** The importer's answer to a row listed for review as likely someone already in Dawn. */
const decisionSchema = z.discriminatedUnion('decision', [
  z.object({
    row: z.number().int().min(1),
    decision: z.literal('same_person').describe('she is this person already in Dawn'),
    personId: z.uuid('is not a person'),
  }),
  z.object({
    row: z.number().int().min(1),
    decision: z.literal('new_person').describe('she is someone else: record her'),
  }),
]);

export const importBodySchema = z.object({
  kind: importKindSchema.default('persons'),
  fileBase64: z
    .string()
    .min(1, 'choose a file')
    .max(Math.ceil((IMPORT_MAX_BYTES * 4) / 3) + 4, 'the file is larger than 10 MB; split it')
    .regex(/^[A-Za-z0-9+/]*={0,2}$/u, 'is not a file')
    .describe('the .xlsx or .csv file, base64-encoded'),
  mapping: mappingSchema.optional(),
  resumeJobId: z.uuid('is not an import id').optional(),
  trainingSessionId: z
    .uuid('is not a training session')
    .optional()
    .describe('the training session a list of training participants goes into'),
  decisions: z
    .array(decisionSchema)
    .max(50_000)
    .optional()
    .describe(
      'answers to rows the dry run listed as likely someone already in Dawn (likely_duplicate): the same person (the row is linked to her, nothing of hers changes) or a new one; a row without an answer waits',
    ),
});

const rowReportSchema = z.object({
  row: z.number().int(),
  externalId: z.string().nullable(),
  action: z.enum(['create', 'update', 'link', 'skip', 'not_imported']),
  problems: z.array(z.string()),
  issues: z.array(
    z.object({
      column: z.string().nullable(),
      code: z.enum(IMPORT_PROBLEM_CODES),
      value: z.string().optional(),
      pseudonym: z.string().optional(),
      score: z.number().optional(),
      otherRow: z.number().int().optional(),
    }),
  ),
  duplicateOf: z
    .object({ personId: z.uuid(), pseudonym: z.string(), score: z.number() })
    .optional(),
  newPerson: z
    .string()
    .optional()
    .describe('the external id of the person this row records with its care case'),
  linkTo: z.uuid().optional().describe('a linked row’s person, as the importer answered'),
  answerable: z
    .boolean()
    .optional()
    .describe('a row listed for review that an answer in `decisions` can decide'),
});

export const dryRunReportSchema = z.object({
  kind: importKindSchema,
  headerRow: z.number().int(),
  headers: z.array(z.string()),
  mapping: mappingSchema,
  totalRows: z.number().int(),
  toCreate: z.number().int(),
  toUpdate: z.number().int(),
  toLink: z.number().int().describe('rows linked to a person already in Dawn, as answered'),
  toSkip: z.number().int(),
  notImported: z.number().int(),
  newPersons: z
    .number()
    .int()
    .describe('persons the rows record with their care cases, each counted once'),
  rows: z.array(rowReportSchema),
});

export const startedImportSchema = z.object({ jobId: z.uuid(), totalRows: z.number().int() });

export const importJobSchema = z.object({
  id: z.uuid(),
  kind: z.string(),
  status: z.enum(['running', 'finished', 'failed']),
  totalRows: z.number().int(),
  doneRows: z.number().int(),
  created: z.number().int(),
  updated: z.number().int(),
  skipped: z.number().int(),
  notImported: z.number().int(),
  personsCreated: z
    .number()
    .int()
    .describe('persons recorded with the rows’ care cases: survivors new to Dawn'),
  linked: z.number().int().describe('rows linked to a person already in Dawn, as answered'),
  problems: z.array(
    z.object({
      row: z.number().int(),
      column: z.string().nullable(),
      code: z.enum(IMPORT_PROBLEM_CODES),
      message: z.string(),
      pseudonym: z.string().optional(),
      score: z.number().optional(),
      otherRow: z.number().int().optional(),
    }),
  ),
  followUpFailed: z
    .array(z.object({ firstRow: z.number().int(), lastRow: z.number().int() }))
    .describe(
      'rows whose cases were imported but whose re-trafficking check could not run afterwards',
    ),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
});

export const jobIdParams = z.object({ id: z.uuid('is not an import id') });

export const kindParams = z.object({ kind: importKindSchema });

export const mappingBodySchema = z.object({ mapping: mappingSchema });

export const savedMappingSchema = z.object({
  kind: importKindSchema,
  mapping: mappingSchema,
  fields: z.array(z.object({ field: z.string(), required: z.boolean() })),
});
