import {
  ADJOURNMENT_REASONS,
  BAIL_KINDS,
  COMPENSATION_SCHEMES,
  CUSTODY_KINDS,
  HEARING_PURPOSES,
  VERDICTS,
  type LegalEventType,
} from '@dawn/core';
import { fromKolkataInput } from '../../app/kolkata-time.ts';

/**
 * What the record-event form asks for each event type, mirroring core's zod schemas
 * (LEGAL_EVENT_DATA). The server validates again; this only decides which inputs to show and how
 * to turn them into the event's `data`.
 */
export type FieldSpec =
  | { kind: 'accused'; name: 'accused'; required: boolean }
  | { kind: 'accusedList'; name: 'accused' }
  | { kind: 'victim'; name: 'victim'; required: boolean }
  | { kind: 'victimList'; name: 'witnesses' }
  | {
      kind: 'choice';
      name: string;
      options: readonly string[];
      required: boolean;
      /** Codes (`BNSS:183`, `NALSA-2018`) are shown as they are; words are translated. */
      translated: boolean;
    }
  | { kind: 'offences'; name: 'offences' }
  | { kind: 'dateTime'; name: 'nextDate' }
  | { kind: 'number'; name: string; min: number; max: number; required: boolean }
  | { kind: 'text'; name: string; maxLength: number; required: boolean }
  | { kind: 'flag'; name: string }
  | { kind: 'verdicts'; name: 'verdicts' };

const note: FieldSpec = { kind: 'text', name: 'note', maxLength: 500, required: false };
const nextDate: FieldSpec = { kind: 'dateTime', name: 'nextDate' };
const oneAccused: FieldSpec = { kind: 'accused', name: 'accused', required: true };
const oneVictim: FieldSpec = { kind: 'victim', name: 'victim', required: true };
const accusedList: FieldSpec = { kind: 'accusedList', name: 'accused' };
const offences: FieldSpec = { kind: 'offences', name: 'offences' };
const choice = (
  name: string,
  options: readonly string[],
  required: boolean,
  translated = true,
): FieldSpec => ({ kind: 'choice', name, options, required, translated });
const compensation = (amountRequired: boolean): FieldSpec[] => [
  oneVictim,
  choice('scheme', COMPENSATION_SCHEMES, true, false),
  { kind: 'number', name: 'amountRupees', min: 0, max: 100_000_000, required: amountRequired },
  { kind: 'text', name: 'authority', maxLength: 200, required: false },
  note,
];

