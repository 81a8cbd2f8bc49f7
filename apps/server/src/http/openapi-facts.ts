// The facts of a subject as a zod schema, for the OpenAPI document's per-policy evaluate
// operations: one property per field with its type, bounds, allowed values, labels and unit. The
// evaluator checks facts against the subject itself (FACTS_INVALID); this schema only describes them.
import { textIn, type Field, type Subject } from '@precept/schema';
import { z } from 'zod';

/** A field's description: its labels in both languages, unit, and whether it is personal data. */
function describe(field: Field): string {
  const parts = [`${field.label.en} (${field.label.zh})`];
  if (field.unit !== undefined) {
    const en = textIn(field.unit, 'en');
    const zh = textIn(field.unit, 'zh');
    parts.push(`unit: ${en === zh ? en : `${en} (${zh})`}`);
  }
  if (field.personal === true) parts.push('personal data: stored as a pseudonym unless the policy reads it');
  return parts.join('; ');
}

const bounded = (schema: z.ZodNumber, field: Field): z.ZodNumber => {
  let out = schema;
  if (field.min !== undefined) out = out.min(field.min);
  if (field.max !== undefined) out = out.max(field.max);
  return out;
};

/** The schema of one field's value. */
function valueOf(field: Field): z.ZodType {
  const nested = (): z.ZodObject => z.object(shapeOf(field.fields ?? []));
  switch (field.type) {
    case 'number':
      return bounded(z.number(), field);
    case 'integer':
      return bounded(z.number().int(), field);
    case 'string':
      return z.string();
    case 'boolean':
      return z.boolean();
    case 'date':
      return z.iso.date();
    case 'enum': {
      const values = (field.values ?? []).map((value) => value.value);
      return values.length > 0 ? z.enum(values as [string, ...string[]]) : z.string();
    }
    case 'string[]':
      return z.array(z.string());
    case 'number[]':
      return z.array(bounded(z.number(), field));
    case 'object':
      return nested();
    case 'object[]':
      return z.array(nested());
  }
}

function shapeOf(fields: readonly Field[]): Record<string, z.ZodType> {
  return Object.fromEntries(
    fields.map((field) => {
      const value = valueOf(field).meta({ description: describe(field) });
      return [field.name, field.required ? value : value.optional()];
    }),
  );
}

/**
 * The facts `subject` describes as a zod object schema.
 *
 * @example
 * factsSchemaOf(subject).meta({ id: `Facts_${subject.key}` })
 */
export function factsSchemaOf(subject: Subject): z.ZodObject {
  return z.object(shapeOf(subject.fields));
}
