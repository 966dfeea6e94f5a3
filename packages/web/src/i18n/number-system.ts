/**
 * How numbers and dates are written: always the Indian convention of the chosen language (en-IN,
 * bn-IN, hi-IN: ₹1,00,000, day before month), in Latin digits or, for Bengali and Hindi, in the
 * language's own digits (১,০০,০০০ or १,००,०००) when the user chooses them. One system per screen,
 * whatever the browser's own locale.
 */
export type DigitChoice = 'latin' | 'native';

const STORAGE_KEY = 'dawn.digits';
const NATIVE_DIGITS: Record<string, string> = { bn: 'beng', hi: 'deva' };

let digits: DigitChoice = readDigits();

function readDigits(): DigitChoice {
  try {
    return window.localStorage.getItem(STORAGE_KEY) === 'native' ? 'native' : 'latin';
  } catch {
    return 'latin';
  }
}

export function digitChoice(): DigitChoice {
  return digits;
}

/** Remembers the choice in this browser; the caller re-renders (see AppLayout). */
export function setDigitChoice(choice: DigitChoice): void {
  digits = choice;
  window.localStorage.setItem(STORAGE_KEY, choice);
}

/** Whether the language has digits of its own to offer. */
export function hasNativeDigits(language: string | undefined): boolean {
  return (language ?? 'en').slice(0, 2) in NATIVE_DIGITS;
}

/** The locale every Intl formatter of the app uses for this language, e.g. `bn-IN-u-nu-beng`. */
export function intlLocale(language: string | undefined, choice: DigitChoice = digits): string {
  const base = (language ?? 'en').slice(0, 2);
  const system = choice === 'native' ? NATIVE_DIGITS[base] : undefined;
  return `${base}-IN-u-nu-${system ?? 'latn'}`;
}
