import {
  LEGAL_CASE_ID_START,
  partsOfEnglishLegalCaseTitle,
  type LegalCaseTitleFir,
} from '@dawn/core';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';

/**
 * A legal case's title in the reader's language, from the parts every answer that names a case
 * carries (`titleFir`, or `caseTitleFir` in the chosen-few report): its FIR's number, year and
 * police station, or the start of its id. The numbers and the station's name are kept as they
 * are; only the words around them are translated. The answers' English `title` is for API
 * clients: no screen shows it. Pass `i18n.t` or an unprefixed `t`: the keys live outside any
 * screen's key prefix.
 */
export function legalCaseTitle(
  t: TFunction,
  titleFir: LegalCaseTitleFir | null,
  id: string,
): string {
  return titleFir
    ? t('legalCaseTitle.fir', {
        number: titleFir.number,
        year: String(titleFir.year),
        station: titleFir.policeStation,
      })
    : t('legalCaseTitle.withoutFir', { idStart: id.slice(0, LEGAL_CASE_ID_START) });
}

/** `legalCaseTitle` bound to the reader's language, for components. */
export function useLegalCaseTitle(): (titleFir: LegalCaseTitleFir | null, id: string) => string {
  const { t } = useTranslation();
  return (titleFir, id) => legalCaseTitle(t, titleFir, id);
}

/**
 * A case as an obligation or an alert names it (`caseCode`, stored once in English for e-mails and
 * webhooks), in the reader's language: a legal case's title is read back into its parts and
 * composed again; a care case's code, or text the title never was, is shown as it is.
 */
export function caseCodeText(t: TFunction, caseType: string, caseCode: string): string {
  const parts = caseType === 'legal_case' ? partsOfEnglishLegalCaseTitle(caseCode) : undefined;
  return parts ? legalCaseTitle(t, parts.fir, parts.idStart) : caseCode;
}

/** `caseCodeText` bound to the reader's language, for components. */
export function useCaseCodeText(): (caseType: string, caseCode: string) => string {
  const { t } = useTranslation();
  return (caseType, caseCode) => caseCodeText(t, caseType, caseCode);
}

/**
 * A case node's label in the network graph as the reader reads it: the server labels a case by its
 * FIR ("FIR 12/2026", in English), its CNR or its id's start; only the word FIR is translated.
 * Pseudonyms and place numbers are shown as they are.
 */
export function networkNodeLabel(t: TFunction, node: { kind: string; label: string }): string {
  return node.kind === 'case' && node.label.startsWith('FIR ')
    ? t('legalCaseTitle.firShort', { fir: node.label.slice('FIR '.length) })
    : node.label;
}
