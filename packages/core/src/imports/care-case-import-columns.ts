import {
  PERSON_IMPORT_FIELDS,
  PERSON_IMPORT_SPECS,
  type ImportFieldSpec,
  type PersonImportField,
} from './import-columns.ts';

/**
 * The columns of a care-case register (issue 16) and the header words, in English, Bengali and
 * Hindi, that name each; the row rules are in care-case-import.ts. A register usually holds the
 * survivor beside her case: the persons' columns (name, sex, …) are optional here, and a row that
 * names her records her with the case when her id is not in Dawn yet.
 */
/** The person's own columns a care-case row may hold (the person's id is `personExternalId`). */
export type CareCasePersonField = Exclude<PersonImportField, 'externalId'>;
export const CARE_CASE_PERSON_FIELDS = PERSON_IMPORT_FIELDS.filter(
  (field): field is CareCasePersonField => field !== 'externalId',
);

export const CARE_CASE_IMPORT_FIELDS = [
  'externalId',
  'personExternalId',
  'openedDate',
  'rescueDate',
  'rescuedBy',
  'traffickingStatus',
  'statusDecidedBy',
  'typeOfExploitation',
  'rescueDistrict',
  'rescueState',
  'cwcProductionDate',
  'magistrateProductionDate',
  'shelterAdmissionDate',
  'shelter',
  'placementKind',
  'shelterLeftDate',
  'shelterLeftReason',
  'closedDate',
  'closureReason',
  ...CARE_CASE_PERSON_FIELDS,
] as const;
export type CareCaseImportField = (typeof CARE_CASE_IMPORT_FIELDS)[number];

export const CARE_CASE_IMPORT_SPECS: readonly ImportFieldSpec<CareCaseImportField>[] = [
  {
    field: 'externalId',
    required: true,
    headers: [
      'case id',
      'case no',
      'case number',
      'case ref',
      'কেস নং',
      'কেস আইডি',
      'केस आईडी',
      'केस संख्या',
    ],
  },
  {
    field: 'personExternalId',
    required: true,
    headers: [
      'person id',
      'survivor id',
      'person ref',
      'survivor ref',
      'ব্যক্তির আইডি',
      'সারভাইভার আইডি',
      'व्यक्ति आईडी',
      'पीड़िता आईडी',
    ],
  },
  {
    field: 'openedDate',
    required: false,
    headers: ['opened', 'date opened', 'opening date', 'case opened', 'খোলার তারিখ', 'खुलने की तिथि'],
  },
  {
    field: 'rescueDate',
    required: false,
    headers: ['rescue date', 'date of rescue', 'rescued on', 'উদ্ধারের তারিখ', 'बचाव की तिथि'],
  },
  {
    field: 'rescuedBy',
    required: false,
    headers: ['rescued by', 'উদ্ধারকারী', 'বচাওকারী', 'बचाने वाला'],
  },
  {
    field: 'traffickingStatus',
    required: false,
    headers: ['trafficking status', 'status of trafficking', 'পাচারের অবস্থা', 'तस्करी की स्थिति'],
  },
  {
    field: 'statusDecidedBy',
    required: false,
    headers: ['status decided by', 'decided by', 'কে নির্ধারণ করেছে', 'किसने तय किया'],
  },
  {
    field: 'typeOfExploitation',
    required: false,
    headers: ['type of exploitation', 'exploitation', 'শোষণের ধরন', 'शोषण का प्रकार'],
  },
  {
    field: 'rescueDistrict',
    required: false,
    headers: ['rescue district', 'district of rescue', 'উদ্ধারের জেলা', 'बचाव का जिला'],
  },
  {
    field: 'rescueState',
    required: false,
    headers: ['rescue state', 'state of rescue', 'উদ্ধারের রাজ্য', 'बचाव का राज्य'],
  },
  {
    field: 'cwcProductionDate',
    required: false,
    headers: [
      'produced before cwc',
      'cwc production date',
      'cwc date',
      'সিডব্লিউসি তে হাজির',
      'সিডব্লিউসি তারিখ',
      'सीडब्ल्यूसी पेशी',
      'सीडब्ल्यूसी तिथि',
    ],
  },
  {
    field: 'magistrateProductionDate',
    required: false,
    headers: [
      'produced before magistrate',
      'magistrate production date',
      'magistrate date',
      'ম্যাজিস্ট্রেট তারিখ',
      'मजिस्ट्रेट तिथि',
    ],
  },
  {
    field: 'shelterAdmissionDate',
    required: false,
    headers: [
      'shelter admission',
      'shelter admission date',
      'admission date',
      'date of admission',
      'হোমে ভর্তির তারিখ',
      'आश्रय प्रवेश तिथि',
    ],
  },
  {
    field: 'shelter',
    required: false,
    headers: ['shelter', 'shelter home', 'home', 'হোম', 'আশ্রয়', 'आश्रय गृह', 'आश्रय'],
  },
  {
    field: 'placementKind',
    required: false,
    headers: ['placement kind', 'placement type', 'কোথায় রাখা', 'आवास का प्रकार'],
  },
  {
    field: 'shelterLeftDate',
    required: false,
    headers: [
      'left shelter',
      'discharge date',
      'date of discharge',
      'placement ended',
      'হোম ছাড়ার তারিখ',
      'आश्रय छोड़ने की तिथि',
    ],
  },
  {
    field: 'shelterLeftReason',
    required: false,
    headers: [
      'reason for leaving',
      'discharge reason',
      'placement end reason',
      'হোম ছাড়ার কারণ',
      'आश्रय छोड़ने का कारण',
    ],
  },
  {
    field: 'closedDate',
    required: false,
    headers: [
      'closed',
      'date closed',
      'closing date',
      'closure date',
      'বন্ধের তারিখ',
      'बंद होने की तिथि',
    ],
  },
  {
    field: 'closureReason',
    required: false,
    headers: ['closure reason', 'reason for closure', 'বন্ধের কারণ', 'बंद होने का कारण'],
  },
  // The person's columns, by the persons' own header words, none required here.
  ...PERSON_IMPORT_SPECS.flatMap((spec) =>
    spec.field === 'externalId' ? [] : [{ ...spec, field: spec.field, required: false }],
  ),
];