export function fieldsFor(type: LegalEventType): FieldSpec[] {
  switch (type) {
    case 'fir.registered':
      return [offences, note];
    case 'accused.arrested':
    case 'accused.absconded':
    case 'accused.discharged':
    case 'accused.appeared_after_chargesheet':
      return [oneAccused, note];
    case 'accused.produced_before_magistrate':
      return [oneAccused, nextDate, note];
    case 'accused.remanded':
      return [
        oneAccused,
        choice('custody', CUSTODY_KINDS, true),
        { kind: 'number', name: 'days', min: 1, max: 90, required: false },
        note,
      ];
    case 'accused.bail_applied':
    case 'accused.bailed':
      return [oneAccused, choice('kind', BAIL_KINDS, true), note];
    case 'chargesheet.filed':
      return [accusedList, offences, note];
    case 'chargesheet.supplementary':
      return [accusedList, note];
    case 'court.documents_supplied':
      return [accusedList, nextDate, note];
    case 'court.cognizance':
    case 'court.charge_hearing':
    case 'court.arguments_concluded':
    case 'court.judgment_deferred':
    case 'court.committed':
      return [nextDate, note];
    case 'court.charges_framed':
      return [accusedList, offences, nextDate, note];
    case 'court.hearing':
      return [
        choice('purpose', HEARING_PURPOSES, true),
        { kind: 'text', name: 'outcome', maxLength: 300, required: false },
        { kind: 'flag', name: 'adjourned' },
        choice('adjournmentReason', ADJOURNMENT_REASONS, false),
        { kind: 'victimList', name: 'witnesses' },
        nextDate,
        choice('nextPurpose', HEARING_PURPOSES, false),
        note,
      ];
    case 'court.judgment':
      return [{ kind: 'verdicts', name: 'verdicts' }, note];
    case 'appeal.filed':
      return [
        choice('by', ['accused', 'state', 'victim'], true),
        { kind: 'accused', name: 'accused', required: false },
        { kind: 'text', name: 'forum', maxLength: 200, required: false },
        note,
      ];
    case 'appeal.decided':
      return [
        { kind: 'accused', name: 'accused', required: false },
        choice('outcome', ['dismissed', 'allowed', 'partly_allowed', 'remanded'], true),
        choice('verdict', VERDICTS, false),
        note,
      ];
    case 'victim.rescued':
    case 'victim.produced_before_cwc':
    case 'victim.medical_examined':
    case 'medical.report_forwarded':
    case 'cwc.social_investigation_report':
    case 'victim.intermediate_custody_ordered':
    case 'victim.produced_before_magistrate':
    case 'victim.interim_custody_ordered':
    case 'victim.itpa_final_order':
    case 'victim.released':
    case 'cwc.age_determination_ordered':
    case 'victim.age_determined':
    case 'cwc.transfer_ordered':
    case 'victim.transferred':
    case 'cwc.special_relief_recommended':
      return [oneVictim, note];
    case 'victim.statement_recorded':
      return [
        oneVictim,
        choice(
          'provision',
          ['BNSS:183', 'BNSS:180', 'POCSO:25', 'CrPC:164', 'CrPC:161'],
          true,
          false,
        ),
        note,
      ];
    case 'victim.deposition_recorded':
      return [
        { kind: 'victim', name: 'victim', required: false },
        { kind: 'flag', name: 'concluded' },
        note,
      ];
    case 'victim.informed_of_progress':
      return [{ kind: 'victim', name: 'victim', required: false }, note];
    case 'police.reported_to_cwc_and_court':
    case 'certified_copy.applied':
    case 'certified_copy.received':
      return [note];
    case 'cwc.final_order':
      return [
        oneVictim,
        choice(
          'order',
          ['restoration', 'institutional_care', 'foster_care', 'after_care', 'other'],
          false,
        ),
        note,
      ];
    case 'compensation.applied':
      return compensation(false);
    case 'compensation.interim_awarded':
    case 'compensation.awarded':
    case 'compensation.disbursed':
      return compensation(true);
    case 'event.voided':
      return [{ kind: 'text', name: 'reason', maxLength: 300, required: true }];
  }
}

/** Values as the inputs hold them: strings, string lists, numbers, flags, verdicts per accused. */
export type FieldValue = string | string[] | number | boolean | Record<string, string>;
export type FieldValues = Record<string, FieldValue | undefined>;

export function initialValues(type: LegalEventType): FieldValues {
  const values: FieldValues = {};
  for (const spec of fieldsFor(type)) {
    if (spec.kind === 'flag') values[spec.name] = spec.name === 'concluded';
  }
  return values;
}

/** A field the user left empty although the type needs it, by name. */
export function missingFields(type: LegalEventType, values: FieldValues): string[] {
  return fieldsFor(type)
    .filter((spec) => {
      if (spec.kind === 'verdicts') {
        const verdicts = values.verdicts;
        return typeof verdicts !== 'object' || Object.keys(verdicts).length === 0;
      }
      if (!('required' in spec) || !spec.required) return false;
      const value = values[spec.name];
      return value === undefined || value === '' || (Array.isArray(value) && value.length === 0);
    })
    .map((spec) => spec.name);
}

/** The event's `data` from the inputs, leaving out what was not filled in. */
export function toEventData(type: LegalEventType, values: FieldValues): Record<string, unknown> {
  const data: Record<string, unknown> = {};
  for (const spec of fieldsFor(type)) {
    const value = values[spec.name];
    if (value === undefined || value === '') continue;
    if (Array.isArray(value) && value.length === 0) continue;
    switch (spec.kind) {
      case 'dateTime':
        if (typeof value === 'string') data[spec.name] = fromKolkataInput(value);
        break;
      case 'text':
        if (typeof value === 'string' && value.trim()) data[spec.name] = value.trim();
        break;
      case 'verdicts':
        if (typeof value === 'object' && !Array.isArray(value)) {
          data.verdicts = Object.entries(value).map(([accused, verdict]) => ({ accused, verdict }));
        }
        break;
      case 'accused':
      case 'accusedList':
      case 'victim':
      case 'victimList':
      case 'choice':
      case 'offences':
      case 'number':
      case 'flag':
        data[spec.name] = value;
        break;
    }
  }
  return data;
}
