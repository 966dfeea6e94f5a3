/**
 * What an import can fill, per kind of record, and the header words (English, Bengali, Hindi)
 * that name each field in the spreadsheets NGOs keep. Pure: the server reads the file and stores.
 */
export const IMPORT_KINDS = [
  'persons',
  'care_cases',
  'legal_cases',
  'training_participants',
] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];

export const PERSON_IMPORT_FIELDS = [
  'externalId',
  'legalName',
  'aliases',
  'sex',
  'birthDate',
  'ageBand',
  'phone',
  'originState',
  'originCountry',
  'languages',
] as const;
export type PersonImportField = (typeof PERSON_IMPORT_FIELDS)[number];

export interface ImportFieldSpec<Field extends string = string> {
  field: Field;
  required: boolean;
  /** Header words that name the field, compared after normalising (case, spaces, punctuation). */
  headers: readonly string[];
}

export const PERSON_IMPORT_SPECS: readonly ImportFieldSpec<PersonImportField>[] = [
  {
    field: 'externalId',
    required: true,
    headers: [
      'external id',
      'id',
      'record id',
      'ref',
      'reference',
      'reference no',
      'serial no',
      'sl no',
      'আইডি',
      'রেফারেন্স',
      'ক্রমিক নং',
      'আইডি নম্বর',
      'आईडी',
      'संदर्भ',
      'संदर्भ संख्या',
      'क्रमांक',
    ],
  },
  {
    field: 'legalName',
    required: true,
    headers: [
      'name',
      'full name',
      'legal name',
      'survivor name',
      'name of survivor',
      'নাম',
      'পুরো নাম',
      'নাম (পুরো)',
      'नाम',
      'पूरा नाम',
    ],
  },
  {
    field: 'aliases',
    required: false,
    headers: ['alias', 'aliases', 'other names', 'also known as', 'ডাকনাম', 'অন্য নাম', 'उपनाम'],
  },
  {
    field: 'sex',
    required: true,
    headers: ['sex', 'gender', 'লিঙ্গ', 'लिंग'],
  },
  {
    field: 'birthDate',
    required: false,
    headers: [
      'dob',
      'date of birth',
      'birth date',
      'birthdate',
      'জন্ম তারিখ',
      'জন্মতারিখ',
      'जन्म तिथि',
      'जन्म तारीख',
    ],
  },
  {
    field: 'ageBand',
    required: false,
    headers: ['age band', 'age group', 'বয়সের দল', 'বয়স গোষ্ঠী', 'आयु वर्ग', 'आयु समूह'],
  },
  {
    field: 'phone',
    required: false,
    headers: [
      'phone',
      'mobile',
      'phone number',
      'mobile no',
      'contact',
      'ফোন',
      'মোবাইল',
      'ফোন নম্বর',
      'फ़ोन',
      'फोन',
      'मोबाइल',
      'मोबाइल नंबर',
    ],
  },
  {
    field: 'originState',
    required: false,
    headers: ['state', 'home state', 'state of origin', 'রাজ্য', 'राज्य'],
  },
  {
    field: 'originCountry',
    required: false,
    headers: ['country', 'country of origin', 'nationality', 'দেশ', 'देश'],
  },
  {
    field: 'languages',
    required: false,
    headers: ['languages', 'language', 'ভাষা', 'भाषा'],
  },
];

/** A column mapping: for each field, the header of the file's column that fills it. */
export type ImportMapping = Record<string, string>;

/** Lower case, NFC, punctuation and repeated spaces folded: "Date of Birth:" → "date of birth". */
export function normaliseHeader(header: string): string {
  return header
    .normalize('NFC')
    .toLowerCase()
    .replace(/[._:;,/\\()[\]#*-]+/gu, ' ')
    .replace(/\s+/gu, ' ')
    .trim();
}

/**
 * Guesses which column fills which field from the file's headers: a header that is one of the
 * field's words. A saved mapping (the organisation's last one) wins where its header is present.
 */
export function guessImportMapping(
  headers: readonly string[],
  saved: ImportMapping = {},
  specs: readonly ImportFieldSpec[] = PERSON_IMPORT_SPECS,
): ImportMapping {
  const present = new Map(headers.map((header) => [normaliseHeader(header), header]));
  const mapping: ImportMapping = {};
  const taken = new Set<string>();
  for (const spec of specs) {
    const savedHeader = saved[spec.field];
    const fromSaved = savedHeader ? present.get(normaliseHeader(savedHeader)) : undefined;
    if (fromSaved && !taken.has(fromSaved)) {
      mapping[spec.field] = fromSaved;
      taken.add(fromSaved);
    }
  }
  for (const spec of specs) {
    if (mapping[spec.field]) continue;
    for (const word of spec.headers) {
      const header = present.get(normaliseHeader(word));
      if (header && !taken.has(header)) {
        mapping[spec.field] = header;
        taken.add(header);
        break;
      }
    }
  }
  return mapping;
}

/** Required fields the mapping leaves without a column. */
export function unmappedRequiredFields(
  mapping: ImportMapping,
  specs: readonly ImportFieldSpec[] = PERSON_IMPORT_SPECS,
): string[] {
  return specs.filter((spec) => spec.required && !mapping[spec.field]).map((spec) => spec.field);
}
