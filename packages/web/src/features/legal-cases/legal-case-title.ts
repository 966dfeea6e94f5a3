import { LEGAL_CASE_ID_START, type LegalCaseTitleFir } from '@dawn/core';
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
