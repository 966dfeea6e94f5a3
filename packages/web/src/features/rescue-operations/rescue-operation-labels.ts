import { useTranslation } from 'react-i18next';

/** The rescue-operation screens' strings live under `rescueOperations` in the locale files. */
export function useRescueOperationsT() {
  return useTranslation(undefined, { keyPrefix: 'rescueOperations' });
}
