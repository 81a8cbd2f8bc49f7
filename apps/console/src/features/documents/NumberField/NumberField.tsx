import { NumberInput, type NumberInputProps } from '@mantine/core';
import { useState } from 'react';

/** Props of {@link NumberField}. */
export interface NumberFieldProps extends Omit<NumberInputProps, 'value' | 'onChange'> {
  value: number | undefined;
  onChange: (value: number | undefined) => void;
  /** When true, clearing the input removes the number (`undefined`); otherwise the last number stays. */
  optional?: boolean;
}

/**
 * A number input for document fields: while the reader types, the text may be empty or partial
 * (`-`, `1.`) without the document holding anything but numbers; a cleared required field keeps
 * its last number once the input loses focus.
 */
export function NumberField({
  value,
  onChange,
  optional = false,
  onFocus,
  onBlur,
  ...props
}: NumberFieldProps) {
  const [draft, setDraft] = useState<string | number | null>(null);
  return (
    <NumberInput
      hideControls
      {...props}
      value={draft ?? value ?? ''}
      onFocus={(event) => {
        // Keep a draft already begun: the first keystroke may arrive before the focus event.
        setDraft((current) => current ?? value ?? '');
        onFocus?.(event);
      }}
      onBlur={(event) => {
        setDraft(null);
        onBlur?.(event);
      }}
      onChange={(next) => {
        setDraft(next);
        if (typeof next === 'number') {
          if (Number.isFinite(next)) onChange(next);
          return;
        }
        if (next.trim() === '') {
          if (optional) onChange(undefined);
          return;
        }
        const parsed = Number(next);
        if (Number.isFinite(parsed)) onChange(parsed);
      }}
    />
  );
}
