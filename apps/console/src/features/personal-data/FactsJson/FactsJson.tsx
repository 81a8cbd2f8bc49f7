import { Code } from '@mantine/core';
import type { JsonValue } from '@precept/schema';
import { useMemo } from 'react';
import { splitAtPseudonyms } from '../personal-data';
import { PseudonymValue } from '../PseudonymValue/PseudonymValue';

/**
 * Facts (or any JSON) as indented JSON, with each pseudonym shown as one — a lock, a short form,
 * the full value on hover and copy — instead of 85 characters of hex. Marked `translate="no"`: field
 * names and values are data, the same in every language.
 */
export function FactsJson({ value, testId }: { value: JsonValue; testId?: string }) {
  const parts = useMemo(() => splitAtPseudonyms(JSON.stringify(value, null, 2)), [value]);
  return (
    <Code block data-testid={testId} translate="no">
      {parts.map((part, index) =>
        typeof part === 'string' ? part : <PseudonymValue key={index} value={part.pseudonym} />,
      )}
    </Code>
  );
}
