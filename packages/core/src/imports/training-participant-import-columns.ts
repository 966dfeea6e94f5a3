import type { ImportFieldSpec } from './import-columns.ts';

/**
 * The columns of a training session's participant list (issues 14 and 16) and the header words,
 * in English, Bengali and Hindi, that name each; the row rules are in
 * training-participant-import.ts. The first words are the trainings CSV's own column names, so a
 * list made for it still maps by itself.
 */
export const TRAINING_PARTICIPANT_IMPORT_FIELDS = [
  'externalId',
  'official',
  'organisation',
  'cadre',
  'rank',
  'posting',
  'district',
  'preScore',
  'postScore',
] as const;
export type TrainingParticipantImportField = (typeof TRAINING_PARTICIPANT_IMPORT_FIELDS)[number];

export const TRAINING_PARTICIPANT_IMPORT_SPECS: readonly ImportFieldSpec<TrainingParticipantImportField>[] =
  [
    {
      field: 'externalId',
      required: false,
      headers: [
        'participant id',
        'id',
        'sl no',
        'serial no',
        'ref',
        'অংশগ্রহণকারীর আইডি',
        'ক্রমিক নং',
        'प्रतिभागी आईडी',
        'क्रमांक',
      ],
    },
    {
      field: 'official',
      required: true,
      headers: [
        'official',
        'name',
        'official name',
        'participant',
        'participant name',
        'কর্মকর্তা',
        'কর্মকর্তার নাম',
        'অংশগ্রহণকারী',
        'নাম',
        'अधिकारी',
        'अधिकारी का नाम',
        'प्रतिभागी',
        'नाम',
      ],
    },
    {
      field: 'organisation',
      required: true,
      headers: [
        'organisation',
        'organization',
        'department',
        'office',
        'সংস্থা',
        'দপ্তর',
        'বিভাগ',
        'संगठन',
        'विभाग',
        'कार्यालय',
      ],
    },
    {
      field: 'cadre',
      required: true,
      headers: ['cadre', 'service', 'ক্যাডার', 'কর্মক্ষেত্র', 'संवर्ग', 'कैडर'],
    },
    { field: 'rank', required: false, headers: ['rank', 'designation', 'পদ', 'পদবি', 'पद'] },
    {
      field: 'posting',
      required: false,
      headers: ['posting', 'place of posting', 'posted at', 'কর্মস্থল', 'तैनाती', 'पदस्थापन'],
    },
    { field: 'district', required: false, headers: ['district', 'জেলা', 'जिला', 'ज़िला'] },
    {
      field: 'preScore',
      required: false,
      headers: [
        'pre score',
        'pre test',
        'pre test score',
        'প্রাক পরীক্ষা',
        'প্রাক পরীক্ষার নম্বর',
        'पूर्व परीक्षा',
        'पूर्व परीक्षा अंक',
      ],
    },
    {
      field: 'postScore',
      required: false,
      headers: [
        'post score',
        'post test',
        'post test score',
        'পরবর্তী পরীক্ষা',
        'পরবর্তী পরীক্ষার নম্বর',
        'उत्तर परीक्षा',
        'उत्तर परीक्षा अंक',
      ],
    },
  ];
