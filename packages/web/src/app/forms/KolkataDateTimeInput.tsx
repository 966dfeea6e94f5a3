import { TextInput, type TextInputProps } from '@mantine/core';
import { useTranslation } from 'react-i18next';

export type KolkataDateTimeInputProps = Omit<TextInputProps, 'type' | 'value' | 'onChange'> & {
  /** A datetime-local value (`YYYY-MM-DDTHH:mm`) on Kolkata's clock; see `app/kolkata-time.ts`. */
  value: string;
  onChange: (value: string) => void;
};

/**
 * A date and time entered as the clock in Kolkata read it, whatever the browser's zone; it says so
 * beneath its label unless given a `description` of its own (`null` for none).
 */
export function KolkataDateTimeInput({
  value,
  onChange,
  description,
  ...props
}: KolkataDateTimeInputProps) {
  const { t } = useTranslation();
  return (
    <TextInput
      {...props}
      type="datetime-local"
      description={description === undefined ? t('common.kolkataTime') : description}
      value={value}
      onChange={(event) => {
        onChange(event.currentTarget.value);
      }}
    />
  );
}
